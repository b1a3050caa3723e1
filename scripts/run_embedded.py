"""`make run`: the site and a Celery worker on the embedded broker, one command.

Starts, from this checkout and under workbench.settings.dev (unless
DJANGO_SETTINGS_MODULE says otherwise):

- `manage.py runserver HOST:PORT`, the site;
- `celery -A workbench worker -B`: one pool process that extracts claims in
  the background, and beat in the same process (the sweeper that requeues a
  lost article, lease expiry).

Both use the embedded broker (CLAIMS_BROKER_DIR, default <data>/broker):
kombu's filesystem transport, messages are files, so there is no Redis to
install and the task code is the production one. With REDIS_URL set, the
worker uses Redis instead. CLAIMS_SITE_URL is http://HOST:PORT unless set,
for the links built where no request is at hand.

Ctrl-C (or SIGTERM, SIGHUP) stops both; when one exits by itself the other is
stopped too and its exit status is passed on. The children run in process
groups of their own, so the terminal's Ctrl-C reaches only this script, which
stops each group by its PID.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Seconds a process has to exit after being asked before it is killed.
STOP_GRACE = 10.0


def site_url(host: str, port: int) -> str:
    """Return the address people reach the site on; 0.0.0.0 or :: (every
    interface) is reached as localhost."""
    if host in ("0.0.0.0", "::", ""):
        host = "localhost"
    elif ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"http://{host}:{port}"


def environment(host: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.dev")
    data = Path(env.get("WORKBENCH_DATA_DIR") or ROOT / "data")
    env.setdefault("CLAIMS_BROKER_DIR", str(data / "broker"))
    env.setdefault("CLAIMS_SITE_URL", site_url(host, port))
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def commands(host: str, port: int, env: dict[str, str]) -> dict[str, list[str]]:
    broker = Path(env["CLAIMS_BROKER_DIR"])
    broker.mkdir(parents=True, exist_ok=True)
    return {
        "web": [sys.executable, "manage.py", "runserver", f"{host}:{port}"],
        "worker": [
            sys.executable, "-m", "celery", "-A", "workbench", "worker", "--beat",
            # One pool process: each holds its own copy of the models.
            "--concurrency=1", "--loglevel=INFO", "-n", "embedded@%h",
            "--without-gossip", "--without-mingle",
            "--schedule", str(broker / "celerybeat-schedule"),
        ],
    }


def die_with_parent() -> None:
    """Have Linux send SIGTERM to the child if this script is killed outright."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def stop(procs: dict[str, subprocess.Popen]) -> None:
    """Ask every group to stop (the worker at once: a cold shutdown puts its
    unfinished message back), then kill what is left after STOP_GRACE."""
    for name, proc in procs.items():
        if proc.poll() is None:
            sig = signal.SIGQUIT if name == "worker" else signal.SIGTERM
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
    deadline = time.monotonic() + STOP_GRACE
    for proc in procs.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(max(0.1, deadline - time.monotonic()))
    for proc in procs.values():
        # The group too: a reloader's or a pool's child outliving its parent.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)
    env = environment(args.host, args.port)

    stopping: list[int] = []
    for sig in STOP_SIGNALS:
        signal.signal(sig, lambda signum, frame: stopping.append(signum))

    procs: dict[str, subprocess.Popen] = {}
    for name, command in commands(args.host, args.port, env).items():
        procs[name] = subprocess.Popen(
            command, cwd=ROOT, env=env, start_new_session=True, preexec_fn=die_with_parent
        )
    broker = "Redis" if env.get("REDIS_URL") else f"the embedded broker ({env['CLAIMS_BROKER_DIR']})"
    print(
        f"Serving {env['CLAIMS_SITE_URL']}/ with a Celery worker on {broker}; "
        "Ctrl-C stops both.",
        flush=True,
    )
    status = 0
    try:
        while not stopping:
            exited = [(name, p.returncode) for name, p in procs.items() if p.poll() is not None]
            if exited:
                name, status = exited[0]
                print(f"{name} exited with status {status}; stopping the rest.", flush=True)
                status = status or 1
                break
            time.sleep(0.2)
    finally:
        stop(procs)
    return status


if __name__ == "__main__":
    sys.exit(main())
