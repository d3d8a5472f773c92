"""The order in which two connections' results reach the model builder."""

from __future__ import annotations

import queue

from generator.introspect.catalog import (
    FIRST_CONNECTION_QUERIES,
    PER_SCHEMA_QUERIES,
    _in_dependency_order,
    _Plan,
)


def test_results_wait_for_their_prerequisites() -> None:
    """Whatever order the two connections finish in, a table's children come after
    `relations`, indexes and constraints (which name their columns from the tables')
    after `columns`, and dependencies (put on objects of every kind) after every query
    but the view definitions; nothing else is held back."""
    arrival = ["indexes", "depends", "constraints", "sequences", "relations", "triggers",
               "columns", "policies", "functions", "view_definitions", "types"]
    results: queue.SimpleQueue = queue.SimpleQueue()
    for name in arrival:
        results.put((name, [name]))
    order = [name for name, _ in _in_dependency_order(results, len(arrival))]
    assert sorted(order) == sorted(PER_SCHEMA_QUERIES)
    assert order[:3] == ["relations", "sequences", "triggers"]
    assert order[3:6] == ["columns", "indexes", "constraints"]
    assert order[-2:] == ["types", "depends"]


def test_each_connection_takes_the_others_work_when_its_own_is_done() -> None:
    """The first connection reads its share, then what the second has not started;
    view_definitions comes last, whoever reads it."""
    plan = _Plan()
    first = []
    while (name := plan.take(first=True)) is not None:
        first.append(name)
    assert first[: len(FIRST_CONNECTION_QUERIES)] == list(FIRST_CONNECTION_QUERIES)
    assert sorted(first) == sorted(PER_SCHEMA_QUERIES)
    assert first[-1] == "view_definitions"
    assert plan.take(first=False) is None
