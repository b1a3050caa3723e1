"""The library of checked claims in the product: hybrid search, stored
matches, the verdict shown at once, and the desk's decisions (issue #4)."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from claims import selectors, services
from claims.models import (
    LIBRARY_FLOOR,
    CheckedClaim,
    Claim,
    ClaimRelation,
    LibraryMatch,
    library_push,
)
from claims.nlp.embeddings import embed_texts
from claims.retrieval import Tier
from claims.selectors.library import library_nearest
from tests.conftest import on_postgres
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.model]

# Fact-checks as a newsroom's library would hold them (our own wording).
CHECKS = [
    {
        "external_id": "unemployment",
        "text": "The unemployment rate fell to 3.5 percent, the lowest in fifty years.",
        "title": "Yes, unemployment hit a fifty-year low of 3.5 percent",
        "verdict": "True",
        "reviewer": "Desk Check",
        "url": "https://checks.example/unemployment",
    },
    {
        "external_id": "lemon",
        "text": "Drinking hot water with lemon cures the coronavirus within three days.",
        "title": "No, hot lemon water does not cure Covid-19",
        "verdict": "False",
        "reviewer": "Health Check",
        "url": "https://checks.example/lemon",
    },
    {
        "external_id": "bags",
        "text": "The governor signed a law banning plastic bags in grocery stores.",
        "verdict": "Mostly true",
        "reviewer": "State Check",
    },
    {
        "external_id": "turbines",
        "text": "Wind turbines kill more birds than any other human structure.",
        "title": "Wind turbines are not the top human cause of bird deaths",
        "verdict": "False",
        "reviewer": "Science Check",
    },
]
RESTATED = "A doctor claimed that drinking hot lemon water cures the coronavirus in three days."
UNRELATED = "The bakery on the corner will open a second shop in the spring next year."


def import_claimreview_file(path, check: dict) -> str:
    """Write check as a ClaimReview file, import it by the command, return its output."""
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": check["url"],
        "claimReviewed": check["text"],
        "author": {"@type": "Organization", "name": check["reviewer"]},
        "reviewRating": {"@type": "Rating", "alternateName": check["verdict"]},
    }
    if check.get("title"):
        review["headline"] = check["title"]
    path.write_text(json.dumps(review))
    out = io.StringIO()
    call_command("import_claimreview", str(path), stdout=out)
    return out.getvalue()


@pytest.fixture
def library():
    services.checked_claims_import(records=[dict(c) for c in CHECKS], source="claimreview")
    return {c.external_id: c for c in CheckedClaim.objects.all()}


def claim_said(text: str, **fields) -> Claim:
    [vector] = embed_texts([text])
    return ClaimFactory(article=ArticleFactory(text=text), text=text, embedding=vector, **fields)


def test_restated_claim_finds_its_check_with_the_verdict(library):
    [hits, none] = selectors.library_search([RESTATED, UNRELATED])
    assert hits[0].checked_claim_id == library["lemon"].pk
    assert hits[0].tier == Tier.SAME
    assert hits[0].score >= 0.8 and hits[0].similarity > 0.7
    assert library["lemon"].pk not in {h.checked_claim_id for h in hits[1:]}
    assert none == []


def test_headline_vector_is_stored_at_import(library):
    assert library["lemon"].title_embedding is not None
    assert library["bags"].title_embedding is None  # no headline: the claim's vector serves


def test_short_text_is_never_the_same_claim(library):
    """Under 8 words a text is at most related, however close (issue #4)."""
    [hits] = selectors.library_search(["Lemon water cures coronavirus."])
    assert hits and hits[0].checked_claim_id == library["lemon"].pk
    assert hits[0].tier == Tier.RELATED


def test_thresholds_come_from_settings(library, settings):
    settings.CLAIMS_LIBRARY_SAME_CLAIM_THRESHOLD = 1.01
    [hits] = selectors.library_search([RESTATED])
    assert hits[0].tier == Tier.RELATED
    settings.CLAIMS_LIBRARY_RELATED_THRESHOLD = 1.01
    assert selectors.library_search([RESTATED]) == [[]]


def test_ranker_sees_checks_added_since(library):
    """The per-process ranker is rebuilt when the library changes."""
    text = "Eating carrots gives you perfect night vision, the minister claimed yesterday."
    assert selectors.library_search([text]) == [[]]
    services.checked_claims_import(
        records=[{"external_id": "carrots", "text": "Eating carrots improves your night vision."}],
        source="claimreview",
    )
    [hits] = selectors.library_search([text])
    assert [h.checked_claim_id for h in hits][:1] == [
        CheckedClaim.objects.get(external_id="carrots").pk
    ]


def test_empty_library_finds_nothing():
    assert selectors.library_search([RESTATED]) == [[]]


def test_matches_are_stored_and_decisions_kept(library, factchecker):
    claim = claim_said(RESTATED)
    stale = LibraryMatch.objects.create(
        claim=claim, checked_claim=library["bags"], score=0.3, similarity=0.2, tier="related"
    )
    rejected = LibraryMatch.objects.create(
        claim=claim,
        checked_claim=library["turbines"],
        score=0.2,
        similarity=0.1,
        tier="related",
        decision=ClaimRelation.Decision.REJECTED,
    )
    services.claims_match_library(claims=[claim])
    matches = {m.checked_claim_id: m for m in LibraryMatch.objects.filter(claim=claim)}
    assert stale.checked_claim_id not in matches  # pending and no longer found: gone
    assert matches[rejected.checked_claim_id].decision == ClaimRelation.Decision.REJECTED
    lemon = matches[library["lemon"].pk]
    assert lemon.tier == Tier.SAME and lemon.decision == ClaimRelation.Decision.PENDING
    # Running again stores nothing new.
    count = LibraryMatch.objects.count()
    services.claims_match_library(claims=[claim])
    assert LibraryMatch.objects.count() == count


def test_ingest_matches_the_library(library):
    text = (
        "The health minister said on Tuesday that drinking hot water with lemon cures the "
        "coronavirus within three days. Critics said that was dangerous nonsense."
    )
    article = services.article_submit(text=text, submitted_by=None).article
    services.article_extract_claims(article=article)
    found = LibraryMatch.objects.filter(claim__article=article, checked_claim=library["lemon"])
    assert found.filter(tier=Tier.SAME).exists()


def test_import_searches_again_for_claims_on_the_desk():
    claim = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED)
    closed = claim_said(RESTATED + " Again.", queue_state=Claim.QueueState.BELOW_THRESHOLD)
    assert not LibraryMatch.objects.exists()
    services.checked_claims_import(records=[dict(c) for c in CHECKS], source="claimreview")
    assert services.library_matches_refresh_open().searched == 1
    assert LibraryMatch.objects.filter(claim=claim, tier=Tier.SAME).exists()
    assert not LibraryMatch.objects.filter(claim=closed).exists()


