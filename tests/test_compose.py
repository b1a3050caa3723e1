"""docker-compose.yml runs: each app service's command, with that service's
environment as compose would give it, against the test PostgreSQL and a Redis
of our own (no Docker engine here). The web healthcheck answers, the first
admin is created from the environment, and the worker processes an article.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

from claims.models import Article
from scripts.test_postgres import free_port
from tests.test_celery_worker import database_url_for_worker

ROOT = Path(__file__).resolve().parents[1]
APP_SERVICES = ("web", "worker", "beat")
ARTICLE = (
    "Unemployment fell to 4.1 percent in March, the labour ministry said on Friday.\n\n"
    '"We created 210,000 jobs this year," Finance Minister Ann Lee told reporters.\n'
)
# The .env of a newcomer: a secret and the first admin, nothing else.
DOT_ENV = {
    "SECRET_KEY": secrets.token_hex(32),
    "DJANGO_SUPERUSER_USERNAME": "compose-admin",
    "DJANGO_SUPERUSER_PASSWORD": "a-long-compose-admin-password",
}
VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def interpolate(value: str, env: dict[str, str]) -> str:
    """Substitute ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error} and
    $$ as compose does (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/)."""

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.groups()
        value = env.get(name)
        if op in (":-", ":?") and not value:
            value = None
        if value is not None:
            return value
        if op and op.endswith("?"):
            raise AssertionError(f"compose refuses to start: {arg}")
        return arg if op else ""

    return VARIABLE.sub(substitute, value)


def dockerfile_env() -> dict[str, str]:
    """The image's ENV lines."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    pairs = {}
    for line in text.splitlines():
        if line.startswith("ENV "):
            pairs.update(item.split("=", 1) for item in shlex.split(line[4:]))
    return pairs


def compose_services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def service_environment(service: dict) -> dict[str, str]:
    return {
        name: interpolate(str(value), DOT_ENV)
        for name, value in (service.get("environment") or {}).items()
    }


def argv(command) -> list[str]:
    """compose's command: a list as it is, a string split as a shell would."""
    if isinstance(command, list):
        return [interpolate(str(part), DOT_ENV) for part in command]
    return shlex.split(interpolate(command, DOT_ENV))


def healthcheck_argv(service: dict) -> list[str]:
    kind, *rest = service["healthcheck"]["test"]
    if kind == "CMD-SHELL":
        return ["sh", "-c", interpolate(rest[0], DOT_ENV)]
    assert kind == "CMD"
    return [interpolate(part, DOT_ENV) for part in rest]


def test_every_app_service_has_what_it_needs():
    services = compose_services()
    for name in APP_SERVICES:
        service = services[name]
        env = service_environment(service)
        # The shared cache: throttles count across processes.
        assert env["CACHE_URL"].startswith("redis://redis:6379/"), name
        assert env["REDIS_URL"] == "redis://redis:6379/0", name
        assert env["CLAIMS_HTTPS"] == "false", name  # plain http by default
        assert {"localhost", "127.0.0.1"} <= set(env["ALLOWED_HOSTS"].split(",")), name
        assert service.get("healthcheck"), f"{name} has no healthcheck"
        assert service.get("restart") == "unless-stopped", name
    assert "ensure_admin" in " ".join(argv(services["web"]["command"]))


def test_a_missing_secret_key_stops_compose():
    services = compose_services()
    with pytest.raises(AssertionError, match="set SECRET_KEY"):
        interpolate(services["web"]["environment"]["SECRET_KEY"], {})


@pytest.fixture
def redis_port(tmp_path):
    """A redis-server of our own on a free port (the shared one is never touched)."""
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path),
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    import redis

    client = redis.Redis(port=port, socket_connect_timeout=1)
    deadline = time.monotonic() + 20
    while True:
        with contextlib.suppress(redis.ConnectionError):
            if client.ping():
                break
        assert time.monotonic() < deadline, "redis-server did not answer"
        time.sleep(0.1)
    yield port
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(10)


