"""Search by meaning (issue #24): the page and the API, keyword / meaning / both.

Runs on both databases (pgvector on PostgreSQL via /tmp/pgtest.py, the
in-process index on SQLite), with the packaged MiniLM.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims import selectors
from claims.models import CheckedClaim
from claims.nlp.embeddings import embed_texts
from claims.selectors.search import reciprocal_rank_fusion
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.model]

TEXTS = [
    "Unemployment dropped to 3.5% in the latest figures, a fifty-year low.",
    "The city council voted to cut the police budget by twenty percent.",
    "Drinking hot water with lemon cures the coronavirus within three days.",
    "Solar power is now cheaper than coal in most of the world.",
    "Joblessness claims rose sharply in the coal towns this winter.",
]
QUERY = "fewer people out of work"  # shares no word with the first text


@pytest.fixture
def claims():
    vectors = embed_texts(TEXTS)
    return [
        ClaimFactory(
            article=ArticleFactory(text=text, outlet=f"Outlet {n % 2}"), text=text, embedding=vector
        )
        for n, (text, vector) in enumerate(zip(TEXTS, vectors, strict=True))
    ]


def ids(queryset) -> list[int]:
    return [claim.pk for claim in queryset]


def test_meaning_finds_what_no_word_matches(claims):
    assert ids(selectors.claim_search(query=QUERY, mode="keyword")) == []
    found = ids(selectors.claim_search(query=QUERY, mode="meaning"))
    assert found[0] == claims[0].pk and set(found) == {c.pk for c in claims}


def test_both_fuses_keyword_and_meaning(claims):
    found = ids(selectors.claim_search(query="coal", mode="both"))
    keyword = ids(selectors.claim_search(query="coal", mode="keyword"))
    assert set(keyword) == {claims[3].pk, claims[4].pk}
    assert set(found[:2]) == set(keyword)  # in both lists: first
    assert len(found) == len(claims)


def test_facets_filter_the_meaning_candidates(claims):
    found = ids(selectors.claim_search(query=QUERY, mode="meaning", outlet="Outlet 1"))
    assert found and all(pk in {claims[1].pk, claims[3].pk} for pk in found)
    facets = selectors.claim_search_facets(
        claims=selectors.claim_search(query=QUERY, mode="both")
    )
    assert sum(v.count for v in facets[1].values) == len(claims)


def test_unknown_mode_is_refused(claims):
    with pytest.raises(ValueError, match="mode"):
        list(selectors.claim_search(query=QUERY, mode="vibes"))


def test_reciprocal_rank_fusion_rewards_agreement():
    assert reciprocal_rank_fusion([1, 2, 3], [3, 4]) == [3, 1, 2, 4]


def test_the_page_switches_mode_and_shows_the_library(client, claims, factchecker):
    CheckedClaim.objects.create(
        text="Unemployment fell to a fifty-year low.", title="Yes, joblessness is at a low",
        verdict="True", source="claimreview", external_id="u1",
        embedding=embed_texts(["Unemployment fell to a fifty-year low."])[0],
    )
    client.force_login(factchecker)
    url = reverse("claims:search")
    keyword = client.get(url, {"q": QUERY}).content.decode()
    assert 'value="keyword" checked' in keyword and claims[0].get_absolute_url() not in keyword
    meaning = client.get(url, {"q": QUERY, "mode": "meaning"}).content.decode()
    assert 'value="meaning" checked' in meaning
    assert claims[0].get_absolute_url() in meaning
    assert "Yes, joblessness is at a low" in meaning  # the library, by its hybrid ranker
    assert client.get(url, {"q": QUERY, "mode": "vibes"}).status_code == 200  # keyword


def test_the_api_searches_by_mode(claims, factchecker):
    api = APIClient()
    api.force_authenticate(factchecker)
    assert api.get("/api/claims/", {"q": QUERY}).json()["results"] == []
    results = api.get("/api/claims/", {"q": QUERY, "mode": "meaning"}).json()["results"]
    assert results[0]["id"] == claims[0].pk
    both = api.get("/api/claims/", {"q": "coal", "mode": "both", "outlet": "Outlet 0"}).json()
    assert {r["id"] for r in both["results"]} <= {claims[0].pk, claims[2].pk, claims[4].pk}
    assert both["results"][0]["id"] == claims[4].pk
    assert api.get("/api/claims/", {"q": QUERY, "mode": "vibes"}).status_code == 400
    schema = api.get("/api/schema/?format=json").json()
    parameters = {p["name"] for p in schema["paths"]["/api/claims/"]["get"]["parameters"]}
    assert {"q", "mode"} <= parameters
