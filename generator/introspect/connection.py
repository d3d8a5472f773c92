"""Opening a production-safe, read-only connection.

One short REPEATABLE READ READ ONLY transaction; local timeouts; no prepared
statements and no session state, so that a transaction-mode pooler (Neon's,
pgbouncer) works; retries with backoff while a sleeping server wakes up.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import psycopg
from psycopg import IsolationLevel

from generator.errors import ConnectionFailed, InvalidConnectionString
from generator.introspect.dsn import conninfo_problem, describe_target
from generator.runtime.redaction import redact, remember_dsn

__all__ = ["ConnectOptions", "connect", "describe_target", "is_transient"]

log = logging.getLogger("schemadoc.connect")

# Failures that waiting can cure, and only these are retried: nobody listens yet (a
# sleeping serverless compute, a server restarting), the server is starting, in
# recovery or full, or the network dropped the connection. Anything else (a wrong
# password, a missing database or role, SSL required but not offered, an invalid
# option) fails at once: retrying would only delay the same answer.
_TRANSIENT = (
    "is the server running",  # libpq's hint after "connection refused" or a missing socket
    "connection refused",
    "timeout expired",
    "timed out",
    "the database system is starting up",
    "the database system is not yet accepting connections",
    "the database system is in recovery mode",
    "the database system is shutting down",
    "too many clients",
    "too many connections",
    "remaining connection slots are reserved",
    "server closed the connection unexpectedly",
    "connection reset by peer",
    "temporary failure in name resolution",
    "couldn't connect to compute node",  # Neon's proxy while a compute wakes up
)


@dataclass(frozen=True, slots=True)
class ConnectOptions:
    """How patient a connection is."""

    # Total patience for a server to answer, retries included: a sleeping Neon
    # compute wakes within a few seconds, a wrong host never does.
    connect_timeout: float = 10.0
    backoff: float = 0.5


def is_transient(message: str) -> bool:
    """Whether a connection failure can heal by waiting (see `_TRANSIENT`)."""
    lowered = message.lower()
    return any(marker in lowered for marker in _TRANSIENT)


def _one_line(message: str) -> str:
    return " ".join(part.strip() for part in message.strip().splitlines() if part.strip())


def connect(
    dsn: str, options: ConnectOptions = ConnectOptions()
) -> psycopg.Connection[object]:
    """Connect read-only, retrying transient failures with backoff until connect_timeout."""
    remember_dsn(dsn)
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
            message = redact(_one_line(str(exc)))
            permanent = not is_transient(message)
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
        except psycopg.ProgrammingError as exc:  # libpq could not parse the conninfo
            raise InvalidConnectionString(
                f"invalid connection string: {redact(conninfo_problem(str(exc)))}; "
                "check its quoting"
            ) from None
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        return conn
