"""Authentication hardening (issue 19): login lockout (django-axes), hashed
expiring API tokens (knox), the Content-Security-Policy header, password
reset only with mail, throttles failing open when the cache is down, and
database connections checked after a restart."""

from __future__ import annotations

import datetime
import logging
import re
import subprocess
import time

import psycopg
import pytest
import redis
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from scripts.test_postgres import free_port
from tests.conftest import on_postgres
from tests.test_exports import published_verdict

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counts live in the cache; no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


def token_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def obtain_token(username: str, password: str, **extra):
    return APIClient().post(
        "/api/auth/token/", {"username": username, "password": password}, format="json", **extra
    )


# --- Login lockout (django-axes) ----------------------------------------------


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_web_login_locks_a_username_and_address_after_repeated_failures(client, factchecker):
    for _ in range(LIMIT - 1):
        response = client.post(reverse("login"), {"username": "fiona", "password": "guess"})
        assert response.status_code == 200 and "Please enter a correct" in response.content.decode()
    response = client.post(reverse("login"), {"username": "fiona", "password": "guess"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Login locked" in page and "Try again in 15 minutes" in page
    # Counted in the database, where every worker sees it.
    assert AccessAttempt.objects.get(username="fiona").failures_since_start == LIMIT

    # The right password no longer helps from this address...
    response = client.post(reverse("login"), {"username": "fiona", "password": "pw-fiona"})
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # ...but the same person from another address, and others here, may log in.
    other = client_class_post(reverse("login"), "fiona", "pw-fiona", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    assert client.post(reverse("login"), {"username": "eve", "password": "x"}).status_code == 200


def client_class_post(url: str, username: str, password: str, **extra):
    from django.test import Client

    return Client().post(url, {"username": username, "password": password}, **extra)


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_a_successful_login_resets_the_failures(client, factchecker):
    for _ in range(LIMIT - 1):
        client.post(reverse("login"), {"username": "fiona", "password": "guess"})
    assert client.post(reverse("login"), {"username": "fiona", "password": "pw-fiona"})[
        "Location"
    ] == reverse("claims:desk")
    client.logout()
    for _ in range(LIMIT - 1):
        response = client.post(reverse("login"), {"username": "fiona", "password": "guess"})
    assert response.status_code == 200


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_admin_login_locks_out_too(client, editor):
    url = reverse("admin:login")
    for _ in range(LIMIT):
        response = client.post(url, {"username": "eddie", "password": "guess"})
    assert response.status_code == 429 and "Login locked" in response.content.decode()
    response = client.post(url, {"username": "eddie", "password": "pw-eddie"})
    assert response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_the_token_endpoint_locks_out_with_a_json_429(factchecker):
    for _ in range(LIMIT - 1):
        assert obtain_token("fiona", "guess").status_code == 400
    response = obtain_token("fiona", "guess")
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "locked_out" and "Try again in 15 minutes" in error["message"]
    assert obtain_token("fiona", "pw-fiona").status_code == 429
    assert not AuthToken.objects.filter(user=factchecker).exists()
    # The web login shares the count: same username, same address.
    from django.test import Client

    assert Client().post(
        reverse("login"), {"username": "fiona", "password": "pw-fiona"}
    ).status_code == 429


# --- API tokens (knox) -------------------------------------------------------------


def test_each_login_issues_a_new_token_and_each_works_until_it_expires(factchecker):
    first, second = obtain_token("fiona", "pw-fiona").json(), obtain_token("fiona", "pw-fiona").json()
    assert first["token"] != second["token"]
    for body in (first, second):
        expiry = datetime.datetime.fromisoformat(body["expiry"])
        ttl = settings.REST_KNOX["TOKEN_TTL"]
        assert abs(expiry - (timezone.now() + ttl)) < datetime.timedelta(minutes=1)
        assert token_client(body["token"]).get("/api/verdicts/").status_code == 200

    AuthToken.objects.filter(user=factchecker).update(
        expiry=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = token_client(first["token"]).get("/api/verdicts/")
    assert response.status_code == 401 and response.json()["error"]["message"] == "Invalid token."
    assert not AuthToken.objects.filter(user=factchecker).exists()  # expired ones are deleted


def test_logout_revokes_this_token_and_logoutall_every_token(factchecker):
    tokens = [obtain_token("fiona", "pw-fiona").json()["token"] for _ in range(3)]
    assert token_client(tokens[0]).post("/api/auth/logout/").status_code == 204
    assert token_client(tokens[0]).get("/api/verdicts/").status_code == 401
    assert token_client(tokens[1]).get("/api/verdicts/").status_code == 200
    assert token_client(tokens[1]).post("/api/auth/logoutall/").status_code == 204
    assert all(token_client(t).get("/api/verdicts/").status_code == 401 for t in tokens)


def test_a_password_change_on_the_web_revokes_the_api_tokens(client, factchecker):
    token = obtain_token("fiona", "pw-fiona").json()["token"]
    client.force_login(factchecker)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-fiona",
            "new_password1": "a-long-new-passphrase",
            "new_password2": "a-long-new-passphrase",
        },
    )
    assert response.status_code == 302
    assert token_client(token).get("/api/verdicts/").status_code == 401
    assert obtain_token("fiona", "a-long-new-passphrase").status_code == 200


def test_a_password_set_in_the_admin_revokes_the_api_tokens(client, factchecker, django_user_model):
    token = obtain_token("fiona", "pw-fiona").json()["token"]
    admin = django_user_model.objects.create_superuser("root", password="pw-root")
    client.force_login(admin)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[factchecker.pk]),
        {"password1": "a-long-new-passphrase", "password2": "a-long-new-passphrase"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert token_client(token).get("/api/verdicts/").status_code == 401


def test_a_password_set_in_code_revokes_the_api_tokens_and_other_users_keep_theirs(
    factchecker, editor
):
    mine = obtain_token("fiona", "pw-fiona").json()["token"]
    theirs = obtain_token("eddie", "pw-eddie").json()["token"]
    factchecker.set_password("another-long-passphrase")
    factchecker.save()
    assert token_client(mine).get("/api/verdicts/").status_code == 401
    assert token_client(theirs).get("/api/verdicts/").status_code == 200


def test_a_deactivated_users_token_stops_working(factchecker):
    token = obtain_token("fiona", "pw-fiona").json()["token"]
    factchecker.is_active = False
    factchecker.save()
    response = token_client(token).get("/api/verdicts/")
    assert response.status_code == 401


def test_the_schema_documents_the_token_scheme_and_endpoints(client, editor):
    client.force_login(editor)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    scheme = schema["components"]["securitySchemes"]["knoxApiToken"]
    assert scheme["name"] == "Authorization" and 'prefix "Token"' in scheme["description"]
    token_response = schema["paths"]["/api/auth/token/"]["post"]["responses"]["200"]
    properties = token_response["content"]["application/json"]["schema"]["$ref"]
    assert properties.endswith("/Token")
    assert set(schema["components"]["schemas"]["Token"]["properties"]) == {"token", "expiry"}
    assert "/api/auth/logout/" in schema["paths"] and "/api/auth/logoutall/" in schema["paths"]


# --- Content-Security-Policy ---------------------------------------------------------


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_the_policy_is_a_header_on_every_kind_of_page(client, factchecker, editor):
    verdict = published_verdict(factchecker, editor)
    strict = {"script-src": "'self'", "style-src": "'self'", "object-src": "'none'"}
    login = client.get(reverse("login"))
    assert 'http-equiv="Content-Security-Policy"' not in login.content.decode()
    public = client.get(reverse("public:verdict", args=[verdict.pk]))
    assert public.status_code == 200
    api = token_client(obtain_token("fiona", "pw-fiona").json()["token"]).get("/api/verdicts/")
    client.force_login(factchecker)
    desk = client.get(reverse("claims:desk"))
    report = client.get(reverse("public:report"), {"article": verdict.claim.article_id})
    assert report.status_code == 200

    for response in (login, desk, api):
        policy = directives(response)
        assert strict.items() <= policy.items(), policy
        assert policy["frame-ancestors"] == "'none'" and policy["default-src"] == "'self'"
    # The self-contained public pages may use inline styles, never scripts.
    for response in (public, report):
        policy = directives(response)
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self' 'unsafe-inline'"


def test_admin_and_api_docs_carry_the_policy_and_swagger_needs_no_inline_script(client, editor):
    client.force_login(editor)
    admin = client.get(reverse("admin:index"))
    assert directives(admin)["script-src"] == "'self'"
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and directives(docs)["script-src"] == "'self'"
    page = docs.content.decode()
    assert not re.search(r"<script>", page)  # every script has a src
    script = re.search(r'<script src="([^"]*script=[^"]*)"', page).group(1)
    init = client.get(script.replace("&amp;", "&"))
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()


# --- Password reset ------------------------------------------------------------


def test_without_mail_password_reset_says_it_is_not_set_up(client, factchecker):
    factchecker.email = "fiona@example.org"
    factchecker.save()
    for url in (
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_complete"),
        reverse("password_reset_confirm", args=["MQ", "set-password"]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Password reset by email is not set up here; ask an admin" in response.content.decode()
    response = client.post(reverse("password_reset"), {"email": "fiona@example.org"})
    assert response.status_code == 404 and mail.outbox == []


@override_settings(
    CLAIMS_PASSWORD_RESET_BY_EMAIL=True,
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def test_with_mail_password_reset_sends_a_link_that_sets_a_new_password(client, factchecker):
    factchecker.email = "fiona@example.org"
    factchecker.save()
    token = obtain_token("fiona", "pw-fiona").json()["token"]
    response = client.post(reverse("password_reset"), {"email": "fiona@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["fiona@example.org"]
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    assert client_class_post(reverse("login"), "fiona", "a-long-new-passphrase").status_code == 302
    assert token_client(token).get("/api/verdicts/").status_code == 401


# --- Throttles fail open when the cache is down --------------------------------------


@pytest.fixture
def own_redis():
    """A redis-server of this test's own on a free port; stopped by its PID."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    yield process, port
    if process.poll() is None:
        process.kill()
    process.wait()


def test_a_cache_outage_lets_api_requests_through_with_a_warning(own_redis, factchecker, caplog):
    process, port = own_redis
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    with override_settings(CACHES=caches):
        api = token_client(obtain_token("fiona", "pw-fiona").json()["token"])
        assert api.get("/api/articles/").status_code == 200
        assert redis.Redis(port=port).keys("*throttle_user_*")  # counted in this Redis

        process.terminate()  # Redis goes down
        process.wait(timeout=10)
        with caplog.at_level(logging.WARNING, logger="claims.throttling"):
            response = api.get("/api/articles/")
            assert response.status_code == 200
            assert obtain_token("fiona", "pw-fiona").status_code == 200
        assert "Throttle cache unavailable, request allowed" in caplog.text


# --- Database connections after a restart ----------------------------------------------


def terminate_backend_of(conn) -> None:
    """Kill conn's server process from another session, as a restart does."""
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with psycopg.connect(**{**conn.get_connection_params(), "autocommit": True}) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_first_request_after_the_database_dropped_its_connection_succeeds(
    factchecker, monkeypatch
):
    assert on_postgres()
    api = token_client(obtain_token("fiona", "pw-fiona").json()["token"])
    configured = settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]

    def request_after_a_restart(health_checks: bool):
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
        monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", health_checks)
        assert api.get("/api/articles/").status_code == 200  # a persistent connection
        terminate_backend_of(connection)
        close_old_connections()  # what the handler does when a request starts
        return api.get("/api/articles/")

    # Without health checks the dead connection is reused: the request fails.
    with pytest.raises(Exception, match="terminat|closed|connection"):
        request_after_a_restart(False)
    connection.close()
    assert request_after_a_restart(configured).status_code == 200