def test_queue_and_workspace_show_the_verdict_at_once(library, factchecker_client):
    claim = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.9)
    services.claims_match_library(claims=[claim])
    desk = factchecker_client.get(reverse("claims:desk")).content.decode()
    assert "Checked before: <strong>False</strong> by Health Check" in desk
    page = factchecker_client.get(claim.get_absolute_url()).content.decode()
    assert "No, hot lemon water does not cure Covid-19" in page
    assert 'href="https://checks.example/lemon"' in page
    # A rejected match no longer shows its verdict on the queue.
    LibraryMatch.objects.filter(claim=claim).update(decision=ClaimRelation.Decision.REJECTED)
    desk = factchecker_client.get(reverse("claims:desk")).content.decode()
    assert "Checked before" not in desk


def test_resembling_a_checked_claim_raises_a_claim_in_the_queue(library):
    """The nearest checked claim adds LIBRARY_PUSH per unit of cosine above
    LIBRARY_FLOOR to the priority, as library_push computes it (issue #6)."""
    resembling = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.55)
    unrelated = claim_said(UNRELATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.8)
    queue = selectors.claim_list_queue
    assert list(queue()) == [unrelated, resembling]
    services.claims_match_library(claims=[resembling, unrelated])
    resembling.refresh_from_db()
    unrelated.refresh_from_db()
    assert resembling.nearest_checked_claim == library["lemon"]
    assert resembling.library_similarity > 0.7
    assert unrelated.library_similarity < LIBRARY_FLOOR and unrelated.library_raise == 0
    # The database's priority and the Python mirror that the evaluation uses agree.
    for claim in (resembling, unrelated):
        expected = claim.checkworthiness + library_push(claim.library_similarity)
        assert claim.priority == pytest.approx(expected)
    assert list(queue()) == [resembling, unrelated]


