"""examples/shop, the team repository the example workflows run on: its committed
snapshot is what its migrations build.

Regenerate the snapshot after a change to the migrations or the snapshot format with
`UPDATE_GOLDEN=1 bash scripts/test -q tests/action/test_example.py` (it is taken on the
embedded PostgreSQL 18, in a database named `shop`)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest

from generator.diff import diff
from generator.snapshot import read_snapshot, write_snapshot
from tests.action.conftest import EXAMPLE
from tests.diff.conftest import describe
from tests.helpers import Server, database_dsn, psql_file, snapshot_of

SNAPSHOT = EXAMPLE / "site_src" / "schema_map.json"
MIGRATIONS = sorted((EXAMPLE / "db" / "migrations").glob("*.sql"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def shop(pg18: Server) -> Iterator[str]:
    """A database named `shop` (its name is in the snapshot) on the session's own server."""
    with psycopg.connect(pg18.dsn, autocommit=True) as conn:
        conn.execute("drop database if exists shop with (force)")
        conn.execute("create database shop")
    try:
        yield database_dsn(pg18.dsn, "shop")
    finally:
        with psycopg.connect(pg18.dsn, autocommit=True) as conn:
            conn.execute("drop database if exists shop with (force)")


def test_committed_snapshot_is_what_the_migrations_build(shop: str) -> None:
    """Apply the migrations in name order: no structural change against the snapshot."""
    for migration in MIGRATIONS:
        psql_file(shop, migration)
    fresh = snapshot_of(shop)
    if UPDATE:
        write_snapshot(SNAPSHOT, fresh)
    result = diff(read_snapshot(SNAPSHOT), fresh)
    assert result.empty, (
        "examples/shop/site_src/schema_map.json is stale; regenerate it with "
        "`UPDATE_GOLDEN=1 bash scripts/test -q tests/action/test_example.py`:\n"
        + describe(result))
