"""Shared fixtures: users per role, the demo text, service-dependent skips."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from claims.roles import Role

ROOT = Path(__file__).resolve().parents[1]
DEMO_TEXT = (ROOT / "claims" / "fixtures" / "demo_article.txt").read_text(encoding="utf-8")
SHARED = ROOT.parent / "shared"


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(
        reason="needs PostgreSQL with pgvector: runs in the PostgreSQL pass of `make test`"
    )
    for item in items:
        if "postgres" in item.keywords and not on_postgres():
            item.add_marker(skip_pg)
        # A transactional test empties the tables when it ends; restoring the
        # migrated rows (roles, permissions) keeps later tests independent.
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "serialized_rollback" not in marker.kwargs:
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True),
                append=False,
            )


@pytest.fixture
def redis_url() -> str:
    """The test broker; a missing Redis skips locally and fails in CI."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        message = "needs Redis (TEST_REDIS_URL): start redis-server to run the Celery worker tests"
        if os.environ.get("CLAIMS_TESTS_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def demo_text() -> str:
    return DEMO_TEXT


def make_user(django_user_model, username: str, role: str, **extra):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username, **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def factchecker(django_user_model):
    return make_user(django_user_model, "fiona", Role.FACT_CHECKER)


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "eddie", Role.EDITOR, is_staff=True)


@pytest.fixture
def factchecker_client(client, factchecker):
    client.force_login(factchecker)
    return client


@pytest.fixture
def factchecker2(django_user_model):
    return make_user(django_user_model, "frank", Role.FACT_CHECKER)


@pytest.fixture
def editor2(django_user_model):
    return make_user(django_user_model, "erin", Role.EDITOR, is_staff=True)