def test_a_claim_below_the_threshold_joins_the_queue_when_it_resembles_a_check(library):
    below = Claim.QueueState.BELOW_THRESHOLD
    lifted = claim_said(RESTATED, queue_state=below, checkworthiness=0.3)
    stays = claim_said(UNRELATED, queue_state=below, checkworthiness=0.3)
    skipped = claim_said(RESTATED + " Again.", queue_state="skipped", checkworthiness=0.3)
    services.claims_match_library(claims=[lifted, stays, skipped])
    states = dict(Claim.objects.values_list("pk", "queue_state"))
    assert states[lifted.pk] == Claim.QueueState.QUEUED
    assert states[stays.pk] == below
    assert states[skipped.pk] == Claim.QueueState.SKIPPED  # a desk's decision stands


def test_a_question_put_to_someone_never_joins_the_queue_however_close_to_a_check(library):
    below = Claim.QueueState.BELOW_THRESHOLD
    question = claim_said(
        RESTATED, queue_state=below, checkworthiness=0.0, quote_type=Claim.QuoteType.QUESTION
    )
    services.claims_match_library(claims=[question])
    question.refresh_from_db()
    assert question.library_similarity > 0.7  # it does resemble the check
    assert question.queue_state == below


def test_a_headline_repeating_a_body_claim_never_joins_the_queue_either(library):
    from claims.nlp.headings import REPEATS_REASON

    below = Claim.QueueState.BELOW_THRESHOLD
    headline = claim_said(
        RESTATED, queue_state=below, checkworthiness=0.0, checkworthiness_reasons=[REPEATS_REASON]
    )
    services.claims_match_library(claims=[headline])
    headline.refresh_from_db()
    assert headline.library_similarity > 0.7
    assert headline.queue_state == below


def test_a_refresh_never_takes_a_claim_back_from_its_fact_checker(library, factchecker):
    claim = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.3)
    services.claim_take_next(by=factchecker)
    services.library_matches_refresh_open()
    claim.refresh_from_db()
    assert claim.queue_state == Claim.QueueState.ASSIGNED and claim.assigned_to == factchecker
    assert claim.nearest_checked_claim == library["lemon"]


def test_no_raise_without_a_library():
    claim = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.6)
    services.claims_match_library(claims=[claim])
    claim.refresh_from_db()
    assert claim.library_similarity is None and claim.nearest_checked_claim is None
    assert claim.priority == pytest.approx(0.6)


def test_an_import_lifts_claims_below_the_threshold_that_resemble_a_new_check(factchecker):
    """Old claims waiting below the threshold get their nearest check again
    after an import; a skipped, hidden or taken claim keeps its state."""
    below = Claim.QueueState.BELOW_THRESHOLD
    lifted = claim_said(RESTATED, queue_state=below, checkworthiness=0.3)
    lemon_again = "Hot lemon water cures the coronavirus, a doctor said."
    lifted_too = claim_said(lemon_again, queue_state=below, checkworthiness=0.3)
    stays = claim_said(UNRELATED, queue_state=below, checkworthiness=0.3)
    skipped = claim_said(RESTATED + " Again.", queue_state="skipped", checkworthiness=0.3)
    hidden = claim_said(RESTATED + " Once more.", queue_state=below, is_hidden=True)
    taken = claim_said(RESTATED + " Still.", queue_state=Claim.QueueState.QUEUED)
    services.claim_take_next(by=factchecker)
    services.checked_claims_import(records=[dict(c) for c in CHECKS], source="claimreview")
    # One claim a batch: a lifted claim leaves the filter, and no other is missed for it.
    refresh = services.library_matches_refresh_open(batch=1)
    assert (refresh.searched, refresh.ranked, refresh.lifted) == (1, 3, 2)
    states = dict(Claim.objects.values_list("pk", "queue_state"))
    assert states[lifted.pk] == states[lifted_too.pk] == Claim.QueueState.QUEUED
    assert states[stays.pk] == below and states[hidden.pk] == below
    assert states[skipped.pk] == Claim.QueueState.SKIPPED
    assert states[taken.pk] == Claim.QueueState.ASSIGNED
    lifted.refresh_from_db()
    assert lifted.nearest_checked_claim.external_id == "lemon"
    assert lifted.priority == pytest.approx(0.3 + library_push(lifted.library_similarity))
    # Only the full search stores matches; the claims below get their nearest check.
    assert not LibraryMatch.objects.filter(claim=lifted).exists()


