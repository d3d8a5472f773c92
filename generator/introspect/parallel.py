"""A second connection that sees exactly what the first one sees.

The first transaction exports its snapshot (`pg_export_snapshot()`); the second one
imports it (`SET TRANSACTION SNAPSHOT`) before any other statement, as `pg_dump -j`
does. Both stay read-only; the catalog is then read on two server processes at once.
Through a transaction-mode pooler this still works: each import happens inside its own
transaction while the exporting one is open.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from psycopg import sql

from generator.introspect.catalog import QueryHook, Timeouts, start_session
from generator.introspect.connection import ConnectOptions, connect

log = logging.getLogger("schemadoc.parallel")


class ExportRefused(Exception):
    """The server would not export our snapshot; the transaction is spoilt, start over."""


def export_snapshot(conn: psycopg.Connection[Any]) -> str:
    """The id of this transaction's snapshot, for a second connection to import."""
    try:
        row = conn.execute("select pg_export_snapshot()").fetchone()
    except psycopg.Error as exc:
        raise ExportRefused(str(exc)) from exc
    assert row is not None
    return str(row[0])


def open_helper(
    dsn: str,
    snapshot_id: str,
    connect_options: ConnectOptions,
    timeouts: Timeouts,
    on_query: QueryHook | None = None,
) -> psycopg.Connection[Any] | None:
    """A read-only connection on `snapshot_id`, or None if the server will not give one
    (too many connections, a pooler that routes elsewhere...): then one connection does."""
    try:
        helper = connect(dsn, connect_options)
    except Exception as exc:  # any failure only means no parallelism
        log.info("no second connection (%s); reading on one", exc)
        return None
    try:
        # Must be the transaction's first statement (psycopg has just sent BEGIN).
        helper.execute(sql.SQL("set transaction snapshot {}").format(sql.Literal(snapshot_id)))
        start_session(helper, timeouts, on_query, label="session_2")
    except psycopg.Error as exc:
        log.info("the second connection cannot share the snapshot (%s); reading on one", exc)
        helper.close()
        return None
    return helper
