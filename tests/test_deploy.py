"""What a deployment needs besides the app: the health URL, the first admin
from the environment, and HTTPS switched by CLAIMS_HTTPS (issue #25)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.utils import OperationalError

from claims import health

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.django_db


def test_health_answers_ok_whatever_the_host_and_without_redirect(client, settings):
    settings.ALLOWED_HOSTS = ["claims.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/health/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503 and b"database unavailable" in response.content


def test_health_takes_only_reads(client):
    assert client.post("/health/").status_code in (403, 405)  # CSRF, or no such method


def ensure_admin(monkeypatch, **env) -> str:
    for name in ("USERNAME", "PASSWORD", "EMAIL"):
        monkeypatch.delenv(f"DJANGO_SUPERUSER_{name}", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(f"DJANGO_SUPERUSER_{name.upper()}", value)
    from io import StringIO

    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_the_first_admin_is_created_once_from_the_environment(monkeypatch):
    out = ensure_admin(monkeypatch, username="boss", password="a-long-admin-password",
                       email="boss@example.org")
    assert "Created the admin boss" in out
    admin = get_user_model().objects.get(username="boss")
    assert admin.is_superuser and admin.is_staff and admin.email == "boss@example.org"
    assert admin.groups.filter(name="Admins").exists()
    admin.set_password("changed-by-the-admin-since")
    admin.save()
    out = ensure_admin(monkeypatch, username="boss", password="a-long-admin-password")
    assert "left as it is" in out
    admin.refresh_from_db()
    assert admin.check_password("changed-by-the-admin-since")  # never reset


def test_no_admin_without_the_variables_and_a_weak_password_is_refused(monkeypatch):
    assert "is unset" in ensure_admin(monkeypatch)
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD"):
        ensure_admin(monkeypatch, username="boss")
    with pytest.raises(CommandError, match="too short|too common"):
        ensure_admin(monkeypatch, username="boss", password="admin")
    with pytest.raises(CommandError, match="placeholder"):  # .env.example's, as it stands
        ensure_admin(monkeypatch, username="boss", password="change-me-to-a-long-password")
    assert not get_user_model().objects.filter(username="boss").exists()


def production_setting(code: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("SECURE_", "CLAIMS_", "DJANGO_", "DATABASE_"))}
    environment.update(DJANGO_SETTINGS_MODULE="workbench.settings.production",
                       SECRET_KEY="x" * 50, **env)
    return subprocess.run(
        [sys.executable, "-c",
         f"import django; django.setup(); from django.conf import settings; print({code})"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=True,
    ).stdout.strip()


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "True 31536000 True True"),  # secure by default
        ({"CLAIMS_HTTPS": "false"}, "False 0 False False"),  # plain http compose
        ({"CLAIMS_HTTPS": "false", "SECURE_HSTS_SECONDS": "60"}, "False 60 False False"),
    ],
)
def test_https_is_switched_by_one_setting(env, expected):
    names = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
             "CSRF_COOKIE_SECURE")
    values = ", ".join(f"settings.{name}" for name in names)
    assert production_setting(f"*({values},)", **env) == expected
