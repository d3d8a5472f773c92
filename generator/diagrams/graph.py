"""Which tables and relations each diagram shows, and how much of each.

- `neighbourhood`: a table, the tables it references and those referencing it (up to
  `distance` steps away), with the focused table's columns and the others' key columns,
  and the views built on it (a dependency layer: named boxes, dashed arrows).
- `schema_diagrams`: a schema's tables and relations, degrading with size (`Limits`):
  key columns up to `keys_tables` tables, names only up to `names_tables`, and past
  that the schema split into parts (`parts.split_schema`): every table in one part
  of at most `names_tables` boxes, or listed as without foreign keys; a table of
  another part that a part's tables reference is a dashed box there, so every foreign
  key is drawn in some part. `parts_map` draws the parts as boxes linking to them,
  lines labelled with the foreign keys between two parts; `part_diagram` draws one
  part. Past `max_groups` parts a note on the map says, once, how many tables no part
  draws. The renderer (render/diagrams.py) puts the parts on the schema page or on
  pages of their own.
- `overview`: schemas as nodes, edges labelled with the number of foreign keys.
- `flow`: tables in a declared order, left to right; a step that is no foreign key
  (a data promotion, say) is dashed.

No diagram grows past the limits whatever the database: a picture nobody can read is
worse than several that can be read, and a note says what none of them draws.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from generator.config import FlowStep
from generator.diagrams.diagram import Detail, Diagram, Edge, Href, Node, NodeBuilder
from generator.diagrams.parts import Part, SchemaSplit, split_schema
from generator.diagrams.relations import SchemaGraph, TableKey
from generator.names.identifiers import qualified

__all__ = ["FlowStep", "Limits", "flow", "hidden_note", "neighbourhood", "overview",
           "part_diagram", "part_label", "parts_map", "schema_diagrams"]


# The map of a split schema draws this many links between its parts, the strongest:
# 22 parts of a schema whose tables reference one another had 155, a 97 kB picture.
MAP_LINKS = 40


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits of the diagrams (tables per picture, columns per table box)."""

    keys_tables: int = 40
    # Past this many tables a schema is split into parts of at most this many boxes.
    names_tables: int = 150
    # Most parts drawn for one schema (the map's boxes).
    max_groups: int = 40
    neighbours: int = 30
    max_columns: int = 40
    overview_schemas: int = 150
    # The schema map draws this many links between schemas, the strongest (most keys):
    # 21 schemas that all reference one another would be 420 arrows, a 300 kB picture.
    overview_links: int = 200
    map_links: int = MAP_LINKS


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


def part_diagram(graph: SchemaGraph, split: SchemaSplit, part: Part, href: Href,
                 limits: Limits | None = None) -> Diagram:
    """One part of a split schema: its tables, and dashed boxes for the tables of other
    parts they reference; every foreign key held by one of its tables is drawn."""
    limits = limits or Limits()
    schema = split.schema
    detail: Detail = "keys" if part.boxes <= limits.keys_tables else "names"
    nodes = NodeBuilder(graph, href, schema, limits.max_columns)
    home = split.part_of()
    members = set(part.tables)
    relations = [r for r in graph.relations_among(part.tables + part.externals)
                 if r.source in members]
    referenced: dict[TableKey, set[str]] = {}
    for relation in relations:
        referenced.setdefault(relation.target, set()).update(relation.target_columns)
    drawn = [nodes.table(k, detail, extra=referenced.get(k, ())) for k in part.tables]
    for key in part.externals:
        node = nodes.table(key, "names", "external")
        where = f"part {home[key]}" if key in home else "a part not drawn"
        drawn.append(replace(node, tooltip=f"{node.tooltip}, in {where}"))
    total = len(split.parts) + split.hidden_parts
    notes: tuple[str, ...] = ()
    if part.externals:
        notes = (f"Dashed: {_plural(len(part.externals), 'table')} of other parts "
                 "that tables of this part reference.",)
    return Diagram(f"schema:{qualified(schema)}:part{part.number}", "er",
                   f"Schema {schema}, part {part.number} of {total}: "
                   f"{_plural(len(part.tables), 'table')}", detail, tuple(drawn),
                   tuple(nodes.edge(r) for r in relations), notes, tables=part.tables)


