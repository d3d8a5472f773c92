"""Introspection: the only code that talks to the database.

`introspect()` opens one read-only REPEATABLE READ transaction, runs a fixed set of
catalog queries, and returns the model. If the schema changes under it (an object
dropped mid-read), it retries once with a fresh snapshot.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import psycopg

from generator.errors import ConcurrentDDL
from generator.introspect.assemble import ROW_FACTORIES, Assembler
from generator.introspect.catalog import (
    QueryHook,
    Timeouts,
    read_objects,
    read_schemas,
    start_session,
)
from generator.introspect.connection import ConnectOptions, connect
from generator.introspect.exact_counts import ExactCountOptions, count_exact
from generator.introspect.parallel import ExportRefused, export_snapshot, open_helper
from generator.introspect.parsed_dependencies import BodyParser
from generator.model import Snapshot
from generator.runtime.gcpause import gc_paused

__all__ = ["CONNECT_TIMEOUT", "JOBS", "LOCK_TIMEOUT", "STATEMENT_TIMEOUT", "IntrospectOptions",
           "introspect", "introspect_options"]

log = logging.getLogger("schemadoc.introspect")


@dataclass(frozen=True, slots=True)
class IntrospectOptions:
    """Everything `introspect()` needs besides the DSN."""

    connect: ConnectOptions = field(default_factory=ConnectOptions)
    timeouts: Timeouts = field(default_factory=Timeouts)
    exact_counts: ExactCountOptions | None = None
    keep_schema: Callable[[str], bool] = lambda name: True
    # 2: a second read-only connection shares the first one's snapshot and reads the
    # heaviest queries at the same time. 1: one connection, one transaction.
    jobs: int = 1


# The defaults of the connection options every command that reads a database takes.
CONNECT_TIMEOUT = 10.0
STATEMENT_TIMEOUT = "60s"
LOCK_TIMEOUT = "2s"
JOBS = 2


def introspect_options(
    connect_timeout: float = CONNECT_TIMEOUT,
    statement_timeout: str = STATEMENT_TIMEOUT,
    lock_timeout: str = LOCK_TIMEOUT,
    jobs: int = JOBS,
    exact_counts: ExactCountOptions | None = None,
) -> IntrospectOptions:
    """How `snapshot`, `build`, `lint`, `diff` and `demo` read a database: the one place
    where their connection options (or these defaults) become IntrospectOptions."""
    return IntrospectOptions(
        connect=ConnectOptions(connect_timeout=connect_timeout),
        timeouts=Timeouts(statement_timeout=statement_timeout, lock_timeout=lock_timeout),
        exact_counts=exact_counts,
        jobs=jobs,
    )


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def introspect(
    dsn: str,
    options: IntrospectOptions = IntrospectOptions(),
    on_query: QueryHook | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Snapshot:
    """Snapshot the database at `dsn`: the model, in canonical order (as
    generator.model.canonical puts it, and the file has it)."""
    stage = on_stage or (lambda name: None)
    jobs = options.jobs
    attempt = 1
    while True:
        try:
            return _attempt(dsn, options, jobs, on_query, stage)
        except ExportRefused as exc:
            log.info("cannot export the snapshot (%s); reading on one connection", exc)
            jobs = 1
        except ConcurrentDDL as exc:
            if attempt == 2:
                raise ConcurrentDDL(
                    f"the schema kept changing while it was read ({exc}); retry when "
                    "migrations have finished"
                ) from None
            log.warning("the schema changed while it was read (%s); retrying once", exc)
            attempt += 1


def _attempt(
    dsn: str,
    options: IntrospectOptions,
    jobs: int,
    on_query: QueryHook | None,
    stage: Callable[[str], None],
) -> Snapshot:
    """One try: connect, read every catalog query into the model, end the transaction;
    the function bodies are parsed meanwhile, in a thread that nothing on the server
    waits for (see parsed_dependencies)."""
    stage("connect")
    conn = connect(dsn, options.connect)
    bodies = BodyParser()
    try:
        stage("catalog")
        start_session(conn, options.timeouts, on_query)
        assembler = Assembler(conn.info.host, conn.info.port)
        for name, rows in read_schemas(conn, on_query, options.keep_schema):
            assembler.add(name, rows)
        open_second = None
        if jobs > 1:
            snapshot_id = export_snapshot(conn)

            def open_second() -> psycopg.Connection[Any] | None:
                return open_helper(dsn, snapshot_id, options.connect, options.timeouts, on_query)

        oids = [schema.oid for schema in assembler.schemas.values()]
        objects = read_objects(
            conn, oids, assembler.extension_relations, assembler.version, assembler.follow_up,
            on_query, open_second, ROW_FACTORIES,
        )
        with gc_paused():
            for name, rows in objects:
                assembler.add(name, rows)
                del rows  # the model holds what is needed; let the rows go
                if name == "functions":
                    bodies.prepare(assembler.schemas)
                elif name == "depends":  # every object but constraints and views' text is in
                    bodies.start(assembler.schemas)
            if options.exact_counts is None:
                conn.rollback()  # read-only: nothing to commit, end the transaction promptly
            snapshot = assembler.finish(_now())
        if options.exact_counts is not None:
            stage("counts")
            count_exact(conn, snapshot, options.exact_counts)
            conn.rollback()
    finally:
        conn.close()
    stage("bodies")
    started = time.perf_counter()
    parsed = bodies.finish(snapshot)
    log.debug("parsed %d function bodies in %.3fs (%.3fs of it after the transaction)",
              parsed, bodies.seconds, time.perf_counter() - started)
    return snapshot
