"""Running the catalog queries: one SQL file per object kind, each run once.

The number of queries is fixed whatever the size of the database; every query
reads `pg_catalog` (never `information_schema`, which hides objects and is slow).
The biggest queries sort their rows in the file's order (names in code-point order,
`collate "C"`), so that the model's objects are made in the order they are written
out; the others return rows in no particular order, and `canonical.canonicalise()`
puts the whole model in order.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
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

# Read in this order on one connection; each takes the schema OIDs found by `schemas`.
PER_SCHEMA_QUERIES = (
    "relations",
    "columns",
    "indexes",
    "constraints",
    "sequences",
    "triggers",
    "policies",
    "functions",
    "types",
    "depends",
    "view_definitions",  # last: see the file
)
# Queries whose parameters come from the model built so far: each runs once the caller
# has taken the rows of the query it follows, with the parameters the caller's
# `follow_up(name)` gives. index_definitions prints the indexes that the client cannot
# (see definitions.py).
FOLLOW_UPS = {"indexes": "index_definitions"}
# The rows a query's rows need in the model before they can be added: every child
# needs its relation; an index and a constraint name their columns from the tables'
# (see indexes.sql and constraints.sql); a follow-up needs what it follows;
# dependencies are put on every kind of object but constraints, whose own are placed at
# the end (Assembler.finish): so they are placed while the constraints and view
# definitions, the queries that end last, are still being read.
PREREQUISITE: dict[str, tuple[str, ...]] = (
    {q: ("relations",) for q in PER_SCHEMA_QUERIES[1:]}
    | {"indexes": ("columns",), "constraints": ("columns",),
       "depends": tuple(q for q in PER_SCHEMA_QUERIES[:-2] if q != "constraints")}
    | {after: (before,) for before, after in FOLLOW_UPS.items()}
)
# With two connections, the first one reads these, in this order, and the second one
# the rest (relations, columns, depends), each taking the other's next query when its
# own are done; view_definitions comes after all of them, on whichever connection gets
# there first, and a follow-up as soon as it is ready. Columns is the longest query and
# indexes and constraints need its rows: the first connection reads the small queries
# before them, so that their rows wait less for the columns' (and hold less memory).
# Measured on 10,000 tables (bench/README.md), both connections end within 0.1-0.2 s
# of each other.
FIRST_CONNECTION_QUERIES = (
    "sequences", "triggers", "policies", "functions", "types", "indexes", "constraints"
)
_FAILED = "\x00failed"
# Every query, in the order one connection reads them.
ALL_QUERIES = ("session", "database", "schemas", "extensions",
               *(q for name in PER_SCHEMA_QUERIES for q in (name, FOLLOW_UPS.get(name)) if q))
FollowUp = Callable[[str], dict[str, Any]]


@cache
def load_sql(name: str) -> str:
    """The text of `sql/<name>.sql`, shipped inside the package."""
    return (resources.files("generator.introspect") / "sql" / f"{name}.sql").read_text("utf-8")


def _nulls_not_distinct(alias: str) -> Callable[[int], dict[str, str]]:
    # pg_index.indnullsnotdistinct exists from PostgreSQL 15 on
    return lambda version: {
        "nulls_not_distinct": f"{alias}.indnullsnotdistinct" if version >= 150000 else "false"
    }


def _plain_constraint(version: int) -> str:
    """The condition on a constraint that definitions.py prints (see constraints.sql):
    none of the clauses a server of `version` may add beyond names and keywords."""
    if version >= 180000:  # temporal keys (PERIOD, WITHOUT OVERLAPS), NOT ENFORCED
        return "con.confdelsetcols is null and not con.conperiod and con.conenforced"
    if version >= 150000:  # ON DELETE SET NULL (columns)
        return "con.confdelsetcols is null"
    return "true"


# Queries whose text differs between server versions: the file holds {placeholders}
# that psycopg.sql fills in with the expression for the server at hand.
VERSIONED: dict[str, Callable[[int], dict[str, str]]] = {
    "indexes": _nulls_not_distinct("i"),
    "constraints": lambda version: {**_nulls_not_distinct("ix")(version),
                                    "plain_constraint": _plain_constraint(version)},
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
    extension_relations: list[int],
    server_version: int,
    follow_up: FollowUp,
    on_query: QueryHook | None = None,
    open_helper: Callable[[], psycopg.Connection[Any] | None] | None = None,
    row_factories: dict[str, RowFactory[Any]] | None = None,
) -> Iterator[tuple[str, list[Any]]]:
    """Every per-schema query, on the schemas `schema_oids` less the relations
    `extension_relations` (owned by extensions), each query's rows handed over once its
    prerequisites' were (PREREQUISITE); then each of FOLLOW_UPS, with the parameters
    `follow_up(name)` gives once the rows it follows were taken. Rows are dicts unless
    `row_factories` names another factory for the query.

    With `open_helper` (a second connection sharing our snapshot) both connections read
    at once (see FIRST_CONNECTION_QUERIES), and each result is handed over as it comes,
    so the caller builds the model while the server still answers. The first connection
    never waits for the second: if a pooler makes the helper queue for a server
    connection, the first one simply reads everything itself.
    """
    params = {"schema_oids": schema_oids, "extension_relations": extension_relations}
    factories = row_factories or {}

    def run(on: psycopg.Connection[Any], name: str,
            own: dict[str, Any] | None = None) -> list[Any]:
        factory = factories.get(name, dict_row)
        return run_query(on, name, own or params, on_query, None, factory, server_version)

    if open_helper is None:
        for name in PER_SCHEMA_QUERIES:
            yield name, run(conn, name)
            if (after := FOLLOW_UPS.get(name)) is not None:
                yield after, run(conn, after, follow_up(after))
        return
    plan = _Plan()
    results: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()

    def work(on: psycopg.Connection[Any], first: bool) -> None:
        try:
            while (taken := plan.take(first)) is not None:
                results.put((taken[0], run(on, *taken)))
        except BaseException as exc:  # handed to the caller, who raises it
            results.put((_FAILED, exc))

    def helper_work() -> None:
        helper = open_helper()
        if helper is not None:
            try:
                work(helper, first=False)
            finally:
                helper.close()

    # The helper thread is a daemon: if it is still queueing at a pooler when we are
    # done, it must not keep the program alive (it fails once our transaction ends).
    threading.Thread(target=helper_work, name="schemadoc-helper", daemon=True).start()
    mine = threading.Thread(target=work, args=(conn, True), name="schemadoc-main")
    mine.start()
    try:
        for name, rows in _in_dependency_order(results, len(PER_SCHEMA_QUERIES) + len(FOLLOW_UPS)):
            yield name, rows
            if (after := FOLLOW_UPS.get(name)) is not None:
                plan.ready(after, follow_up(after))
    except KeyboardInterrupt:  # a signal: stop the query the other thread waits on
        plan.cancel()
        with contextlib.suppress(psycopg.Error):
            conn.cancel_safe(timeout=5)
        raise
    finally:
        plan.cancel()  # on an error, leave nothing for the workers to start
        mine.join()


Taken = tuple[str, dict[str, Any] | None]  # a query, and its own parameters if any


class _Plan:
    """Which query each of two connections reads next (see FIRST_CONNECTION_QUERIES):
    a follow-up as soon as it is ready, else its own next one, else the other's."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._first: collections.deque[Taken] = collections.deque(
            (q, None) for q in FIRST_CONNECTION_QUERIES)
        self._second: collections.deque[Taken] = collections.deque(
            (q, None) for q in PER_SCHEMA_QUERIES[:-1] if q not in FIRST_CONNECTION_QUERIES
        )
        self._last: collections.deque[Taken] = collections.deque(
            (q, None) for q in PER_SCHEMA_QUERIES[-1:])
        self._ready: collections.deque[Taken] = collections.deque()
        self._awaited = set(FOLLOW_UPS.values())

    def take(self, first: bool) -> Taken | None:
        """The next query for the first connection (or the second), None when done.
        With nothing else left, it waits for the follow-ups still to come."""
        own, other = (self._first, self._second) if first else (self._second, self._first)
        with self._lock:
            while True:
                for pending in (self._ready, own, other, self._last):
                    if pending:
                        return pending.popleft()
                if not self._awaited:
                    return None
                self._lock.wait()

    def ready(self, name: str, params: dict[str, Any]) -> None:
        """The follow-up `name` can run, with `params`."""
        with self._lock:
            self._awaited.discard(name)
            self._ready.append((name, params))
            self._lock.notify()

    def cancel(self) -> None:
        with self._lock:
            for pending in (self._first, self._second, self._last, self._ready):
                pending.clear()
            self._awaited.clear()
            self._lock.notify_all()


