"""Server-side render time of every web UI page with 10,000 claims (SQLite).

Run: `.venv/bin/python bench/pages.py [--claims 10000] [--requests 20]`

Seeds a throwaway SQLite database (articles of 50 claims each; claims in
every queue state; published and submitted verdicts with evidence; related
claims; fact-checkers holding claims), then requests each page in-process
with Django's test client, as the role that uses it, and prints p50 and p95
over the requests (after two warm-up requests). The same-run baseline is
the login page, which touches no claim; the ratio p95 / baseline p95 is what
to compare between machines.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds queue.py, which would shadow the standard library's queue.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import datetime  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

os.environ["DJANGO_SETTINGS_MODULE"] = "workbench.settings.dev"
os.environ["DEBUG"] = "false"  # no query log: time what production would run
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["WORKBENCH_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-pages-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
# WhiteNoise looks for collected static files, which no page here needs.
warnings.filterwarnings("ignore", message="No directory at")

CLAIMS_PER_ARTICLE = 50
FACT_CHECKERS = 10
SPEAKERS = [f"Speaker {n}" for n in range(300)]
OUTLETS = [f"Outlet {n}" for n in range(20)]
RATINGS = ["true", "mostly_true", "mixed", "mostly_false", "false", "misleading"]
# Share of claims in each queue state.
# Share of claims in each queue state: a lease holds a claim for minutes, so
# few are assigned at once.
STATES = [
    ("queued", 0.598),
    ("below_threshold", 0.12),
    ("skipped", 0.08),
    ("assigned", 0.002),
    ("in_review", 0.03),
    ("done", 0.17),
]
WORDS = "minister budget schools hospital reopen million percent rose fell said report".split()


def sentence(rng: random.Random, n: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(12))
    return f"{rng.choice(SPEAKERS)} said that {words} {n}."


def seed(claim_count: int) -> dict:
    """Fill the database; return the objects the pages are requested with."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.utils import timezone

    from claims import services
    from claims.models import (
        Article,
        Claim,
        ClaimRelation,
        Evidence,
        Speaker,
        Verdict,
        VerdictStatusChange,
    )
    from claims.roles import Role

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    now = timezone.now()
    checkers = [User.objects.create_user(f"checker{n}") for n in range(FACT_CHECKERS)]
    for user in checkers:
        user.groups.add(Group.objects.get(name=Role.FACT_CHECKER))
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=Role.EDITOR))
    speakers = Speaker.objects.bulk_create(Speaker(name=name) for name in SPEAKERS)

    article_count = -(-claim_count // CLAIMS_PER_ARTICLE)
    articles, spans = [], []
    for a in range(article_count):
        sentences = [sentence(rng, n) for n in range(CLAIMS_PER_ARTICLE)]
        text, offsets = "", []
        for s in sentences:
            offsets.append((len(text), len(text) + len(s)))
            text += s + "\n\n"
        articles.append(
            Article(
                title=f"Bench article {a}",
                outlet=rng.choice(OUTLETS),
                text=text,
                text_hash=services.sha256_hex(text),
                status=Article.Status.DONE,
                progress=100,
                published_on=(now - datetime.timedelta(days=rng.randint(0, 365))).date(),
            )
        )
        spans.append((text, offsets))
    articles = Article.objects.bulk_create(articles)

    states = [state for state, share in STATES for _ in range(round(share * 1000))]
    claims = []
    for article, (text, offsets) in zip(articles, spans, strict=True):
        for position, (start, end) in enumerate(offsets):
            if len(claims) == claim_count:
                break
            speaker = rng.choice(speakers)
            state = rng.choice(states)
            holder = rng.choice(checkers) if state in ("assigned", "in_review") else None
            content_start = text.index("that ", start) + 5
            claims.append(
                Claim(
                    article=article,
                    position=position,
                    text=text[content_start : end - 1],
                    sentence_start=start,
                    sentence_end=end,
                    content_start=content_start,
                    content_end=end - 1,
                    speaker=speaker,
                    speaker_text=speaker.name,
                    speaker_start=start,
                    speaker_end=start + len(speaker.name),
                    cue_text="said",
                    cue_start=start + len(speaker.name) + 1,
                    cue_end=start + len(speaker.name) + 5,
                    quote_type="indirect",
                    checkworthiness=rng.random(),
                    checkworthiness_reasons=["contains a number"],
                    queue_state=state,
                    assigned_to=holder,
                    assigned_at=now if holder else None,
                    lease_expires_at=now + datetime.timedelta(minutes=20)
                    if state == "assigned"
                    else None,
                )
            )
    claims = Claim.objects.bulk_create(claims)

    verdicts = []
    for claim in claims:
        if claim.queue_state in ("in_review", "done"):
            published = claim.queue_state == "done"
            verdicts.append(
                Verdict(
                    claim=claim,
                    status="published" if published else "submitted",
                    rating=rng.choice(RATINGS),
                    headline=f"Verdict on claim {claim.pk}",
                    rationale="Because.",
                    rationale_html="<p>Because.</p>",
                    author=claim.assigned_to or rng.choice(checkers),
                    editor=editor if published else None,
                    submitted_at=now - datetime.timedelta(hours=rng.randint(1, 200)),
                    published_at=now - datetime.timedelta(hours=rng.randint(0, 100))
                    if published
                    else None,
                )
            )
    verdicts = Verdict.objects.bulk_create(verdicts)
    Evidence.objects.bulk_create(
        Evidence(verdict=v, url=f"https://example.org/{v.pk}", stance="refutes") for v in verdicts
    )
    VerdictStatusChange.objects.bulk_create(
        VerdictStatusChange(
            verdict=v,
            old_status="draft",
            new_status="submitted",
            changed_by=v.author,
            changed_at=v.submitted_at,
        )
        for v in verdicts
    )
    done = [c for c in claims if c.queue_state == "done"]
    relations = {}
    for claim in rng.sample(claims, 2000):
        other = rng.choice(done)
        if other.pk != claim.pk:
            relations[(claim.pk, other.pk)] = ClaimRelation(
                claim=claim,
                other=other,
                similarity=rng.uniform(0.7, 0.99),
                tier=rng.choice(["related", "same"]),
            )
    ClaimRelation.objects.bulk_create(relations.values())

    # The fact-checker's own claim, taken through the service, with a draft,
    # evidence and related claims: the workspace at its fullest.
    checker = checkers[0]
    mine = services.claim_take_next(by=checker)
    draft = services.verdict_create(claim=mine, by=checker, rating="false", headline="Draft")
    services.evidence_add(verdict=draft, by=checker, url="https://example.org/x", stance="refutes")
    for other in rng.sample(done, 5):
        ClaimRelation.objects.get_or_create(
            claim=mine, other=other, defaults={"similarity": 0.9, "tier": "same"}
        )
    return {
        "checker": checker,
        "editor": editor,
        "mine": mine,
        "published": done[0],
        "article": mine.article,
        "claims": Claim.objects.count(),
    }


def timed(client, url: str, requests: int) -> list[float]:
    for _ in range(2):  # warm-up: template loading, caches
        client.get(url)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    data = seed(args.claims)
    print(f"seeded {data['claims']:,} claims in {time.perf_counter() - started:.1f} s")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")

    anonymous = Client(SERVER_NAME="localhost")
    checker, editor = Client(SERVER_NAME="localhost"), Client(SERVER_NAME="localhost")
    checker.force_login(data["checker"])
    editor.force_login(data["editor"])
    article = data["article"].pk
    days_ago_90 = (datetime.date.today() - datetime.timedelta(days=90)).isoformat()
    pages = [
        ("login page (baseline)", anonymous, reverse("login")),
        ("desk, fact-checker", checker, reverse("claims:desk")),
        ("desk, editor", editor, reverse("claims:desk")),
        (
            "desk queue, filtered (htmx)",
            checker,
            reverse("claims:desk_queue") + "?speaker=Speaker 1&sort=checkworthiness",
        ),
        ("workspace, own draft", checker, data["mine"].get_absolute_url()),
        ("workspace, published", editor, data["published"].get_absolute_url()),
        ("articles", checker, reverse("claims:article_list")),
        ("article, 50 claims", checker, reverse("claims:article_detail", args=[article])),
        ("article progress (htmx)", checker, reverse("claims:article_progress", args=[article])),
        ("add article", checker, reverse("claims:article_submit")),
        ("search", checker, reverse("claims:search") + "?q=hospital budget"),
        (
            "search, facets",
            checker,
            reverse("claims:search") + "?q=schools&rating=false&outlet=Outlet 3",
        ),
        ("dashboard", editor, reverse("claims:dashboard")),
        ("dashboard, 90 days", editor, reverse("claims:dashboard") + f"?date_from={days_ago_90}"),
    ]
    results = [(name, timed(client, url, args.requests)) for name, client, url in pages]
    baseline = p95(results[0][1])
    print(
        f"\n{args.requests} requests per page; milliseconds, server side (test client, in-process)"
    )
    print(f"{'page':<30} {'p50':>8} {'p95':>8} {'p95 / baseline':>15}")
    for name, times in results:
        ratio = p95(times) / baseline
        print(f"{name:<30} {statistics.median(times):8.1f} {p95(times):8.1f} {ratio:14.1f}x")


if __name__ == "__main__":
    main()