def test_import_command_says_how_many_claims_joined_the_queue(tmp_path):
    below = Claim.QueueState.BELOW_THRESHOLD
    lifted = claim_said(RESTATED, queue_state=below, checkworthiness=0.3)
    claim_said(UNRELATED, queue_state=below, checkworthiness=0.3)
    out = import_claimreview_file(tmp_path / "lemon.json", CHECKS[1])
    assert "1 of 2 claim(s) below the threshold joined the queue" in out
    lifted.refresh_from_db()
    assert lifted.queue_state == Claim.QueueState.QUEUED


def test_an_import_points_waiting_claims_at_a_nearer_new_check_only(library, tmp_path):
    """After an import the claims below the threshold are compared with the
    new checks alone; the answer is the whole library's nearest check."""
    below = Claim.QueueState.BELOW_THRESHOLD
    bakery = claim_said(UNRELATED, queue_state=below, checkworthiness=0.3)
    drinks = claim_said(
        "Hot drinks protect you from catching a cold, the mayor said.",
        queue_state=below,
        checkworthiness=0.3,
    )
    services.claims_rank_by_library(claims=[bakery, drinks])  # as at ingest
    before = {c.pk: c for c in Claim.objects.filter(pk__in=[bakery.pk, drinks.pk])}
    assert before[drinks.pk].nearest_checked_claim == library["lemon"]
    assert before[bakery.pk].library_similarity < LIBRARY_FLOOR
    bakery_check = {
        "url": "https://checks.example/bakery",
        "text": "The corner bakery is opening a second shop next spring.",
        "reviewer": "Town Check",
        "verdict": "True",
    }
    out = import_claimreview_file(tmp_path / "bakery.json", bakery_check)
    assert "1 of 2 claim(s) below the threshold joined the queue" in out
    new_check = CheckedClaim.objects.get(url="https://checks.example/bakery")
    bakery.refresh_from_db()
    drinks.refresh_from_db()
    assert bakery.nearest_checked_claim == new_check and bakery.library_similarity > 0.9
    assert bakery.queue_state == Claim.QueueState.QUEUED
    # The new check is farther from this claim than its lemon check: nothing changes.
    assert (drinks.nearest_checked_claim_id, drinks.library_similarity) == (
        library["lemon"].pk,
        before[drinks.pk].library_similarity,
    )
    assert drinks.queue_state == below
    for claim, (nearest_id, similarity) in zip(
        (bakery, drinks), library_nearest([bakery.embedding, drinks.embedding]), strict=True
    ):
        assert claim.nearest_checked_claim_id == nearest_id
        assert claim.library_similarity == pytest.approx(similarity, abs=1e-5)


