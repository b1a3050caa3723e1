"""Ingest end to end through a real Celery worker, against the bare models,
for bench/scale.py (issue #22).

A worker (`celery -A workbench worker`, the default concurrency: one
prefork child per core) is started against the bench's database and the
shared Redis on its own database number (REDIS_DB, never flushed; the
queue's keys are deleted when the run ends). Articles are stored `pending`
and their messages sent as the web process sends them; the clock runs from
the first message to the last article whose related claims are linked
(progress 100). The bare models are spaCy and MiniLM over the same texts in
this process, one thread per child as the worker has them. Memory: VmRSS of
each of the worker's children (/proc) after the run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REDIS_DB = 13


def redis_url() -> str:
    return f"redis://127.0.0.1:6379/{REDIS_DB}"


@contextlib.contextmanager
def worker(database_url: str):
    """Start a Celery worker (no beat); yield its process; stop it by PID."""
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url(),
           "DJANGO_SETTINGS_MODULE": "workbench.settings.dev", "DEBUG": "false"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "workbench", "worker",
         "--loglevel", "warning", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        import redis

        client = redis.Redis.from_url(redis_url())
        for key in client.scan_iter("*celery*"):
            client.delete(key)
        client.delete("celery")


def children_rss_mb(pid: int) -> list[float]:
    """Resident memory of each child of pid, in MB."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            status = (entry / "status").read_text()
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if int(fields["PPid"]) == pid and "VmRSS" in fields:
                found.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
    return found


def submit(texts: list[str], tag: str) -> list[int]:
    """Store the texts as pending articles and send their messages."""
    from celery import Celery

    from claims import services
    from claims.models import Article

    sender = Celery(broker=redis_url())
    ids = []
    for n, text in enumerate(texts):
        text = f"{text}\n\n({tag} {n})"
        article = Article.objects.create(
            title=f"Ingest {tag} {n}", outlet="Bench", text=text,
            text_hash=services.sha256_hex(text), source="api", language="en",
        )
        sender.send_task("claims.tasks.article_extract_claims",
                         args=(article.pk, article.text_hash))
        ids.append(article.pk)
    return ids


def wait_done(ids: list[int], timeout: float = 1800) -> None:
    from claims.models import Article

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        open_ = Article.objects.filter(pk__in=ids).exclude(status="failed")
        if not open_.exclude(status="done", progress=100).exists():
            return
        time.sleep(0.2)
    raise TimeoutError("the worker did not finish the articles")


def bare_models(texts: list[str]) -> float:
    """Seconds for spaCy and MiniLM over the texts in this process."""
    import torch
    from django.conf import settings

    from claims.nlp.embeddings import embed_texts
    from claims.nlp.extraction import extract_claims
    from claims.nlp.loading import get_nlp

    torch.set_num_threads(max(settings.CLAIMS_MODEL_THREADS, 1))
    nlp = get_nlp(settings.CLAIMS_SPACY_MODEL)
    embed_texts(["warm up"])
    extract_claims(texts[0], nlp=nlp)
    start = time.perf_counter()
    for text in texts:
        extracted = extract_claims(text, nlp=nlp)
        embed_texts([c.standalone or c.text for c in extracted])
    return time.perf_counter() - start


def ingest(database_url: str, texts: list[str]) -> dict:
    """Words/s end to end through the worker and of the bare models; the
    worker children's memory."""
    words = sum(len(text.split()) for text in texts)
    children = os.cpu_count() or 1
    with worker(database_url) as process:
        # Warm-up: each child loads spaCy and MiniLM on its first article.
        wait_done(submit(texts[:children * 2], f"warm-up {time.time()}"))
        start = time.perf_counter()
        wait_done(submit(texts, f"run {time.time()}"))
        elapsed = time.perf_counter() - start
        memory = children_rss_mb(process.pid)
    bare = bare_models(texts)
    # The worker runs `children` processes in parallel; the bare models one.
    bare_rate = words / bare * children
    return {"articles": len(texts), "words": words,
            "words_per_s": round(words / elapsed, 1),
            "bare_words_per_s": round(bare_rate, 1),
            "vs_bare": round(words / elapsed / bare_rate, 3),
            "worker_children_rss_mb": memory}
