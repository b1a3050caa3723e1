"""Notifications completed (issue #24): a watched source failing tells the
editors who manage sources; your notifications through the API (only your
own); notifications in the admin (read-only, Admins only)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims import services
from claims.roles import Role
from notifications.models import Email, Kind, Notification, NotificationSetting
from notifications.services import notification_settings_update, notifications_digest_send
from sources.models import Source
from sources.services import source_poll
from tests.conftest import make_user
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def emails_on(settings):
    settings.CLAIMS_NOTIFICATION_EMAILS = True


@pytest.fixture
def people(django_user_model):
    def user(name, role, **extra):
        return make_user(django_user_model, name, role, email=f"{name}@desk.example", **extra)

    return {
        "fiona": user("fiona", Role.FACT_CHECKER),
        "frank": user("frank", Role.FACT_CHECKER),
        "eddie": user("eddie", Role.EDITOR, is_staff=True),
        "erin": user("erin", Role.EDITOR, is_staff=True),
        "ada": user("ada", Role.ADMIN, is_staff=True),
        "nora": django_user_model.objects.create_user("nora", password="pw"),  # no role
    }


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return response.json()


# --- A source failing ---------------------------------------------------------


def test_a_failing_source_tells_the_editors_then_its_switching_off(
    people, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CLAIMS_FETCH_ALLOWED_HOSTS = []  # the loopback address is refused: a failure
    settings.CLAIMS_SOURCES_NOTIFY_FAILURES = 2
    settings.CLAIMS_SOURCES_MAX_FAILURES = 3
    source = Source.objects.create(name="Herald", url="http://127.0.0.1:9/feed.xml")
    with django_capture_on_commit_callbacks(execute=True):
        source_poll(source=source)
    assert not Notification.objects.exists()  # one failure: nobody yet
    with django_capture_on_commit_callbacks(execute=True):
        source_poll(source=source)
    told = Notification.objects.filter(kind=Kind.SOURCE_FAILING)
    # Editors and admins manage sources; fact-checkers and no-role users do not.
    assert sorted(told.values_list("user__username", flat=True)) == ["ada", "eddie", "erin"]
    first = told.first()
    assert first.source == source and first.claim is None
    assert "Herald failed 2 checks in a row" in first.message
    assert "internal address" in first.message
    assert sorted(a for m in mailoutbox for a in m.to) == [
        "ada@desk.example", "eddie@desk.example", "erin@desk.example"
    ]
    assert source.get_absolute_url() in mailoutbox[0].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        source_poll(source=source)
    source.refresh_from_db()
    assert not source.active
    switched = told.filter(user=people["eddie"]).order_by("id").last()
    assert "Herald was switched off after 3 failed checks" in switched.message
    assert len(mailoutbox) == 3
    assert told.count() == 6 and not Notification.objects.filter(user=people["fiona"]).exists()


def test_source_notifications_respect_settings_and_the_permission(people, settings, client):
    settings.CLAIMS_FETCH_ALLOWED_HOSTS = []
    settings.CLAIMS_SOURCES_NOTIFY_FAILURES = 1
    eddie, erin = people["eddie"], people["erin"]
    notification_settings_update(user=erin, choices={Kind.SOURCE_FAILING: (False, Email.NONE)})
    notification_settings_update(user=eddie, choices={Kind.SOURCE_FAILING: (True, Email.DIGEST)})
    source = Source.objects.create(name="Wire", url="http://127.0.0.1:9/feed.xml")
    source_poll(source=source)
    assert list(Notification.objects.filter(user=erin)) == []  # turned off
    mine = Notification.objects.get(user=eddie)
    assert mine.email == Email.DIGEST
    # The list page links to the source.
    client.force_login(eddie)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Open source Wire" in page and source.get_absolute_url() in page
    # Lost the right to see sources before the digest: no email about it.
    from django.contrib.auth.models import Group

    eddie.groups.remove(Group.objects.get(name=Role.EDITOR))
    eddie.groups.add(Group.objects.get(name=Role.FACT_CHECKER))
    assert notifications_digest_send() == 0
    assert Notification.objects.get(user=eddie).email == Email.NONE


# --- The API -------------------------------------------------------------------


def notifications_for(people, count: int = 3) -> list[Notification]:
    for _ in range(count):
        services.claim_assign(claim=ClaimFactory(), to=people["fiona"], by=people["eddie"])
    services.claim_assign(claim=ClaimFactory(), to=people["frank"], by=people["eddie"])
    return list(Notification.objects.filter(user=people["fiona"]).order_by("-id"))


def test_the_list_is_yours_paginated_and_filters_unread(people):
    newest, middle, oldest = notifications_for(people)
    fiona = api(people["fiona"])
    assert ok(fiona.get("/api/notifications/"))["count"] == 3
    page = ok(fiona.get("/api/notifications/?page_size=2"))
    assert page["count"] == 3 and page["next"]
    assert [n["id"] for n in page["results"]] == [newest.pk, middle.pk]
    first = page["results"][0]
    assert first["kind"] == Kind.CLAIM_ASSIGNED and first["read"] is False
    assert first["claim"] == newest.claim_id and first["source"] is None
    assert first["url"].endswith(newest.claim.get_absolute_url())
    assert [n["id"] for n in ok(fiona.get(page["next"]))["results"]] == [oldest.pk]
    ok(fiona.post(f"/api/notifications/{middle.pk}/read/"))
    unread = ok(fiona.get("/api/notifications/?unread=true"))
    assert [n["id"] for n in unread["results"]] == [newest.pk, oldest.pk]
    # frank's is not in fiona's list.
    frank_ids = [n["id"] for n in ok(api(people["frank"]).get("/api/notifications/"))["results"]]
    assert len(frank_ids) == 1 and frank_ids[0] not in {newest.pk, middle.pk, oldest.pk}


def test_the_unread_count_and_marking_one_or_all_read(people):
    newest, middle, oldest = notifications_for(people)
    fiona = api(people["fiona"])
    assert ok(fiona.get("/api/notifications/unread-count/")) == {"unread": 3}
    marked = ok(fiona.post(f"/api/notifications/{newest.pk}/read/"))
    assert marked["id"] == newest.pk and marked["read"] is True and marked["read_at"]
    again = ok(fiona.post(f"/api/notifications/{newest.pk}/read/"))  # no change, no error
    assert again["read_at"] == marked["read_at"]
    assert ok(fiona.get("/api/notifications/unread-count/")) == {"unread": 2}
    assert ok(fiona.post("/api/notifications/read-all/")) == {"marked": 2}
    assert ok(fiona.get("/api/notifications/unread-count/")) == {"unread": 0}
    # frank's stays unread.
    assert ok(api(people["frank"]).get("/api/notifications/unread-count/")) == {"unread": 1}


def test_someone_elses_notification_is_not_found_and_stays_unread(people):
    theirs = Notification.objects.get(pk=notifications_for(people)[0].pk)
    frank = api(people["frank"])
    response = frank.post(f"/api/notifications/{theirs.pk}/read/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert ok(frank.post("/api/notifications/read-all/")) == {"marked": 1}  # only his own
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert frank.post("/api/notifications/999999/read/").status_code == 404


def test_settings_are_read_and_updated_through_the_api(people):
    fiona = api(people["fiona"])
    current = ok(fiona.get("/api/notifications/settings/"))["settings"]
    assert {row["kind"] for row in current} == set(Kind.values)
    assert all(row["enabled"] and row["email"] == Email.IMMEDIATE for row in current)
    body = {
        "settings": [
            {"kind": Kind.CLAIM_ASSIGNED, "enabled": True, "email": Email.DIGEST},
            {"kind": Kind.LEASE_EXPIRING, "enabled": False, "email": Email.NONE},
        ]
    }
    updated = ok(fiona.patch("/api/notifications/settings/", body, format="json"))["settings"]
    by_kind = {row["kind"]: (row["enabled"], row["email"]) for row in updated}
    assert by_kind[Kind.CLAIM_ASSIGNED] == (True, Email.DIGEST)
    assert by_kind[Kind.LEASE_EXPIRING] == (False, Email.NONE)
    assert by_kind[Kind.VERDICT_SENT_BACK] == (True, Email.IMMEDIATE)  # left out: unchanged
    assert NotificationSetting.objects.filter(user=people["frank"]).count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"settings": [{"kind": "no_such_kind", "enabled": True, "email": Email.NONE}]},
        {"settings": [{"kind": Kind.CLAIM_ASSIGNED, "enabled": True, "email": "pigeon"}]},
        {"settings": [{"kind": Kind.CLAIM_ASSIGNED, "enabled": True, "email": Email.NONE}] * 2},
        {"nothing": []},
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(people, body):
    response = api(people["fiona"]).patch("/api/notifications/settings/", body, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    assert not NotificationSetting.objects.exists()


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/notifications/"),
        ("get", "/api/notifications/unread-count/"),
        ("post", "/api/notifications/read-all/"),
        ("post", "/api/notifications/{pk}/read/"),
        ("get", "/api/notifications/settings/"),
        ("patch", "/api/notifications/settings/"),
    ],
)
def test_every_endpoint_needs_a_login_and_a_role(people, method, path):
    notification = notifications_for(people, count=1)[0]
    url = path.format(pk=notification.pk)
    assert getattr(api(), method)(url).status_code == 401
    assert getattr(api(people["nora"]), method)(url).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None
    assert not NotificationSetting.objects.exists()


def test_the_endpoints_are_in_the_schema_with_their_errors(people):
    schema = ok(api(people["fiona"]).get("/api/schema/?format=json"))
    paths = schema["paths"]
    for path, method in [
        ("/api/notifications/", "get"),
        ("/api/notifications/unread-count/", "get"),
        ("/api/notifications/read-all/", "post"),
        ("/api/notifications/{id}/read/", "post"),
        ("/api/notifications/settings/", "get"),
        ("/api/notifications/settings/", "patch"),
    ]:
        responses = paths[path][method]["responses"]
        assert {"200", "401", "403"} <= set(responses), (path, method)
    assert "404" in paths["/api/notifications/{id}/read/"]["post"]["responses"]
    assert "400" in paths["/api/notifications/settings/"]["patch"]["responses"]
    params = [p["name"] for p in paths["/api/notifications/"]["get"]["parameters"]]
    assert {"unread", "page", "page_size"} <= set(params)


# --- The admin -------------------------------------------------------------------


def test_notifications_in_the_admin_are_read_only_and_for_admins(people, client):
    notification = notifications_for(people, count=1)[0]
    NotificationSetting.objects.create(user=people["fiona"], kind=Kind.CLAIM_ASSIGNED)
    client.force_login(people["ada"])
    listing = client.get("/admin/notifications/notification/?q=fiona&kind=claim_assigned")
    assert listing.status_code == 200
    assert notification.message in listing.content.decode()
    assert client.get("/admin/notifications/notification/?read_at__isempty=1").status_code == 200
    assert client.get("/admin/notifications/notification/?emailed_at__isempty=0").status_code == 200
    page = client.get(f"/admin/notifications/notification/{notification.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get("/admin/notifications/notification/add/").status_code == 403
    assert client.get("/admin/notifications/notificationsetting/?q=fiona").status_code == 200
    client.force_login(people["eddie"])  # an editor moderates, but reads no one's notifications
    assert client.get("/admin/notifications/notification/").status_code == 403
    client.force_login(people["fiona"])
    assert client.get("/admin/notifications/notification/").status_code == 302  # admin login
