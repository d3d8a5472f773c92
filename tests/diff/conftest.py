"""Helpers for the diff tests: a database before and after some DDL, diffed.

Every test runs on each server (the `db` fixture is parametrized); `before_after`
snapshots the database, runs the DDL, snapshots again and diffs the two.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
import pytest
from psycopg import sql

from generator.diff import Change, Diff, VolumeThreshold, diff
from tests.helpers import Server, database_dsn, run_sql, snapshot_of

Changer = Callable[..., Diff]


@pytest.fixture
def before_after(db: str) -> Changer:
    """`before_after(setup, ddl)`: run setup, snapshot, run ddl, snapshot, diff."""

    def run(setup: str, ddl: str, threshold: VolumeThreshold | None = None) -> Diff:
        if setup:
            run_sql(db, setup)
        old = snapshot_of(db)
        run_sql(db, ddl)
        return diff(old, snapshot_of(db), threshold)

    return run


def find(result: Diff, path: str, attribute: str | None = None,
         action: str | None = None) -> Change:
    """The one change at `path` (and `attribute`/`action` if given); fails with the list."""
    found = [c for c in result.changes if c.path == path
             and (attribute is None or c.attribute == attribute)
             and (action is None or c.action == action)]
    assert len(found) == 1, describe(result)
    return found[0]


def describe(result: Diff) -> str:
    """Every change on one line each, for assertion messages."""
    return "\n".join(f"{c.kind} {c.path} {c.action} {c.attribute} {c.classes} {c.detail}"
                     for c in result.changes) or "(no changes)"


def only(result: Diff) -> Change:
    """The diff's single change; fails with the list when there are more or none."""
    assert len(result.changes) == 1, describe(result)
    return result.changes[0]


@contextmanager
def fresh_database(admin_dsn: str) -> Iterator[str]:
    """DSN of a new empty database on the server of `admin_dsn`, dropped afterwards."""
    name = f"sd_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    try:
        yield database_dsn(admin_dsn, name)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(
                sql.Identifier(name)))


@pytest.fixture
def other_db(server: Server) -> Iterator[str]:
    """A second empty database on the same server, for diffs across databases."""
    with fresh_database(server.dsn) as dsn:
        yield dsn


