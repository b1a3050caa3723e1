"""Claims stored one per checkable sentence, standing alone (issue #20, part 1):
what the desk, the claim page, the API and the embeddings get."""

import numpy as np
import pytest

from claims import services
from claims.models import Claim
from claims.nlp.embeddings import embed_texts

pytestmark = [pytest.mark.django_db, pytest.mark.model]

TEXT = (
    "The International Monetary Fund raised its outlook on Tuesday.\n"
    "It edged up its forecast for emerging economies by 0.1 percentage points to "
    "4.2 percent.\n"
    "“We have built 400 new homes this year. Unemployment fell to 4 percent in March. "
    "Thank you,” Mayor Ann Lee said on Monday."
)


@pytest.fixture
def stored():
    article = services.article_submit(text=TEXT, submitted_by=None).article
    services.article_extract_claims(article=article)
    return {c.text: c for c in Claim.objects.filter(article=article)}


def test_sentences_of_one_statement_are_stored_as_claims_sharing_an_attribution(stored):
    homes = stored["We have built 400 new homes this year."]
    unemployment = stored["Unemployment fell to 4 percent in March."]
    assert homes.attribution == unemployment.attribution is not None
    assert homes.speaker.name == unemployment.speaker.name == "Ann Lee"
    assert not any("Thank you" in text for text in stored)
    for claim in stored.values():
        assert TEXT[claim.content_start : claim.content_end] == claim.text


def test_the_standalone_text_is_stored_embedded_and_shown(stored, client, factchecker):
    claim = stored[
        "It edged up its forecast for emerging economies by 0.1 percentage points to "
        "4.2 percent."
    ]
    assert claim.standalone.startswith("[International Monetary Fund] edged up")
    assert claim.display_text == claim.standalone
    vector = np.asarray(claim.embedding, dtype=np.float32)
    by_standalone, by_text = embed_texts([claim.standalone, claim.text])
    assert np.dot(vector, by_standalone) > 0.999 > np.dot(vector, by_text)

    client.force_login(factchecker)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<h1>[International Monetary Fund] edged up" in page
    assert "As written: “It edged up its forecast" in page
    desk = client.get("/desk/queue/?state=").content.decode()
    assert "[International Monetary Fund] edged up" in desk


def test_the_claim_page_lists_the_other_sentences_of_the_statement(stored, client, factchecker):
    homes = stored["We have built 400 new homes this year."]
    unemployment = stored["Unemployment fell to 4 percent in March."]
    client.force_login(factchecker)
    page = client.get(homes.get_absolute_url()).content.decode()
    assert "Same statement" in page
    assert unemployment.get_absolute_url() in page
    lone = stored["The International Monetary Fund raised its outlook on Tuesday."]
    assert "Same statement" not in client.get(lone.get_absolute_url()).content.decode()


def test_the_api_gives_standalone_and_attribution(stored, client, factchecker):
    claim = next(iter(stored.values()))
    client.force_login(factchecker)
    body = client.get(f"/api/articles/{claim.article_id}/claims/").json()
    rows = {row["text"]: row for row in body["results"]}
    row = rows["Unemployment fell to 4 percent in March."]
    assert row["attribution"] == rows["We have built 400 new homes this year."]["attribution"]
    assert rows[claim.text]["standalone"] == claim.standalone


def test_reextract_splits_claims_stored_before_and_keeps_desk_work(stored, factchecker, editor):
    """An article stored before the split: its whole quote was one claim,
    which a fact-checker took. reextract brings the sentence claims and
    keeps the taken claim with its assignment."""
    from io import StringIO

    from django.core.management import call_command

    homes = stored["We have built 400 new homes this year."]
    unemployment = stored["Unemployment fell to 4 percent in March."]
    article = homes.article
    # as the old pipeline stored it: one claim over the whole quote
    start, end = homes.content_start, TEXT.index("Thank you,”") + len("Thank you")
    unemployment.delete()
    Claim.objects.filter(pk=homes.pk).update(
        text=TEXT[start:end], content_end=end, attribution=None, standalone=""
    )
    old = services.claim_assign(claim=Claim.objects.get(pk=homes.pk), to=factchecker, by=editor)
    out = StringIO()
    call_command("reextract", str(article.pk), stdout=out)
    assert "Re-extracted 1 article(s)" in out.getvalue()
    texts = set(Claim.objects.filter(article=article).values_list("text", flat=True))
    assert {"We have built 400 new homes this year.", "Unemployment fell to 4 percent in March."} <= texts
    kept = Claim.objects.get(pk=old.pk)  # the taken claim and its assignment stay
    assert kept.assigned_to == factchecker


def test_reextract_refuses_an_unknown_article(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Not done or failed"):
        call_command("reextract", "999999")


def test_a_fact_checker_takes_the_whole_statement(stored, client, factchecker, factchecker2):
    homes = stored["We have built 400 new homes this year."]
    unemployment = stored["Unemployment fell to 4 percent in March."]
    lone = stored["The International Monetary Fund raised its outlook on Tuesday."]
    client.force_login(factchecker)
    assert "Take the whole statement" in client.get(homes.get_absolute_url()).content.decode()
    response = client.post(f"/claims/{homes.pk}/take-statement/", follow=True)
    assert "2 claims of this statement are yours" in response.content.decode()
    for claim in (homes, unemployment):
        claim.refresh_from_db()
        assert (claim.queue_state, claim.assigned_to) == (Claim.QueueState.ASSIGNED, factchecker)
    lone.refresh_from_db()
    assert lone.queue_state != Claim.QueueState.ASSIGNED  # not of the statement
    # all taken: nothing left to take, for anyone
    client.force_login(factchecker2)
    page = client.get(homes.get_absolute_url()).content.decode()
    assert "Take the whole statement" not in page
    response = client.post(f"/claims/{homes.pk}/take-statement/", follow=True)
    assert "only a queued or below-threshold claim can be taken" in response.content.decode()
    homes.refresh_from_db()
    assert homes.assigned_to == factchecker