def test_a_claim_whose_nearest_check_was_rewritten_is_ranked_against_the_whole_library(library):
    """A check updated by an import may no longer resemble the claims it
    raised: those claims, and a claim never ranked, are searched in full."""
    tea = {"external_id": "ginger", "text": "Ginger tea cures the coronavirus in a few days."}
    services.checked_claims_import(records=[tea], source="claimreview")
    below = Claim.QueueState.BELOW_THRESHOLD
    garlic = claim_said("Eating garlic keeps the flu away.", queue_state=below, checkworthiness=0.3)
    services.claims_rank_by_library(claims=[garlic])
    garlic.refresh_from_db()
    ginger = CheckedClaim.objects.get(external_id="ginger")
    assert garlic.nearest_checked_claim == ginger and garlic.queue_state == below
    before = garlic.library_similarity
    never_ranked = claim_said(
        "Supermarkets will stop handing out plastic bags.", queue_state=below, checkworthiness=0.3
    )
    assert never_ranked.library_similarity is None
    rewritten = services.checked_claims_import(
        records=[
            {
                "external_id": "ginger",
                "text": "The city council approved a new bicycle lane on Main Street.",
            }
        ],
        source="claimreview",
    )
    assert rewritten.ids == [ginger.pk] and rewritten.updated == 1
    refresh = services.library_matches_refresh_open(checked_ids=rewritten.ids)
    assert (refresh.ranked, refresh.lifted) == (2, 1)
    garlic.refresh_from_db()
    never_ranked.refresh_from_db()
    # Neither check they point at now was part of the import.
    assert garlic.nearest_checked_claim == library["lemon"]
    assert garlic.library_similarity < before
    assert never_ranked.nearest_checked_claim == library["bags"]
    assert never_ranked.queue_state == Claim.QueueState.QUEUED
    for claim, (nearest_id, similarity) in zip(
        (garlic, never_ranked),
        library_nearest([garlic.embedding, never_ranked.embedding]),
        strict=True,
    ):
        assert claim.nearest_checked_claim_id == nearest_id
        assert claim.library_similarity == pytest.approx(similarity)


def test_deleting_a_check_ranks_its_claims_against_the_rest(
    library, django_capture_on_commit_callbacks
):
    """A claim keeps no raise from a deleted check; one lifted by it stays queued."""
    queued = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.55)
    lifted = claim_said(
        RESTATED + " Again.", queue_state=Claim.QueueState.BELOW_THRESHOLD, checkworthiness=0.3
    )
    other = claim_said(UNRELATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.8)
    services.claims_rank_by_library(claims=[queued, lifted, other])
    before = {c.pk: c for c in Claim.objects.all()}
    assert before[queued.pk].nearest_checked_claim == library["lemon"]
    assert before[lifted.pk].queue_state == Claim.QueueState.QUEUED
    with django_capture_on_commit_callbacks(execute=True):
        library["lemon"].delete()
    nearest_now = library_nearest([queued.embedding, lifted.embedding])
    for claim, (next_id, next_similarity) in zip((queued, lifted), nearest_now, strict=True):
        claim.refresh_from_db()
        assert claim.nearest_checked_claim_id == next_id != library["lemon"].pk
        assert claim.library_similarity == pytest.approx(next_similarity)
        assert claim.library_similarity < before[claim.pk].library_similarity
        assert claim.priority == pytest.approx(
            claim.checkworthiness + library_push(claim.library_similarity)
        )
        assert claim.priority < before[claim.pk].priority
    assert lifted.queue_state == Claim.QueueState.QUEUED
    other.refresh_from_db()
    assert (other.nearest_checked_claim_id, other.library_similarity) == (
        before[other.pk].nearest_checked_claim_id,
        before[other.pk].library_similarity,
    )


def test_emptying_the_library_removes_every_raise(library, django_capture_on_commit_callbacks):
    claim = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.55)
    services.claims_rank_by_library(claims=[claim])
    with django_capture_on_commit_callbacks(execute=True):
        CheckedClaim.objects.all().delete()
    claim.refresh_from_db()
    assert claim.nearest_checked_claim is None and claim.library_similarity is None
    assert claim.priority == pytest.approx(0.55)


def test_a_check_deleted_in_the_admin_no_longer_raises_a_claim(
    library, admin_client, django_capture_on_commit_callbacks
):
    claim = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.55)
    services.claims_rank_by_library(claims=[claim])
    url = reverse("admin:claims_checkedclaim_delete", args=[library["lemon"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
    claim.refresh_from_db()
    assert claim.nearest_checked_claim_id not in (None, library["lemon"].pk)
    assert claim.library_similarity < 0.7


def test_queue_and_workspace_say_which_check_raised_a_claim(library, factchecker_client):
    claim = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.55)
    services.claims_match_library(claims=[claim])
    desk = factchecker_client.get(reverse("claims:desk")).content.decode()
    assert "in the queue: resembles a check (similarity" in desk
    assert "Drinking hot water with lemon cures" in desk
    page = factchecker_client.get(claim.get_absolute_url()).content.decode()
    assert "Resembles a claim Health Check checked (similarity" in page


def test_api_lists_claims_in_queue_order_with_the_raise(library, factchecker):
    resembling = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.55)
    claim_said(UNRELATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.8)
    services.claims_match_library(claims=list(Claim.objects.all()))
    api = APIClient()
    api.force_authenticate(factchecker)
    first, second = api.get("/api/claims/").json()["results"]
    assert first["id"] == resembling.pk and first["priority"] > second["priority"]
    assert first["nearest_checked_claim"] == library["lemon"].pk
    assert first["library_similarity"] > 0.7


def test_admin_shows_the_nearest_check_without_a_form_field_for_it(library, admin_client):
    """Read-only: a select over the whole library would be a page of 10,000s of rows."""
    claim = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED)
    services.claims_match_library(claims=[claim])
    page = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert library["lemon"].text[:60] in html and 'name="nearest_checked_claim"' not in html


