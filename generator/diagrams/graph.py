"""Which tables and relations each diagram shows, and how much of each.

- `neighbourhood`: a table, the tables it references and those referencing it (up to
  `distance` steps away), with the focused table's columns and the others' key columns,
  and the views built on it (a dependency layer: named boxes, dashed arrows).
- `schema_diagrams`: a schema's tables and relations, degrading with size (`Limits`):
  key columns up to `keys_tables` tables, names only up to `names_tables`, and past
  that one diagram per connected group of tables (the largest `max_groups`, each cut to
  `names_tables` around its most connected table), with notes saying what was left out.
- `overview`: schemas as nodes, edges labelled with the number of foreign keys.
- `flow`: tables in a declared order, left to right; a step that is no foreign key
  (a data promotion, say) is dashed.

No diagram grows past the limits whatever the database: a picture nobody can read is
worse than a note saying what it leaves out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.config import FlowStep
from generator.diagrams.diagram import Detail, Diagram, Edge, Href, Node, NodeBuilder
from generator.diagrams.relations import SchemaGraph, TableKey
from generator.names.identifiers import qualified

__all__ = ["FlowStep", "Limits", "flow", "neighbourhood", "overview", "schema_diagrams"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits of the diagrams (tables per picture, columns per table box)."""

    keys_tables: int = 40
    names_tables: int = 150
    max_groups: int = 8
    neighbours: int = 30
    max_columns: int = 40
    overview_schemas: int = 150
    # The schema map draws this many links between schemas, the strongest (most keys):
    # 21 schemas that all reference one another would be 420 arrows, a 300 kB picture.
    overview_links: int = 200


# Views a table's neighbourhood draws as its dependency layer.
MAX_READERS = 8


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _near(graph: SchemaGraph, key: TableKey, distance: int, cap: int
          ) -> tuple[list[TableKey], int]:
    """Tables within `distance` of `key`, nearest first (parents before children), at
    most `cap` besides `key`; and how many more there were.

    Taking a prefix of the breadth-first order keeps the picture connected: a table two
    steps away is only drawn when every table one step away is.
    """
    order = {key: 0}  # a dict keeps the order and tests membership fast
    frontier = [key]
    for _ in range(distance):
        found: dict[TableKey, int] = {}
        for node in frontier:
            found.update((k, 0) for k in graph.parents(node) + graph.children(node)
                         if k not in order)
        order.update(found)
        frontier = list(found)
    chosen = list(order)[:cap + 1]
    return chosen, len(order) - len(chosen)


def neighbourhood(graph: SchemaGraph, key: TableKey, href: Href, distance: int = 1,
                  limits: Limits | None = None,
                  readers: Sequence[tuple[TableKey, str]] = ()) -> Diagram:
    """The diagram of a table and its neighbours (an empty-handed table is drawn alone);
    `readers`, (key, kind) of the views built on it, are drawn as a dependency layer:
    named boxes and dashed arrows, at most `MAX_READERS` of them."""
    limits = limits or Limits()
    keys, skipped = _near(graph, key, distance, limits.neighbours)
    relations = graph.relations_among(keys)
    nodes = NodeBuilder(graph, href, key[0], limits.max_columns)
    referenced: dict[TableKey, set[str]] = {}
    for relation in relations:
        referenced.setdefault(relation.target, set()).update(relation.target_columns)
    # A hub's many neighbours are named only (one line each, as in a schema picture
    # of as many tables): with their key columns they made a diagram screens tall.
    detail: Detail = "keys" if len(keys) <= limits.keys_tables else "names"
    drawn = [nodes.table(key, "columns", "focus")]
    drawn += [nodes.table(k, detail, "table" if k[0] == key[0] else "external",
                          referenced.get(k, ()) if detail == "keys" else ())
              for k in keys[1:]]
    notes: tuple[str, ...] = ()
    if skipped:
        notes = (f"{_plural(skipped, 'more related table')} not drawn; "
                 "the lists on this page name them all.",)
    edges = [nodes.edge(r) for r in relations]
    for reader, kind in readers[:MAX_READERS]:
        node_id = f"n{len(drawn) + 1}"
        title = reader[1] if reader[0] == key[0] else qualified(*reader)
        drawn.append(Node(node_id, title, f"{qualified(*reader)} ({kind.replace('_', ' ')})",
                          href(*reader), "table" if reader[0] == key[0] else "external"))
        edges.append(Edge(nodes.ids[key], node_id, "", f"{qualified(*reader)} reads "
                          f"{qualified(*key)}", "dependency", "arrow", "none"))
    if len(readers) > MAX_READERS:
        notes += (f"{_plural(len(readers) - MAX_READERS, 'more view')} built on it not "
                  "drawn; Used by lists them.",)
    return Diagram(f"table:{qualified(*key)}", "er",
                   f"{qualified(*key)} and the tables it is linked to", "columns",
                   tuple(drawn), tuple(edges), notes, tables=tuple(keys))


