"""Bounded samples of some columns' values, read only on request.

`schemadoc lint --sample-data` is the only path that reads table rows (to check ID
formats). It uses the read-only connection of introspection (REPEATABLE READ READ
ONLY, no prepared statements), one query per table for all its wanted columns, each in
a savepoint under its own statement and lock timeouts, at most `rows` rows per table
(TABLESAMPLE on large tables, so a sample does not read them whole). A table that
cannot be read is reported back; the others are still read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from generator.introspect.connection import ConnectOptions, connect
from generator.model import Table, TableKey
from generator.model.samples import Unread

__all__ = ["SampleOptions", "Unread", "read_samples"]

# SYSTEM sampling picks whole pages; reading a few times the wanted share of rows, and
# at least _MIN_PAGES pages, makes it all but certain that `rows` rows come back. On a
# table of fewer than _SAMPLED_FROM pages a plain LIMIT reads as little.
_OVERSAMPLE = 4
_MIN_PAGES = 20
_SAMPLED_FROM = 100
_PAGE = 8192


@dataclass(frozen=True, slots=True)
class SampleOptions:
    """How much to read and how long each table's query may take."""

    rows: int = 1000
    statement_timeout: str = "5s"
    lock_timeout: str = "1s"
    connect: ConnectOptions = ConnectOptions()


def _query(schema: str, name: str, table: Table, columns: list[str], rows: int) -> sql.Composed:
    estimate = table.row_count.estimate or 0
    pages = (table.table_bytes or 0) // _PAGE
    sample: sql.Composable = sql.SQL("")
    if estimate > rows * _OVERSAMPLE and pages >= _SAMPLED_FROM:
        share = max(rows * _OVERSAMPLE / estimate, _MIN_PAGES / pages)
        sample = sql.SQL(" tablesample system ({})").format(
            sql.Literal(round(min(100.0, 100.0 * share), 4)))
    return sql.SQL("select {cols} from {table}{sample} limit {rows}").format(
        cols=sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) for c in columns),
        table=sql.Identifier(schema, name), sample=sample, rows=sql.Literal(rows))


def _sample_table(conn: psycopg.Connection[Any], key: TableKey, table: Table,
                  columns: list[str], options: SampleOptions
                  ) -> dict[tuple[str, str, str], list[Any]]:
    schema, name = key
    with conn.transaction():  # a savepoint: a failure here leaves the others running
        conn.execute("select set_config('statement_timeout', %s, true),"
                     " set_config('lock_timeout', %s, true)",
                     [options.statement_timeout, options.lock_timeout])
        rows = conn.execute(_query(schema, name, table, columns, options.rows)).fetchall()
    return {(schema, name, column): [row[i] for row in rows]
            for i, column in enumerate(columns)}


def read_samples(dsn: str, wanted: Mapping[TableKey, tuple[Table, list[str]]],
                 options: SampleOptions = SampleOptions()
                 ) -> tuple[dict[tuple[str, str, str], list[Any]], dict[TableKey, Unread]]:
    """The sampled values (as text) of the `wanted` columns of each table, by (schema,
    table, column); and the tables that could not be read, with why."""
    values: dict[tuple[str, str, str], list[Any]] = {}
    unread: dict[TableKey, Unread] = {}
    if not wanted:
        return values, unread
    with connect(dsn, options.connect) as conn, conn.transaction():
        for key, (table, columns) in wanted.items():
            try:
                values.update(_sample_table(conn, key, table, columns, options))
            except psycopg.errors.QueryCanceled:
                unread[key] = Unread(True)
            except psycopg.Error as exc:
                unread[key] = Unread(False, " ".join(str(exc).split()))
    return values, unread
