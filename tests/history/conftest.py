"""Helpers for the history tests: dated snapshots of a real database as it changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from generator.model import Snapshot
from tests.helpers import run_sql, snapshot_of

Snap = Callable[..., Snapshot]


@pytest.fixture
def snap(db: str) -> Snap:
    """`snap(sql, date)`: run `sql` (if any) on the test database, snapshot it, dated `date`.

    Dates are set by the test so that entries taken within one second still read in order.
    """

    def take(script: str = "", date: str | None = None) -> Snapshot:
        if script:
            run_sql(db, script)
        snapshot = snapshot_of(db)
        return dataclasses.replace(snapshot, generated_at=date) if date else snapshot

    return take
