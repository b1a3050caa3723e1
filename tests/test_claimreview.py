"""ClaimReview: what verdicts export is valid for Google and as JSON-LD, and
reads back (claimreview_to_records) as the same verdicts.

JSON-LD is checked offline: pyld's document loader serves
tests/data/schemaorg-context.jsonld, a minimal schema.org context that
declares every term the workbench writes, in place of https://schema.org.
"""

import datetime
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from pyld import jsonld

from claims.claimreview import RECORD_FIELDS, claimreview_from_verdict, claimreview_to_records
from claims.models import Speaker
from claims.ratings import rating_get
from claims.selectors import verdict_list_published
from tests.test_exports import published_verdict, streamed

pytestmark = pytest.mark.django_db

CONTEXT_FILE = Path(__file__).parent / "data" / "schemaorg-context.jsonld"
SCHEMA = "https://schema.org/"

# Google's ClaimReview fields (Search Central, "Fact check (ClaimReview)
# structured data"): the required ones, and the recommended ones we fill.
GOOGLE_REQUIRED = {"claimReviewed", "reviewRating", "url"}
GOOGLE_RECOMMENDED = {"author", "datePublished", "itemReviewed"}
GOOGLE_RATING_REQUIRED = {"alternateName"}
GOOGLE_RATING_RECOMMENDED = {"bestRating", "ratingValue", "worstRating"}  # numeric ratings
GOOGLE_AUTHOR_RECOMMENDED = {"name", "url"}  # the fact-checking organisation
GOOGLE_CLAIM_RECOMMENDED = {"author", "datePublished", "appearance", "firstAppearance"}
GOOGLE_CLAIM_AUTHOR_RECOMMENDED = {"name"}


