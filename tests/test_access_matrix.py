"""Who may open what: every URL of the project against six users (issue 19).

The URL patterns are read from the resolver, so a URL added without a row in
PAGES (or, for the admin, a model without a row in ADMIN_MODELS) fails
test_every_url_has_an_expected_answer. Published verdicts and the ClaimReview
feed are public; every other page, export, report and API endpoint needs a
newsroom role; a draft verdict is its author's and the editors' only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from claims import services
from claims.models import (
    Article,
    CheckedClaim,
    Claim,
    ClaimRelation,
    ClaimSkip,
    Evidence,
    LibraryMatch,
    Verdict,
)
from claims.roles import Role
from tests.conftest import make_user
from tests.factories import ClaimFactory
from tests.test_exports import published_verdict

pytestmark = pytest.mark.django_db

USERS = ("anonymous", "no_role", "fc_a", "fc_b", "editor", "admin")
DRAFT_HEADLINE = "Draft headline only Fiona and the editors may read"
DRAFT_RATIONALE = "Draft rationale kept from other fact-checkers"
DRAFT_EVIDENCE = "https://draft-evidence.example.org/private"

# An answer: a status code, "login" (302 to the login page) or "admin-login".
LOGIN, ADMIN_LOGIN = "login", "admin-login"
# Profiles, in the order of USERS.
PUBLIC = (200,) * 6
ROLE = (LOGIN, 403, 200, 200, 200, 200)
EDITORS = (LOGIN, 403, 403, 403, 200, 200)
SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200)  # your own account
POST_ONLY = (405,) * 6
API = (401, 403, 200, 200, 200, 200)
API_DRAFT_OF_A = (401, 403, 200, 404, 200, 200)
API_POST_ONLY = (401, 403, 405, 405, 405, 405)
NOT_FOUND = (404,) * 6
# The desk's API actions answer GET with 405 once the role is checked.
API_FC_POST_ONLY = (401, 403, 405, 405, 403, 405)  # fact-checkers (and admins)
API_EDITOR_POST_ONLY = (401, 403, 403, 403, 405, 405)


def password_reset() -> tuple:
    """Password reset is served only when mail is set up; otherwise a page
    says so with a 404 (switched off, not a fake success)."""
    enabled = getattr(settings, "CLAIMS_PASSWORD_RESET_BY_EMAIL", True)
    return (200,) * 6 if enabled else NOT_FOUND


# Route (as the resolver spells it) -> [(URL with {placeholders}, answers)].
PAGES = {
    # Readers and partners: published verdicts, nothing else.
    "verdicts/<int:verdict_id>/": [
        ("/verdicts/{published}/", PUBLIC),
        ("/verdicts/{draft}/", NOT_FOUND),  # a draft is no public page, even for its author
    ],
    "feeds/claimreview.json": [("/feeds/claimreview.json", PUBLIC)],
    # Exports and reports: a newsroom role.
    "exports/verdicts.csv": [("/exports/verdicts.csv", ROLE)],
    "exports/verdicts.jsonl": [("/exports/verdicts.jsonl", ROLE)],
    "reports/verdicts/": [("/reports/verdicts/", ROLE)],
    "reports/verdicts.pdf": [("/reports/verdicts.pdf", ROLE)],
    # The desk.
    "": [("/", ROLE)],
    "desk/queue/": [("/desk/queue/", ROLE)],
    "desk/take/": [("/desk/take/", POST_ONLY)],
    "claims/<int:claim_id>/": [
        ("/claims/{claim_a}/", ROLE),
        ("/claims/{hidden}/", (LOGIN, 403, 404, 404, 404, 404)),  # hidden by an editor
    ],
    "claims/<int:claim_id>/take/": [("/claims/{claim_a}/take/", POST_ONLY)],
    "claims/<int:claim_id>/take-statement/": [
        ("/claims/{claim_a}/take-statement/", POST_ONLY)
    ],
    "claims/<int:claim_id>/skip/": [("/claims/{claim_a}/skip/", POST_ONLY)],
    "claims/<int:claim_id>/release/": [("/claims/{claim_a}/release/", POST_ONLY)],
    "claims/<int:claim_id>/assign/": [("/claims/{claim_a}/assign/", POST_ONLY)],
    "claims/<int:claim_id>/requeue/": [("/claims/{claim_a}/requeue/", POST_ONLY)],
    "claims/<int:claim_id>/pin/": [("/claims/{claim_a}/pin/", POST_ONLY)],
    "claims/<int:claim_id>/attribution/": [("/claims/{claim_a}/attribution/", POST_ONLY)],
    "claims/<int:claim_id>/verdict/": [("/claims/{claim_a}/verdict/", POST_ONLY)],
    "claims/<int:claim_id>/adopt/<int:verdict_id>/": [
        ("/claims/{claim_a}/adopt/{published}/", POST_ONLY)
    ],
    "claims/<int:claim_id>/relations/<int:relation_id>/": [
        ("/claims/{claim_a}/relations/{relation}/", POST_ONLY)
    ],
    "claims/<int:claim_id>/library/<int:match_id>/decide/": [
        ("/claims/{claim_a}/library/{match}/decide/", POST_ONLY)
    ],
    "claims/<int:claim_id>/library/<int:match_id>/adopt/": [
        ("/claims/{claim_a}/library/{match}/adopt/", POST_ONLY)
    ],
    "verdicts/<int:verdict_id>/evidence/": [("/verdicts/{draft}/evidence/", POST_ONLY)],
    "evidence/<int:evidence_id>/remove/": [("/evidence/{evidence_a}/remove/", POST_ONLY)],
    "verdicts/<int:verdict_id>/correct/": [("/verdicts/{published}/correct/", POST_ONLY)],
    "verdicts/<int:verdict_id>/<slug:action>/": [("/verdicts/{draft}/submit/", POST_ONLY)],
    "articles/": [("/articles/", ROLE)],
    "articles/new/": [("/articles/new/", ROLE)],
    "articles/<int:article_id>/": [("/articles/{article}/", ROLE)],
    "articles/<int:article_id>/progress/": [("/articles/{article}/progress/", ROLE)],
    "articles/<int:article_id>/status/": [("/articles/{article}/status/", ROLE)],
    "articles/<int:article_id>/retry/": [("/articles/{article}/retry/", POST_ONLY)],
    "search/": [("/search/?q=schools", ROLE)],
    # Your own notifications (issue #24): a newsroom role.
    "notifications/": [("/notifications/", ROLE)],
    "notifications/read/": [("/notifications/read/", POST_ONLY)],
    "notifications/<int:notification_id>/read/": [("/notifications/1/read/", POST_ONLY)],
    "notifications/settings/": [("/notifications/settings/", ROLE)],
    "dashboard/": [("/dashboard/", EDITORS)],
    # Watched feeds and sitemaps (issue #23): editors; switching and checking POST only.
    "sources/": [("/sources/", EDITORS)],
    "sources/<int:source_id>/switch/": [("/sources/1/switch/", POST_ONLY)],
    "sources/<int:source_id>/poll/": [("/sources/1/poll/", POST_ONLY)],
    # An evidence page's archived copy: none in this world (archiving is off in tests).
    "evidence/<int:evidence_id>/archive/": [
        ("/evidence/{evidence_a}/archive/", (LOGIN, 403, 404, 404, 404, 404))
    ],
    # Container healthchecks: "ok" or why not, nothing else (claims/health.py).
    "health/": [("/health/", PUBLIC)],
    "favicon.ico": [("/favicon.ico", (301,) * 6)],  # to the static SVG icon
    # Accounts: anyone may log in; a signed-in user changes their own password.
    "accounts/login/": [("/accounts/login/", PUBLIC)],
    "accounts/logout/": [("/accounts/logout/", POST_ONLY)],
    "accounts/password_change/": [("/accounts/password_change/", SIGNED_IN)],
    "accounts/password_change/done/": [("/accounts/password_change/done/", SIGNED_IN)],
    "accounts/password_reset/": [("/accounts/password_reset/", password_reset)],
    "accounts/password_reset/done/": [("/accounts/password_reset/done/", password_reset)],
    "accounts/reset/<uidb64>/<token>/": [("/accounts/reset/MQ/set-password/", password_reset)],
    "accounts/reset/done/": [("/accounts/reset/done/", password_reset)],
    # The language switcher: anyone may choose (a signed-in user's choice is kept).
    "i18n/setlang/": [("/i18n/setlang/", POST_ONLY)],
    # The API, its schema and docs: a newsroom role (sessions here; tokens
    # in test_a_revoked_fact_checker_loses_the_api_at_once).
    "api/auth/token/": [("/api/auth/token/", POST_ONLY)],  # takes a password, no role
    # Revoking tokens takes a token, not a session: POST with one, no role needed.
    "api/auth/logout/": [("/api/auth/logout/", (401,) * 6)],
    "api/auth/logoutall/": [("/api/auth/logoutall/", (401,) * 6)],
    "api/": [("/api/", API)],
    "api/<drf_format_suffix:format>": [("/api/.json", API)],
    "api/schema/": [("/api/schema/", API)],
    "api/docs/": [("/api/docs/", API)],
    "api/exports/verdicts.csv": [("/api/exports/verdicts.csv", API)],
    "api/exports/verdicts.jsonl": [("/api/exports/verdicts.jsonl", API)],
    "api/exports/claimreview.json": [("/api/exports/claimreview.json", API)],
    "api/articles/$": [("/api/articles/", API)],
    r"api/articles\.(?P<format>[a-z0-9]+)/?$": [("/api/articles.json", API)],
    "api/articles/(?P<pk>[^/.]+)/$": [("/api/articles/{article}/", API)],
    r"api/articles/(?P<pk>[^/.]+)\.(?P<format>[a-z0-9]+)/?$": [
        ("/api/articles/{article}.json", API)
    ],
    "api/articles/(?P<pk>[^/.]+)/claims/$": [("/api/articles/{article}/claims/", API)],
    r"api/articles/(?P<pk>[^/.]+)/claims\.(?P<format>[a-z0-9]+)/?$": [
        ("/api/articles/{article}/claims.json", API)
    ],
    "api/claims/$": [("/api/claims/", API)],
    r"api/claims\.(?P<format>[a-z0-9]+)/?$": [("/api/claims.json", API)],
    "api/claims/(?P<pk>[^/.]+)/$": [("/api/claims/{claim_a}/", API)],
    r"api/claims/(?P<pk>[^/.]+)\.(?P<format>[a-z0-9]+)/?$": [("/api/claims/{claim_a}.json", API)],
    "api/claims/(?P<pk>[^/.]+)/checked/$": [("/api/claims/{claim_a}/checked/", API)],
    r"api/claims/(?P<pk>[^/.]+)/checked\.(?P<format>[a-z0-9]+)/?$": [
        ("/api/claims/{claim_a}/checked.json", API)
    ],
    "api/claims/(?P<pk>[^/.]+)/related/$": [("/api/claims/{claim_a}/related/", API)],
    r"api/claims/(?P<pk>[^/.]+)/related\.(?P<format>[a-z0-9]+)/?$": [
        ("/api/claims/{claim_a}/related.json", API)
    ],
    "api/verdicts/$": [("/api/verdicts/", API)],
    r"api/verdicts\.(?P<format>[a-z0-9]+)/?$": [("/api/verdicts.json", API)],
    "api/verdicts/(?P<pk>[^/.]+)/$": [
        ("/api/verdicts/{published}/", API),
        ("/api/verdicts/{draft}/", API_DRAFT_OF_A),
    ],
    r"api/verdicts/(?P<pk>[^/.]+)\.(?P<format>[a-z0-9]+)/?$": [
        ("/api/verdicts/{draft}.json", API_DRAFT_OF_A)
    ],
    "api/verdicts/(?P<pk>[^/.]+)/claimreview/$": [
        ("/api/verdicts/{published}/claimreview/", API),
        # Not B's to read; its author learns that only a published one has a ClaimReview.
        ("/api/verdicts/{draft}/claimreview/", (401, 403, 404, 404, 404, 404)),
    ],
    r"api/verdicts/(?P<pk>[^/.]+)/claimreview\.(?P<format>[a-z0-9]+)/?$": [
        ("/api/verdicts/{published}/claimreview.json", API)
    ],
    # The desk's work (claims/api_desk.py): POST (PATCH, DELETE) only.
    "api/desk/take-next/": [("/api/desk/take-next/", API_FC_POST_ONLY)],
    "api/claims/<int:pk>/release/": [("/api/claims/{claim_a}/release/", API_POST_ONLY)],
    "api/claims/<int:pk>/skip/": [("/api/claims/{claim_a}/skip/", API_POST_ONLY)],
    "api/claims/<int:pk>/attribution/": [("/api/claims/{claim_a}/attribution/", API_POST_ONLY)],
    "api/claims/<int:pk>/verdict/": [("/api/claims/{claim_a}/verdict/", API_FC_POST_ONLY)],
    "api/claims/<int:pk>/library/<int:match_id>/adopt/": [
        ("/api/claims/{claim_a}/library/{match}/adopt/", API_FC_POST_ONLY)
    ],
    "api/verdicts/<int:pk>/draft/": [("/api/verdicts/{draft}/draft/", API_FC_POST_ONLY)],
    "api/verdicts/<int:pk>/evidence/": [("/api/verdicts/{draft}/evidence/", API_FC_POST_ONLY)],
    "api/verdicts/<int:pk>/evidence/<int:evidence_id>/": [
        ("/api/verdicts/{draft}/evidence/{evidence_a}/", API_FC_POST_ONLY)
    ],
    "api/verdicts/<int:pk>/submit/": [("/api/verdicts/{draft}/submit/", API_FC_POST_ONLY)],
    "api/verdicts/<int:pk>/reopen/": [("/api/verdicts/{draft}/reopen/", API_FC_POST_ONLY)],
    "api/verdicts/<int:pk>/approve/": [("/api/verdicts/{draft}/approve/", API_EDITOR_POST_ONLY)],
    "api/verdicts/<int:pk>/send-back/": [
        ("/api/verdicts/{draft}/send-back/", API_EDITOR_POST_ONLY)
    ],
    "api/verdicts/<int:pk>/publish/": [("/api/verdicts/{draft}/publish/", API_EDITOR_POST_ONLY)],
    "api/verdicts/<int:pk>/correct/": [
        ("/api/verdicts/{published}/correct/", API_EDITOR_POST_ONLY)
    ],
    "api/verdicts/<int:pk>/retract/": [
        ("/api/verdicts/{published}/retract/", API_EDITOR_POST_ONLY)
    ],
    # Your own notifications (notifications/api.py): a newsroom role.
    "api/notifications/": [("/api/notifications/", API)],
    "api/notifications/unread-count/": [("/api/notifications/unread-count/", API)],
    "api/notifications/read-all/": [("/api/notifications/read-all/", API_POST_ONLY)],
    "api/notifications/<int:pk>/read/": [("/api/notifications/1/read/", API_POST_ONLY)],
    "api/notifications/settings/": [("/api/notifications/settings/", API)],
}

# The admin: editors and admins moderate; everyone else is sent to its login.
# Per registered model, what each of them may do there: v(iew), a(dd),
# d(elete). A model registered without a row here fails the test. Admins
# hold every permission of the claims app, none of auth's (superusers do).
ADMIN_MODELS = {
    "auth.group": ("", ""),
    "auth.user": ("", ""),
    "authtoken.tokenproxy": ("", ""),
    "knox.authtoken": ("", ""),
    "axes.accessattempt": ("", ""),
    "axes.accessfailurelog": ("", ""),
    "axes.accesslog": ("", ""),
    "claims.article": ("v", "vd"),
    "claims.speaker": ("v", "v"),  # from extraction; merged, never added or deleted
    "claims.claim": ("v", "vad"),
    "claims.claimskip": ("v", "vd"),
    "claims.claimrelation": ("v", "vad"),
    "claims.librarymatch": ("v", "vad"),
    "claims.checkedclaim": ("v", "vad"),
    "claims.verdict": ("v", "v"),
    "claims.evidence": ("v", "v"),
    "claims.verdictstatuschange": ("v", "v"),
    "claims.verdictrevision": ("v", "v"),
    "claims.moderationlog": ("v", "v"),
    "sources.source": ("va", "vad"),  # editors add and edit, never delete
    "sources.sourceentry": ("v", "v"),  # written by polling
    "sources.sourcepoll": ("v", "v"),
    "sources.pagefetch": ("v", "v"),  # written by fetching
    "sources.evidencesnapshot": ("v", "v"),  # written by archiving
    "sources.transcript": ("v", "v"),  # written by ingest_transcripts
    "notifications.notification": ("", "v"),  # written by the services, read by admins
    "notifications.notificationsetting": ("", "v"),
    "webhooks.webhookendpoint": ("", "vad"),  # Admins manage webhooks
    "webhooks.webhookdelivery": ("", "v"),  # the log: read, and "send again"
}
STAFF = (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN)  # anonymous .. fc_b
ADMIN_SITE = {
    "admin/": [("/admin/", (*STAFF, 200, 200))],
    "admin/login/": [("/admin/login/", (200, 200, 200, 200, 302, 302))],
    # Django sends whoever may not use the admin from its logout to its index.
    "admin/logout/": [("/admin/logout/", (302, 302, 302, 302, 405, 405))],
    "admin/password_change/": [("/admin/password_change/", (*STAFF, 200, 200))],
    "admin/password_change/done/": [("/admin/password_change/done/", (*STAFF, 200, 200))],
    "admin/autocomplete/": [("/admin/autocomplete/", (*STAFF, 403, 403))],
    "admin/jsi18n/": [("/admin/jsi18n/", (*STAFF, 200, 200))],
    "admin/r/<path:content_type_id>/<path:object_id>/": [
        ("/admin/r/{claim_type}/{claim_a}/", (*STAFF, 302, 302))
    ],
    "admin/(?P<url>.*)$": [("/admin/no-such-page/", (*STAFF, 404, 404))],
    "admin/auth/user/<id>/password/": [("/admin/auth/user/{user_a}/password/", (*STAFF, 403, 403))],
}


@dataclass
class World:
    """Real objects behind every URL: A holds claim_a with a draft verdict and
    its evidence; a published verdict by B; a relation, a library match, a
    skipped, a hidden and a queued claim."""

    users: dict
    ids: dict


@pytest.fixture
def world(django_user_model) -> World:
    fc_a = make_user(django_user_model, "fiona", Role.FACT_CHECKER)
    fc_b = make_user(django_user_model, "frank", Role.FACT_CHECKER)
    editor = make_user(django_user_model, "eddie", Role.EDITOR, is_staff=True)
    admin_user = make_user(django_user_model, "ada", Role.ADMIN, is_staff=True)
    no_role = django_user_model.objects.create_user("nora", password="pw-nora")
    published = published_verdict(fc_b, editor)
    services.verdict_correct(verdict=published, by=editor, note="Typo", headline="No: corrected")
    claim_a = ClaimFactory(assigned_to=fc_a, article__title="Schools")
    draft = services.verdict_create(
        claim=claim_a, by=fc_a, rating="false", headline=DRAFT_HEADLINE, rationale=DRAFT_RATIONALE
    )
    evidence = services.evidence_add(
        verdict=draft, by=fc_a, url=DRAFT_EVIDENCE, title="Private source", stance="refutes"
    )
    relation = ClaimRelation.objects.create(
        claim=claim_a, other=published.claim, similarity=0.95, tier="same"
    )
    check = CheckedClaim.objects.create(
        text="Schools reopen.", source="claimreview", external_id="m1", verdict="False"
    )
    match = LibraryMatch.objects.create(
        claim=claim_a, checked_claim=check, score=0.9, similarity=0.9, tier="same"
    )
    services.claim_skip(claim=ClaimFactory(), by=editor, reason=ClaimSkip.Reason.DUPLICATE)
    hidden = ClaimFactory()
    services.claim_hide(claim=hidden, by=editor, reason="Legal")
    queued = ClaimFactory()
    users = {
        "anonymous": None,
        "no_role": no_role,
        "fc_a": fc_a,
        "fc_b": fc_b,
        "editor": editor,
        "admin": admin_user,
    }
    ids = {
        "article": claim_a.article_id,
        "claim_a": claim_a.pk,
        "queued": queued.pk,
        "hidden": hidden.pk,
        "draft": draft.pk,
        "published": published.pk,
        "evidence_a": evidence.pk,
        "relation": relation.pk,
        "match": match.pk,
        "user_a": fc_a.pk,
        "claim_type": ContentType.objects.get_for_model(Claim).pk,
    }
    return World(users, ids)


def client_for(world: World, who: str) -> Client:
    client = APIClient()  # a Django test client that also sends JSON
    if world.users[who] is not None:
        client.force_login(world.users[who])
    return client


# --- Enumerating the URLs --------------------------------------------------


def join(route: str, more: str) -> str:
    """Join routes as ResolverMatch.route does."""
    return more if not route else route + more.removeprefix("^")


def url_routes(patterns=None, prefix: str = ""):
    """Yield (route, URLPattern) for every URL pattern of the project."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = join(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from url_routes(pattern.url_patterns, route)
        else:
            yield route, pattern