def test_who_may_decide(library, client, factchecker, factchecker2, editor):
    claim = claim_said(RESTATED, queue_state=Claim.QueueState.QUEUED, checkworthiness=0.9)
    [match, *_] = services.claims_match_library(claims=[claim])
    url = reverse("claims:library_match_decide", args=[claim.pk, match.pk])

    client.force_login(factchecker2)  # holds nothing
    client.post(url, {"decision": "confirmed"})
    match.refresh_from_db()
    assert match.decision == ClaimRelation.Decision.PENDING

    services.claim_take_next(by=factchecker)
    client.force_login(factchecker)
    client.post(url, {"decision": "confirmed"})
    match.refresh_from_db()
    assert match.decision == ClaimRelation.Decision.CONFIRMED
    assert match.decided_by == factchecker

    client.force_login(editor)
    client.post(url, {"decision": "rejected"})
    match.refresh_from_db()
    assert (match.decision, match.decided_by) == (ClaimRelation.Decision.REJECTED, editor)


def test_decide_needs_the_match_of_that_claim(library, client, editor):
    claim = claim_said(RESTATED)
    [match, *_] = services.claims_match_library(claims=[claim])
    other = claim_said(UNRELATED)
    client.force_login(editor)
    url = reverse("claims:library_match_decide", args=[other.pk, match.pk])
    assert client.post(url, {"decision": "confirmed"}).status_code == 404
    assert client.get(reverse("claims:library_match_decide", args=[claim.pk, match.pk])).status_code == 405


@pytest.mark.postgres
def test_pgvector_and_exact_backends_agree(library):
    assert on_postgres()
    texts = [
        RESTATED,
        UNRELATED,
        "Official figures show joblessness fell to 3.5 percent, its lowest level in fifty years.",
        "Plastic bags are now banned in grocery stores after the governor signed the law.",
        "Birds die from wind turbines more than from anything else people build.",
    ]
    pg = selectors.library_search(texts, backend="pgvector")
    exact = selectors.library_search(texts, backend="exact")
    assert [[h.checked_claim_id for h in hits] for hits in pg] == [
        [h.checked_claim_id for h in hits] for hits in exact
    ]
    for pg_hits, exact_hits in zip(pg, exact):
        assert [h.score for h in pg_hits] == pytest.approx([h.score for h in exact_hits], abs=1e-4)
        assert [h.tier for h in pg_hits] == [h.tier for h in exact_hits]
    assert sum(bool(hits) for hits in exact) >= 3


def test_dashboard_counts_decisions_by_score_band(library, editor, client):
    claim = claim_said(RESTATED)
    services.claims_match_library(claims=[claim])
    LibraryMatch.objects.filter(checked_claim=library["lemon"]).update(
        decision=ClaimRelation.Decision.REJECTED
    )
    bands = selectors.link_decision_counts()
    lemon = LibraryMatch.objects.get(checked_claim=library["lemon"])
    [band] = [b for b in bands if b.rejected]
    assert band.label.startswith(f"Library {int(lemon.score * 10) / 10:.1f}")
    assert sum(b.pending for b in bands) == LibraryMatch.objects.count() - 1
    client.force_login(editor)
    page = client.get(reverse("claims:dashboard")).content.decode()
    assert "Suggested links by score band" in page and band.label in page
