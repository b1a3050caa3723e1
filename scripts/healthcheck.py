"""Container healthchecks for docker-compose.yml, without loading Django.

    python scripts/healthcheck.py web    GET http://127.0.0.1:$PORT/health/ answers 200
                                         (the database answers; claims/health.py)
    python scripts/healthcheck.py beat   beat wrote its schedule file
                                         (CELERY_BEAT_SCHEDULE_FILENAME) in the last
                                         BEAT_MAX_AGE seconds

The worker's is `celery inspect ping` (docker-compose.yml). Exit 0 when
healthy, 1 with the reason on stderr otherwise.
"""

from __future__ import annotations

import glob
import os
import sys
import time
import urllib.error
import urllib.request

# Beat saves its schedule at start and then about every 3 minutes
# (celery.beat.Scheduler.sync_every) while it runs.
BEAT_MAX_AGE = 10 * 60


def web() -> str | None:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health/"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        return f"{url}: {exc}"
    return None if status == 200 else f"{url} answered {status}"


def beat() -> str | None:
    path = os.environ.get("CELERY_BEAT_SCHEDULE_FILENAME", "celerybeat-schedule")
    # shelve adds .db, or .dat/.dir/.bak, depending on the dbm module at hand.
    files = glob.glob(glob.escape(path) + "*")
    if not files:
        return f"no schedule file {path}*: beat has not started"
    age = time.time() - max(os.path.getmtime(f) for f in files)
    return None if age < BEAT_MAX_AGE else f"{path} last written {age:.0f} s ago"


def main(argv: list[str]) -> int:
    checks = {"web": web, "beat": beat}
    if len(argv) != 1 or argv[0] not in checks:
        print(f"usage: healthcheck.py {{{','.join(checks)}}}", file=sys.stderr)
        return 2
    problem = checks[argv[0]]()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
