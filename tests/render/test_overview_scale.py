"""The overview stays about the same size however many tables the database has: its
lists stop at a limit and count the rest, its schema map draws the strongest links
between schemas and says how many it leaves out (each schema's page lists them all).

The databases are models of 21 schemas whose tables' keys lead to one another (the
bench's "cross" shape), at 420 and 4,200 tables; the map is drawn by Graphviz."""

from __future__ import annotations

import re
from pathlib import Path

from generator.config import Config
from generator.diagrams import SchemaGraph, overview, page_href
from generator.model import Snapshot
from generator.render.diagrams import SITE_MAP_LINKS, DiagramPlan, draw_diagrams, limits_of
from generator.render.env import make_environment
from generator.render.pages import render_overview, render_schema
from generator.render.paths import OVERVIEW
from generator.render.reference import site_facts
from tests.factories import crossed_snapshot

SCHEMAS = 21
# The overview's Markdown (about half its HTML, which Material's frame adds ~30 kB to):
# under this, the built page stays under issue 3's 150 KB.
MAX_OVERVIEW_BYTES = 60_000


def _overview(snapshot: Snapshot, cache: Path) -> str:
    facts = site_facts(snapshot, Config())
    graph = SchemaGraph(facts.snapshot, virtual=facts.virtual)
    plan = DiagramPlan()
    plan.add(OVERVIEW, "", overview(graph, lambda s: page_href(
        f"reference/{OVERVIEW}", f"reference/{facts.paths.schema(s)}", True),
        limits_of(facts.config.diagrams)))
    env = make_environment()
    drawn, _ = draw_diagrams(plan, "dot", cache, env)
    return render_overview(env, facts, drawn[OVERVIEW])


def test_overview_stays_bounded_as_tables_grow(tmp_path: Path) -> None:
    """Ten times the tables, the same overview: no list, no picture grows with them."""
    small = _overview(crossed_snapshot(SCHEMAS, 20), tmp_path)
    large = _overview(crossed_snapshot(SCHEMAS, 200), tmp_path)
    assert len(large.encode()) <= MAX_OVERVIEW_BYTES, len(large.encode())
    assert len(large.encode()) <= len(small.encode()) * 1.1, (len(small), len(large))
    # Every list says how many it leaves out.
    assert "and 4,180 more functions (each table's page lists its triggers)" in large
    assert "4,200 triggers call 4,200 functions; the 20 that most tables use" in large
    assert re.search(r"RLS without a policy.*, and 400 more", large)


def test_the_schema_map_draws_its_strongest_links_and_counts_the_rest(
        tmp_path: Path) -> None:
    """420 links between 21 schemas: the map draws the 30 with most keys; its caption
    counts the others, which each schema's page lists in full."""
    snapshot = crossed_snapshot(SCHEMAS, 200)
    page = _overview(snapshot, tmp_path)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert svg.count('class="edge') == SITE_MAP_LINKS
    assert svg.count('class="node') == SCHEMAS
    caption = re.search(r"Drawn: the 30 strongest of (\d+) links between schemas; the "
                        r"other (\d+) \(([\d,]+) keys\) are not", page)
    assert caption is not None, page[page.index("</svg>"):][:600]
    links, others = int(caption.group(1)), int(caption.group(2))
    assert links == SCHEMAS * (SCHEMAS - 1) and others == links - SITE_MAP_LINKS
    facts = site_facts(snapshot, Config())
    schema_page = render_schema(make_environment(), facts, "s05")
    listed = re.search(r"(?m)^- \*\*Keys between schemas\*\*: to (.*); from (.*)$",
                       schema_page)
    assert listed is not None
    for other_end in listed.groups():
        assert len(re.findall(r"\[s\d\d\]\(s\d\d\.md\) \([\d,]+\)", other_end)) == SCHEMAS - 1
