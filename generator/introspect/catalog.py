"""Running the catalog queries: one SQL file per object kind, each run once.

The number of queries is fixed whatever the size of the database; every query
reads `pg_catalog` (never `information_schema`, which hides objects and is slow).
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg import sql
from psycopg.rows import RowFactory, dict_row

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
# With a second connection these run there, beside the others: together they take
# about half of the catalog time on large databases.
HELPER_QUERIES = ("columns", "constraints")
_FAILED = "\x00failed"
ALL_QUERIES = ("session", "database", "schemas", "extensions", *PER_SCHEMA_QUERIES)


@cache
def load_sql(name: str) -> str:
    """The text of `sql/<name>.sql`, shipped inside the package."""
    return (resources.files("generator.introspect") / "sql" / f"{name}.sql").read_text("utf-8")


def _nulls_not_distinct(alias: str) -> Callable[[int], dict[str, str]]:
    # pg_index.indnullsnotdistinct exists from PostgreSQL 15 on
    return lambda version: {
        "nulls_not_distinct": f"{alias}.indnullsnotdistinct" if version >= 150000 else "false"
    }


# Queries whose text differs between server versions: the file holds {placeholders}
# that psycopg.sql fills in with the expression for the server at hand.
VERSIONED: dict[str, Callable[[int], dict[str, str]]] = {
    "indexes": _nulls_not_distinct("i"),
    "constraints": _nulls_not_distinct("ix"),
}


def query_text(name: str, server_version: int) -> str | sql.Composed:
    """The query to send for `name` to a server of `server_version` (server_version_num)."""
    if name not in VERSIONED:
        return load_sql(name)
    fragments = VERSIONED[name](server_version)
    return sql.SQL(load_sql(name)).format(**{k: sql.SQL(v) for k, v in fragments.items()})


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
    label: str | None = None,
    row_factory: RowFactory[Any] = dict_row,
    server_version: int = 0,
) -> list[Any]:
    """Run one named catalog query and return its rows as dicts.

    `label` names it in logs and hooks when it is not the file's name (the session
    settings of a second connection).
    """
    started = time.perf_counter()
    try:
        with conn.cursor(row_factory=row_factory) as cur:
            cur.execute(query_text(name, server_version), params)
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
    label = label or name
    log.debug("query %-12s %6d rows in %.3fs", label, len(rows), elapsed)
    if on_query is not None:
        on_query(label, elapsed, len(rows))
    return rows


def start_session(
    conn: psycopg.Connection[Any],
    timeouts: Timeouts,
    on_query: QueryHook | None = None,
    label: str = "session",
) -> None:
    """Transaction-local timeouts, search_path and output formats."""
    params = {
        "statement_timeout": timeouts.statement_timeout,
        "lock_timeout": timeouts.lock_timeout,
        "idle_timeout": timeouts.idle_timeout,
    }
    run_query(conn, "session", params, on_query, label)


def read_schemas(
    conn: psycopg.Connection[Any],
    on_query: QueryHook | None = None,
    keep_schema: Callable[[str], bool] = lambda name: True,
) -> Iterator[tuple[str, list[Row]]]:
    """The database, its user schemas and its extensions."""
    yield "database", run_query(conn, "database", None, on_query)
    schemas = run_query(conn, "schemas", None, on_query)
    yield "schemas", [row for row in schemas if keep_schema(row["name"])]
    yield "extensions", run_query(conn, "extensions", None, on_query)


def read_objects(
    conn: psycopg.Connection[Any],
    schema_oids: list[int],
    server_version: int,
    on_query: QueryHook | None = None,
    helper: psycopg.Connection[Any] | None = None,
    row_factories: dict[str, RowFactory[Any]] | None = None,
) -> Iterator[tuple[str, list[Any]]]:
    """Every per-schema query, `relations` first; with a helper connection (sharing our
    snapshot) the heaviest queries run on it at the same time. Rows are dicts unless
    `row_factories` names another factory for the query."""
    params = {"schema_oids": schema_oids}
    factories = row_factories or {}

    def run(on: psycopg.Connection[Any], name: str) -> list[Any]:
        factory = factories.get(name, dict_row)
        return run_query(on, name, params, on_query, None, factory, server_version)

    if helper is None:
        for name in PER_SCHEMA_QUERIES:
            yield name, run(conn, name)
        return
    mine = [q for q in PER_SCHEMA_QUERIES if q not in HELPER_QUERIES]
    # Both connections run in worker threads and hand over each result as it comes, so
    # the caller builds the model while the server is still answering.
    results: queue.Queue[tuple[str, Any]] = queue.Queue()

    def worker(on: psycopg.Connection[Any], names: list[str]) -> None:
        try:
            for name in names:
                results.put((name, run(on, name)))
        except BaseException as exc:  # handed to the caller, who raises it
            results.put((_FAILED, exc))

    with ThreadPoolExecutor(max_workers=2) as pool:
        pool.submit(worker, conn, mine)
        pool.submit(worker, helper, list(HELPER_QUERIES))
        held: list[tuple[str, Any]] = []
        relations_seen = False
        for _ in PER_SCHEMA_QUERIES:
            name, rows = results.get()
            if name == _FAILED:
                raise rows
            if not relations_seen and name != "relations":
                held.append((name, rows))  # children wait for their tables
                continue
            relations_seen = True
            yield name, rows
            while held:
                yield held.pop(0)


def read_catalog(
    conn: psycopg.Connection[Any],
    timeouts: Timeouts = Timeouts(),
    on_query: QueryHook | None = None,
) -> list[tuple[str, list[Any]]]:
    """Every catalog query's rows (as dicts), read in the connection's one transaction."""
    start_session(conn, timeouts, on_query)
    read: list[tuple[str, list[Any]]] = list(read_schemas(conn, on_query))
    oids = [row["oid"] for name, rows in read if name == "schemas" for row in rows]
    version = int(read[0][1][0]["server_version_num"])
    read.extend(read_objects(conn, oids, version, on_query))
    return read
