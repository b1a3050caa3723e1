"""Time and memory of streaming a large verdict export to CSV.

Run: `.venv/bin/python bench/export.py [--rows 100000]`

Fills a throwaway SQLite database with published verdicts (each with a claim,
an article, a speaker and one evidence item), then exports them all in two
child processes, so that each one's peak memory is its own:

- stream: the CSV export as served (exports.export_response, whose rows come
  from the selector through `.iterator()`), written to /dev/null;
- list (the same-run baseline): the same rows built as a list in memory,
  then written out.

Prints rows/s and peak resident memory for each, the resident memory at
every tenth of the stream (flat when streaming works), and the ratios.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds queue.py, which would shadow the standard library's queue.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

CLAIMS_PER_ARTICLE = 50
BATCH = 5000


def configure(data_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "workbench.settings.dev"
    os.environ["DEBUG"] = "false"  # DEBUG would keep every query in memory
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["WORKBENCH_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fill(rows: int) -> None:
    """Write `rows` published verdicts in bulk, bypassing the services (speed)."""
    from django.core.management import call_command
    from django.utils import timezone

    from claims.models import Article, Claim, Evidence, Speaker, Verdict
    from claims.ratings import rating_scale

    call_command("migrate", verbosity=0)
    ratings = [r.key for r in rating_scale()]
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"Speaker {i}", kind="person" if i % 4 else "organization") for i in range(500)
    )
    now = timezone.now()
    articles = []
    for i in range(0, rows, CLAIMS_PER_ARTICLE):
        text = f"Article {i}. " + "The minister said that unemployment fell. " * 40
        articles.append(
            Article(
                title=f"Article {i} on the economy",
                outlet=f"Outlet {i % 40}",
                url=f"https://news.example.com/{i}",
                published_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
                text=text,
                text_hash=f"{i:064d}",
                status=Article.Status.DONE,
            )
        )
    Article.objects.bulk_create(articles, batch_size=BATCH)
    articles = list(Article.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, rows, BATCH):
        claims = Claim.objects.bulk_create(
            Claim(
                article_id=articles[n // CLAIMS_PER_ARTICLE],
                position=n % CLAIMS_PER_ARTICLE,
                text=f"Unemployment fell to {n % 97} percent in {2000 + n % 26}, claim {n}.",
                sentence_start=0,
                sentence_end=60,
                content_start=0,
                content_end=60,
                speaker=speakers[n % len(speakers)],
                speaker_text=speakers[n % len(speakers)].name,
                quote_type="indirect",
                checkworthiness=0.8,
                queue_state=Claim.QueueState.DONE,
            )
            for n in range(start, min(start + BATCH, rows))
        )
        verdicts = Verdict.objects.bulk_create(
            Verdict(
                claim=claim,
                status=Verdict.Status.PUBLISHED,
                rating=ratings[claim.pk % len(ratings)],
                headline=f"Unemployment did not fall to that level (claim {claim.pk})",
                rationale="The statistics office says otherwise.",
                rationale_html="<p>The statistics office says otherwise.</p>",
                published_at=now - datetime.timedelta(minutes=claim.pk),
            )
            for claim in claims
        )
        Evidence.objects.bulk_create(
            Evidence(
                verdict=verdict,
                url=f"https://stats.example.org/series/{verdict.pk}",
                title="Labour force survey",
                excerpt="Unemployment: 5.1 percent",
                stance="refutes",
            )
            for verdict in verdicts
        )


def child(mode: str, expected: int) -> None:
    """Export every published verdict as CSV; print one JSON line of figures."""
    from claims.claimreview import verdict_url_maker
    from claims.exports import csv_lines, export_response, verdict_row
    from claims.selectors import verdict_list_published

    verdicts = verdict_list_published()
    rss_before = rss_mb()
    samples, rows, written = [], 0, 0
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        if mode == "stream":
            response = export_response(verdicts, "csv")
            step = max(expected // 10, 1)
            for chunk in response.streaming_content:
                written += sink.write(chunk.decode())
                rows += 1
                if rows % step == 0:
                    samples.append(round(rss_mb()))
        else:
            url_for = verdict_url_maker()
            listed = [verdict_row(v, url_for=url_for) for v in verdicts]  # all rows in memory
            lines = list(csv_lines(listed))
            rows = len(lines)
            written = sink.write("".join(lines))
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "mode": mode,
                "rows": rows - 1,  # the header
                "bytes": written,
                "seconds": seconds,
                "rss_before": rss_before,
                "peak_rss": peak_rss_mb(),
                "samples": samples,
            }
        )
    )


def run_child(mode: str, data_dir: str, rows: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--rows", str(rows), "--data-dir", data_dir],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", choices=["stream", "list"])
    parser.add_argument("--data-dir")
    args = parser.parse_args()

    if args.child:
        configure(args.data_dir)
        child(args.child, args.rows)
        return

    data_dir = tempfile.mkdtemp(prefix="bench-export-")
    configure(data_dir)
    start = time.perf_counter()
    fill(args.rows)
    print(f"filled {args.rows:,} published verdicts in {time.perf_counter() - start:.0f} s")

    stream = run_child("stream", data_dir, args.rows)
    listed = run_child("list", data_dir, args.rows)
    assert stream["rows"] == listed["rows"] == args.rows, (stream["rows"], listed["rows"])
    assert stream["bytes"] == listed["bytes"]
    for result in (stream, listed):
        label = "stream (StreamingHttpResponse)" if result["mode"] == "stream" else "list baseline"
        print(
            f"{label:31} {result['rows']:,} rows, {result['bytes'] / 2**20:,.1f} MB of CSV in "
            f"{result['seconds']:.1f} s = {result['rows'] / result['seconds']:,.0f} rows/s; "
            f"peak RSS {result['peak_rss']:,.0f} MB (before export {result['rss_before']:,.0f} MB)"
        )
    print(f"stream RSS at each tenth (MB): {stream['samples']}")
    growth = {r["mode"]: max(r["peak_rss"] - r["rss_before"], 1) for r in (stream, listed)}
    print(
        f"ratio list/stream: peak RSS {listed['peak_rss'] / stream['peak_rss']:.2f}x, "
        f"growth during export {growth['list'] / growth['stream']:.1f}x, "
        f"rows/s {stream['seconds'] / listed['seconds']:.2f}x"
    )
    target = "under" if stream["peak_rss"] < 200 else "OVER"
    print(f"stream peak RSS is {target} the 200 MB target")


if __name__ == "__main__":
    main()
