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
