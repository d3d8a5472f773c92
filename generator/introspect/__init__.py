"""Introspection: the only code that talks to the database.

`introspect()` opens one read-only REPEATABLE READ transaction, runs a fixed set of
catalog queries, and returns the model. If the schema changes under it (an object
dropped mid-read), it retries once with a fresh snapshot.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from generator.errors import ConcurrentDDL
from generator.introspect.assemble import Assembler
from generator.introspect.catalog import QueryHook, Timeouts, read_catalog
from generator.introspect.connection import ConnectOptions, connect
from generator.introspect.exact_counts import ExactCountOptions, count_exact
from generator.model import Snapshot

__all__ = ["IntrospectOptions", "introspect"]

log = logging.getLogger("schemadoc.introspect")


@dataclass(frozen=True, slots=True)
class IntrospectOptions:
    """Everything `introspect()` needs besides the DSN."""

    connect: ConnectOptions = field(default_factory=ConnectOptions)
    timeouts: Timeouts = field(default_factory=Timeouts)
    exact_counts: ExactCountOptions | None = None
    keep_schema: Callable[[str], bool] = lambda name: True


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def introspect(
    dsn: str,
    options: IntrospectOptions = IntrospectOptions(),
    on_query: QueryHook | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Snapshot:
    """Snapshot the database at `dsn`."""
    stage = on_stage or (lambda name: None)
    for attempt in (1, 2):
        stage("connect")
        conn = connect(dsn, options.connect)
        try:
            stage("catalog")
            rows = read_catalog(conn, options.timeouts, on_query, options.keep_schema)
            snapshot = Assembler(rows, conn.info.host, conn.info.port).build(_now())
            if options.exact_counts is not None:
                stage("counts")
                count_exact(conn, snapshot, options.exact_counts)
            conn.rollback()  # read-only: nothing to commit, end the transaction promptly
            return snapshot
        except ConcurrentDDL as exc:
            if attempt == 2:
                raise ConcurrentDDL(
                    f"the schema kept changing while it was read ({exc}); retry when "
                    "migrations have finished"
                ) from None
            log.warning("the schema changed while it was read (%s); retrying once", exc)
        finally:
            conn.close()
    raise AssertionError("unreachable")
