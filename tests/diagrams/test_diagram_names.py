"""Diagram names key the SVGs, their cache and the ids inside them: no two objects'
diagrams may share one, whatever dots, colons or quotes their names hold."""

from __future__ import annotations

from pathlib import Path

from generator.commands.build import site_facts
from generator.config import Config
from generator.diagrams import Limits, SchemaGraph, neighbourhood, schema_diagrams
from generator.model import FORMAT_VERSION, Schema, Snapshot, Table
from generator.render.diagrams import draw_diagrams, plan_diagrams
from tests.diagrams.conftest import require_dot
from tests.factories import GENERATED_AT, columns, database, fk, pk, table


def _linked(schema: str, *names: str) -> dict[str, Table]:
    """Tables each referencing the first, so that a schema diagram has parts."""
    first = names[0]
    return {name: table(columns(("id", "integer", False), ("ref", "integer")), pk(name, "id"),
                        *([fk(name, "ref", schema, first, "id")] if name != first else []))
            for name in names}


def clashing() -> Snapshot:
    """Names that join into one dotted string, or look like another diagram's suffix."""
    return Snapshot(FORMAT_VERSION, GENERATED_AT, database(), schemas={
        "a.b": Schema(oid=1, owner="app", tables=_linked("a.b", "c", "d")),
        "a": Schema(oid=2, owner="app", tables=_linked("a", "b.c", "b.d")),
        "s": Schema(oid=3, owner="app", tables={**_linked("s", "x", "y"),
                                                **_linked("s", "z", "w")}),
        "s:part1": Schema(oid=4, owner="app", tables=_linked("s:part1", "x", "y")),
        'q"t': Schema(oid=5, owner="app", tables=_linked('q"t', "x", "y")),
    })


def test_every_diagram_of_a_site_has_its_own_name() -> None:
    """Table, schema and part diagrams of clashing names are all distinct."""
    facts = site_facts(clashing(), Config())
    plan = plan_diagrams(facts, "reference", True)
    names = [d.name for d in plan.diagrams]
    assert len(names) == len(set(names))
    assert {"table:\"a.b\".c", 'table:a."b.c"', 'schema:"s:part1"', 'schema:"q""t"'} <= set(
        names)
    assert len({d.dom_id for d in plan.diagrams}) == len(names)


def test_a_schema_split_into_parts_keeps_clear_of_a_schema_named_like_a_part() -> None:
    """`s` drawn in parts gives `schema:s:map` and `schema:s:part1`; the schema `s:part1`
    is quoted."""
    graph = SchemaGraph(clashing())
    limits = Limits(names_tables=2)
    names = [d.name for d in schema_diagrams(graph, "s", lambda s, t: None, limits)]
    assert names == ["schema:s:map", "schema:s:part1", "schema:s:part2"]
    assert [d.name for d in schema_diagrams(graph, "s:part1", lambda s, t: None)] == [
        'schema:"s:part1"']


def test_the_two_tables_named_a_b_c_get_two_diagrams(tmp_path: Path) -> None:
    """Drawn by Graphviz in one call (which refused duplicate names with a traceback)."""
    require_dot()
    facts = site_facts(clashing(), Config())
    plan = plan_diagrams(facts, "reference", True)
    drawn, _ = draw_diagrams(plan, "graphviz", tmp_path / "cache")
    one = drawn[facts.paths.relation("a.b", "c") or ""][""]
    other = drawn[facts.paths.relation("a", "b.c") or ""][""]
    assert one != other
    graph = SchemaGraph(clashing())
    assert neighbourhood(graph, ("a.b", "c"), lambda s, t: None).title == \
        '"a.b".c and the tables it is linked to'
