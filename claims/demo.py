"""Demo accounts and the demo article for `make run` (never in production)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import services
from .models import Article
from .roles import Role

DEMO_ARTICLE_PATH = Path(__file__).resolve().parent / "fixtures" / "demo_article.txt"
# Sample checks in our own words, so that the demo shows the library at work
# (checked before, raised in the queue); not real verdicts.
DEMO_LIBRARY_PATH = DEMO_ARTICLE_PATH.with_name("demo_library.json")
DEMO_NOT_ALLOWED = "Demo data is never loaded under these settings (DEMO_DATA_ALLOWED is off)."


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("factchecker", "factchecker-demo", Role.FACT_CHECKER),
    DemoAccount("editor", "editor-demo", Role.EDITOR, is_staff=True),
    DemoAccount("admin", "admin-demo", Role.ADMIN, is_staff=True, is_superuser=True),
)


def demo_load() -> tuple[list[DemoAccount], Article]:
    """Create the demo accounts (passwords reset), import the sample library
    of checked claims and ingest the demo article."""
    if not settings.DEMO_DATA_ALLOWED:
        raise PermissionError(DEMO_NOT_ALLOWED)
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.set_password(account.password)
        user.is_staff, user.is_superuser = account.is_staff, account.is_superuser
        user.save()
        user.groups.add(Group.objects.get(name=account.role))
    services.checked_claims_import(
        records=json.loads(DEMO_LIBRARY_PATH.read_text(encoding="utf-8")), source="claimreview"
    )
    result = services.article_submit(
        text=DEMO_ARTICLE_PATH.read_text(encoding="utf-8"),
        title="Russia and Syria: news round-up (demo)",
        submitted_by=User.objects.get(username="editor"),
        source=Article.Source.DEMO,
    )
    return list(DEMO_ACCOUNTS), result.article
