"""Claim vectors in their own table, and the claim table's lean indexes (issue #5)."""

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims import services
from claims.models import Claim, ClaimEmbedding
from tests.conftest import on_postgres
from tests.factories import ClaimFactory

BEFORE, AFTER = ("claims", "0007_library_matches"), ("claims", "0008_claim_embedding_table")


def migrate_to(target: tuple[str, str]):
    """Migrate the claims app to target; return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


def vector_indexes() -> dict[str, str]:
    """The HNSW indexes on claim tables: index name -> table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, tablename FROM pg_indexes WHERE indexdef ILIKE %s",
            ["%USING hnsw%"],
        )
        found = cursor.fetchall()
    return {name: table for name, table in found if table.startswith("claims_claim")}


@pytest.mark.django_db(transaction=True)
def test_migration_moves_vectors_to_their_own_table_and_back():
    """Vectors stored before 0008 reach ClaimEmbedding unchanged, with the
    HNSW index following them; migrating back restores both."""
    vector = np.random.default_rng(5).standard_normal(384).astype(np.float32)
    try:
        apps = migrate_to(BEFORE)
        OldArticle = apps.get_model("claims", "Article")
        OldClaim = apps.get_model("claims", "Claim")
        article = OldArticle.objects.create(text="The minister said so.", text_hash="x" * 64)
        spans = dict(sentence_start=0, sentence_end=5, content_start=0, content_end=5)
        with_vector = OldClaim.objects.create(
            article=article, position=0, text="a", quote_type="direct", embedding=vector, **spans
        )
        without = OldClaim.objects.create(
            article=article, position=1, text="b", quote_type="direct", **spans
        )

        apps = migrate_to(AFTER)
        Stored = apps.get_model("claims", "ClaimEmbedding")
        assert list(Stored.objects.values_list("claim_id", flat=True)) == [with_vector.pk]
        assert np.allclose(Stored.objects.get().embedding, vector)
        if on_postgres():
            assert vector_indexes() == {"claim_embedding_hnsw": "claims_claimembedding"}

        apps = migrate_to(BEFORE)
        OldClaim = apps.get_model("claims", "Claim")
        assert np.allclose(OldClaim.objects.get(pk=with_vector.pk).embedding, vector)
        assert OldClaim.objects.get(pk=without.pk).embedding is None
        if on_postgres():
            assert vector_indexes() == {"claim_embedding_hnsw": "claims_claim"}
    finally:
        call_command("migrate", verbosity=0)


@pytest.mark.django_db
def test_claim_embedding_reads_the_vector_row():
    vector = np.linspace(-1, 1, 384, dtype=np.float32)
    claim = ClaimFactory(embedding=vector)
    fresh = Claim.objects.get(pk=claim.pk)
    assert np.allclose(fresh.embedding, vector)
    assert Claim.objects.get(pk=ClaimFactory().pk).embedding is None
    # Deleting a claim deletes its vector.
    claim.delete()
    assert not ClaimEmbedding.objects.exists()


@pytest.mark.django_db
def test_a_take_leaves_the_vector_row_alone(factchecker):
    """The vector is written at ingest only: a take rewrites the claim row,
    never the vector's (whose HNSW index would then grow)."""
    claim = ClaimFactory(embedding=np.ones(384, dtype=np.float32) / np.sqrt(384))
    written = ClaimEmbedding.objects.get(pk=claim.pk).updated_at
    taken = services.claim_take_next(by=factchecker)
    assert taken.pk == claim.pk and taken.queue_state == Claim.QueueState.ASSIGNED
    assert ClaimEmbedding.objects.get(pk=claim.pk).updated_at == written


# Every index a take writes to costs each take (PostgreSQL adds the claim's
# new row version to each index whose condition the row meets). Each one
# here serves a query of the desk; add one only with a query that needs it.
CLAIM_INDEXES = {
    "claims_claim_pkey": "(id)",
    "claim_unique_position": "(article_id, \"position\")",  # also every lookup by article
    "claims_claim_speaker_id_e031226b": "(speaker_id)",  # search by speaker, speaker deletes
    # each state's list in queue order, counts by state from the index alone (issue #22)
    "claim_state_order": "(queue_state, priority DESC, created_at DESC, id DESC) INCLUDE (is_hidden)",
    "claim_order": "(priority DESC, created_at DESC, id DESC)",  # the API list, every state
    "claim_search_vector": "USING gin (search_vector)",  # full-text search (issue #22)
    "claim_assigned_to": "(assigned_to_id) WHERE (assigned_to_id IS NOT NULL)",  # my claims
    "claim_merged_into": "(merged_into_id) WHERE (merged_into_id IS NOT NULL)",  # merges
    "claim_queue_order": "(priority DESC, created_at DESC, id DESC) WHERE",  # the queue, take
    "claim_queue_newest": "(created_at DESC, id DESC) WHERE",  # the queue, newest first
    "claim_lease_expiry": "(lease_expires_at) WHERE",  # expiry before every take
    # any claim in a language of its own but English? (ingest, issue #22)
    "claim_own_language": "(language) WHERE",
}


@pytest.mark.postgres
@pytest.mark.django_db
def test_claim_table_keeps_only_the_indexes_queries_need():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims_claim'"
        )
        found = dict(cursor.fetchall())
    assert set(found) == set(CLAIM_INDEXES)
    for name, columns in CLAIM_INDEXES.items():
        assert columns in found[name], found[name]