def _draw_tables(graph: SchemaGraph, name: str, title: str, schema: str,
                 keys: list[TableKey], href: Href, limits: Limits,
                 notes: tuple[str, ...] = ()) -> Diagram:
    """A diagram of some tables of one schema, detail chosen by their number."""
    detail: Detail = "keys" if len(keys) <= limits.keys_tables else "names"
    nodes = NodeBuilder(graph, href, schema, limits.max_columns)
    chosen = set(keys)
    outside: dict[TableKey, int] = {}
    if detail == "keys":  # tables of other schemas referenced or referencing, named only
        for k in keys:
            outside.update((t, 0) for t in graph.parents(k) + graph.children(k)
                           if t[0] != schema and t not in chosen)
    others = sorted(outside)[:limits.neighbours]
    if len(outside) > len(others):
        notes += (f"{_plural(len(outside) - len(others), 'more linked table')} of other "
                  "schemas not drawn.",)
    relations = graph.relations_among(keys + others)
    referenced: dict[TableKey, set[str]] = {}
    for relation in relations:
        referenced.setdefault(relation.target, set()).update(relation.target_columns)
    drawn = [nodes.table(k, detail, extra=referenced.get(k, ())) for k in keys]
    drawn += [nodes.table(k, "names", "external") for k in others]
    return Diagram(name, "er", title, detail, tuple(drawn),
                   tuple(nodes.edge(r) for r in relations), notes, tables=tuple(keys))


def _around_hub(graph: SchemaGraph, group: list[TableKey], cap: int) -> list[TableKey]:
    """At most `cap` tables of a connected group, breadth-first from its busiest table."""
    members = set(group)
    hub = min(group, key=lambda k: (-graph.degree(k), k))
    chosen, frontier = [hub], [hub]
    seen = {hub}
    while frontier and len(chosen) < cap:
        found = [k for node in frontier for k in graph.parents(node) + graph.children(node)
                 if k in members]
        frontier = []
        for k in found:
            if k not in seen and len(chosen) < cap:
                seen.add(k)
                chosen.append(k)
                frontier.append(k)
    return sorted(chosen)


def schema_diagrams(graph: SchemaGraph, schema: str, href: Href,
                    limits: Limits | None = None) -> list[Diagram]:
    """The diagrams of a schema: one, or one per connected group past `names_tables`;
    none for a schema without tables. The last diagram's notes say what was left out."""
    limits = limits or Limits()
    keys = graph.schema_tables(schema)
    title = f"Tables of schema {schema}"
    if not keys:
        return []
    if len(keys) <= limits.names_tables:
        return [_draw_tables(graph, f"schema:{qualified(schema)}", title, schema, keys, href,
                             limits)]
    groups = graph.components(keys)
    linked = [g for g in groups if len(g) > 1]
    alone = len(groups) - len(linked)
    shown = linked[:limits.max_groups]
    diagrams = []
    for number, group in enumerate(shown, start=1):
        part = _around_hub(graph, group, limits.names_tables)
        cut = len(group) - len(part)
        notes = (f"{_plural(cut, 'more table')} of this group not drawn (the busiest table "
                 "and those nearest it are).",) if cut else ()
        diagrams.append(_draw_tables(
            graph, f"schema:{qualified(schema)}:group{number}",
            f"Schema {schema}, group {number} of {len(linked)}: {_plural(len(group), 'table')}",
            schema, part, href, limits, notes))
    left_out = []
    if len(linked) > len(shown):
        rest = sum(len(g) for g in linked[len(shown):])
        left_out.append(f"{_plural(len(linked) - len(shown), 'smaller group')} "
                     f"({_plural(rest, 'table')}) not drawn.")
    if alone:
        left_out.append(f"{_plural(alone, 'table')} without foreign keys to or from other "
                     "tables of this schema not drawn.")
    if not diagrams:  # no foreign keys at all: the notes alone say why nothing is drawn
        return [Diagram(f"schema:{qualified(schema)}", "er", title, "names", (), (),
                        tuple(left_out))]
    if left_out:
        last = diagrams[-1]
        diagrams[-1] = Diagram(last.name, last.kind, last.title, last.detail, last.nodes,
                               last.edges, last.notes + tuple(left_out), tables=last.tables)
    return diagrams


