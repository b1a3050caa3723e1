"""Demo accounts and the demo article for `make run` (never in production)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import services
from .models import Article, Claim, Verdict
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
    result.article.refresh_from_db()
    demo_stages_set(article=result.article)
    return list(DEMO_ACCOUNTS), result.article


# Written by the demo loader to show the workflow; they check nothing.
DEMO_HEADLINE = "Demo verdict: not a real fact check"
DEMO_RATIONALE = (
    "The demo loader wrote this verdict to show a claim at each stage of the "
    "desk (queued, assigned, in review, published). It checks nothing."
)
DEMO_EVIDENCE_URL = "https://example.org/demo-source"


def demo_stages_set(*, article: Article) -> dict[str, Claim]:
    """Put one of the demo article's best claims at each stage of the desk:
    published (its public page linked from the claim), in review (for the
    editor to approve), assigned (to the fact-checker, until its lease runs
    out); the rest stay queued. Return the staged claims by stage.

    Nothing is done unless the article is processed and nobody has worked on
    it yet, so loading the demo again never undoes what people did.
    """
    claims = article.claims.filter(queue_state=Claim.QueueState.QUEUED)
    worked_on = article.claims.exclude(
        queue_state__in=[Claim.QueueState.QUEUED, Claim.QueueState.BELOW_THRESHOLD]
    ).exists() or Verdict.objects.filter(claim__article=article).exists()
    if article.status != Article.Status.DONE or worked_on or claims.count() < 4:
        return {}
    User = get_user_model()
    factchecker = User.objects.get(username="factchecker")
    editor = User.objects.get(username="editor")
    published, in_review, assigned = claims.order_by("-checkworthiness", "position")[:3]
    for claim in (published, in_review):
        services.claim_take(claim=claim, by=factchecker)
        verdict = services.verdict_create(
            claim=claim, by=factchecker, rating="unproven", headline=DEMO_HEADLINE,
            rationale=DEMO_RATIONALE,
        )
        services.evidence_add(
            verdict=verdict, by=factchecker, url=DEMO_EVIDENCE_URL,
            title="Demo source (not a real source)", stance="context",
        )
        verdict = services.verdict_submit(verdict=verdict, by=factchecker)
        if claim == published:
            verdict = services.verdict_approve(verdict=verdict, by=editor)
            verdict = services.verdict_publish(verdict=verdict, by=editor)
            # It checks nothing: kept out of the library, so that no real
            # article's claim shows it as checked before.
            services.desk_checked_claim_withdraw(verdict=verdict)
    services.claim_take(claim=assigned, by=factchecker)
    return {"published": published, "in_review": in_review, "assigned": assigned}
