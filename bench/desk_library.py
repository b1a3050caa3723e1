"""Benchmark: from publishing a verdict to its repeat's raise in the queue (issue #24).

    .venv/bin/python bench/desk_library.py [--claims 20000] [--runs 3]

Starts a throwaway PostgreSQL (scripts/test_postgres.py) unless DATABASE_URL
names one, migrates, and bulk-creates --claims claims in articles of 20,
each with a random unit vector (a tenth queued, the rest below the
threshold, as a desk's claims are), plus a queued claim that repeats the
one to be checked, with its real MiniLM vector. Then, --runs times, a
fact-checker drafts, an editor approves and another publishes a verdict on
a claim saying CHECKED; Celery runs eagerly, so the library refresh
(`library_refresh_for_checks`) runs as the publication commits, as a worker
would start it at once. Printed per run: the publish call alone (the web
request), the refresh task, and whether the repeat was raised and shows
"Checked before" (a same-claim match). The figure for the closing note is
publish + refresh: the time from the editor's click to the raise, without
the broker's hop.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/queue.py would shadow the standard library's queue: keep bench/ off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

CHECKED = "Drinking hot water with lemon cures the coronavirus within three days."
REPEAT = "A doctor claimed that drinking hot lemon water cures the coronavirus in three days."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith("postgres"):
        server = nullcontext(given)
    else:
        from test_postgres import postgres_server

        server = postgres_server()
    with server as url:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.test")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import django

        django.setup()
        run(args)


def run(args) -> None:
    import numpy as np
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import transaction

    from claims import services
    from claims.models import Article, Claim, ClaimEmbedding
    from claims.nlp.embeddings import embed_texts
    from claims.roles import Role
    from claims.services import sha256_hex
    from claims.services.desk_library import library_refresh_for_checks

    call_command("migrate", verbosity=0)
    users = {}
    for name, role in [("fiona", Role.FACT_CHECKER), ("eddie", Role.EDITOR), ("erin", Role.EDITOR)]:
        users[name] = User.objects.create_user(name, password="x")
        users[name].groups.add(Group.objects.get(name=role))
    rng = np.random.default_rng(7)
    started = time.perf_counter()
    with transaction.atomic():
        for start in range(0, args.claims, 20):
            text = f"Article {start}: " + " ".join(f"word{rng.integers(10**6)}" for _ in range(30))
            article = Article.objects.create(
                title=f"A{start}", text=text, text_hash=sha256_hex(text)
            )
            claims = Claim.objects.bulk_create(
                Claim(
                    article=article,
                    position=i,
                    text=f"Claim {start + i} says {rng.integers(10**9)} things happened.",
                    sentence_start=0,
                    sentence_end=10,
                    content_start=0,
                    content_end=10,
                    quote_type="unattributed",
                    checkworthiness=0.6 if (start + i) % 10 == 0 else 0.3,
                    queue_state="queued" if (start + i) % 10 == 0 else "below_threshold",
                )
                for i in range(min(20, args.claims - start))
            )
            vectors = rng.normal(size=(len(claims), 384)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            ClaimEmbedding.objects.bulk_create(
                ClaimEmbedding(claim=c, embedding=v) for c, v in zip(claims, vectors, strict=True)
            )
    print(f"{args.claims:,} claims stored in {time.perf_counter() - started:.1f} s")
    [checked_vector, repeat_vector] = embed_texts([CHECKED, REPEAT])

    def said(text, vector, **fields):
        unique = f"{text} {time.time_ns()}"
        article = Article.objects.create(text=unique, text_hash=sha256_hex(unique))
        claim = Claim.objects.create(
            article=article,
            position=0,
            text=text,
            sentence_start=0,
            sentence_end=len(text),
            content_start=0,
            content_end=len(text),
            quote_type="unattributed",
            **fields,
        )
        ClaimEmbedding.objects.create(claim=claim, embedding=vector)
        return claim

    print("run  publish_ms  refresh_ms  total_ms  repeat_raised  checked_before")
    for number in range(1, args.runs + 1):
        repeat = said(REPEAT, repeat_vector, checkworthiness=0.55, queue_state="queued")
        claim = said(CHECKED, checked_vector, checkworthiness=0.9, queue_state="assigned",
                     assigned_to=users["fiona"])
        verdict = services.verdict_create(
            claim=claim, by=users["fiona"], rating="false", headline=f"No, lemon water ({number})"
        )
        services.evidence_add(
            verdict=verdict, by=users["fiona"], url="https://x.example/", stance="refutes"
        )
        services.verdict_submit(verdict=verdict, by=users["fiona"])
        services.verdict_approve(verdict=verdict, by=users["eddie"])
        timings = {}
        original = library_refresh_for_checks

        def timed(**kwargs):
            t = time.perf_counter()
            if os.environ.get("BENCH_PROFILE"):
                import cProfile
                import pstats

                profile = cProfile.Profile()
                result = profile.runcall(original, **kwargs)
                pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
            else:
                result = original(**kwargs)
            timings["refresh"] = time.perf_counter() - t
            return result

        import claims.services.desk_library as module

        module.library_refresh_for_checks = timed
        try:
            t = time.perf_counter()
            services.verdict_publish(verdict=verdict, by=users["erin"])
            total = time.perf_counter() - t
        finally:
            module.library_refresh_for_checks = original
        repeat.refresh_from_db()
        # Each run's check says the same: the repeat's nearest may be an earlier one.
        raised = repeat.nearest_checked_claim_id is not None and repeat.library_raise > 0
        from claims.selectors import library_checks_for

        shown = repeat.pk in library_checks_for(claim_ids=[repeat.pk])
        refresh = timings.get("refresh", 0.0)
        print(
            f"{number:>3}  {1000 * (total - refresh):>10.0f}  {1000 * refresh:>10.0f}"
            f"  {1000 * total:>8.0f}  {raised!s:>13}  {shown!s:>14}"
        )


if __name__ == "__main__":
    main()
