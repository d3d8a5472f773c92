"""A program that embeds schemadoc keeps its garbage collector as it was: reading a
database or a snapshot file leaves nothing frozen and the collector on (or off) as
before; only the command line's entry point keeps its models frozen (until it exits)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from generator.introspect import introspect
from generator.runtime import gcpause
from generator.snapshot import dumps, loads
from tests.helpers import run_sql


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector on, nothing frozen, before and after the test."""
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()


@pytest.fixture
def snapshot_text(db18: str) -> str:
    run_sql(db18, "create table t (id int primary key, note text); "
            "create view v as select * from t")
    return dumps(introspect(db18))


def test_introspect_leaves_nothing_frozen(db18: str, collector: None) -> None:
    run_sql(db18, "create table t (id int primary key)")
    snapshot = introspect(db18)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
    assert gc.is_tracked(snapshot.schemas["public"])  # collectable like any object


def test_loads_leaves_nothing_frozen(snapshot_text: str, collector: None) -> None:
    loads(snapshot_text)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled(snapshot_text: str, collector: None) -> None:
    gc.disable()
    loads(snapshot_text)
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_the_hosts_own_freeze_is_left_alone(snapshot_text: str, collector: None) -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    loads(snapshot_text)
    # Neither thawed nor grown by the model (its objects are dozens); a frozen object
    # another thread lets go of meanwhile leaves the count one lower.
    assert frozen - 10 <= gc.get_freeze_count() <= frozen


def test_the_command_line_keeps_its_models_frozen(snapshot_text: str, collector: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`schemadoc` runs one command and exits: no collection scans its models."""
    monkeypatch.setattr(gcpause, "_keep_frozen", False)  # undone after the test
    gcpause.keep_models_frozen()
    loads(snapshot_text)
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()
