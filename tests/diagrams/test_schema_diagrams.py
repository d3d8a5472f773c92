"""Schema diagrams degrade with size instead of growing without bound; the overview maps
schemas with the number of foreign keys between them; flows draw declared steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagrams import (
    FlowStep,
    Limits,
    SchemaGraph,
    draw_svgs,
    flow,
    overview,
    schema_diagrams,
)
from generator.model import FORMAT_VERSION, Schema, Snapshot
from generator.render.diagrams import DiagramPlan, draw_diagrams
from tests.diagrams.conftest import SVG, svg_edges, svg_nodes
from tests.factories import (
    GENERATED_AT,
    columns,
    database,
    fk,
    pk,
    seed_snapshot,
    table,
    wide_snapshot,
)


def href(schema: str, table: str) -> str:
    """Links as the schema page <schema>.md with directory URLs writes them."""
    return f"{table}/"


@pytest.mark.parametrize(("tables", "detail"), [(40, "keys"), (41, "names"), (150, "names")])
def test_one_diagram_up_to_150_tables(tables: int, detail: str) -> None:
    """Up to 40 tables with their key columns, up to 150 with names only."""
    graph = SchemaGraph(wide_snapshot(tables))
    (diagram,) = schema_diagrams(graph, "wide", href)
    assert diagram.detail == detail
    assert len(diagram.nodes) == tables
    assert len(diagram.edges) == tables - 1
    keyed = [n for n in diagram.nodes if n.columns]
    assert len(keyed) == (tables if detail == "keys" else 0)
    if detail == "keys":  # id (PK) and prev_id (FK), not the note column
        assert [c.name for c in diagram.nodes[1].columns] == ["id", "prev_id"]


def test_past_150_tables_a_chain_is_drawn_in_parts_none_left_out() -> None:
    """One chain of 400 tables: a map and three parts of at most 150 boxes, every table
    drawn in one of them, every foreign key once."""
    graph = SchemaGraph(wide_snapshot(400))
    first, *parts = schema_diagrams(graph, "wide", href)
    assert first.kind == "map" and len(first.nodes) == len(parts) == 3
    assert all(len(p.nodes) <= 150 for p in parts)
    assert sorted(k for p in parts for k in p.tables) == graph.schema_tables("wide")
    assert sum(len(p.edges) for p in parts) == 399
    assert first.notes == ()


def _pairs_snapshot(pairs: int, alone: int) -> Snapshot:
    """`pairs` parent/child pairs and `alone` tables without keys, in schema `s`."""
    tables = {}
    for i in range(pairs):
        tables[f"p{i:03d}"] = table(columns(("id", "integer", False)), pk(f"p{i:03d}", "id"))
        tables[f"c{i:03d}"] = table(columns(("id", "integer", False), ("p_id", "integer")),
                                    pk(f"c{i:03d}", "id"),
                                    fk(f"c{i:03d}", "p_id", "s", f"p{i:03d}", "id"))
    for i in range(alone):
        tables[f"z{i:03d}"] = table(columns(("id", "integer", False)))
    return Snapshot(FORMAT_VERSION, GENERATED_AT, database(),
                    schemas={"s": Schema(oid=1, owner="app", tables=tables)})


def test_many_small_groups_are_packed_together_and_lone_tables_said_once() -> None:
    """100 pairs and 20 lone tables: the pairs share two pictures, the lone tables are
    one note, on the map."""
    graph = SchemaGraph(_pairs_snapshot(100, 20))
    first, *parts = schema_diagrams(graph, "s", href)
    assert [len(p.nodes) for p in parts] == [150, 50]
    assert len({d.name for d in parts}) == 2
    assert first.notes == (
        "20 tables without foreign keys to or from other tables of this schema not drawn.",)
    assert all(p.notes == () for p in parts)


def test_a_big_schema_without_keys_gets_only_a_note(cache: Path) -> None:
    """200 tables and no foreign key: no picture of 200 boxes, a note saying why."""
    graph = SchemaGraph(_pairs_snapshot(0, 200))
    (diagram,) = schema_diagrams(graph, "s", href)
    assert diagram.nodes == ()
    plan = DiagramPlan()
    plan.add("s.md", "", diagram)
    pages, _ = draw_diagrams(plan, "graphviz", cache)
    shown = pages["s.md"][""]
    assert "<svg" not in shown  # no empty picture, the note alone, once
    assert shown.count("200 tables without foreign keys") == 1


def test_limits_are_configurable() -> None:
    """Smaller limits move the thresholds; past the most parts, a note says how many
    tables no part draws, once."""
    graph = SchemaGraph(wide_snapshot(12))
    limits = Limits(keys_tables=5, names_tables=10, max_groups=1)
    (diagram,) = schema_diagrams(graph, "wide", href, limits)
    assert len(diagram.nodes) <= 10
    drawn = len(diagram.tables)
    assert diagram.notes == (f"{12 - drawn} more tables in 1 more part not drawn (at most 1 "
                             "parts are); the Tables list names them all.",)
    assert schema_diagrams(SchemaGraph(wide_snapshot(8)), "wide", href, limits)[0].detail \
        == "names"


def test_large_schema_svg_stays_bounded(cache: Path) -> None:
    """Each part's picture parses, every box links to its table's page, and the map's
    boxes link to the parts."""
    graph = SchemaGraph(wide_snapshot(400))
    diagrams = schema_diagrams(graph, "wide", href)
    svgs = draw_svgs(diagrams, cache)
    assert sorted(n.href or "" for n in svg_nodes(svgs[diagrams[0].name])) == [
        "#part-1", "#part-2", "#part-3"]
    for diagram in diagrams[1:]:
        nodes = svg_nodes(svgs[diagram.name])
        assert len(nodes) == len(diagram.nodes) <= 150
        # A table of another part says which: "wide.t00149, in part 1".
        assert all(n.href == f"{n.title.split('.', 1)[1].split(',')[0]}/" for n in nodes
                   if n.title)
        assert len(svgs[diagram.name].encode("utf-8")) < 200_000


def _cross_schema_snapshot() -> Snapshot:
    sales = {"order": table(columns(("id", "integer", False), ("customer_id", "integer"),
                                    ("agent_id", "integer")), pk("order", "id"),
                            fk("order", "customer_id", "crm", "customer", "id"),
                            fk("order", "agent_id", "crm", "agent", "id"))}
    crm = {"customer": table(columns(("id", "integer", False)), pk("customer", "id")),
           "agent": table(columns(("id", "integer", False), ("order_id", "integer")),
                          pk("agent", "id"), fk("agent", "order_id", "sales", "order", "id"))}
    return Snapshot(FORMAT_VERSION, GENERATED_AT, database(), schemas={
        "sales": Schema(oid=1, owner="app", tables=sales),
        "crm": Schema(oid=2, owner="app", tables=crm),
        "empty": Schema(oid=3, owner="app")})


def test_overview_counts_foreign_keys_between_schemas(cache: Path) -> None:
    """sales -> crm has 2 keys, crm -> sales 1; every schema is a box linking to its page."""
    graph = SchemaGraph(_cross_schema_snapshot())
    diagram = overview(graph, lambda s: f"{s}/")
    titles = {n.id: n.title for n in diagram.nodes}
    assert sorted((titles[e.source], titles[e.target], e.label) for e in diagram.edges) == [
        ("crm", "sales", "1 foreign key"), ("sales", "crm", "2 foreign keys")]
    assert {n.title: n.subtitle for n in diagram.nodes} == {
        "crm": "2 tables", "empty": "0 tables", "sales": "1 table"}
    svg = draw_svgs([diagram], cache)[diagram.name]
    assert {n.title: n.href for n in svg_nodes(svg)} == {
        "schema crm": "crm/", "schema empty": "empty/", "schema sales": "sales/"}


def test_schema_diagram_names_tables_of_other_schemas(cache: Path) -> None:
    """Up to 40 tables, the tables of other schemas they are linked to are drawn too."""
    graph = SchemaGraph(_cross_schema_snapshot())
    (diagram,) = schema_diagrams(graph, "sales", href)
    assert sorted((n.title, n.role) for n in diagram.nodes) == [
        ("crm.agent", "external"), ("crm.customer", "external"), ("order", "table")]


SEED_FLOW = [FlowStep(("intake", "company_raw_intake")),
             FlowStep(("marketing", "company_master"), "promotion"),
             FlowStep(("marketing", "company_slots")),
             FlowStep(("marketing", "people_master"))]


def test_flow_dashes_steps_that_are_not_foreign_keys(cache: Path) -> None:
    """The seed's Company -> People flow: the promotion from intake is dashed, the rest
    follow foreign keys (in either direction) and are solid."""
    diagram = flow(SchemaGraph(seed_snapshot()), "Company → People Flow", SEED_FLOW, href)
    assert [(e.label, e.style) for e in diagram.edges] == [
        ("promotion", "flow"), ("company_unique_id", "flow_fk"),
        ("people_unique_id", "flow_fk")]
    assert diagram.direction == "LR"
    svg = draw_svgs([diagram], cache)[diagram.name]
    dashed = [any(path.get("stroke-dasharray") for path in edge.iter(f"{SVG}path"))
              for edge in svg_edges(svg)]
    assert dashed == [True, False, False]
    assert [n.title for n in svg_nodes(svg)] == [
        "intake.company_raw_intake", "marketing.company_master", "marketing.company_slots",
        "marketing.people_master"]


def test_flow_takes_plain_tuples_and_missing_tables() -> None:
    """Steps may be (table, label) pairs; a table the snapshot lacks is a box without link."""
    steps = [(("intake", "company_raw_intake"), None), (("intake", "gone"), "copy")]
    diagram = flow(SchemaGraph(seed_snapshot()), "f", steps, href)
    assert [(n.title, n.role, n.href) for n in diagram.nodes] == [
        ("intake.company_raw_intake", "table", "company_raw_intake/"),
        ("intake.gone", "missing", None)]