class Stack:
    """The app services of docker-compose.yml as local processes."""

    def __init__(self, tmp_path: Path, redis_port: int) -> None:
        self.dir, self.redis_port = tmp_path, redis_port
        self.web_port = free_port()
        self.services = compose_services()
        self.procs: dict[str, subprocess.Popen] = {}

    def env(self, name: str) -> dict[str, str]:
        dropped = ("DJANGO_", "DATABASE_", "REDIS_", "CACHE_", "CELERY_", "CLAIMS_", "TEST_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
        env.update(dockerfile_env())
        service = service_environment(self.services[name])
        assert service["DATABASE_URL"].startswith("postgres://workbench:workbench@db:5432/")
        service["DATABASE_URL"] = database_url_for_worker()
        for key in ("REDIS_URL", "CACHE_URL"):
            service[key] = service[key].replace("redis:6379", f"127.0.0.1:{self.redis_port}")
        env.update(service)
        env.update(
            # What differs from a container: the venv's python, celery and
            # gunicorn; a free port; files of our own; the hostname Docker sets.
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            HOME=str(self.dir),
            HOSTNAME=socket.gethostname(),
            CELERY_BEAT_SCHEDULE_FILENAME=str(self.dir / "celerybeat-schedule"),
            WORKBENCH_DATA_DIR=str(self.dir / "data"),
            # The image runs collectstatic when it is built (over a minute).
            STATIC_FROM_APPS="true",
        )
        if "PORT" in env and name == "web":
            env["PORT"] = str(self.web_port)
        return env

    def start(self, name: str) -> None:
        log = open(self.dir / f"{name}.log", "wb")
        self.procs[name] = subprocess.Popen(
            argv(self.services[name]["command"]), cwd=ROOT, env=self.env(name),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def healthcheck(self, name: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            healthcheck_argv(self.services[name]), cwd=ROOT, env=self.env(name),
            capture_output=True, text=True, timeout=60,
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env("web"),
            capture_output=True, text=True, timeout=120,
        )

    def wait(self, what: str, predicate, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            exited = [n for n, p in self.procs.items() if p.poll() is not None]
            assert not exited, f"{exited} exited while waiting for {what}\n{self.logs()}"
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(
            f"----- {path.name}\n" + path.read_text(errors="replace")[-3000:]
            for path in sorted(self.dir.glob("*.log"))
        )

    def stop(self) -> None:
        for proc in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.mark.postgres
@pytest.mark.model
@pytest.mark.django_db(transaction=True)
def test_compose_services_run_and_process_an_article(tmp_path, redis_port, django_user_model):
    stack = Stack(tmp_path, redis_port)
    try:
        for name in APP_SERVICES:
            stack.start(name)
        stack.wait("the web healthcheck", lambda: stack.healthcheck("web").returncode == 0, 90)
        base = f"http://127.0.0.1:{stack.web_port}"

        # Both local names answer over plain http: no 400, no https redirect.
        for host in ("localhost", "127.0.0.1"):
            page = httpx.get(f"http://{host}:{stack.web_port}/accounts/login/", timeout=10)
            assert page.status_code == 200, (host, page.status_code)
            assert "strict-transport-security" not in page.headers
        # The first admin logs in through the form (CSRF, a cookie sent back over http).
        admin = django_user_model.objects.get(username="compose-admin")
        assert admin.is_superuser and admin.groups.filter(name="Admins").exists()
        with httpx.Client(base_url=f"http://localhost:{stack.web_port}", timeout=10) as client:
            page = client.get("/accounts/login/").text
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            response = client.post(
                "/accounts/login/",
                data={"username": "compose-admin", "password": DOT_ENV["DJANGO_SUPERUSER_PASSWORD"],
                      "csrfmiddlewaretoken": token},
                headers={"Origin": f"http://localhost:{stack.web_port}"},
            )
            assert response.status_code == 302, response.text[:1000]
            assert client.get("/").status_code == 200

        # An article submitted through the API is processed by the worker.
        token = httpx.post(
            f"{base}/api/auth/token/",
            data={"username": "compose-admin", "password": DOT_ENV["DJANGO_SUPERUSER_PASSWORD"]},
            timeout=30,
        ).json()["token"]
        response = httpx.post(
            f"{base}/api/articles/", json={"text": ARTICLE, "title": "Compose run"},
            headers={"Authorization": f"Token {token}"}, timeout=30,
        )
        assert response.status_code in (201, 202), response.text
        article_id = response.json()["id"]
        stack.wait(
            "the worker to process the article",
            lambda: Article.objects.filter(pk=article_id, status__in=["done", "failed"]).exists(),
            150,
        )
        article = Article.objects.get(pk=article_id)
        assert article.status == Article.Status.DONE, article.error
        assert article.claims.exists()

        for name in ("worker", "beat"):
            result = stack.healthcheck(name)
            assert result.returncode == 0, (name, result.stdout, result.stderr)
        # Running it again at the next start changes nothing.
        again = stack.manage("ensure_admin")
        assert again.returncode == 0 and "left as it is" in again.stdout, again.stderr
    finally:
        stack.stop()
        print(stack.logs())
