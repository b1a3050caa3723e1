"""How long `make backup` and `make restore` take on PostgreSQL, and the file's size.

    .venv/bin/python bench/backup.py [--claims 20000]

Seeds a throwaway PostgreSQL 18 (scripts/test_postgres.py) as bench/queue.py
does: queued, in-progress and done claims, each with its vector and the HNSW
index. Then it runs scripts/backup.py as `make` does: a backup, a verify, and
a restore into a new empty database on the same server, which rebuilds the
HNSW index and ANALYZEs. The baseline is the backup's own time.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]


def load_queue_bench():
    """bench/queue.py's seeding (its name shadows the standard library's queue)."""
    spec = importlib.util.spec_from_file_location("bench_queue", ROOT / "bench" / "queue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(*args: str, url: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "backup.py"), *args],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=20_000)
    args = parser.parse_args()
    from test_postgres import postgres_server

    with postgres_server() as url, tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = url
        queue_bench = load_queue_bench()
        queue_bench.setup_django()
        queue_bench.seed(args.claims, embeddings=True)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM claims_claimembedding")
            vectors = cursor.fetchone()[0]
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
            cursor.execute("CREATE DATABASE restored")
        connection.close()
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{vectors:,} claims with vectors, database {size}; load average {load}")

        archive = Path(folder) / "bench.dump"
        backup = timed("backup", "--output", str(archive), url=url)
        verify = timed("verify", str(archive), url=url)
        restored_url = url.rsplit("/", 1)[0] + "/restored"
        restore = timed("restore", str(archive), url=restored_url)
        megabytes = archive.stat().st_size / 1e6
        print(f"backup  {backup:6.1f} s  ({megabytes:.1f} MB, pg_dump -Fc)")
        print(f"verify  {verify:6.1f} s  ({verify / backup:.1f}x the backup)")
        print(f"restore {restore:6.1f} s  ({restore / backup:.1f}x the backup; HNSW rebuilt)")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"load average {load} after the run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
