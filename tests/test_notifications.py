"""Notifications (issue #24): who is told of what, in the app and by email
(Django's locmem outbox), digests, settings, lease warnings, the bell."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Claim
from claims.roles import Role
from notifications.models import Email, Kind, Notification, NotificationSetting
from notifications.services import (
    notification_settings_update,
    notifications_digest_send,
    notify_leases_expiring,
)
from tests.conftest import make_user
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def emails_on(settings):
    settings.CLAIMS_NOTIFICATION_EMAILS = True


@pytest.fixture
def people(django_user_model):
    def user(name, role):
        extra = {"is_staff": True} if role != Role.FACT_CHECKER else {}
        return make_user(django_user_model, name, role, email=f"{name}@desk.example", **extra)

    nora = django_user_model.objects.create_user("nora", password="pw", email="nora@desk.example")
    return {
        "fiona": user("fiona", Role.FACT_CHECKER),
        "frank": user("frank", Role.FACT_CHECKER),
        "eddie": user("eddie", Role.EDITOR),
        "erin": user("erin", Role.EDITOR),
        "nora": nora,  # no role: never told anything
    }


def kinds_of(user) -> list[str]:
    mine = Notification.objects.filter(user=user).order_by("id")
    return list(mine.values_list("kind", flat=True))


def mailed_to(outbox) -> list[str]:
    return sorted(address for mail in outbox for address in mail.to)


def test_each_event_tells_the_right_people_in_the_app_and_by_email(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    fiona, frank, eddie, erin = (people[n] for n in ("fiona", "frank", "eddie", "erin"))
    claim = ClaimFactory()

    def run(service, **kwargs):
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    run(services.claim_assign, claim=claim, to=fiona, by=eddie)
    assert kinds_of(fiona) == [Kind.CLAIM_ASSIGNED]
    [mail] = mailoutbox
    assert mail.to == ["fiona@desk.example"] and "eddie assigned you claim" in mail.subject
    assert claim.get_absolute_url() in mail.body

    verdict = services.verdict_create(claim=claim, by=fiona, rating="false", headline="No")
    services.evidence_add(verdict=verdict, by=fiona, url="https://x.example/", stance="refutes")
    run(services.verdict_submit, verdict=verdict, by=fiona)
    assert mailed_to(mailoutbox) == ["eddie@desk.example", "erin@desk.example"]
    assert kinds_of(eddie) == kinds_of(erin) == [Kind.VERDICT_AWAITING_REVIEW]

    run(services.verdict_request_changes, verdict=verdict, by=eddie, note="Which year?")
    assert kinds_of(fiona)[-1] == Kind.VERDICT_SENT_BACK
    assert mailed_to(mailoutbox) == ["fiona@desk.example"]
    assert "Which year?" in mailoutbox[0].subject

    services.verdict_reopen(verdict=verdict, by=fiona)
    run(services.verdict_submit, verdict=verdict, by=fiona)
    run(services.verdict_approve, verdict=verdict, by=erin)
    assert mailoutbox == []  # an approval tells nobody
    run(services.verdict_publish, verdict=verdict, by=eddie)
    # The author and the approving editor; not the one who published.
    assert mailed_to(mailoutbox) == ["erin@desk.example", "fiona@desk.example"]
    assert kinds_of(fiona)[-1] == Kind.VERDICT_PUBLISHED
    run(services.verdict_correct, verdict=verdict, by=eddie, note="Year fixed.", headline="No.")
    assert mailed_to(mailoutbox) == ["erin@desk.example", "fiona@desk.example"]
    assert Notification.objects.filter(kind=Kind.VERDICT_CORRECTED, user=fiona).get().message == (
        f"The verdict on claim {claim.pk} was corrected: Year fixed."
    )
    # Nobody else, and never someone without a role.
    assert kinds_of(frank) == [] and kinds_of(people["nora"]) == []


def test_no_email_to_someone_who_lost_the_role_before_it_was_sent(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    fiona = people["fiona"]
    with django_capture_on_commit_callbacks() as callbacks:
        services.claim_assign(claim=ClaimFactory(), to=fiona, by=people["eddie"])
    fiona.groups.remove(Group.objects.get(name=Role.FACT_CHECKER))
    for callback in callbacks:
        callback()
    assert mailoutbox == []
    assert Notification.objects.get(user=fiona).email == Email.NONE  # given up, not retried


def test_a_hidden_claim_or_someone_elses_draft_tells_nobody(people, mailoutbox):
    from notifications.services import notify

    fiona, frank = people["fiona"], people["frank"]
    hidden = ClaimFactory(is_hidden=True)
    assert notify(kind=Kind.CLAIM_ASSIGNED, users=[fiona], claim=hidden, message="x") == []
    claim = ClaimFactory(assigned_to=fiona)
    draft = services.verdict_create(claim=claim, by=fiona, rating="false", headline="No")
    found = notify(
        kind=Kind.VERDICT_SENT_BACK, users=[fiona, frank], claim=claim, verdict=draft, message="x"
    )
    assert [n.user for n in found] == [fiona]  # frank may not read fiona's draft


def test_settings_turn_a_kind_off_or_into_the_daily_digest(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    fiona, eddie = people["fiona"], people["eddie"]
    notification_settings_update(
        user=fiona,
        choices={
            Kind.CLAIM_ASSIGNED: (True, Email.DIGEST),
            Kind.VERDICT_SENT_BACK: (False, Email.IMMEDIATE),
        },
    )
    first, second = ClaimFactory(), ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_assign(claim=first, to=fiona, by=eddie)
        services.claim_assign(claim=second, to=fiona, by=eddie)
    assert mailoutbox == [] and len(kinds_of(fiona)) == 2  # in the app at once
    assert notifications_digest_send() == 1
    [digest] = mailoutbox
    assert digest.to == ["fiona@desk.example"] and digest.subject.endswith("2 notifications")
    assert first.get_absolute_url() in digest.body and second.get_absolute_url() in digest.body
    assert notifications_digest_send() == 0  # each goes out once
    from notifications.services import notify

    off = notify(kind=Kind.VERDICT_SENT_BACK, users=[fiona], claim=first, message="x")
    assert off == []


def test_the_digest_leaves_out_what_the_user_may_no_longer_see(people, mailoutbox):
    fiona = people["fiona"]
    notification_settings_update(user=fiona, choices={Kind.CLAIM_ASSIGNED: (True, Email.DIGEST)})
    claim = ClaimFactory()
    services.claim_assign(claim=claim, to=fiona, by=people["eddie"])
    Claim.objects.filter(pk=claim.pk).update(is_hidden=True)
    assert notifications_digest_send() == 0 and mailoutbox == []


def test_a_lease_about_to_end_is_warned_of_once_per_lease(people, mailoutbox, settings):
    settings.CLAIMS_LEASE_WARNING_MINUTES = 5
    fiona = people["fiona"]
    now = timezone.now()
    claim = ClaimFactory(assigned_to=fiona, lease_expires_at=now + datetime.timedelta(minutes=3))
    ClaimFactory(assigned_to=people["frank"])  # 30 minutes left: nothing yet
    assert notify_leases_expiring(now=now) == 1
    assert notify_leases_expiring(now=now) == 0
    assert kinds_of(fiona) == [Kind.LEASE_EXPIRING]
    assert "ends in 3 minutes" in Notification.objects.get(user=fiona).message
    later = now + datetime.timedelta(minutes=20)
    Claim.objects.filter(pk=claim.pk).update(lease_expires_at=later + datetime.timedelta(minutes=4))
    assert notify_leases_expiring(now=later) == 1  # the renewed lease, warned again


def test_the_bell_the_list_and_marking_read(people, client):
    fiona = people["fiona"]
    services.claim_assign(claim=ClaimFactory(), to=fiona, by=people["eddie"])
    client.force_login(fiona)
    desk = client.get(reverse("claims:desk")).content.decode()
    assert 'aria-label="Notifications, 1 unread"' in desk
    page = client.get(reverse("notifications:list")).content.decode()
    assert "eddie assigned you claim" in page and "new" in page
    notification = Notification.objects.get(user=fiona)
    opened = client.post(
        reverse("notifications:read", args=[notification.pk]),
        {"next": notification.claim.get_absolute_url()},
    )
    assert opened["Location"] == notification.claim.get_absolute_url()
    desk = client.get(reverse("claims:desk")).content.decode()
    assert 'aria-label="Notifications, 0 unread"' in desk
    away = client.post(
        reverse("notifications:read", args=[notification.pk]), {"next": "https://evil.example/"}
    )
    assert away["Location"] == reverse("notifications:list")  # no open redirect


def test_marking_read_touches_only_your_own(people, client):
    services.claim_assign(claim=ClaimFactory(), to=people["fiona"], by=people["eddie"])
    client.force_login(people["frank"])
    notification = Notification.objects.get()
    client.post(reverse("notifications:read", args=[notification.pk]))
    client.post(reverse("notifications:read_all"))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_settings_page_saves_each_kind(people, client):
    client.force_login(people["fiona"])
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Your lease on a claim about to expire" in page
    data = {f"{kind}-email": Email.IMMEDIATE for kind in Kind.values}
    data.update({f"{kind}-enabled": "on" for kind in Kind.values if kind != Kind.LEASE_EXPIRING})
    data[f"{Kind.CLAIM_ASSIGNED}-email"] = Email.DIGEST
    response = client.post(reverse("notifications:settings"), data)
    assert response.status_code == 302
    stored = {s.kind: (s.enabled, s.email) for s in NotificationSetting.objects.all()}
    assert stored[Kind.CLAIM_ASSIGNED] == (True, Email.DIGEST)
    assert stored[Kind.LEASE_EXPIRING] == (False, Email.IMMEDIATE)


def test_without_a_role_there_is_no_bell_and_no_page(people, client):
    client.force_login(people["nora"])
    assert client.get(reverse("notifications:list")).status_code == 403
    assert client.get(reverse("notifications:settings")).status_code == 403


def test_beat_sends_the_digest_daily_and_warns_of_leases_every_minute():
    entries = django_settings.CELERY_BEAT_SCHEDULE.values()
    schedule = {entry["task"]: entry["schedule"] for entry in entries}
    assert schedule["notifications.tasks.notify_leases_expiring"] == 60.0
    digest = schedule["notifications.tasks.notifications_digest_send"]
    assert digest.hour == {django_settings.CLAIMS_NOTIFICATION_DIGEST_HOUR}
