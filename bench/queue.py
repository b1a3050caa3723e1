"""Benchmark "take next": latency with 20 concurrent fact-checkers on PostgreSQL.

    .venv/bin/python bench/queue.py [--claims 100000] [--takes 100]

Starts a throwaway PostgreSQL (scripts/test_postgres.py) unless DATABASE_URL
names one (which then gets the bench's claims and users), migrates, and
bulk-creates queued claims. Then it times claim_take_next, the service
itself, in four phases on the same queue:

1. one taker alone: the baseline;
2. 20 takers at once, each a process with its own connection, as 20 web
   workers would be, taking back to back: the target is p95 <= 20 ms;
3. the same 20 takers without SKIP LOCKED (a plain SELECT, then the UPDATE
   that re-checks the state): what SKIP LOCKED saves;
4. the 20 takers paced at about 4 takes a second each (80/s in all, still
   far above a newsroom's rate): contention without CPU saturation.

Columns: latency percentiles of one take (the whole service call), takes
per second over the phase, "twice" = claims handed out more than once in
the phase, "missed" = takes that came back empty although claims were
queued (without SKIP LOCKED, the re-checking UPDATE loses races and gives up
after a few). Claims handed out twice over the whole run are also counted
from the claims' history (one "Taken from the queue" row per take): 0.

Back to back, 20 takers make the CPUs the limit: by Little's law the
latency is 20 / (takes per second), so p95 <= 20 ms needs about 1,000 takes
a second, i.e. several free cores at ~3 ms of Python per take. On a small or
busy machine the latency is mostly waiting for a CPU (see the load average
printed first).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file shares its name with the standard library's queue module, which
# multiprocessing imports: keep its own folder off the import path.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import contextlib  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
TAKERS = 20
TARGET_P95_MS = 20.0
PAUSE_MS = 250  # paced phase: each taker waits 0-500 ms between takes


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.test")
    import django

    django.setup()


def seed(claim_count: int) -> None:
    """Migrate, then add queued claims and the fact-checkers who take them.

    The claims are written by one INSERT ... SELECT: building 100k model
    instances for bulk_create takes most of a minute.
    """
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection

    from claims.models import Article, Claim
    from claims.roles import Role
    from claims.services import sha256_hex

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    per_article = 1000
    texts = [
        f"Bench article {n}: the minister said that schools would reopen."
        for n in range(-(-claim_count // per_article))
    ]
    Article.objects.bulk_create(
        Article(text=text, text_hash=sha256_hex(text), status=Article.Status.DONE) for text in texts
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.5)")
        cursor.execute(
            f"""
            INSERT INTO {Claim._meta.db_table} (
                article_id, position, text, sentence_start, sentence_end,
                content_start, content_end, speaker_text, speaker_role, cue_text,
                reported_by, quote_type, checkworthiness, checkworthiness_reasons,
                queue_state, is_hidden, related_claims_count, is_pinned,
                created_at, updated_at
            )
            SELECT a.id, g.i, a.text, 0, length(a.text), 0, length(a.text), '', '', '',
                   '[]', 'unattributed', random(), '[]',
                   'queued', false, (ARRAY[0, 0, 0, 1, 3])[1 + floor(random() * 5)::int],
                   false, now() - random() * interval '30 days', now()
            FROM {Article._meta.db_table} a CROSS JOIN generate_series(0, %s) AS g(i)
            WHERE a.text LIKE 'Bench article %%'
            ORDER BY a.id, g.i
            LIMIT %s
            """,
            [per_article - 1, claim_count],
        )
        cursor.execute("ANALYZE")
    group = Group.objects.get(name=Role.FACT_CHECKER)
    for i in range(TAKERS + 1):
        User.objects.create_user(f"bench-taker-{i}").groups.add(group)
    queued = Claim.objects.filter(queue_state=Claim.QueueState.QUEUED).count()
    print(f"seeded {queued:,} queued claims in {time.perf_counter() - started:.1f} s")


def taker(username: str, takes: int, skip_locked: bool, pause_ms: float, start, results) -> None:
    """Take claims in a child process and report (latencies in ms, claim ids).

    Between takes it pauses for a random 0 to 2 * pause_ms.
    """
    from django.contrib.auth.models import User
    from django.db import connection

    from claims.services import claim_take_next

    connection.features.has_select_for_update_skip_locked = skip_locked
    user = User.objects.get(username=username)
    user.has_perm("claims.take_claim")  # load the permission cache, as a request would
    latencies, ids = [], []
    rng = random.Random(username)
    start.wait()
    for _ in range(takes):
        time.sleep(rng.uniform(0, 2 * pause_ms) / 1000)
        began = time.perf_counter()
        claim = claim_take_next(by=user)
        latencies.append((time.perf_counter() - began) * 1000)
        if claim is not None:
            ids.append(claim.pk)
    connection.close()
    results.put((latencies, ids))


def run_phase(
    label: str, takers: int, takes: int, skip_locked: bool = True, pause_ms: float = 0
) -> dict:
    from django.db import connections

    connections.close_all()  # children must not share the parent's socket
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(takers), context.Queue()
    processes = [
        context.Process(
            target=taker,
            args=(f"bench-taker-{i}", takes, skip_locked, pause_ms, start, results),
        )
        for i in range(takers)
    ]
    began = time.perf_counter()
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join()
    latencies = sorted(ms for lat, _ in outcomes for ms in lat)
    ids = [pk for _, got in outcomes for pk in got]
    cut = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "label": label,
        "takes": len(latencies),
        "p50": cut[49],
        "p95": cut[94],
        "p99": cut[98],
        "rate": len(latencies) / elapsed,
        "double": len(ids) - len(set(ids)),
        "missed": len(latencies) - len(ids),
    }


def double_assignments() -> int:
    """Claims with more than one "Taken from the queue" history row."""
    from django.db.models import Count

    from claims.models import Claim

    return (
        Claim.history.filter(history_change_reason="Taken from the queue")
        .values("id")
        .annotate(takes=Count("history_id"))
        .filter(takes__gt=1)
        .count()
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--takes", type=int, default=100, help="takes per taker")
    args = parser.parse_args()

    given = os.environ.get("DATABASE_URL", "")
    if given and not given.startswith("postgres"):
        print("DATABASE_URL must be PostgreSQL (the bench measures SKIP LOCKED).")
        return 2
    from test_postgres import postgres_server

    server = contextlib.nullcontext(given) if given else postgres_server()
    with server as url:
        os.environ["DATABASE_URL"] = url
        setup_django()
        from django.db import connection

        seed(args.claims)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"PostgreSQL {version}; {os.cpu_count()} CPUs, load average {load} before the run")
        print(f"{TAKERS} takers x {args.takes} takes; the baseline takes {args.takes * 2} alone\n")
        phases = [
            run_phase("1 taker (baseline)", 1, args.takes * 2),
            run_phase(f"{TAKERS} takers, SKIP LOCKED", TAKERS, args.takes),
            run_phase(
                f"{TAKERS} takers, no SKIP LOCKED", TAKERS, args.takes // 2, skip_locked=False
            ),
            run_phase(
                f"{TAKERS} takers, paced ~4/s each", TAKERS, args.takes // 2, pause_ms=PAUSE_MS
            ),
        ]
        print(
            f"{'phase':<30}{'takes':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
            f"{'takes/s':>9}{'twice':>7}{'missed':>8}"
        )
        for p in phases:
            print(
                f"{p['label']:<30}{p['takes']:>7}{p['p50']:>9.2f}{p['p95']:>9.2f}{p['p99']:>9.2f}"
                f"{p['rate']:>9.0f}{p['double']:>7}{p['missed']:>8}"
            )
        baseline, doubles = phases[0], double_assignments()
        print()
        for p in (phases[1], phases[3]):
            verdict = "met" if p["p95"] <= TARGET_P95_MS else "MISSED"
            print(
                f"{p['label']}: p95 {p['p95']:.2f} ms = {p['p95'] / baseline['p95']:.1f}x "
                f"the baseline; target <= {TARGET_P95_MS:.0f} ms {verdict}"
            )
        print(f"claims handed out more than once (from history): {doubles}")
        return 0 if doubles == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
