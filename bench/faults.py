"""Faults on the production shape (issue 19): time to recovery; stuck, lost, duplicated.

    .venv/bin/python bench/faults.py [--runs 3] [--faults abcde]

Starts its own stack (scripts/faultstack.py: PostgreSQL with pgvector and
Redis on free ports, gunicorn, a prefork Celery worker with one pool child,
beat), never the shared services, and prepares a desk article with desk
work on it (assigned, skipped, corrected attribution, confirmed relation).
Then, --runs times, it processes an article with no fault (the baseline)
and one article per fault, submitted through the API with a token:

  a  the busy pool child SIGKILLed mid-task (the OOM killer)
  b  the worker's whole process group SIGKILLed mid-task, restarted once the
     visibility timeout has passed; the desk article's message redelivered
  c  PostgreSQL stopped mid-task, started again after the outage
  d  Redis down at submit, started again after the outage
  e  Redis stopped mid-task, started again after the outage

Columns: "recovery" is the time from the fault (the kill; for c, d, e the
moment the service is back) to the article `done`, median and max over the
runs; "x baseline" divides the median by the baseline's (from `processing`
to `done`, warm worker, same run). After each run, and one sweeper interval
later: "stuck" counts articles still pending or processing; "lost" counts
fault articles not `done` within the recovery limit or stored with fewer
claims than the baseline, and desk claims or desk records gone or changed;
"duplicated" counts claims stored twice (same span or position), claims
beyond the baseline's count, and articles extracted again after `done`.
The timings (sweeper 3 s, stale heartbeat 8 s, visibility timeout 10 s,
outages 3 s) are the test's, far shorter than production's defaults.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from scripts.faultstack import FaultRun, FaultStack  # noqa: E402

FAULTS = {
    "a": "(a) pool child SIGKILL mid-task",
    "b": "(b) worker group SIGKILL, restart",
    "c": "(c) PostgreSQL restart mid-task",
    "d": "(d) Redis down at submit",
    "e": "(e) Redis down mid-task",
}


def tally(stack: FaultStack, run: FaultRun) -> dict:
    """Stuck, lost and duplicated items after one run and one sweeper interval."""
    counts = {"stuck": 0, "lost": 0, "duplicated": 0}
    if run.article_id is None or run.status != "done":
        counts["lost"] += 1
    else:
        check = stack.claims_check(run.article_id)
        counts["lost"] += max(0, stack.baseline_claims - check.count)
        counts["duplicated"] += max(check.duplicate_spans, check.duplicate_positions,
                                    check.count - stack.baseline_claims)
    before = stack.claims_check(run.article_id).ids if run.article_id else ()
    stack.settle()
    if run.article_id and before and stack.claims_check(run.article_id).ids != before:
        counts["duplicated"] += 1  # extracted again after done
    counts["stuck"] = len(stack.stuck())
    desk = stack.desk_snapshot()
    for part in ("claims", "skips", "relations"):
        counts["lost"] += sum(row not in desk[part] for row in stack.desk_before[part])
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--faults", default="abcde", help="which faults, e.g. 'ae'")
    args = parser.parse_args()
    faults = [f for f in args.faults if f in FAULTS]

    started = time.monotonic()
    with FaultStack() as stack:
        stack.prepare()
        t = stack.timings
        print(f"stack up and desk prepared in {time.monotonic() - started:.0f} s; "
              f"{stack.baseline_claims} claims per article; sweeper {t.sweep} s, stale "
              f"{t.stale} s, visibility {t.visibility} s, outage {t.outage:.0f} s", flush=True)
        results: dict[str, list[tuple[FaultRun, dict]]] = {"baseline": []}
        for number in range(1, args.runs + 1):
            for name in ["baseline", *faults]:
                inject = stack.baseline if name == "baseline" else getattr(stack, f"fault_{name}")
                try:
                    run = inject()
                except AssertionError as exc:  # e.g. never seen processing: the worker died
                    run = FaultRun(name, None, time.monotonic(), status="not run",
                                   notes={"error": str(exc).splitlines()[0]})
                counts = tally(stack, run)
                results.setdefault(name, []).append((run, counts))
                seconds = run.recovery_seconds
                notes = {k: (f"{v:.2f}" if isinstance(v, float) else str(v)[:60])
                         for k, v in run.notes.items() if v not in ("", None)}
                print(f"run {number} {name:8} {run.status:10} "
                      f"{'-' if seconds is None else f'{seconds:.1f} s':>8} {counts} "
                      f"{notes or ''}", flush=True)
                if exited := stack.exited():
                    print(f"      processes died and were not restarted: {exited}", flush=True)
        report(results)
    return 0


def report(results: dict[str, list[tuple[FaultRun, dict]]]) -> None:
    baseline = [r.recovery_seconds for r, _ in results["baseline"] if r.recovery_seconds]
    base = statistics.median(baseline) if baseline else None
    print(f"\n{'fault':36} {'runs':>4} {'recovery median':>16} {'max':>7} {'x baseline':>10} "
          f"{'stuck':>5} {'lost':>5} {'duplicated':>10}")
    for name, runs in results.items():
        label = "baseline: no fault" if name == "baseline" else FAULTS[name]
        seconds = [r.recovery_seconds for r, _ in runs if r.recovery_seconds is not None]
        median = statistics.median(seconds) if seconds else None
        ratio = f"{median / base:.1f}" if median and base else "-"
        unrecovered = len(runs) - len(seconds)
        total = {k: sum(c[k] for _, c in runs) for k in ("stuck", "lost", "duplicated")}
        print(f"{label[:36]:36} {len(runs):>4} "
              f"{'-' if median is None else f'{median:.1f} s':>16} "
              f"{'-' if not seconds else f'{max(seconds):.1f} s':>7} {ratio:>10} "
              f"{total['stuck']:>5} {total['lost']:>5} {total['duplicated']:>10}"
              + (f"  ({unrecovered} not done)" if unrecovered else ""))


if __name__ == "__main__":
    sys.exit(main())
