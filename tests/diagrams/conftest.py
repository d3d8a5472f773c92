"""Shared helpers of the diagram tests: SVG parsing, hostile names, a cache folder."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.model import FORMAT_VERSION, Column, Schema, Snapshot
from tests.factories import GENERATED_AT, database, fk, pk, table

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


@dataclass(frozen=True)
class SvgNode:
    """A node of a rendered diagram: its classes, link, tooltip and text lines."""

    classes: list[str]
    href: str | None
    title: str | None
    texts: list[str]
    target: str | None


def svg_nodes(svg: str) -> list[SvgNode]:
    """The nodes of an SVG as Graphviz writes them (`<g class="node ...">`)."""
    root = ET.fromstring(svg)
    nodes = []
    for group in root.iter(f"{SVG}g"):
        classes = (group.get("class") or "").split()
        if "node" not in classes:
            continue
        link = next(group.iter(f"{SVG}a"), None)
        nodes.append(SvgNode(
            classes,
            link.get(f"{XLINK}href") if link is not None else None,
            link.get(f"{XLINK}title") if link is not None else None,
            ["".join(t.itertext()) for t in group.iter(f"{SVG}text")],
            link.get("target") if link is not None else None,
        ))
    return nodes


def svg_edges(svg: str) -> list[ET.Element]:
    """The edge groups of an SVG."""
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if "edge" in (g.get("class") or "").split()]


HOSTILE = [
    "<script>alert(1)</script>",
    'a "quoted" & <b>bold</b>',
    "pipe | brace { } [x]",
    "back\\slash \\N \\G \\n \\l",
    "tab\tand\nnewline",
    "ünïcødé 表 🚀",
    "y" * 63,
    "ö" * 31,
    "]]> -- <!-- x -->",
    "'single' `tick`",
]


def hostile_snapshot() -> Snapshot:
    """One schema whose every table and column name is hostile; each table references
    the first one through a column named like the table."""
    first = HOSTILE[0]
    tables = {}
    for name in HOSTILE:
        cols = {"id": Column(1, 1, "integer", False), name: Column(2, 2, 'my "type" <x>', True)}
        keys = [pk(name, "id")] + ([] if name == first else [fk(name, name, "s<&>", first, "id")])
        tables[name] = table(cols, *keys)
    return Snapshot(FORMAT_VERSION, GENERATED_AT, database(),
                    schemas={"s<&>": Schema(oid=1, owner="app", tables=tables)})


NO_DOT = ("Graphviz is not installed (`dot` is not on PATH; bash scripts/system-deps "
          "installs it as root)")


def require_dot() -> None:
    """Skip, saying why, where Graphviz is missing."""
    if shutil.which("dot") is None:
        pytest.skip(NO_DOT)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """An empty SVG cache folder; tests that render take it, and skip without Graphviz."""
    require_dot()
    return tmp_path / "svg-cache"
