"""A table's neighbourhood diagram: which tables and columns it shows, where each box
links, and the crow's-foot ends of its edges, on models and on real databases."""

from __future__ import annotations

from pathlib import Path

from generator.config import Endpoint, VirtualRelation
from generator.diagrams import (
    DotRenderer,
    Limits,
    SchemaGraph,
    draw_svgs,
    neighbourhood,
)
from tests.diagrams.conftest import svg_edges, svg_nodes
from tests.factories import seed_snapshot, wide_snapshot
from tests.helpers import run_sql, snapshot_of


def href(schema: str, table: str) -> str:
    """Links as a table page at <schema>/<table>/ would write them."""
    return f"../../{schema}/{table}/"


def test_focus_shows_all_columns_and_neighbours_only_keys() -> None:
    """company_slots: all its columns; its parents and children with their key columns."""
    graph = SchemaGraph(seed_snapshot())
    diagram = neighbourhood(graph, ("marketing", "company_slots"), href)
    by_title = {node.title: node for node in diagram.nodes}
    assert set(by_title) == {"company_slots", "company_master", "people_master",
                             "pipeline_events"}
    focus = by_title["company_slots"]
    assert focus.role == "focus"
    assert [c.name for c in focus.columns] == ["slot_id", "company_unique_id",
                                               "people_unique_id", "slot_type", "is_filled"]
    assert [c.name for c in by_title["company_master"].columns] == ["company_unique_id"]
    assert [(c.name, c.keys) for c in by_title["pipeline_events"].columns] == [
        ("event_id", ("PK",)), ("slot_id", ("FK",))]
    assert sorted(e.label for e in diagram.edges) == ["company_unique_id", "people_unique_id",
                                                      "slot_id"]


def test_every_table_node_links_to_its_page(cache: Path) -> None:
    """Each box is an <a> with the page's URL, opening in the top window."""
    graph = SchemaGraph(seed_snapshot())
    diagram = neighbourhood(graph, ("marketing", "company_slots"), href)
    svg = draw_svgs([diagram], cache)[diagram.name]
    links = {node.title: (node.href, node.target) for node in svg_nodes(svg)}
    assert links == {
        f"marketing.{t}": (f"../../marketing/{t}/", "_top")
        for t in ("company_slots", "company_master", "people_master", "pipeline_events")}


def test_table_without_page_is_drawn_without_link(cache: Path) -> None:
    """href() returning None (an undocumented table) gives a box with no link."""
    graph = SchemaGraph(seed_snapshot())
    diagram = neighbourhood(graph, ("marketing", "company_slots"),
                            lambda s, t: None if t == "people_master" else href(s, t))
    svg = draw_svgs([diagram], cache)[diagram.name]
    assert [n.texts[0] for n in svg_nodes(svg) if n.href is None] == ["people_master"]


def test_nullable_foreign_key_is_zero_or_one_on_the_parent_side(cache: Path) -> None:
    """people_unique_id may be NULL: `o|` at people_master; company_unique_id may not: `||`."""
    graph = SchemaGraph(seed_snapshot())
    diagram = neighbourhood(graph, ("marketing", "company_slots"), href)
    ends = {e.label: (e.tail, e.head) for e in diagram.edges}
    assert ends["people_unique_id"] == ("zero_or_many", "zero_or_one")
    assert ends["company_unique_id"] == ("zero_or_many", "exactly_one")
    dot = DotRenderer().render(diagram)
    assert "arrowhead=teeodot, arrowtail=crowodot" in dot
    assert "arrowhead=teetee, arrowtail=crowodot" in dot
    # In the SVG, each `o` is a circle: two on the nullable key's edge, one on the other.
    svg = draw_svgs([diagram], cache)[diagram.name]
    circles = sorted(len(list(edge.iter("{http://www.w3.org/2000/svg}ellipse")))
                     for edge in svg_edges(svg))
    assert circles == [1, 1, 2]


def test_distance_two_reaches_further_and_caps_neighbours() -> None:
    """On a chain, distance 2 adds the tables two steps away; the cap leaves a note."""
    graph = SchemaGraph(wide_snapshot(20))
    near = neighbourhood(graph, ("wide", "t00010"), href)
    assert sorted(n.title for n in near.nodes) == ["t00009", "t00010", "t00011"]
    far = neighbourhood(graph, ("wide", "t00010"), href, distance=2)
    assert sorted(n.title for n in far.nodes) == ["t00008", "t00009", "t00010", "t00011",
                                                  "t00012"]
    capped = neighbourhood(graph, ("wide", "t00010"), href, distance=5,
                           limits=Limits(neighbours=4))
    assert len(capped.nodes) == 5
    assert capped.notes == ("6 more related tables not drawn; the lists on this page name "
                            "them all.",)


def test_virtual_relations_are_dashed() -> None:
    """A relation declared in config (no foreign key) is drawn dashed."""
    link = VirtualRelation(Endpoint("intake", "company_raw_intake", ("company_name",)),
                           Endpoint("marketing", "company_master", ("company_name",)),
                           "declared")
    graph = SchemaGraph(seed_snapshot(), virtual=[link])
    diagram = neighbourhood(graph, ("marketing", "company_master"), href)
    (edge,) = [e for e in diagram.edges if e.style == "virtual"]
    assert edge.label == "company_name"
    assert "style=dashed" in [line for line in DotRenderer().render(diagram).splitlines()
                              if "sd-virtual" in line][0]


DDL = """
create schema app;
create schema billing;
create table app.account (id bigint primary key, name text not null);
create table app.profile (account_id bigint primary key references app.account,
                          bio text);
create table app.member (id bigint primary key,
                         account_id bigint not null references app.account,
                         sponsor_id bigint references app.account,
                         parent_id bigint references app.member);
create table billing.invoice (id bigint primary key,
                              account_id bigint not null references app.account);
"""


def test_cardinality_from_a_real_database(db: str, cache: Path) -> None:
    """NOT NULL key: exactly one; nullable: zero or one; unique key: one-to-one;
    a key into another schema and a self-reference are drawn too."""
    run_sql(db, DDL)
    graph = SchemaGraph(snapshot_of(db))
    diagram = neighbourhood(graph, ("app", "account"), href)
    titles = {n.id: n.title for n in diagram.nodes}
    ends = {(titles[e.source], e.label): (e.tail, e.head) for e in diagram.edges}
    assert ends == {
        ("profile", "account_id"): ("zero_or_one", "exactly_one"),
        ("member", "account_id"): ("zero_or_many", "exactly_one"),
        ("member", "sponsor_id"): ("zero_or_many", "zero_or_one"),
        ("billing.invoice", "account_id"): ("zero_or_many", "exactly_one"),
        ("member", "parent_id"): ("zero_or_many", "zero_or_one"),
    }
    svg = draw_svgs([diagram], cache)[diagram.name]
    assert {n.title for n in svg_nodes(svg)} == {"app.account", "app.profile", "app.member",
                                                 "billing.invoice"}
