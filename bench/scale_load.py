"""Requests per second under concurrent clients against gunicorn, for
bench/scale.py (issue #22).

gunicorn (2 sync workers, as the production image) is started on a free
port against the bench's database and stopped by its PID afterwards. wrk is
not on this machine, so the clients are Python threads in two processes
(20 clients: 2 x 10 threads), each opening a connection per request with
the session cookie of the role that uses the page. The clients share the
two cores with gunicorn; the login page, measured the same way in the same
run, is the baseline.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str):
    """Start gunicorn with WORKERS sync workers; yield its port; stop it."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false",
           "DJANGO_SETTINGS_MODULE": "workbench.settings.dev"}
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "workbench.wsgi:application",
         "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.1)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _client_process(port: int, path: str, cookie: str, threads: int, seconds: float) -> tuple:
    done, failed = [0] * threads, [0] * threads
    stop_at = time.monotonic() + seconds

    def loop(n: int) -> None:
        headers = {"Host": "localhost", "Cookie": cookie}
        while time.monotonic() < stop_at:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    done[n] += 1
                else:
                    failed[n] += 1
            except OSError:
                failed[n] += 1
            finally:
                connection.close()

    pool = [threading.Thread(target=loop, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sum(done), sum(failed)


def requests_per_second(port: int, path: str, cookie: str = "", *, clients: int = 20,
                        seconds: float = 10.0) -> float:
    """Responses 200 per second with `clients` concurrent clients."""
    _client_process(port, path, cookie, 2, 1.0)  # warm-up: both workers
    processes = 2
    with ProcessPoolExecutor(processes) as pool:
        futures = [pool.submit(_client_process, port, path, cookie, clients // processes,
                               seconds) for _ in range(processes)]
        results = [future.result() for future in futures]
    done, failed = sum(r[0] for r in results), sum(r[1] for r in results)
    if failed > done:
        raise RuntimeError(f"{path}: {failed} failed requests, {done} answered")
    return done / seconds


def session_cookie(user) -> str:
    """A Cookie header signed in as user (a session row in the database,
    which gunicorn's workers read)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def under_load(database_url: str, pages: list[tuple[str, object, str]], *,
               clients: int = 20, seconds: float = 10.0) -> list[dict]:
    """Requests per second of each (name, user or None, path), the first the
    baseline; each with its ratio to it."""
    rows = []
    with gunicorn(database_url) as port:
        for name, user, path in pages:
            cookie = session_cookie(user) if user is not None else ""
            rate = requests_per_second(port, path, cookie, clients=clients, seconds=seconds)
            rows.append({"page": name, "requests_per_s": round(rate, 1)})
    base = rows[0]["requests_per_s"] or 1.0
    for row in rows:
        row["vs_login"] = round(row["requests_per_s"] / base, 3)
    return rows
