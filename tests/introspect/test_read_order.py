"""The order in which two connections' results reach the model builder."""

from __future__ import annotations

import queue
import threading

import pytest

from generator.introspect.catalog import (
    FIRST_CONNECTION_QUERIES,
    PER_SCHEMA_QUERIES,
    _in_dependency_order,
    _Plan,
)


def test_results_wait_for_their_prerequisites() -> None:
    """Whatever order the two connections finish in, a table's children come after
    `relations`, indexes and constraints (which name their columns from the tables')
    after `columns`, and dependencies (put on objects of every kind but constraints)
    after every query but the constraints and view definitions; nothing else is held
    back."""
    arrival = ["indexes", "depends", "constraints", "sequences", "relations", "triggers",
               "columns", "policies", "functions", "view_definitions", "types",
               "index_definitions"]
    results: queue.SimpleQueue = queue.SimpleQueue()
    for name in arrival:
        results.put((name, [name]))
    order = [name for name, _ in _in_dependency_order(results, len(arrival))]
    assert sorted(order) == sorted([*PER_SCHEMA_QUERIES, "index_definitions"])
    assert order[:3] == ["relations", "sequences", "triggers"]
    assert order[3:6] == ["columns", "indexes", "constraints"]
    assert order[-3:] == ["types", "depends", "index_definitions"]


def test_dependencies_do_not_wait_for_the_constraints() -> None:
    """The constraints, the last big query to come, hold nothing else back: their
    dependencies are placed at the end (Assembler.finish)."""
    arrival = ["relations", "columns", "indexes", "sequences", "triggers", "policies",
               "functions", "types", "depends", "view_definitions", "constraints"]
    results: queue.SimpleQueue = queue.SimpleQueue()
    for name in arrival:
        results.put((name, [name]))
    assert [name for name, _ in _in_dependency_order(results, len(arrival))] == arrival


def test_each_connection_takes_the_others_work_when_its_own_is_done() -> None:
    """The first connection reads its share, then what the second has not started;
    view_definitions comes last, whoever reads it; a follow-up comes when it is ready,
    and only then is there nothing left."""
    plan = _Plan()
    first = [plan.take(first=True) for _ in PER_SCHEMA_QUERIES]
    assert all(params is None for _, params in first)
    names = [name for name, _ in first]
    assert names[: len(FIRST_CONNECTION_QUERIES)] == list(FIRST_CONNECTION_QUERIES)
    assert sorted(names) == sorted(PER_SCHEMA_QUERIES)
    assert names[-1] == "view_definitions"
    plan.ready("index_definitions", {"index_oids": [7]})
    assert plan.take(first=False) == ("index_definitions", {"index_oids": [7]})
    assert plan.take(first=True) is None
    assert plan.take(first=False) is None


def test_a_ready_follow_up_goes_before_a_connections_own_queries() -> None:
    """Its rows are what the model waits for: it jumps the queue."""
    plan = _Plan()
    assert plan.take(first=True) == (FIRST_CONNECTION_QUERIES[0], None)
    plan.ready("index_definitions", {"index_oids": []})
    assert plan.take(first=False) == ("index_definitions", {"index_oids": []})
    assert plan.take(first=False) == ("relations", None)


@pytest.mark.parametrize("wake", ["ready", "cancel"])
def test_a_connection_waiting_for_a_follow_up_is_woken(wake: str) -> None:
    """With nothing else to read, a connection waits for the follow-up; it is woken by
    the follow-up becoming ready, or by the read being called off."""
    plan = _Plan()
    while plan.take(first=True) != ("view_definitions", None):
        pass
    taken: list[object] = []
    waiter = threading.Thread(target=lambda: taken.append(plan.take(first=False)))
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive(), "it should wait for the follow-up"
    if wake == "ready":
        plan.ready("index_definitions", {"index_oids": [1]})
    else:
        plan.cancel()
    waiter.join(5)
    assert not waiter.is_alive()
    assert taken == ([("index_definitions", {"index_oids": [1]})] if wake == "ready" else [None])