def admin_pages(world: World) -> dict:
    """The admin site's pages, and each registered model's, with answers."""
    pages = dict(ADMIN_SITE)
    app_labels = list(dict.fromkeys(model._meta.app_label for model in admin.site._registry))
    pages[f"admin/(?P<app_label>{'|'.join(app_labels)})/$"] = [
        ("/admin/claims/", (*STAFF, 200, 200)),
        ("/admin/auth/", (*STAFF, 404, 404)),  # no auth model of theirs
    ]
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        rights = ADMIN_MODELS.get(label)
        if rights is None:
            continue  # test_every_url_has_an_expected_answer says which
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        obj = model._default_manager.order_by("pk").first()
        pk = obj.pk if obj is not None else 0

        def answers(need: str, *, missing: int | None = None, found: int = 200):
            """Answer for editors and admins: found if their rights include
            need (any letter), else 403; missing when there is no object."""
            out = []
            for right in rights:
                allowed = any(letter in right for letter in need)
                if not allowed:
                    out.append(403)
                else:
                    out.append(missing if obj is None and missing is not None else found)
            return (*STAFF, *out)

        pages[base] = [(f"/{base}", answers("v"))]
        pages[f"{base}add/"] = [(f"/{base}add/", answers("a"))]
        pages[f"{base}<path:object_id>/change/"] = [
            (f"/{base}{pk}/change/", answers("v", missing=302))
        ]
        pages[f"{base}<path:object_id>/history/"] = [  # no object: 302 before any check
            (f"/{base}{pk}/history/", answers("v") if obj else (*STAFF, 302, 302))
        ]
        pages[f"{base}<path:object_id>/delete/"] = [
            (f"/{base}{pk}/delete/", answers("d", missing=302))
        ]
        pages[f"{base}<path:object_id>/"] = [(f"/{base}{pk}/", (*STAFF, 302, 302))]
        if hasattr(model, "history"):  # django-simple-history's page of one record
            record = model.history.filter(id__in=model._default_manager.values("pk")).first()
            pages[f"{base}([^/]+)/history/([^/]+)/$"] = [
                (f"/{base}{record.id}/history/{record.history_id}/", answers("v"))
            ]
    return pages


