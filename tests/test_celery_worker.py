"""Ingest through a real Celery worker on Redis, as in production."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from claims import services
from claims.models import Article
from workbench.celery import app

ROOT = Path(__file__).resolve().parents[1]


def database_url_for_worker() -> str:
    """Point the worker at the test database this test process uses."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def celery_worker(redis_url):
    """Start `celery -A workbench worker` on the test broker; stop it after."""
    assert app.conf.broker_url == redis_url, "settings.test reads TEST_REDIS_URL"
    app.control.purge()  # nothing left over from an earlier run
    app.conf.task_always_eager = False
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings.test",
        "DATABASE_URL": database_url_for_worker(),
        "HF_HUB_OFFLINE": "1",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workbench", "worker", "--pool=solo",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield worker
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        print(output[-4000:])


@pytest.mark.redis
@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_demo_article_is_processed_by_a_real_worker(celery_worker, editor, demo_text):
    article = services.article_submit(text=demo_text, submitted_by=editor).article
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        article.refresh_from_db()
        # Done, then its related claims linked by the next task (progress 100).
        related_done = article.status == Article.Status.DONE and article.progress == 100
        if related_done or article.status == Article.Status.FAILED:
            break
        if celery_worker.poll() is not None:
            break
        time.sleep(0.5)
    assert article.status == Article.Status.DONE, article.error or "worker did not finish"
    assert article.progress == 100
    assert article.claims.count() >= 15
    assert article.claims.filter(speaker__name="Maria Zakharova").exists()