def overview(graph: SchemaGraph, schema_href: Callable[[str], str | None],
             limits: Limits | None = None) -> Diagram:
    """Schemas as nodes; an edge per pair of schemas, labelled with its foreign keys.

    Past the limits the map keeps its strongest links (most keys first), drawing at
    most `overview_links` of them and, when the database has more than
    `overview_schemas` schemas, only schemas those links join; a note says how many
    links and keys are not drawn (each schema's page lists all of its own)."""
    limits = limits or Limits()
    counts: Counter[tuple[str, str, bool]] = Counter()
    for relations in graph.outgoing.values():
        for r in relations:
            if r.source[0] != r.target[0]:
                counts[(r.source[0], r.target[0], r.virtual)] += 1
    strongest = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    every = graph.schemas()
    few = len(every) <= limits.overview_schemas
    names: set[str] = set(every) if few else set()
    drawn: list[tuple[tuple[str, str, bool], int]] = []
    for link, n in strongest:
        if len(drawn) == limits.overview_links:
            break
        joined = names | {link[0], link[1]}
        if few or len(joined) <= limits.overview_schemas:
            names = joined
            drawn.append((link, n))
    if not names:  # no links at all: the first schemas, as boxes
        names = set(every[:limits.overview_schemas])
    notes: list[str] = []
    if len(drawn) < len(counts):
        left_out = sum(counts.values()) - sum(n for _, n in drawn)
        notes.append(f"Drawn: the {len(drawn):,} strongest of {len(counts):,} links between "
                     f"schemas; the other {len(counts) - len(drawn):,} "
                     f"({_plural(left_out, 'key')}) are not: each schema's page lists all "
                     "of its links.")
    if len(names) < len(every):
        notes.append(f"{_plural(len(every) - len(names), 'schema')} not drawn: "
                     "without drawn links to other schemas.")
    order = [s for s in every if s in names]
    ids = {name: f"n{i}" for i, name in enumerate(order, start=1)}
    nodes = tuple(Node(ids[s], s, f"schema {s}", schema_href(s), "schema",
                       _plural(len(graph.schema_tables(s)), "table")) for s in order)
    edges = tuple(
        Edge(ids[a], ids[b], _plural(n, "virtual relation" if virtual else "foreign key"),
             f"{a} → {b}", "count_virtual" if virtual else "count", "arrow", "none")
        for (a, b, virtual), n in sorted(drawn))
    return Diagram("overview", "overview", "Schemas and the foreign keys between them",
                   "names", nodes, edges, tuple(notes))


def flow(graph: SchemaGraph, name: str,
         steps: Sequence[FlowStep[TableKey] | tuple[TableKey, str | None]],
         href: Href, limits: Limits | None = None) -> Diagram:
    """A flow left to right: solid where a foreign key links two steps, dashed where not."""
    limits = limits or Limits()
    plan = [s if isinstance(s, FlowStep) else FlowStep(s[0], s[1]) for s in steps]
    nodes = NodeBuilder(graph, href, None, limits.max_columns)
    drawn: dict[TableKey, Node] = {}
    for step in plan:
        drawn.setdefault(step.table, nodes.table(step.table, "names"))
    edges = []
    for previous, step in zip(plan, plan[1:], strict=False):
        source = step.source or previous.table
        if source not in drawn:
            drawn[source] = nodes.table(source, "names")
        keys = graph.between(source, step.table)
        label = step.label or (", ".join(keys[0].columns) if keys else "")
        tooltip = "; ".join(f"{r.name}: {qualified(*r.source)}({', '.join(r.columns)})"
                            for r in keys) or "no foreign key: a step of the data flow"
        edges.append(Edge(nodes.ids[source], nodes.ids[step.table], label, tooltip,
                          "flow_fk" if keys else "flow", "arrow", "none"))
    return Diagram(f"flow:{name}", "flow", name, "names", tuple(drawn.values()), tuple(edges),
                   tables=tuple(drawn))