def offline_loader(url, options=None):
    """Serve the local schema.org context; refuse everything else (no network)."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": json.loads(CONTEXT_FILE.read_text()),
        }
    raise jsonld.JsonLdError(f"No network: refusing to load {url}", "loading document failed")


@pytest.fixture
def verdicts(factchecker, editor):
    return [
        published_verdict(factchecker, editor),
        published_verdict(
            factchecker,
            editor,
            text="The bridge cost 2 billion.",
            rating="unproven",  # no number: alternateName only
            outlet="Gazette",
            speaker="City Council",
            speaker_kind=Speaker.Kind.ORGANIZATION,
            published_on=None,
            url="",
        ),
    ]


def reviews(verdicts) -> list[dict]:
    by_pk = {v.pk: v for v in verdict_list_published()}
    return [claimreview_from_verdict(by_pk[v.pk]) for v in verdicts]


def test_claimreview_has_googles_required_and_recommended_fields(verdicts, settings):
    review = reviews(verdicts)[0]
    assert GOOGLE_REQUIRED | GOOGLE_RECOMMENDED <= review.keys()
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == verdicts[0].claim.text
    # The url is on the page's own domain, the site's.
    assert urlsplit(review["url"]).netloc == urlsplit(settings.CLAIMS_SITE_URL).netloc
    assert urlsplit(review["url"]).path == reverse("public:verdict", args=[verdicts[0].pk])
    datetime.date.fromisoformat(review["datePublished"])

    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert GOOGLE_RATING_REQUIRED | GOOGLE_RATING_RECOMMENDED <= rating.keys()
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == ("False", 1)
    assert (rating["worstRating"], rating["bestRating"]) == (1, 5)

    author = review["author"]
    assert author["@type"] == "Organization" and GOOGLE_AUTHOR_RECOMMENDED <= author.keys()
    assert author["name"] == settings.CLAIMS_ORGANIZATION_NAME

    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim" and GOOGLE_CLAIM_RECOMMENDED <= claim.keys()
    assert claim["author"] == {
        "@type": "Person",
        "name": "Jane Porter",
        "jobTitle": "Finance minister",
    }
    assert GOOGLE_CLAIM_AUTHOR_RECOMMENDED <= claim["author"].keys()
    assert claim["datePublished"] == "2026-03-01"
    assert claim["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://planet.example.com/jobs",
        "headline": "Daily Planet on jobs",
        "datePublished": "2026-03-01",
        "publisher": {"@type": "Organization", "name": "Daily Planet"},
    }
    assert claim["firstAppearance"] == claim["appearance"]


def test_a_rating_without_a_number_carries_its_name_only(verdicts):
    rating = reviews(verdicts)[1]["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unproven"}
    assert reviews(verdicts)[1]["itemReviewed"]["author"]["@type"] == "Organization"


def test_organization_comes_from_settings(verdicts, settings):
    settings.CLAIMS_ORGANIZATION_NAME = "Example Fact Check"
    settings.CLAIMS_ORGANIZATION_URL = "https://factcheck.example.org"
    author = reviews(verdicts)[0]["author"]
    assert author == {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org",
    }


def declared_terms() -> set[str]:
    context = json.loads(CONTEXT_FILE.read_text())["@context"]
    return {SCHEMA + name for name in context if not name.startswith("@") and name != "schema"}


def properties_and_types(node, found=None) -> set[str]:
    """Every property IRI and type IRI used anywhere in expanded JSON-LD."""
    found = set() if found is None else found
    if isinstance(node, list):
        for item in node:
            properties_and_types(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                found.update(value if isinstance(value, list) else [value])
            elif not key.startswith("@"):
                found.add(key)
                properties_and_types(value, found)
    return found


@pytest.mark.parametrize("index", [0, 1])
def test_claimreview_parses_as_json_ld_with_schema_org_terms(verdicts, index):
    review = reviews(verdicts)[index]
    [expanded] = jsonld.expand(review, {"documentLoader": offline_loader})
    assert expanded["@type"] == [SCHEMA + "ClaimReview"]
    assert expanded[SCHEMA + "claimReviewed"] == [{"@value": review["claimReviewed"]}]
    assert expanded[SCHEMA + "url"] == [{"@id": review["url"]}]
    [claim] = expanded[SCHEMA + "itemReviewed"]
    assert claim["@type"] == [SCHEMA + "Claim"]
    # Every term is one the schema.org context declares: a misspelt property
    # would still expand through @vocab, but to a term schema.org lacks.
    used = properties_and_types(expanded) - {SCHEMA + "Date"}
    assert used <= declared_terms(), used - declared_terms()
    nquads = jsonld.to_rdf(
        review, {"documentLoader": offline_loader, "format": "application/n-quads"}
    )
    assert f"<{SCHEMA}claimReviewed>" in nquads


def test_the_feed_is_one_json_ld_graph(client, verdicts):
    feed = json.loads(streamed(client.get(reverse("public:claimreview_feed"))))
    expanded = jsonld.expand(feed, {"documentLoader": offline_loader})
    assert [node["@type"] for node in expanded] == [[SCHEMA + "ClaimReview"]] * 2


# --- Round trip ----------------------------------------------------------------


def test_verdicts_round_trip_through_claimreview(client, verdicts):
    """Export the feed, read it back: the same ratings, claims, speakers,
    addresses and dates."""
    feed = streamed(client.get(reverse("public:claimreview_feed")))
    records = claimreview_to_records(feed)
    assert [set(record) for record in records] == [set(RECORD_FIELDS)] * 2
    for verdict, record in zip(verdicts, records, strict=True):
        verdict.refresh_from_db()
        rating, claim = rating_get(verdict.rating), verdict.claim
        assert (record["rating_name"], record["rating_value"]) == (rating.name, rating.value)
        assert record["claim_reviewed"] == claim.text
        assert record["claim_author"] == claim.speaker.name
        assert record["url"].endswith(reverse("public:verdict", args=[verdict.pk]))
        assert record["date_published"] == verdict.published_at.date()
        assert record["claim_date"] == claim.article.published_on
        assert record["appearance_url"] == claim.article.url
        assert record["first_appearance_url"] == claim.article.url
        assert record["appearance_outlet"] == claim.article.outlet
        assert record["headline"] == verdict.headline
    assert records[0]["claim_author_type"] == "Person"
    assert records[1]["claim_author_type"] == "Organization"
    assert (records[0]["best_rating"], records[0]["worst_rating"]) == (5, 1)


def test_a_single_object_and_an_array_read_the_same(verdicts):
    single, other = reviews(verdicts)
    assert claimreview_to_records(single) == claimreview_to_records([single])
    assert len(claimreview_to_records([single, other])) == 2


def test_other_graph_nodes_are_skipped_and_loose_values_accepted():
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "Someone else"},
            {
                "@type": ["ClaimReview"],
                "url": "https://other.example/check/1",
                "claimReviewed": "The moon is cheese",
                "reviewRating": {"@type": "Rating", "ratingValue": "1", "alternateName": "False"},
                "datePublished": "2025-02-03T10:00:00Z",
                "itemReviewed": {
                    "@type": "Claim",
                    "author": "A blogger",
                    "appearance": [{"@type": "CreativeWork", "url": "https://blog.example/1"}],
                    "firstAppearance": "https://blog.example/0",
                },
            },
        ],
    }
    [record] = claimreview_to_records(data)
    assert record["rating_value"] == 1 and record["date_published"] == datetime.date(2025, 2, 3)
    assert (record["claim_author"], record["claim_author_type"]) == ("A blogger", "")
    assert record["appearance_url"] == "https://blog.example/1"
    assert record["first_appearance_url"] == "https://blog.example/0"


GOOD = {
    "@type": "ClaimReview",
    "url": "https://x.example/1",
    "claimReviewed": "A claim",
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
}


@pytest.mark.parametrize(
    "data, message",
    [
        ("{not json", "Not JSON"),  # malformed text
        (42, "Expected a ClaimReview object, an array of them, or an object with @graph"),
        ({"@graph": {"a": 1}}, "@graph must be an array"),  # graph not a list
        ([GOOD, {"@type": "Person"}], "item 1: expected a ClaimReview, got 'Person'"),
        ([GOOD, "text"], "item 1: expected a ClaimReview, got 'a string'"),
        ({**GOOD, "claimReviewed": ""}, "the object: claimReviewed is missing"),
        ({**GOOD, "url": None}, "the object: url is missing"),
        ({**GOOD, "reviewRating": "False"}, "reviewRating must be an object, not a string"),
        ({**GOOD, "reviewRating": {}}, "reviewRating: needs an alternateName or a ratingValue"),
        (
            {**GOOD, "reviewRating": {"ratingValue": "high"}},
            "reviewRating: ratingValue must be a number, not 'high'",
        ),
        ({**GOOD, "datePublished": "last week"}, "datePublished is not an ISO 8601 date"),
        ({**GOOD, "itemReviewed": ["x"]}, "itemReviewed must be an object, not an array"),
        (
            {**GOOD, "itemReviewed": {"author": 7}},
            "itemReviewed, author: must be an object or text",
        ),
    ],
)
def test_malformed_claimreview_is_a_clear_value_error(data, message):
    with pytest.raises(ValueError) as error:
        claimreview_to_records(data)
    assert message in str(error.value)


@pytest.mark.model
def test_exported_claimreview_imports_into_an_empty_library(client, verdicts, tmp_path, settings):
    """Export the feed, empty the workbench, import the file: the same verdicts
    come back as checked claims (issue #8 round trip through issue #4's importer)."""
    from django.core.management import call_command

    from claims.models import Article, CheckedClaim

    settings.CLAIMS_ORGANIZATION_NAME = "Round Trip Checks"
    feed = tmp_path / "feed.json"
    feed.write_bytes(streamed(client.get(reverse("public:claimreview_feed"))).encode())
    expected = []
    for verdict in verdicts:
        verdict.refresh_from_db()
        rating = rating_get(verdict.rating)
        expected.append(
            (verdict.claim.text, verdict.claim.speaker.name, rating.name, rating.value,
             verdict.published_at.date(), verdict.headline)
        )
    Article.objects.all().delete()  # claims and verdicts go with their articles
    # Published verdicts are in the library too (issue #24): empty it as well.
    assert CheckedClaim.objects.filter(source="desk").count() == len(verdicts)
    CheckedClaim.objects.all().delete()

    call_command("import_claimreview", str(feed), stdout=io.StringIO())
    call_command("import_claimreview", str(feed), stdout=io.StringIO())  # idempotent

    imported = [
        (c.text, c.speaker, c.verdict, c.rating_value, c.published_on, c.title)
        for c in CheckedClaim.objects.order_by("text")
    ]
    assert imported == sorted(expected)
    assert set(CheckedClaim.objects.values_list("reviewer", flat=True)) == {"Round Trip Checks"}
