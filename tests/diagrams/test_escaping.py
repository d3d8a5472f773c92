"""Hostile names reach DOT escaped for its two contexts (HTML-like labels, quoted
strings) and come out of Graphviz as the same text: nothing breaks the syntax, nothing
becomes markup, nothing is lost."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from generator.diagrams import (
    DotRenderer,
    Limits,
    SchemaGraph,
    dot_escape,
    dot_quote,
    draw_svgs,
    schema_diagrams,
)
from generator.diagrams import neighbourhood as neighbourhood_of
from generator.diagrams.mermaid import mermaid_label
from generator.names.identifiers import qualified
from tests.diagrams.conftest import HOSTILE, hostile_snapshot, svg_nodes


def href(schema: str, name: str) -> str:
    """A percent-encoded link, as page_href writes them."""
    return quote(f"../{schema}/{name}/")


@pytest.mark.parametrize("name", HOSTILE)
def test_filters_escape_for_their_context(name: str) -> None:
    """dot_escape leaves no markup; dot_quote leaves no bare quote or backslash."""
    label = dot_escape(name)
    assert "<" not in label and ">" not in label and '"' not in label
    assert "\n" not in label and "\t" not in label
    quoted = dot_quote(name)
    body = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert body.replace("\\\\", "").replace('\\"', "").count('"') == 0
    assert "\\" not in body.replace("\\\\", "").replace('\\"', "")


def test_hostile_names_come_out_as_written(cache: Path) -> None:
    """Every table's box shows its exact name, its columns and its type; the tooltip and
    link are exact; the SVG parses (ElementTree would reject stray markup)."""
    graph = SchemaGraph(hostile_snapshot())
    diagrams = [neighbourhood_of(graph, key, href) for key in graph.tables]
    svgs = draw_svgs(diagrams, cache)
    shown = {name.replace("\t", "\\t").replace("\n", "\\n") for name in HOSTILE}
    for diagram in diagrams:
        nodes = svg_nodes(svgs[diagram.name])
        focus = next(n for n in nodes if "sd-focus" in n.classes)
        schema, name = diagram.tables[0]
        assert focus.title == qualified(schema, name).replace("\t", "\\t").replace("\n", "\\n")
        assert focus.href == href(schema, name)
        assert focus.texts[0] in shown
        assert 'my "type" <x>' in "".join(focus.texts)
    hub = next(d for d in diagrams if d.tables[0][1] == HOSTILE[0])
    hub_texts = {n.texts[0] for n in svg_nodes(svgs[hub.name])}
    assert hub_texts == shown


def test_no_name_reaches_dot_unescaped() -> None:
    """Node ids are generated, so names only appear escaped: in HTML-like labels as XML
    with backslashes doubled, in quoted strings with quotes escaped and backslashes
    written four times (Graphviz escapes the rest itself when it writes the SVG)."""
    graph = SchemaGraph(hostile_snapshot())
    dot = DotRenderer().render(neighbourhood_of(graph, ("s<&>", HOSTILE[0]), href))
    assert re.findall(r"<B>(.*?)</B>", dot)[0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    edge_labels = re.findall(r"label=<([^<>]*)>", dot)
    assert "back\\\\slash \\\\N \\\\G \\\\n \\\\l" in edge_labels
    assert "a &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;" in edge_labels
    tooltips = re.findall(r'tooltip="((?:[^"\\]|\\.)*)"', dot)
    # names quoted as identifiers (`"s<&>"."a ""quoted"""`), then as a DOT string
    assert '\\"s<&>\\".\\"<script>alert(1)</script>\\"' in tooltips
    assert '\\"s<&>\\".\\"a \\"\\"quoted\\"\\" & <b>bold</b>\\"' in tooltips
    assert any(t.startswith('\\"s<&>\\".\\"back' + "\\" * 4 + "slash " + "\\" * 4 + "N")
               for t in tooltips)


@pytest.mark.parametrize(("name", "shown"), [
    ("rlo\u202esredro", "rlo\\u202esredro"), ("ord\u200bers", "ord\\u200bers"),
    ("tab\tbed", "tab\\tbed"), ("new\nline", "new\\nline"), ("bi\xadlled", "bi\\xadlled"),
    ("café 日本", "café 日本"),
])
def test_invisible_characters_are_escapes_in_labels(name: str, shown: str) -> None:
    """A name that could pass for another is drawn with its escapes, in Graphviz labels
    and tooltips and in Mermaid labels (whose backslash is an entity code)."""
    assert html.unescape(dot_escape(name)).replace("\\\\", "\\") == shown
    assert dot_quote(name)[1:-1].replace("\\\\\\\\", "\\") == shown
    assert mermaid_label(name).replace("#92;", "\\") == shown


def test_hostile_names_in_the_parts_of_a_split_schema(cache: Path) -> None:
    """Split into parts of three boxes, the hostile schema's map names its parts after
    their tables exactly, and every part parses with its boxes named as written."""
    graph = SchemaGraph(hostile_snapshot())
    schema = next(iter(graph.schemas()))
    first, *parts = schema_diagrams(graph, schema, href, Limits(names_tables=3))
    svgs = draw_svgs([first, *parts], cache)
    shown = {name.replace("\t", "\\t").replace("\n", "\\n") for name in HOSTILE}
    titles = {t for n in svg_nodes(svgs[first.name]) for t in n.texts[0].split(", ")}
    assert titles <= shown and HOSTILE[0] in titles  # the hub names the first part
    drawn = {n.texts[0] for part in parts for n in svg_nodes(svgs[part.name])}
    assert drawn == shown
