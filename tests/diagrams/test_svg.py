"""SVG rendering with the real Graphviz: parseable, byte-identical for the same input,
cached so that a rerun renders nothing, and a clear error when `dot` is missing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.diagrams import (
    Diagram,
    DiagramError,
    DotRenderer,
    SchemaGraph,
    draw_svgs,
    neighbourhood,
    overview,
    render_svgs,
    schema_diagrams,
)
from generator.errors import SchemadocError
from tests.diagrams.conftest import require_dot, svg_nodes
from tests.factories import odd_snapshot, seed_snapshot


def href(schema: str, table: str) -> str:
    """Links as from a table page with directory URLs."""
    return f"../../{schema}/{table}/"


def site_diagrams(graph: SchemaGraph) -> list[Diagram]:
    """Every diagram a site of this snapshot has."""
    diagrams = [neighbourhood(graph, key, href) for key in graph.tables]
    for schema in graph.schemas():
        diagrams += schema_diagrams(graph, schema, href)
    return diagrams + [overview(graph, lambda s: f"../{s}/")]


def test_every_svg_parses_and_links_every_table(cache: Path) -> None:
    """The seed's diagrams are well-formed XML; every table box is a link."""
    diagrams = site_diagrams(SchemaGraph(seed_snapshot()))
    svgs = draw_svgs(diagrams, cache)
    assert set(svgs) == {d.name for d in diagrams}
    for diagram in diagrams:
        root = ET.fromstring(svgs[diagram.name])
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        nodes = svg_nodes(svgs[diagram.name])
        assert len(nodes) == len(diagram.nodes)
        assert all(n.href and n.target == "_top" for n in nodes), diagram.name


def test_same_snapshot_gives_byte_identical_svgs(tmp_path: Path) -> None:
    """Two cold renders of two separately built snapshots: the same bytes."""
    require_dot()
    first = draw_svgs(site_diagrams(SchemaGraph(seed_snapshot())), tmp_path / "a")
    second = draw_svgs(site_diagrams(SchemaGraph(seed_snapshot())), tmp_path / "b")
    assert len(first.rendered) == len(second.rendered) == len(first)
    assert dict(first) == dict(second)


def test_batched_and_alone_give_the_same_svg(tmp_path: Path) -> None:
    """A graph rendered in a batch of several is the same as rendered on its own."""
    require_dot()
    renderer = DotRenderer()
    jobs = [(d.name, renderer.render(d)) for d in site_diagrams(SchemaGraph(seed_snapshot()))]
    together = render_svgs(jobs, tmp_path / "together", workers=1)
    for i, job in enumerate(jobs):
        alone = render_svgs([job], tmp_path / f"alone{i}")
        assert alone[job[0]] == together[job[0]], job[0]


def test_svg_is_ready_to_inline(cache: Path) -> None:
    """No XML prolog, comment or blank line (which would end an HTML block in Markdown)."""
    svgs = draw_svgs(site_diagrams(SchemaGraph(seed_snapshot())), cache)
    for svg in svgs.values():
        assert svg.startswith("<svg ")
        assert svg.endswith("</svg>\n")
        assert "<!--" not in svg and "<?xml" not in svg
        assert "\n\n" not in svg
        assert "graphviz version" not in svg


def test_rerun_renders_nothing_and_a_change_renders_one(cache: Path) -> None:
    """The cache is keyed by the DOT source: unchanged diagrams come from it."""
    renderer = DotRenderer()
    jobs = [(d.name, renderer.render(d)) for d in site_diagrams(SchemaGraph(seed_snapshot()))]
    cold = render_svgs(jobs, cache)
    assert sorted(cold.rendered) == sorted(k for k, _ in jobs) and cold.cached == []
    warm = render_svgs(jobs, cache)
    assert warm.rendered == [] and sorted(warm.cached) == sorted(k for k, _ in jobs)
    assert dict(warm) == dict(cold)
    changed = [(k, s + "\n") if k == "table:marketing.company_slots" else (k, s)
               for k, s in jobs]
    third = render_svgs(changed, cache)
    assert third.rendered == ["table:marketing.company_slots"]


def test_identical_sources_render_once(cache: Path) -> None:
    """Two keys with the same DOT share one rendering."""
    source = "digraph g { a -> b }"
    result = render_svgs([("one", source), ("two", source)], cache)
    assert result["one"] == result["two"]
    assert len(list(cache.rglob("*.svg"))) == 1


def test_dot_missing_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no `dot` on PATH: DiagramError saying how to install Graphviz and what else
    to choose (the real executable lookup fails; nothing is mocked)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(DiagramError) as caught:
        render_svgs([("g", "digraph g { a -> b }")], tmp_path / "cache")
    message = str(caught.value)
    assert isinstance(caught.value, SchemadocError)
    for expected in ("`dot` was not found", "apt-get install graphviz",
                     "brew install graphviz", "diagrams: mermaid", "diagrams: none"):
        assert expected in message


def test_a_graph_dot_rejects_names_the_diagram(cache: Path) -> None:
    """A broken DOT source (a user's template, say) fails with the diagram's key."""
    jobs = [("good", "digraph g { a -> b }"), ("broken", "digraph g { a -> }")]
    with pytest.raises(DiagramError, match="'broken'"):
        render_svgs(jobs, cache)


def test_hostile_names_render_literally(cache: Path) -> None:
    """Names with markup, quotes, backslashes, newlines, unicode and 63 bytes show as
    written in the SVG's text, and the SVG still parses."""
    graph = SchemaGraph(odd_snapshot())
    diagrams = [neighbourhood(graph, key, href) for key in graph.tables]
    svgs = draw_svgs(diagrams, cache)
    titles = {text for d in diagrams for n in svg_nodes(svgs[d.name]) for text in n.texts}
    assert {'quo"te', "café", "x" * 63, "é" * 31, "a/b", "dots.in.name"} <= titles