def all_pages(world: World) -> dict:
    return {**PAGES, **admin_pages(world)}


def test_every_url_has_an_expected_answer(world):
    """A URL pattern without a row (or an admin model without one) fails here."""
    expected = all_pages(world)
    missing = sorted(route for route, _ in url_routes() if route not in expected)
    unregistered = sorted(
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.label_lower not in ADMIN_MODELS
    )
    assert missing == [] and unregistered == [], (missing, unregistered)
    gone = sorted(set(PAGES) - {route for route, _ in url_routes()})
    assert gone == [], f"rows for URLs that no longer exist: {gone}"


def answer_of(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(resolve_url(settings.LOGIN_URL) + "?"):
            return LOGIN
        if location.startswith("/admin/login/?"):
            return ADMIN_LOGIN
    return response.status_code


@pytest.mark.parametrize("who", USERS)
def test_every_url_answers_each_user_as_intended(world, who):
    """GET every URL as one user; list every answer that differs."""
    client = client_for(world, who)
    column = USERS.index(who)
    wrong = []
    for route, cases in all_pages(world).items():
        for template, answers in cases:
            url = template.format(**world.ids)
            assert resolve(url.split("?")[0]).route == route, (url, route)
            expected = (answers() if callable(answers) else answers)[column]
            got = answer_of(client.get(url))
            if got != expected:
                wrong.append(f"{url}: expected {expected}, got {got}")
    assert wrong == [], "\n".join(wrong)


# --- State-changing requests -------------------------------------------------


@dataclass(frozen=True)
class Done:
    """The answer (or answers) of a request that must change what is stored."""

    status: int | str | tuple


def desk_state() -> tuple:
    """What the desk has stored: articles, claims' states, verdicts, evidence,
    decisions on relations and library matches, skips."""
    return (
        Article.objects.count(),
        sorted(
            Claim.objects.values_list(
                "pk", "queue_state", "assigned_to", "is_pinned", "speaker_role"
            )
        ),
        sorted(Verdict.objects.values_list("pk", "status", "headline", "version")),
        sorted(Evidence.objects.values_list("pk", "url")),
        sorted(ClaimRelation.objects.values_list("pk", "decision")),
        sorted(LibraryMatch.objects.values_list("pk", "decision")),
        ClaimSkip.objects.count(),
    )


SUBMIT = {"text": "The mayor said that 40 new buses would run from May.", "title": "Buses"}
# name: (URL, body, answers in the order of USERS). A plain answer must leave
# the desk as it was; Done(answer) must change it.
POSTS = {
    "submit an article (web)": (
        "/articles/new/",
        SUBMIT,
        (LOGIN, 403, Done(302), Done(302), Done(302), Done(302)),
    ),
    "submit an article (API)": (
        "/api/articles/",
        SUBMIT,
        # 201 once queued, 202 while stored and waiting for the queue.
        (401, 403, *[Done((201, 202))] * 4),
    ),
    "take the next claim": (
        "/desk/take/",
        {},
        (LOGIN, 403, Done(302), Done(302), 403, Done(302)),
    ),
    # A's draft: only A saves it; B and the admin are refused by the service.
    "save A's draft": (
        "/claims/{claim_a}/verdict/",
        {"rating": "false", "headline": "Overwritten", "version": 1},
        (LOGIN, 403, Done(302), 200, 403, 200),
    ),
    "submit A's draft": (
        "/verdicts/{draft}/submit/",
        {},
        (LOGIN, 403, Done(302), 404, 403, 302),
    ),
    "add evidence to A's draft": (
        "/verdicts/{draft}/evidence/",
        {"url": "https://other.example.org/", "stance": "supports", "accessed_on": "2026-12-01"},
        (LOGIN, 403, Done(302), 404, 403, 200),
    ),
    "remove evidence from A's draft": (
        "/evidence/{evidence_a}/remove/",
        {},
        (LOGIN, 403, Done(302), 404, 403, 302),
    ),
    "skip A's claim": (
        "/claims/{claim_a}/skip/",
        {"reason": ClaimSkip.Reason.DUPLICATE},
        (LOGIN, 403, 200, 200, 200, 200),  # a claim with a verdict is never skipped
    ),
    "release A's claim": (
        "/claims/{claim_a}/release/",
        {},
        (LOGIN, 403, Done(302), 302, Done(302), Done(302)),
    ),
    "decide on a relation of A's claim": (
        "/claims/{claim_a}/relations/{relation}/",
        {"decision": "confirmed"},
        (LOGIN, 403, Done(302), 302, Done(302), Done(302)),
    ),
    "assign a queued claim": (
        "/claims/{queued}/assign/",
        {"to": "{user_b}"},
        (LOGIN, 403, 403, 403, Done(302), Done(302)),
    ),
    "pin a queued claim": (
        "/claims/{queued}/pin/",
        {"pinned": "1"},
        (LOGIN, 403, 403, 403, Done(302), Done(302)),
    ),
    "retract the published verdict": (
        "/verdicts/{published}/retract/",
        {"note": "Wrong figures"},
        (LOGIN, 403, 403, 403, Done(302), Done(302)),
    ),
    # The desk's API (claims/api_desk.py): the same rules as the pages above.
    # "METHOD /api/...": a method other than POST.
    "take the next claim (API)": (
        "/api/desk/take-next/",
        {},
        (401, 403, Done(200), Done(200), 403, Done(200)),
    ),
    "release A's claim (API)": (
        "/api/claims/{claim_a}/release/",
        {},
        (401, 403, Done(200), 403, Done(200), Done(200)),
    ),
    "skip A's claim (API)": (
        "/api/claims/{claim_a}/skip/",
        {"reason": ClaimSkip.Reason.DUPLICATE},
        (401, 403, 409, 403, 409, 409),  # a claim with a verdict is never skipped
    ),
    "correct the attribution of A's claim (API)": (
        "/api/claims/{claim_a}/attribution/",
        {"part": "role", "text": "Minister of schools"},
        (401, 403, Done(200), 403, Done(200), Done(200)),
    ),
    "start a second verdict on A's claim (API)": (
        "/api/claims/{claim_a}/verdict/",
        {"rating": "true"},
        (401, 403, 409, 403, 403, 403),
    ),
    "edit A's draft (API)": (
        "PATCH /api/verdicts/{draft}/draft/",
        {"headline": "Overwritten", "version": 1},
        (401, 403, Done(200), 404, 403, 403),
    ),
    "add evidence to A's draft (API)": (
        "/api/verdicts/{draft}/evidence/",
        {"url": "https://other.example.org/", "stance": "supports"},
        (401, 403, Done(201), 404, 403, 403),
    ),
    "remove evidence from A's draft (API)": (
        "DELETE /api/verdicts/{draft}/evidence/{evidence_a}/",
        {},
        (401, 403, Done(204), 404, 403, 403),
    ),
    "submit A's draft (API)": (
        "/api/verdicts/{draft}/submit/",
        {},
        (401, 403, Done(200), 404, 403, 403),
    ),
    "reopen A's draft (API)": (
        "/api/verdicts/{draft}/reopen/",
        {},
        (401, 403, 409, 404, 403, 403),
    ),
    "approve A's draft (API)": (
        "/api/verdicts/{draft}/approve/",
        {},
        (401, 403, 403, 403, 409, 409),  # a draft is not submitted
    ),
    "send A's draft back (API)": (
        "/api/verdicts/{draft}/send-back/",
        {"note": "Why?"},
        (401, 403, 403, 403, 409, 409),
    ),
    "publish A's draft (API)": (
        "/api/verdicts/{draft}/publish/",
        {},
        (401, 403, 403, 403, 409, 409),
    ),
    "correct the published verdict (API)": (
        "/api/verdicts/{published}/correct/",
        {"note": "Typo", "headline": "No: corrected again"},
        (401, 403, 403, 403, Done(200), Done(200)),
    ),
    "retract the published verdict (API)": (
        "/api/verdicts/{published}/retract/",
        {"note": "Wrong figures"},
        (401, 403, 403, 403, Done(200), Done(200)),
    ),
    "retry an article": (
        "/articles/{article}/retry/",
        {},
        (LOGIN, 403, 302, 302, 302, 302),  # refused: only a failed article is retried
    ),
}


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("name", POSTS)
def test_a_state_changing_request_is_refused_without_the_role_or_the_object(world, name, who):
    """Anonymous and role-less users change nothing; nor does B on A's claim."""
    url, body, answers = POSTS[name]
    expected = answers[USERS.index(who)]
    world.ids["user_b"] = world.users["fc_b"].pk
    data = {key: str(value).format(**world.ids) for key, value in body.items()}
    client = client_for(world, who)
    before = desk_state()
    method, _, url = url.rpartition(" ")
    if url.startswith("/api/"):
        send = getattr(client, (method or "post").lower())
        response = send(url.format(**world.ids), data, format="json")
    else:
        response = client.post(url.format(**world.ids), data)
    changed = desk_state() != before
    if isinstance(expected, Done):
        statuses = expected.status if isinstance(expected.status, tuple) else (expected.status,)
        assert answer_of(response) in statuses and changed, (answer_of(response), changed)
    else:
        assert (answer_of(response), changed) == (expected, False)


# --- Drafts stay with their author and the editors ---------------------------


@pytest.mark.parametrize(
    "who, sees",
    [("fc_a", True), ("fc_b", False), ("editor", True), ("admin", True)],
)
def test_a_draft_is_read_by_its_author_and_editors_only(world, who, sees):
    """The claim page (verdict, evidence, history) and the API agree."""
    client = client_for(world, who)
    page = client.get(f"/claims/{world.ids['claim_a']}/").content.decode()
    listed = client.get("/api/verdicts/").content.decode()
    by_claim = client.get(f"/api/verdicts/?claim={world.ids['claim_a']}").json()["results"]
    for secret in (DRAFT_HEADLINE, DRAFT_RATIONALE, DRAFT_EVIDENCE):
        assert (secret in page) is sees, secret
        assert (secret in listed) is sees, secret
    assert [v["id"] for v in by_claim] == ([world.ids["draft"]] if sees else [])
    if not sees:
        assert "fiona is writing a verdict (draft)" in page
        assert "No: corrected" in listed  # B reads published verdicts



def test_the_fact_checker_who_takes_over_a_claim_reads_its_draft(world):
    """Handed to B by an editor, A's draft is B's to finish; A keeps reading it."""
    claim = Claim.objects.get(pk=world.ids["claim_a"])
    services.claim_assign(claim=claim, to=world.users["fc_b"], by=world.users["editor"])
    b = client_for(world, "fc_b")
    assert DRAFT_HEADLINE in b.get(f"/claims/{claim.pk}/").content.decode()
    assert b.get(f"/api/verdicts/{world.ids['draft']}/").json()["headline"] == DRAFT_HEADLINE
    response = b.post(
        f"/claims/{claim.pk}/verdict/",
        {"rating": "false", "headline": "Finished by Frank", "version": 1},
    )
    assert response.status_code == 302
    assert Verdict.objects.get(pk=world.ids["draft"]).headline == "Finished by Frank"
    a = client_for(world, "fc_a")
    assert a.get(f"/api/verdicts/{world.ids['draft']}/").status_code == 200


# --- Revoking a role ---------------------------------------------------------


def api_token(username: str) -> APIClient:
    """Sign in at the token endpoint with the password; a client sending the token."""
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": f"pw-{username}"}, format="json"
    )
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_a_fact_checker_removed_from_their_group_loses_the_api_at_once(world):
    """The token and the session stay valid; the role, read per request, does not."""
    fiona = world.users["fc_a"]
    api = api_token("fiona")
    web = client_for(world, "fc_a")
    assert api.get("/api/claims/").status_code == 200
    assert web.get("/exports/verdicts.csv").status_code == 200

    fiona.groups.remove(Group.objects.get(name=Role.FACT_CHECKER))
    assert api.get("/api/claims/").status_code == 403
    assert api.get(f"/api/verdicts/{world.ids['draft']}/").status_code == 403
    assert api.get("/api/schema/").status_code == 403
    assert api.post("/api/articles/", SUBMIT, format="json").status_code == 403
    assert web.get("/exports/verdicts.csv").status_code == 403
    assert web.get(f"/claims/{world.ids['claim_a']}/").status_code == 403
    assert Article.objects.filter(title=SUBMIT["title"]).count() == 0


def test_a_deactivated_user_loses_the_api_at_once(world):
    """Deactivating an editor refuses the token and the session they hold."""
    api = api_token("eddie")
    web = client_for(world, "editor")
    assert api.get("/api/verdicts/").status_code == 200
    assert web.get("/dashboard/").status_code == 200
    world.users["editor"].is_active = False
    world.users["editor"].save(update_fields=["is_active"])
    assert api.get("/api/verdicts/").status_code == 401
    assert answer_of(web.get("/dashboard/")) == LOGIN
    assert answer_of(web.get("/admin/")) == ADMIN_LOGIN


def test_a_user_without_a_role_gets_no_data_with_a_token(world):
    """A token is no role: signed in, refused with a message that says why."""
    api = api_token("nora")
    response = api.get("/api/verdicts/")
    assert response.status_code == 403
    assert response.json()["error"]["message"].startswith("Your account has no newsroom role")
    assert api.get("/api/exports/verdicts.csv").status_code == 403
