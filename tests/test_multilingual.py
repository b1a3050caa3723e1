"""Claims matched across languages (issue #26): the multilingual vectors
(USE multilingual v3, the real packaged model), stored in their own table,
searched by pgvector's HNSW index on PostgreSQL and in process on SQLite."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import CheckedClaim, ClaimMultilingualEmbedding, ClaimRelation
from claims.nlp.multilingual import DIMENSIONS, embed_multilingual
from claims.selectors.multilingual import claims_in_other_languages_exist
from claims.services.multilingual import (
    checked_claims_embed_multilingual,
    claims_store_multilingual_vectors,
)
from claims.services.related import claims_relations_refresh
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.model

ENGLISH = "Unemployment fell to four percent last year, the lowest rate since 2008."
SPANISH = "El paro bajó al cuatro por ciento el año pasado, la tasa más baja desde 2008."
FRENCH = "Le chômage a baissé à quatre pour cent l'an dernier, son plus bas niveau depuis 2008."
UNRELATED = "The bridge over the river will reopen to traffic in May after repairs."


def claim_in(language: str, text: str, vector=None):
    article = ArticleFactory(text=text, language=language)
    return ClaimFactory(
        article=article, text=text, embedding=vector if vector is not None else np.eye(384)[0]
    )


def test_the_same_statement_is_close_across_languages():
    vectors = embed_multilingual([ENGLISH, SPANISH, FRENCH, UNRELATED])
    assert vectors.shape == (4, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    cosines = vectors @ vectors.T
    assert cosines[0, 1] > 0.5 and cosines[0, 2] > 0.5
    assert cosines[0, 3] < 0.4 and cosines[1, 3] < 0.4


@pytest.mark.django_db
def test_related_claims_across_languages_use_the_multilingual_vectors():
    """A Spanish claim is linked to the English and French ones that say the
    same, not to an unrelated one; an English and a Spanish claim whose
    MiniLM vectors are identical (the English model) are not linked by them."""
    english = claim_in("en", ENGLISH)
    french = claim_in("fr", FRENCH)
    unrelated = claim_in("en", UNRELATED)
    spanish = claim_in("es", SPANISH)
    claims = [english, french, unrelated, spanish]
    assert claims_store_multilingual_vectors(claims=claims) == 4
    assert ClaimMultilingualEmbedding.objects.count() == 4

    relations = claims_relations_refresh(claims=[spanish, unrelated])
    linked = {r.other_id: r for r in relations[spanish.pk]}
    assert set(linked) == {english.pk, french.pk}
    assert all(0.5 <= r.similarity < 1 for r in linked.values())
    # the unrelated English claim has the same MiniLM vector as the Spanish
    # one; two English claims keep the English ranking (MiniLM: identical)
    assert {r.other_id for r in relations[unrelated.pk]} == {english.pk}
    assert not ClaimRelation.objects.filter(claim=unrelated, other=spanish).exists()


@pytest.mark.django_db
def test_an_english_desk_makes_no_multilingual_search():
    """Two English claims keep the English ranking, so while every claim is
    English the related step does not search the multilingual vectors
    (issue #22: ingest at the speed of its models); one claim in Spanish in
    an English article is enough to search them again."""
    english = claim_in("en", ENGLISH)
    other = claim_in("en", UNRELATED)
    assert claims_store_multilingual_vectors(claims=[english, other]) == 2
    assert not claims_in_other_languages_exist()
    with CaptureQueriesContext(connection) as queries:
        relations = claims_relations_refresh(claims=[other])
    assert {r.other_id for r in relations[other.pk]} == {english.pk}
    assert not [q for q in queries.captured_queries if "multilingual" in q["sql"]]

    ClaimFactory(article=english.article, text=SPANISH, language="es")
    assert claims_in_other_languages_exist()


@pytest.mark.django_db
def test_checks_get_their_multilingual_vectors():
    CheckedClaim.objects.create(text=ENGLISH, source="checkthat2022", external_id="1")
    CheckedClaim.objects.create(text=SPANISH, source="claimreview", external_id="2", language="es")
    assert checked_claims_embed_multilingual() == 2
    assert checked_claims_embed_multilingual() == 0
    vectors = [
        np.asarray(v)
        for v in CheckedClaim.objects.order_by("pk").values_list(
            "multilingual_embedding", flat=True
        )
    ]
    assert float(vectors[0] @ vectors[1]) > 0.5


@pytest.mark.django_db
def test_a_spanish_claim_finds_an_english_check_by_the_multilingual_vectors():
    """A claim in Spanish is matched with the English check of the same
    statement; an English check keeps the English ranker for English claims."""
    from claims.services.library import claims_match_library

    check = CheckedClaim.objects.create(
        text=ENGLISH, source="checkthat2022", external_id="1", verdict="True"
    )
    CheckedClaim.objects.create(text=UNRELATED, source="checkthat2022", external_id="2")
    checked_claims_embed_multilingual()
    spanish = claim_in("es", SPANISH)
    claims_store_multilingual_vectors(claims=[spanish])
    matches = claims_match_library(claims=[spanish])
    assert [m.checked_claim_id for m in matches] == [check.pk]
    assert 0.5 <= matches[0].similarity < 1


@pytest.mark.django_db
def test_the_command_fills_what_is_missing():
    from io import StringIO

    from django.core.management import call_command

    claim_in("fr", FRENCH)
    CheckedClaim.objects.create(text=ENGLISH, source="checkthat2022", external_id="1")
    out = StringIO()
    call_command("embed_multilingual", stdout=out)
    assert "1 claims, 1 checks" in out.getvalue()


def test_the_parallel_set_pairs_each_sentence_with_its_english_one():
    from claims.evaluation.crosslingual import pairs
    from claims.evaluation.language import DEFAULT_SET, read_set

    english, queries = pairs(read_set(DEFAULT_SET))
    assert len(english) == 18
    assert (queries["es"][4][0], english[queries["es"][4][1]]) == (
        "«No subiremos los impuestos», afirmó la ministra.",
        '"We have no plans to raise taxes," she said.',
    )
    assert english[queries["de"][13][1]].startswith("Firefighters")


@pytest.mark.django_db
def test_an_imported_check_carries_its_language():
    from claims.services.library import checked_claims_import

    checked_claims_import(
        records=[
            {"external_id": "a", "text": SPANISH},
            {"external_id": "b", "text": ENGLISH},
            {"external_id": "c", "text": "Vaccines work", "language": "pt-BR"},
        ],
        source="claimreview",
    )
    assert dict(CheckedClaim.objects.values_list("external_id", "language")) == {
        "a": "es",
        "b": "en",
        "c": "pt",
    }


def test_translations_are_read_by_language(tmp_path):
    from claims.evaluation.crosslingual import read_translations

    path = tmp_path / "t.tsv"
    path.write_text("# note\nq1\tes\tEl paro bajó.\nq1\tfr\tLe chômage a baissé.\n")
    assert read_translations(path) == {
        "es": {"q1": "El paro bajó."},
        "fr": {"q1": "Le chômage a baissé."},
    }
    path.write_text("q1\tes\n")
    with pytest.raises(ValueError, match="expected qid"):
        read_translations(path)


def test_cross_language_tiers_and_scores_come_from_the_shipped_ranker(settings):
    """The thresholds are crosslingual.json's (set by hand),
    settings override them; the score prefers the check that shares the
    claim's numbers and words at the same multilingual cosine."""
    from claims.retrieval.crosslingual import default_crosslingual_ranker
    from claims.selectors.multilingual import cross_lingual_scores, cross_lingual_thresholds

    assert cross_lingual_thresholds() == default_crosslingual_ranker().thresholds
    settings.CLAIMS_CROSS_LINGUAL_SAME_CLAIM_THRESHOLD = 0.99
    assert cross_lingual_thresholds()[1] == 0.99
    scores = cross_lingual_scores(
        text=SPANISH,
        language="es",
        minilm=None,
        candidates=[(0.7, UNRELATED, "en", [None]), (0.7, ENGLISH, "en", [None])],
    )
    assert scores[1] > scores[0]
    assert cross_lingual_scores(text=SPANISH, language="es", minilm=None, candidates=[]).shape == (
        0,
    )
