"""Opt-in exact row counts: `count(*)` per table, each under its own timeout.

This is the only place schemadoc reads table data, and only when asked. Each count
runs in a savepoint so that a timeout or a missing privilege on one table becomes a
warning and the snapshot goes on.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from generator.introspect.catalog import load_sql
from generator.model import Snapshot

log = logging.getLogger("schemadoc.counts")


@dataclass(frozen=True, slots=True)
class ExactCountOptions:
    """Which tables to count and how long each may take."""

    timeout: str = "5s"
    max_bytes: int = 1 << 30


def count_exact(
    conn: psycopg.Connection[Any], snapshot: Snapshot, options: ExactCountOptions
) -> None:
    """Fill `row_count.exact` of every plain table (and partition) below the size limit."""
    for schema_name, schema in snapshot.schemas.items():
        for name, table in list(schema.tables.items()):
            if table.kind != "table":
                continue
            where = f"{schema_name}.{name}"
            if (table.total_bytes or 0) > options.max_bytes:
                snapshot.warnings.append(
                    f"exact count of {where} skipped: {table.total_bytes} bytes is over "
                    f"--exact-counts-max-bytes {options.max_bytes}"
                )
                continue
            exact = _count_one(conn, schema_name, name, options.timeout, snapshot.warnings)
            if exact is not None:
                schema.tables[name] = dataclasses.replace(
                    table, row_count=dataclasses.replace(table.row_count, exact=exact)
                )
    snapshot.warnings.sort()


def _count_one(
    conn: psycopg.Connection[Any], schema: str, table: str, timeout: str, warnings: list[str]
) -> int | None:
    query = sql.SQL(load_sql("count_rows")).format(table=sql.Identifier(schema, table))
    try:
        with conn.transaction():  # a savepoint inside the snapshot's transaction
            # row_security off: a count filtered by a policy would be a wrong "exact"
            # number; PostgreSQL refuses instead, and that becomes a warning.
            conn.execute(
                "select set_config('statement_timeout', %s, true),"
                " set_config('row_security', 'off', true)",
                [timeout],
            )
            row = conn.execute(query).fetchone()
    except psycopg.errors.QueryCanceled:
        warnings.append(
            f"exact count of {schema}.{table} took longer than {timeout}; estimate kept"
        )
        return None
    except psycopg.errors.InsufficientPrivilege as exc:
        if "row-level security" in str(exc):
            reason = "row-level security hides rows from this role"
        else:
            reason = "no SELECT privilege"
        warnings.append(f"exact count of {schema}.{table} not allowed ({reason}); estimate kept")
        return None
    except psycopg.Error as exc:
        warnings.append(f"exact count of {schema}.{table} failed: {' '.join(str(exc).split())}")
        return None
    log.debug("counted %s.%s: %s rows", schema, table, row[0] if row else None)
    return int(row[0]) if row else None
