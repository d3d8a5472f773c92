"""What a diagram shows, independent of how it is drawn: nodes (tables or schemas)
with their column lines and links, edges with their labels and end shapes, notes.

`graph.py` selects them from a snapshot; `dot.py` and `mermaid.py` turn them into
text through templates. Names stay raw here: each output escapes them its own way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from generator.diagrams.relations import Relation, SchemaGraph, TableKey
from generator.names.identifiers import qualified

__all__ = ["ColumnLine", "Diagram", "Edge", "Href", "Node", "NodeBuilder"]

Href = Callable[[str, str], str | None]
"""`href(schema, table)`: the URL of a table's page relative to the page the diagram is
embedded in, or None when the table has no page (the node is then drawn without a link)."""

Detail = Literal["columns", "keys", "names"]
Role = Literal["focus", "table", "external", "missing", "schema"]
EdgeStyle = Literal["fk", "virtual", "flow", "flow_fk", "count", "count_virtual", "dependency"]
End = Literal["exactly_one", "zero_or_one", "zero_or_many", "arrow", "none"]


class ColumnLine(NamedTuple):
    """A column as a table node lists it; `keys` are markers such as PK, FK, UK. (A
    named tuple, cheaper to make than a frozen dataclass: a 10,000-table site makes
    300,000 of them.)"""

    name: str
    type: str
    keys: tuple[str, ...]
    nullable: bool
    port: str


@dataclass(frozen=True, slots=True)
class Node:
    """A table (or schema) box; `hidden_columns` were left out for size."""

    id: str
    title: str
    tooltip: str
    href: str | None
    role: Role = "table"
    subtitle: str | None = None
    columns: tuple[ColumnLine, ...] = ()
    hidden_columns: int = 0


@dataclass(frozen=True, slots=True)
class Edge:
    """A line from `source` to `target` node, ends drawn at `tail` and `head`."""

    source: str
    target: str
    label: str
    tooltip: str
    style: EdgeStyle
    head: End
    tail: End
    source_port: str | None = None
    target_port: str | None = None


@dataclass(frozen=True, slots=True)
class Diagram:
    """One picture: `name` is stable and unique on the site (it seeds the SVG's ids);
    names in it are quoted (`table:"a.b".c`), so no two objects' diagrams share one."""

    name: str
    kind: Literal["er", "overview", "map", "flow", "lineage"]
    title: str
    detail: Detail
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    notes: tuple[str, ...] = ()
    direction: Literal["LR", "TB"] = "LR"
    tables: tuple[TableKey, ...] = field(default=(), compare=False)

    @property
    def dom_id(self) -> str:
        """A short id for the SVG's elements, distinct for every diagram of a site."""
        return "sd" + hashlib.sha256(self.name.encode("utf-8")).hexdigest()[:10]


_MARKS = {"primary_key": "PK", "foreign_key": "FK", "unique": "UK"}
_MARK_ORDER = ("PK", "FK", "UK")


def _markers(graph: SchemaGraph, key: TableKey) -> dict[str, tuple[str, ...]]:
    """PK/FK/UK markers of each key column of a table."""
    found = graph.markers.get(key)
    if found is not None:
        return found
    table = graph.tables[key]
    marks: dict[str, set[str]] = {}
    for con in table.constraints.values():
        mark = _MARKS.get(con.type)
        if mark is not None:
            for column in con.columns:
                marks.setdefault(column, set()).add(mark)
    for relation in graph.outgoing.get(key, ()):
        for column in relation.columns if relation.virtual else ():
            marks.setdefault(column, set()).add("FK")
    found = {c: tuple(m for m in _MARK_ORDER if m in given) for c, given in marks.items()}
    graph.markers[key] = found
    return found


class NodeBuilder:
    """Builds the nodes of one diagram: ids in order, and which column has which port."""

    def __init__(self, graph: SchemaGraph, href: Href, home: str | None,
                 max_columns: int) -> None:
        self.graph, self.href, self.home, self.max_columns = graph, href, home, max_columns
        self.ids: dict[TableKey, str] = {}
        self.ports: dict[TableKey, dict[str, str]] = {}

    def table(self, key: TableKey, detail: Detail, role: Role = "table",
              extra: Iterable[str] = ()) -> Node:
        """A table's node; `keys` detail lists key columns and `extra` (referenced ones)."""
        node_id = self.ids.setdefault(key, f"n{len(self.ids) + 1}")
        schema, name = key
        title = name if schema == self.home else qualified(schema, name)
        table = self.graph.tables.get(key)
        if table is None:
            return Node(node_id, title, f"{qualified(schema, name)} (not documented)", None,
                        "missing")
        markers = _markers(self.graph, key)
        wanted = set(markers) | set(extra)
        names = [c for c in table.columns if detail == "columns" or
                 (detail == "keys" and c in wanted)]
        shown = names[:self.max_columns]
        columns = table.columns
        lines = tuple([ColumnLine(c, columns[c].type, markers.get(c, ()), columns[c].nullable,
                                  f"c{i}") for i, c in enumerate(shown, start=1)])
        self.ports[key] = {line.name: line.port for line in lines}
        kind = "" if table.kind == "table" else f" ({table.kind.replace('_', ' ')})"
        return Node(node_id, title, f"{qualified(schema, name)}{kind}", self.href(schema, name),
                    role,
                    None, lines, len(names) - len(shown))

    def edge(self, relation: Relation) -> Edge:
        """The edge of a foreign key (or virtual relation) between two built nodes."""
        label = relation.label or ", ".join(relation.columns)
        target = qualified(*relation.target)
        tooltip = (f"{relation.name}: " if relation.name else "virtual: ") + (
            f"({', '.join(relation.columns)}) references {target}"
            f"({', '.join(relation.target_columns)})")
        return Edge(self.ids[relation.source], self.ids[relation.target], label, tooltip,
                    "virtual" if relation.virtual else "fk", relation.parent_end,
                    relation.child_end, self._port(relation.source, relation.columns),
                    self._port(relation.target, relation.target_columns))

    def _port(self, key: TableKey, columns: tuple[str, ...]) -> str | None:
        ports = self.ports.get(key, {})
        return ports.get(columns[0]) if columns else None
