"""Opening a production-safe, read-only connection.

One short REPEATABLE READ READ ONLY transaction; local timeouts; no prepared
statements and no session state, so that a transaction-mode pooler (Neon's,
pgbouncer) works; retries with backoff while a sleeping server wakes up.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

import psycopg
from psycopg import IsolationLevel
from psycopg.conninfo import conninfo_to_dict

from generator.errors import ConnectionFailed
from generator.introspect.dsn import redact

log = logging.getLogger("schemadoc.connect")

# Failures that waiting will not cure: report them at once.
_PERMANENT = (
    "password authentication failed",
    "authentication failed",
    "no password supplied",
    "does not exist",
    "permission denied",
    "pg_hba.conf",
    "invalid dsn",
    "invalid connection option",
    "invalid integer value",
    "invalid sslmode",
    "certificate",
)


@dataclass(frozen=True, slots=True)
class ConnectOptions:
    """How patient and how strict a connection is."""

    # Total patience for a server to answer, retries included: a sleeping Neon
    # compute wakes within a few seconds, a wrong host never does.
    connect_timeout: float = 10.0
    backoff: float = 0.5
    statement_timeout: str = "60s"
    lock_timeout: str = "2s"
    idle_timeout: str = "60s"


def _is_permanent(message: str) -> bool:
    lowered = message.lower()
    return any(marker in lowered for marker in _PERMANENT)


def _one_line(message: str) -> str:
    return " ".join(part.strip() for part in message.strip().splitlines() if part.strip())


def connect(
    dsn: str, options: ConnectOptions = ConnectOptions()
) -> psycopg.Connection[object]:
    """Connect read-only, retrying transient failures with backoff until connect_timeout."""
    deadline = time.monotonic() + options.connect_timeout
    delay = options.backoff
    attempt = 0
    while True:
        attempt += 1
        remaining = deadline - time.monotonic()
        try:
            conn = psycopg.connect(
                dsn,
                connect_timeout=max(1, round(remaining)),
                application_name="schemadoc",
                # Server-side prepared statements do not survive a transaction-mode pooler.
                prepare_threshold=None,
                autocommit=False,
            )
        except psycopg.OperationalError as exc:
            message = redact(_one_line(str(exc)), dsn)
            permanent = _is_permanent(message)
            if permanent or time.monotonic() + delay >= deadline:
                tries = "" if permanent else f" (gave up after {attempt} attempts)"
                raise ConnectionFailed(
                    f"cannot connect to {describe_target(dsn)}: {message}{tries}; "
                    "check the DSN (--dsn, DATABASE_URL or PG* variables) and that the server is up"
                ) from None
            log.info("connection attempt %d failed (%s); retrying in %.1fs",
                     attempt, message, delay)
            time.sleep(delay)
            delay *= 2
            continue
        except psycopg.ProgrammingError as exc:
            raise ConnectionFailed(
                f"invalid connection string: {redact(_one_line(str(exc)), dsn)}"
            ) from None
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        return conn


def describe_target(dsn: str) -> str:
    """`user@host:port/dbname` for messages, from the DSN and libpq defaults; no password."""
    try:
        params = conninfo_to_dict(dsn)
    except Exception:
        return "the database (unparsable connection string)"
    host = params.get("host") or os.environ.get("PGHOST") or "localhost"
    port = params.get("port") or os.environ.get("PGPORT") or "5432"
    user = params.get("user") or os.environ.get("PGUSER") or ""
    dbname = params.get("dbname") or os.environ.get("PGDATABASE") or user
    who = f"{user}@" if user else ""
    return f"{who}{host}:{port}/{dbname}"
