"""Fixtures for the introspection tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest

from tests.helpers import Server, run_sql


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