def part_label(part: Part) -> str:
    """A part's name: its busiest table (one name keeps the map's boxes narrow: with two,
    a map of 14 parts was wider than a page's column)."""
    return part.busiest[1]


def hidden_note(split: SchemaSplit) -> tuple[str, ...]:
    """What no part draws, past the most parts drawn for one schema: said once."""
    if not split.hidden_parts:
        return ()
    return (f"{_plural(split.hidden_tables, 'more table')} in "
            f"{_plural(split.hidden_parts, 'more part')} not drawn (at most "
            f"{len(split.parts)} parts are); the Tables list names them all.",)


def parts_map(graph: SchemaGraph, split: SchemaSplit, part_href: Callable[[int], str],
              notes: tuple[str, ...] = (), max_links: int = MAP_LINKS) -> Diagram:
    """The map of a split schema: a box per part (its busiest table, its size) linking
    to `part_href(number)`, a line between two parts labelled with the foreign keys
    between them, the `max_links` strongest (a note counts the rest); `notes` are its
    caption."""
    ids = {part.number: f"n{part.number}" for part in split.parts}
    nodes = tuple(Node(ids[p.number], part_label(p),
                       f"part {p.number}: {_plural(len(p.tables), 'table')}",
                       part_href(p.number), "schema",
                       f"part {p.number} · {_plural(len(p.tables), 'table')}")
                  for p in split.parts)
    between = split.crossing(graph)
    # The number alone on the line (the page says what it counts): a dozen linked parts
    # have dozens of lines, and "7 foreign keys" on each crowded the map.
    strongest = sorted(between.items(), key=lambda kv: (-kv[1], kv[0]))[:max_links]
    if len(strongest) < len(between):
        left_out = sum(between.values()) - sum(n for _, n in strongest)
        notes += (f"Drawn: the {len(strongest):,} strongest of {len(between):,} links "
                  f"between parts; the other {len(between) - len(strongest):,} "
                  f"({_plural(left_out, 'key')}) are drawn in the parts themselves.",)
    edges = tuple(Edge(ids[a], ids[b], f"{n:,}",
                       f"part {a} – part {b}: {_plural(n, 'foreign key')}", "count", "none",
                       "none") for (a, b), n in sorted(strongest))
    return Diagram(f"schema:{qualified(split.schema)}:map", "map",
                   f"Schema {split.schema} in {_plural(len(split.parts), 'part')}", "names",
                   nodes, edges, notes)


def schema_diagrams(graph: SchemaGraph, schema: str, href: Href,
                    limits: Limits | None = None,
                    part_href: Callable[[int], str] = lambda n: f"#part-{n}"
                    ) -> list[Diagram]:
    """The diagrams of a schema on one page: one, or past `names_tables` the map of its
    parts (linking to `part_href(n)`) and the parts; none for a schema without tables.
    Notes say, once, what is not drawn."""
    limits = limits or Limits()
    keys = graph.schema_tables(schema)
    if not keys:
        return []
    if len(keys) <= limits.names_tables:
        return [_draw_tables(graph, f"schema:{qualified(schema)}",
                             f"Tables of schema {schema}", schema, keys, href, limits)]
    split = split_schema(graph, schema, limits.names_tables, limits.max_groups)
    parts = [part_diagram(graph, split, part, href, limits) for part in split.parts]
    notes = hidden_note(split) + ((
        f"{_plural(len(split.lone), 'table')} without foreign keys to or from other "
        "tables of this schema not drawn.",) if split.lone else ())
    if len(parts) > 1:
        return [parts_map(graph, split, part_href, notes, limits.map_links), *parts]
    if parts:
        return [replace(parts[0], notes=parts[0].notes + notes)]
    # No foreign keys at all: the notes alone say why nothing is drawn.
    return [Diagram(f"schema:{qualified(schema)}", "er", f"Tables of schema {schema}",
                    "names", (), (), notes)]


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
