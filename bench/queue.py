"""Benchmark "take next": latency with 20 concurrent fact-checkers on PostgreSQL.

    .venv/bin/python bench/queue.py [--claims 100000] [--takes 100] [--no-embeddings]

Starts a throwaway PostgreSQL (scripts/test_postgres.py) unless DATABASE_URL
names one (which then gets the bench's claims and users), migrates, and
bulk-creates 100k queued claims, plus a desk in use: 200 claims held under
live leases and 2,000 done, so that the planner's statistics know the states
a working desk has (with none assigned at ANALYZE time, PostgreSQL reads
every assigned claim to find the expired leases instead of the
claim_lease_expiry index). Then it times claim_take_next, the service
itself, in phases on the same queue:

1. one taker alone: the baseline;
2. one taker, the ORM take (the service before issue #5's one-statement
   take on PostgreSQL): what the lean take saves per take;
3. 20 takers at once, each a process with its own connection, as 20 web
   workers would be, taking back to back: the target is p95 <= 20 ms;
4. the same 20 takers with the ORM take;
5. the same 20 takers, ORM take without SKIP LOCKED (a plain SELECT, then
   the UPDATE that re-checks the state): what SKIP LOCKED saves;
6. the 20 takers paced at about 4 takes a second each (80/s in all, still
   far above a newsroom's rate), as a real desk: contention without CPU
   saturation.

Columns: latency percentiles of one take (the whole service call), takes
per second from the phase's first take to its last, CPU time per take of
the takers' Python and of their PostgreSQL backends (read from /proc, so a
busy machine inflates latency but hardly this), "twice" = claims handed out more than once in
the phase, "missed" = takes that came back empty although claims were
queued (without SKIP LOCKED, the re-checking UPDATE loses races and gives up
after a few). Claims handed out twice over the whole run are also counted
from the claims' history (one "Taken from the queue" row per take): 0.

Every claim gets a vector, as ingest gives it (--no-embeddings leaves
them out). A take changes indexed columns (queue_state), so PostgreSQL
writes the new row version into every index of the claim table whose
condition it meets. Until issue #5 moved it to its own table
(ClaimEmbedding), the HNSW vector index was one of them, and that insert
cost more than the rest of the take (about 13 ms of PostgreSQL CPU); the
vectors are seeded so that a regression would show here.

Back to back, 20 takers make the CPUs the limit: by Little's law the mean
latency is 20 / (takes per second), so p95 <= 20 ms needs well over 1,000
takes a second, i.e. under 2 ms of CPU per take (Python and PostgreSQL
together) on two cores. The bench prints that bound beside each
back-to-back phase. On a small or busy machine the latency is mostly
waiting for a CPU: the load average is printed before and after the run.
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
import math  # noqa: E402
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
DONE, IN_PROGRESS = 2000, 200  # the desk in use, besides the queued claims


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.test")
    import django

    django.setup()


# The claim columns the seed fills (the rest keep their defaults).
SEEDED_COLUMNS = (
    "article_id, position, text, sentence_start, sentence_end, content_start, content_end,"
    " speaker_text, speaker_role, cue_text, reported_by, quote_type, checkworthiness,"
    " checkworthiness_reasons, queue_state, is_hidden, related_claims_count, is_pinned,"
    " created_at, updated_at"
)


def seed(claim_count: int, embeddings: bool) -> None:
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
    group = Group.objects.get(name=Role.FACT_CHECKER)
    for i in range(TAKERS + 1):
        User.objects.create_user(f"bench-taker-{i}").groups.add(group)
    holder = User.objects.create_user("bench-desk")
    holder.groups.add(group)
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
            INSERT INTO {Claim._meta.db_table} ({SEEDED_COLUMNS})
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
        # The desk in use: the oldest claims are done, a few are in progress.
        cursor.execute(
            f"""
            UPDATE {Claim._meta.db_table} SET queue_state = 'done'
            WHERE id IN (SELECT id FROM {Claim._meta.db_table} ORDER BY id LIMIT %s)
            """,
            [DONE],
        )
        cursor.execute(
            f"""
            UPDATE {Claim._meta.db_table} SET queue_state = 'assigned', assigned_to_id = %s,
                   assigned_at = now(), lease_expires_at = now() + interval '30 minutes'
            WHERE id IN (SELECT id FROM {Claim._meta.db_table} WHERE queue_state = 'queued'
                         ORDER BY id LIMIT %s)
            """,
            [holder.pk, IN_PROGRESS],
        )
        # The rows the desk changed went in as queued: more claims, so that
        # 100k stay queued.
        cursor.execute(
            f"""
            INSERT INTO {Claim._meta.db_table} ({SEEDED_COLUMNS})
            SELECT article_id, position + %s, text, sentence_start, sentence_end,
                   content_start, content_end, speaker_text, speaker_role, cue_text,
                   reported_by, quote_type, random(), checkworthiness_reasons,
                   'queued', false, related_claims_count, false,
                   now() - random() * interval '30 days', now()
            FROM {Claim._meta.db_table} WHERE queue_state <> 'queued'
            """,
            [per_article],
        )
        if embeddings:
            embed_claims(cursor, Claim._meta.db_table)
        cursor.execute("VACUUM ANALYZE")
    queued = Claim.objects.filter(queue_state=Claim.QueueState.QUEUED).count()
    print(
        f"seeded {queued:,} queued claims ({IN_PROGRESS} in progress, {DONE:,} done)"
        f"{', all with vectors' if embeddings else ''} in {time.perf_counter() - started:.1f} s"
    )


# How a phase takes claims: the service as it is (one statement on
# PostgreSQL), the ORM take it replaced, and the ORM take without SKIP LOCKED.
LEAN, ORM, ORM_NO_SKIP_LOCKED = "lean", "orm", "orm-no-skip-locked"


def embed_claims(cursor, table: str) -> None:
    """Give every claim a random 384-dimension vector, as ingest gives it
    MiniLM's, with the vector indexes (HNSW) rebuilt after, as a bulk load
    would."""
    from claims.models import ClaimEmbedding

    vectors = ClaimEmbedding._meta.db_table
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE %s",
        [vectors, "%USING hnsw%"],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    cursor.execute(
        f"""
        INSERT INTO {vectors} (claim_id, embedding, updated_at)
        SELECT c.id, (
            SELECT array_agg(random() - 0.5)::vector FROM generate_series(1, 384)
            WHERE c.id IS NOT NULL  -- one vector per row, not one for all
        ), now()
        FROM {table} c
        """
    )
    cursor.execute("SET maintenance_work_mem = '1GB'")
    for _name, definition in indexes:
        cursor.execute(definition)


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) process pid has used; NaN if it is not on
    this machine (a DATABASE_URL server elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def taker(username: str, takes: int, mode: str, pause_ms: float, start, results) -> None:
    """Take claims in a child process and report the latencies in ms, the
    claim ids, when the first take began and the last ended, and the CPU
    seconds of this process and of its PostgreSQL backend.

    Between takes it pauses for a random 0 to 2 * pause_ms.
    """
    from django.contrib.auth.models import User
    from django.db import connection

    from claims.services import claim_take_next
    from claims.services import queue as queue_services

    if mode != LEAN:  # this child only: the service's ORM path, as before issue #5
        queue_services.lean_sql_supported = lambda: False
    connection.features.has_select_for_update_skip_locked = mode != ORM_NO_SKIP_LOCKED
    user = User.objects.get(username=username)
    user.has_perm("claims.take_claim")  # load the permission cache, as a request would
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    latencies, ids = [], []
    rng = random.Random(username)
    start.wait()
    first, cpu = time.perf_counter(), (time.process_time(), process_cpu(backend))
    for _ in range(takes):
        if pause_ms:  # even sleep(0) would give the CPU away
            time.sleep(rng.uniform(0, 2 * pause_ms) / 1000)
        began = time.perf_counter()
        claim = claim_take_next(by=user)
        latencies.append((time.perf_counter() - began) * 1000)
        if claim is not None:
            ids.append(claim.pk)
    last = time.perf_counter()
    cpu = (time.process_time() - cpu[0], process_cpu(backend) - cpu[1])
    connection.close()
    results.put((latencies, ids, first, last, cpu))


def run_phase(label: str, takers: int, takes: int, mode: str = LEAN, pause_ms: float = 0) -> dict:
    from django.db import connections

    connections.close_all()  # children must not share the parent's socket
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(takers), context.Queue()
    processes = [
        context.Process(
            target=taker,
            args=(f"bench-taker-{i}", takes, mode, pause_ms, start, results),
        )
        for i in range(takers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
    # From the first take to the last: forking and connecting do not count.
    elapsed = max(o[3] for o in outcomes) - min(o[2] for o in outcomes)
    latencies = sorted(ms for o in outcomes for ms in o[0])
    ids = [pk for o in outcomes for pk in o[1]]
    cut = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "label": label,
        "takers": takers,
        "paced": pause_ms > 0,
        "takes": len(latencies),
        "p50": cut[49],
        "p95": cut[94],
        "p99": cut[98],
        "mean": statistics.fmean(latencies),
        "rate": len(latencies) / elapsed,
        # CPU per take, in ms: the taker's Python, its PostgreSQL backend.
        "py_cpu": 1000 * sum(o[4][0] for o in outcomes) / len(latencies),
        "pg_cpu": 1000 * sum(o[4][1] for o in outcomes) / len(latencies),
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
    parser.add_argument(
        "--no-embeddings",
        dest="embeddings",
        action="store_false",
        help="leave the claims without vectors (saves building the HNSW index; minutes)",
    )
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

        seed(args.claims, args.embeddings)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"PostgreSQL {version}; {os.cpu_count()} CPUs, load average {load} before the run")
        print(f"{TAKERS} takers x {args.takes} takes; the baseline takes {args.takes * 2} alone\n")
        phases = [
            run_phase("1 taker (baseline)", 1, args.takes * 2),
            run_phase("1 taker, ORM take", 1, args.takes * 2, mode=ORM),
            run_phase(f"{TAKERS} takers, back to back", TAKERS, args.takes),
            run_phase(f"{TAKERS} takers, ORM take", TAKERS, args.takes // 2, mode=ORM),
            run_phase(
                f"{TAKERS} takers, no SKIP LOCKED", TAKERS, args.takes // 4, ORM_NO_SKIP_LOCKED
            ),
            run_phase(
                f"{TAKERS} takers, paced ~4/s each", TAKERS, args.takes // 2, pause_ms=PAUSE_MS
            ),
        ]
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"{'phase':<32}{'takes':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
            f"{'takes/s':>9}{'twice':>7}{'missed':>8}{'CPU ms: py + pg':>17}"
        )
        for p in phases:
            print(
                f"{p['label']:<32}{p['takes']:>7}{p['p50']:>9.2f}{p['p95']:>9.2f}{p['p99']:>9.2f}"
                f"{p['rate']:>9.0f}{p['double']:>7}{p['missed']:>8}"
                f"{p['py_cpu']:>10.2f} + {p['pg_cpu']:.2f}"
            )
        print(f"load average {load} after the run")
        baseline, doubles = phases[0], double_assignments()
        print()
        for p in phases[1:]:
            ratio = f"p95 {p['p95']:.2f} ms = {p['p95'] / baseline['p95']:.1f}x the baseline"
            if p["takers"] == 1:
                ratio += f"; mean {p['mean']:.2f} ms vs {baseline['mean']:.2f} ms"
            elif not p["paced"]:  # Little's law: the takers wait for each other's CPU
                ratio += (
                    f"; Little's law {p['takers']} / {p['rate']:.0f} takes/s ="
                    f" {1000 * p['takers'] / p['rate']:.1f} ms, mean {p['mean']:.1f} ms"
                )
            print(f"{p['label']}: {ratio}")
        for p in (phases[2], phases[5]):
            verdict = "met" if p["p95"] <= TARGET_P95_MS else "MISSED"
            print(f"{p['label']}: target p95 <= {TARGET_P95_MS:.0f} ms {verdict}")
        print(f"claims handed out more than once (from history): {doubles}")
        if not args.embeddings:
            print("The claims have no vectors (--no-embeddings); ingest gives every claim one.")
        return 0 if doubles == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
