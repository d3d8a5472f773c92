"""The ID-format check's data: a bounded sample of each ID column, read only on request.

`schemadoc lint --sample-data` is the only lint path that reads table rows. It uses
the read-only connection of introspection (REPEATABLE READ READ ONLY, no prepared
statements), one query per table for all its ID columns, each in a savepoint under
its own statement and lock timeouts, at most `rows` rows per table (TABLESAMPLE on
large tables, so a sample does not read them whole). A table that cannot be read
becomes a note; the others are still checked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from generator.config import Config, IdFormat
from generator.introspect.connection import ConnectOptions, connect
from generator.lint.engine import SampleResult
from generator.model import Snapshot, Table

__all__ = ["SampleOptions", "sample_id_columns"]

MAX_EXAMPLES = 3
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


def id_columns(snapshot: Snapshot, config: Config
               ) -> dict[tuple[str, str], list[tuple[str, IdFormat]]]:
    """(schema, table) -> [(column, format)] for every column an ID format names."""
    found: dict[tuple[str, str], list[tuple[str, IdFormat]]] = defaultdict(list)
    for schema_name, schema in sorted(snapshot.schemas.items()):
        for name, table in sorted(schema.tables.items()):
            if table.kind == "foreign_table" or table.partition_of:
                continue
            for column in table.columns:
                fmt = config.id_format_for(schema_name, name, column)
                if fmt is not None:
                    found[(schema_name, name)].append((column, fmt))
    return dict(found)


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


def _check(values: list[Any], fmt: IdFormat) -> SampleResult:
    present = [str(v) for v in values if v is not None]
    bad = [v for v in present if not fmt.matches(v)]
    return SampleResult(fmt, len(present), len(bad), tuple(bad[:MAX_EXAMPLES]))


def _sample_table(conn: psycopg.Connection[Any], key: tuple[str, str], table: Table,
                  columns: list[tuple[str, IdFormat]], options: SampleOptions
                  ) -> dict[tuple[str, str, str], SampleResult]:
    schema, name = key
    with conn.transaction():  # a savepoint: a failure here leaves the others running
        conn.execute("select set_config('statement_timeout', %s, true),"
                     " set_config('lock_timeout', %s, true)",
                     [options.statement_timeout, options.lock_timeout])
        rows = conn.execute(_query(schema, name, table, [c for c, _ in columns],
                                   options.rows)).fetchall()
    return {(schema, name, column): _check([row[i] for row in rows], fmt)
            for i, (column, fmt) in enumerate(columns)}


def sample_id_columns(dsn: str, snapshot: Snapshot, config: Config,
                      options: SampleOptions = SampleOptions()
                      ) -> tuple[dict[tuple[str, str, str], SampleResult], list[str]]:
    """Sampled values of every ID column, checked against its format; and notes on the
    tables that could not be read."""
    targets = id_columns(snapshot, config)
    results: dict[tuple[str, str, str], SampleResult] = {}
    notes: list[str] = []
    if not targets:
        return results, notes
    with connect(dsn, options.connect) as conn, conn.transaction():
        for key, columns in targets.items():
            table = snapshot.schemas[key[0]].tables[key[1]]
            try:
                results.update(_sample_table(conn, key, table, columns, options))
            except psycopg.errors.QueryCanceled:
                notes.append(f"id-format: reading {key[0]}.{key[1]} took longer than "
                             f"{options.statement_timeout}; not checked")
            except psycopg.Error as exc:
                notes.append(f"id-format: {key[0]}.{key[1]} could not be read: "
                             f"{' '.join(str(exc).split())}")
    return results, notes
