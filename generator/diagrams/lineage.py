"""Lineage of a view: the tables and views it reads (and what those views read, a few
levels up), and the views built on it, left to right in the direction data flows.

Edges are dependencies, not foreign keys: drawn dashed with an arrow into the reader
(`sd-dependency`), labelled by nothing (the tooltip lists the columns read), so that
a picture of twenty sources stays legible. The graph of dependencies comes from the
caller as a function (`reads`), so this module needs no snapshot and stays one job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.diagrams.diagram import Diagram, Edge, Href, Node
from generator.diagrams.relations import TableKey
from generator.names.identifiers import qualified

__all__ = ["LineageSource", "lineage"]

# Levels of sources drawn above the view, and boxes in all: past them the picture says
# how many it left out.
MAX_DEPTH = 3
MAX_NODES = 30


@dataclass(frozen=True, slots=True)
class LineageSource:
    """A relation an object reads: its key, kind (table, view, ...) and the columns."""

    key: TableKey
    kind: str
    columns: tuple[str, ...] = ()


Reads = Callable[[TableKey], Sequence[LineageSource]]
"""`reads(key)`: what the view or materialized view `key` reads ([] for a table)."""


def lineage(key: TableKey, kind: str, reads: Reads, readers: Sequence[LineageSource],
            href: Href, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> Diagram:
    """The lineage diagram of view `key` (of `kind`): its sources up to `max_depth`
    levels, and `readers` (the views built on it), at most `max_nodes` boxes."""
    ids: dict[TableKey, str] = {key: "n1"}
    nodes = [Node("n1", qualified(*key), f"{qualified(*key)} ({_words(kind)})",
                  href(*key), "focus")]
    edges: list[Edge] = []
    left_out: set[TableKey] = set()

    def node(source: LineageSource) -> str | None:
        found = ids.get(source.key)
        if found is not None:
            return found
        if len(nodes) >= max_nodes:
            left_out.add(source.key)
            return None
        node_id = ids[source.key] = f"n{len(nodes) + 1}"
        link = href(*source.key)
        nodes.append(Node(node_id, qualified(*source.key),
                          f"{qualified(*source.key)} ({_words(source.kind)})"
                          + ("" if link else ", not documented"), link,
                          "table" if link else "missing"))
        return node_id

    def edge(source: str, target: str, reader: TableKey, read: LineageSource) -> None:
        columns = ", ".join(read.columns) or "the whole relation"
        edges.append(Edge(source, target, "", f"{qualified(*reader)} reads {columns}",
                          "dependency", "arrow", "none"))

    level, seen = [key], {key}
    for _ in range(max_depth):
        following = []
        for reader in level:
            for source in reads(reader):
                source_id = node(source)
                if source_id is None:
                    continue
                edge(source_id, ids[reader], reader, source)
                if source.key not in seen:
                    seen.add(source.key)
                    following.append(source.key)
        level = following
    for built_on in readers:
        reader_id = node(built_on)
        if reader_id is not None:
            edge(ids[key], reader_id, built_on.key, LineageSource(key, kind, built_on.columns))
    notes = (f"{len(left_out):,} more related relations not drawn (see the lists below).",) \
        if left_out else ()
    return Diagram(f"lineage:{qualified(*key)}", "lineage", qualified(*key), "names",
                   tuple(nodes), tuple(edges), notes, tables=tuple(ids))


def _words(kind: str) -> str:
    return kind.replace("_", " ")