def _in_dependency_order(
    results: queue.SimpleQueue[tuple[str, Any]], count: int
) -> Iterator[tuple[str, list[Any]]]:
    """The results as they come, except that one whose prerequisites are not out yet
    waits for them."""
    held: list[tuple[str, Any]] = []
    done: set[str] = set()
    for _ in range(count):
        name, rows = results.get()
        if name == _FAILED:
            raise rows
        held.append((name, rows))
        while ready := [item for item in held
                        if all(q in done for q in PREREQUISITE.get(item[0], ()))]:
            held.remove(ready[0])
            done.add(ready[0][0])
            yield ready[0]


def read_catalog(
    conn: psycopg.Connection[Any],
    timeouts: Timeouts = Timeouts(),
    on_query: QueryHook | None = None,
) -> list[tuple[str, list[Any]]]:
    """Every catalog query's rows (as dicts), read in the connection's one transaction."""
    start_session(conn, timeouts, on_query)
    read: list[tuple[str, list[Any]]] = list(read_schemas(conn, on_query))
    oids = [row["oid"] for name, rows in read if name == "schemas" for row in rows]
    owned = [oid for name, rows in read if name == "extensions" for row in rows
             for oid in row["relation_oids"]]
    version = int(read[0][1][0]["server_version_num"])
    # (raw rows, no model: the follow-up query runs with no index to print)
    read.extend(read_objects(conn, oids, owned, version, lambda name: {"index_oids": []},
                             on_query))
    return read
