"""On PostgreSQL, embeddings live in a pgvector column that answers cosine
queries, in a table of their own (issue #5)."""

import numpy as np
import pytest
from django.db import connection
from pgvector.django import CosineDistance

from claims.models import Claim, ClaimEmbedding
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def unit(vector):
    vector = np.asarray(vector, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def make_claim(article, position, vector):
    claim = Claim.objects.create(
        article=article, position=position, text=f"claim {position}", sentence_start=0,
        sentence_end=1, content_start=0, content_end=1, quote_type="unattributed",
    )
    ClaimEmbedding.objects.create(claim=claim, embedding=vector)
    return claim


def test_embedding_column_is_a_pgvector_vector():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'claims_claimembedding'::regclass AND attname = 'embedding'"
        )
        assert cursor.fetchone()[0] == "vector(384)"


def test_claim_table_has_no_vector_and_no_vector_index():
    """A take rewrites the claim's row; no HNSW index may be on that table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'claims_claim'::regclass"
            " AND format_type(atttypid, atttypmod) LIKE 'vector%%' AND NOT attisdropped"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT tablename FROM pg_indexes WHERE indexdef ILIKE '%%USING hnsw%%'"
            " AND tablename LIKE 'claims_claim%%'"
        )
        # the English vectors and the multilingual ones (issue #26), each in its own table
        assert sorted(row[0] for row in cursor.fetchall()) == [
            "claims_claimembedding",
            "claims_claimmultilingualembedding",
        ]


def test_nearest_claims_by_cosine_distance():
    article = ArticleFactory()
    base = np.zeros(384)
    base[0] = 1
    near, far = base.copy(), base.copy()
    near[1], far[1] = 0.1, 5.0
    make_claim(article, 0, unit(far))
    make_claim(article, 1, unit(near))
    ranked = ClaimEmbedding.objects.select_related("claim").order_by(
        CosineDistance("embedding", unit(base).tolist())
    )
    assert [row.claim.position for row in ranked] == [1, 0]
    assert np.allclose(ranked[0].embedding, unit(near), atol=1e-6)
    assert np.allclose(ranked[0].claim.embedding, unit(near), atol=1e-6)
