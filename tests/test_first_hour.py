"""The rough edges a newcomer hits (issue #25): links to a verdict's public
page, the review buttons beside the verdict, taking a chosen claim, the
favicon. (The admin's: tests/test_first_hour_admin.py.)"""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims import services
from claims.models import Claim
from tests.factories import ClaimFactory, EvidenceFactory
from tests.test_exports import published_verdict

pytestmark = pytest.mark.django_db
State = Claim.QueueState


def section(html: str, heading_id: str) -> str:
    """The <section> labelled by heading_id, up to the next section."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    end = html.find("<section", start)
    return html[start:end if end != -1 else None]


# --- The public page, from the claim page and the desk ----------------------


def test_the_claim_page_links_to_the_public_page_of_its_verdict(client, factchecker, editor):
    verdict = published_verdict(factchecker, editor)
    public = reverse("public:verdict", args=[verdict.pk])
    for user in (factchecker, editor):
        client.force_login(user)
        page = client.get(verdict.claim.get_absolute_url()).content.decode()
        assert f'href="{public}"' in section(page, "verdict-title")
    assert client.get(public).status_code == 200


def test_the_desk_lists_recent_verdicts_with_their_public_pages(client, factchecker, editor):
    verdicts = [published_verdict(factchecker, editor, text=f"Claim number {n} is true.")
                for n in range(3)]
    client.force_login(factchecker)
    page = section(client.get("/").content.decode(), "published-title")
    links = re.findall(r'href="(/verdicts/\d+/)"', page)
    assert links == [reverse("public:verdict", args=[v.pk]) for v in reversed(verdicts)]


def test_a_draft_has_no_public_page_link(client, factchecker):
    verdict = EvidenceFactory(verdict__claim__assigned_to=factchecker).verdict
    client.force_login(factchecker)
    page = client.get(verdict.claim.get_absolute_url()).content.decode()
    assert f'href="{reverse("public:verdict", args=[verdict.pk])}"' not in page


# --- Review: the buttons sit with the verdict --------------------------------


def test_approve_and_publish_sit_in_the_verdict_card(client, factchecker, editor):
    verdict = EvidenceFactory(verdict__claim__assigned_to=factchecker).verdict
    services.verdict_submit(verdict=verdict, by=factchecker)
    client.force_login(editor)
    page = client.get(verdict.claim.get_absolute_url()).content.decode()
    approve = reverse("claims:verdict_action", args=[verdict.pk, "approve"])
    assert approve in section(page, "verdict-title")
    assert 'aria-labelledby="actions-title"' not in page  # nothing else to do: no empty card
    services.verdict_approve(verdict=verdict, by=editor)
    page = client.get(verdict.claim.get_absolute_url()).content.decode()
    assert reverse("claims:verdict_action", args=[verdict.pk, "publish"]) in section(
        page, "verdict-title"
    )


# --- Take this claim -----------------------------------------------------------


@pytest.mark.parametrize("state", [State.QUEUED, State.BELOW_THRESHOLD])
def test_a_fact_checker_takes_a_chosen_claim(client, factchecker, state):
    claim = ClaimFactory(queue_state=state, checkworthiness=0.2)
    client.force_login(factchecker)
    page = client.get(claim.get_absolute_url()).content.decode()
    take = reverse("claims:claim_take", args=[claim.pk])
    assert f'action="{take}"' in section(page, "actions-title")
    response = client.post(take, follow=True)
    assert response.redirect_chain[-1][0] == claim.get_absolute_url()
    assert f"Claim {claim.pk} is yours for 30 minutes." in response.content.decode()
    claim.refresh_from_db()
    assert (claim.queue_state, claim.assigned_to) == (State.ASSIGNED, factchecker)
    assert claim.lease_expires_at is not None
    assert claim.history.first().history_change_reason == "Taken from its page"


def test_a_claim_held_by_another_cannot_be_taken(client, factchecker, factchecker2):
    claim = ClaimFactory(assigned_to=factchecker2)
    client.force_login(factchecker)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert reverse("claims:claim_take", args=[claim.pk]) not in page
    response = client.post(reverse("claims:claim_take", args=[claim.pk]), follow=True)
    assert "only a queued or below-threshold claim can be taken" in response.content.decode()
    claim.refresh_from_db()
    assert claim.assigned_to == factchecker2


def test_only_fact_checkers_take_claims(client, editor):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.claim_take(claim=claim, by=editor)
    client.force_login(editor)
    assert client.post(reverse("claims:claim_take", args=[claim.pk])).status_code == 403
    assert reverse("claims:claim_take", args=[claim.pk]) not in client.get(
        claim.get_absolute_url()
    ).content.decode()


# --- The favicon ---------------------------------------------------------------------


def test_every_page_has_a_favicon(client, factchecker, editor):
    response = client.get("/favicon.ico")  # asked for by pages naming none (admin, API)
    assert response.status_code == 301 and response["Location"].endswith("claims/favicon.svg")
    verdict = published_verdict(factchecker, editor)
    public = client.get(reverse("public:verdict", args=[verdict.pk])).content.decode()
    assert 'rel="icon"' in public and "favicon.svg" in public
    client.force_login(factchecker)
    assert 'rel="icon"' in client.get("/").content.decode()
