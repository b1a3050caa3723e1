"""`make run` processes articles in the background: scripts/run_embedded.py
starts runserver and a Celery worker on the embedded (filesystem) broker."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone

from claims.models import Article
from scripts.test_postgres import free_port
from tests.conftest import on_postgres
from tests.test_celery_worker import database_url_for_worker

ROOT = Path(__file__).resolve().parents[1]
# Short, so that the worker's time goes to loading the models.
ARTICLE = (
    "Unemployment fell to 4.1 percent in March, the labour ministry said on Friday.\n\n"
    '"We created 210,000 jobs this year," Finance Minister Ann Lee told reporters.\n'
)


def wait_until(predicate, timeout: float, what: str, proc: subprocess.Popen):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        assert proc.poll() is None, f"run_embedded.py exited while waiting for {what}"
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.fixture
def embedded_run(tmp_path):
    """`scripts/run_embedded.py` as `make run` starts it (dev settings, the
    test database), on a free port; stopped with Ctrl-C's SIGINT after."""
    if on_postgres():
        pytest.skip("the embedded default is SQLite: runs in the SQLite pass")
    port = free_port()
    dropped = ("DJANGO_", "DATABASE_", "REDIS_", "CACHE_", "CELERY_", "CLAIMS_", "TEST_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        DJANGO_SETTINGS_MODULE="workbench.settings.dev",
        DATABASE_URL=database_url_for_worker(),
        WORKBENCH_DATA_DIR=str(tmp_path / "data"),
        HF_HUB_OFFLINE="1",
    )
    proc = subprocess.Popen(
        [sys.executable, "scripts/run_embedded.py", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(f"{base}/accounts/login/"), 60, "runserver", proc)
        yield proc, base, tmp_path / "data" / "broker"
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            output, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
        print(output[-4000:])


@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_make_run_processes_a_submitted_article_in_the_background(embedded_run, editor):
    proc, base, broker = embedded_run
    children = psutil.Process(proc.pid).children(recursive=True)
    assert len(children) >= 2, "runserver and the worker"
    # Hashed as the dev settings' hashers read it (the test settings use MD5).
    hasher = PBKDF2PasswordHasher()
    editor.password = hasher.encode("pw-eddie", hasher.salt())
    editor.save()
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/accounts/login/").text
        client.post(
            "/accounts/login/",
            data={"username": "eddie", "password": "pw-eddie", "csrfmiddlewaretoken": csrf_token(page)},
        )
        page = client.get("/articles/new/")
        assert page.status_code == 200
        started = time.monotonic()
        response = client.post(
            "/articles/new/",
            data={"text": ARTICLE, "title": "Embedded run", "csrfmiddlewaretoken": csrf_token(page.text)},
        )
        answered_at, answered_in = timezone.now(), time.monotonic() - started
        assert response.status_code == 302, response.text[:2000]
        article = Article.objects.get(title="Embedded run")
        assert response.headers["location"] == f"/articles/{article.pk}/"
        assert article.status in (Article.Status.PENDING, Article.Status.PROCESSING)
        assert article.enqueued_at is not None
        progress = client.get(f"/articles/{article.pk}/progress/").text
        assert "Waiting in the queue" in progress or "Step:" in progress

        # done, and its related claims found by their own task (progress 100)
        wait_until(
            lambda: Article.objects.filter(pk=article.pk, status="failed").exists()
            or Article.objects.filter(pk=article.pk, status="done", progress=100).exists(),
            120, "the worker to process the article and find its related claims", proc,
        )
    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.error
    assert article.claims.exists()
    # The form answered before the worker finished, and quickly.
    assert answered_at < article.processed_at
    assert answered_in < 5, f"submitting took {answered_in:.1f} s"
    assert not list((broker / "queue").iterdir()), "the message was taken from the queue"

    # Ctrl-C stops everything the script started.
    proc.send_signal(signal.SIGINT)
    proc.wait(30)
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, f"still running after Ctrl-C: {[p.cmdline() for p in alive]}"


@pytest.mark.parametrize(
    "progress, step",
    [
        (0, "Parsing the text and finding claims"),  # claimed, nothing recorded yet
        (5, "Parsing the text and finding claims"),
        (60, "Embedding the claims"),
        (80, "Scoring check-worthiness"),
        (90, "Storing the claims and linking related ones"),
    ],
)
def test_the_progress_page_names_the_step(progress, step):
    from django.template.loader import render_to_string

    article = Article(pk=1, status=Article.Status.PROCESSING, progress=progress,
                      heartbeat_at=timezone.now())
    html = render_to_string("claims/_progress.html", {"article": article})
    assert f"Step: {step}…" in html
    assert f"{progress}%" in html
