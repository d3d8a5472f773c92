"""Running the catalog queries: one SQL file per object kind, each run once.

The number of queries is fixed whatever the size of the database; every query
reads `pg_catalog` (never `information_schema`, which hides objects and is slow).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg.rows import dict_row

from generator.errors import ConcurrentDDL, IntrospectionError

log = logging.getLogger("schemadoc.catalog")

Row = dict[str, Any]
_VANISHED = ("cache lookup failed", "could not open relation with OID")
# Called after each query with its name, duration in seconds and row count.
QueryHook = Callable[[str, float, int], None]

# Read in this order; each takes the schema OIDs found by `schemas`.
PER_SCHEMA_QUERIES = (
    "relations",
    "columns",
    "constraints",
    "indexes",
    "triggers",
    "policies",
    "functions",
    "sequences",
    "types",
    "view_definitions",  # last: see the file
)
ALL_QUERIES = ("session", "database", "schemas", "extensions", *PER_SCHEMA_QUERIES)


@cache
def load_sql(name: str) -> str:
    """The text of `sql/<name>.sql`, shipped inside the package."""
    return (resources.files("generator.introspect") / "sql" / f"{name}.sql").read_text("utf-8")


@dataclass(slots=True)
class CatalogRows:
    """Raw rows of every catalog query, before they become the model."""

    database: Row
    schemas: list[Row]
    extensions: list[Row]
    per_schema: dict[str, list[Row]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Transaction-local limits, in PostgreSQL interval syntax."""

    statement_timeout: str = "60s"
    lock_timeout: str = "2s"
    idle_timeout: str = "60s"


def run_query(
    conn: psycopg.Connection[Any],
    name: str,
    params: dict[str, Any] | None = None,
    on_query: QueryHook | None = None,
) -> list[Row]:
    """Run one named catalog query and return its rows as dicts."""
    started = time.perf_counter()
    try:
        with conn.cursor(row_factory=dict_row) as cur:
            cur.execute(load_sql(name), params)
            rows = cur.fetchall()
    except (pgerrors.UndefinedTable, pgerrors.UndefinedObject, pgerrors.UndefinedFunction) as exc:
        raise ConcurrentDDL(f"catalog query {name!r}: {exc}") from exc
    except pgerrors.InternalError_ as exc:
        # The definition functions read the live syscache, not our snapshot: an object
        # dropped after the snapshot began shows up as one of these.
        if any(marker in str(exc) for marker in _VANISHED):
            raise ConcurrentDDL(f"catalog query {name!r}: {exc}") from exc
        raise IntrospectionError(f"catalog query {name!r} failed: {exc}") from exc
    except pgerrors.QueryCanceled as exc:
        raise IntrospectionError(
            f"catalog query {name!r} exceeded the statement timeout; "
            "raise it with --statement-timeout"
        ) from exc
    except pgerrors.LockNotAvailable as exc:
        raise IntrospectionError(
            f"catalog query {name!r} waited too long for a lock (another session holds one); "
            "retry later or raise --lock-timeout"
        ) from exc
    except psycopg.Error as exc:
        message = " ".join(str(exc).split())
        raise IntrospectionError(f"catalog query {name!r} failed: {message}") from exc
    elapsed = time.perf_counter() - started
    log.debug("query %-12s %6d rows in %.3fs", name, len(rows), elapsed)
    if on_query is not None:
        on_query(name, elapsed, len(rows))
    return rows


def read_catalog(
    conn: psycopg.Connection[Any],
    timeouts: Timeouts = Timeouts(),
    on_query: QueryHook | None = None,
    keep_schema: Callable[[str], bool] = lambda name: True,
) -> CatalogRows:
    """Read every catalog query inside the connection's one read-only transaction."""
    run_query(
        conn,
        "session",
        {
            "statement_timeout": timeouts.statement_timeout,
            "lock_timeout": timeouts.lock_timeout,
            "idle_timeout": timeouts.idle_timeout,
        },
        on_query,
    )
    database = run_query(conn, "database", None, on_query)[0]
    schemas = run_query(conn, "schemas", None, on_query)
    schemas = [row for row in schemas if keep_schema(row["name"])]
    extensions = run_query(conn, "extensions", None, on_query)
    params = {"schema_oids": [row["oid"] for row in schemas]}
    rows = CatalogRows(database=database, schemas=schemas, extensions=extensions)
    for name in PER_SCHEMA_QUERIES:
        rows.per_schema[name] = run_query(conn, name, params, on_query)
    return rows
