"""The diagrams of a site: which page shows which diagram, drawn once for the whole build.

`plan_diagrams` picks, from the facts and the `diagrams:` settings, each table page's
neighbourhood, each view page's lineage (what it reads, what is built on it), each
schema page's schema diagram, the overview's schema map and one
diagram per configured flow (virtual relations drawn dashed).

A schema of more than `names_tables` tables is split into parts (diagrams/parts.py),
none left out: its page shows the map of the parts, and the parts below it while they
draw at most `SITE_INLINE_BOXES` boxes together, else each part on a page of its own
(`<schema>/diagram.<n>.md`, `PartPage`); its tables without foreign keys are listed,
linked. `SchemaParts` is what the schema page's template reads about it.

`draw_diagrams` turns them all into Markdown blocks in one `draw_svgs` call (parallel,
cached by DOT hash), or into Mermaid fences, before any page is written: so a missing
`dot` stops the build with nothing half written. Pages look their blocks up by page
path (`PageDiagrams`); each block is made when its page is rendered (`PageBlocks`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from generator.config import DiagramSettings
from generator.diagrams import (
    Diagram,
    FlowStep,
    Href,
    Limits,
    LineageSource,
    SchemaGraph,
    draw_svgs,
    flow,
    hidden_note,
    lineage,
    mermaid_fence,
    neighbourhood,
    overview,
    page_href,
    part_diagram,
    part_label,
    parts_map,
    schema_diagrams,
    split_schema,
    table_href,
)
from generator.model import View
from generator.model.usage import group_of
from generator.render.env import make_environment
from generator.render.facts import SiteFacts, TableKey
from generator.render.links import LinkRef
from generator.render.paths import OVERVIEW, relative_link

__all__ = ["DiagramPlan", "PageBlocks", "PageDiagrams", "PartPage", "PartRef", "SchemaParts",
           "draw_diagrams", "plan_diagrams", "use_directory_urls"]

# A schema page holds its table list (up to 100 rows), functions and types besides its
# diagram, and must stay under ~150 kB of HTML: so schema pictures show key columns
# only up to 12 tables (Pagila's 22 tables with keys take 82 kB), names only up to 40
# (about 0.8 kB a table), and past that parts of at most 40 boxes each.
SITE_KEYS_TABLES = 12
SITE_NAMES_TABLES = 40
# The most parts a schema is drawn in (the boxes of its map; a part is a page).
SITE_MAX_GROUPS = 40
# Parts drawing at most this many boxes together are drawn on the schema page (two
# pictures of 40 names keep it, with its 150-table list, under about 150 KB).
SITE_INLINE_BOXES = 80
# A split schema's page names at most this many of its tables without foreign keys
# (its Tables list names them all).
LONE_LISTED = 100
# The overview's schema map: its strongest links between schemas, and with more schemas
# than this only those they join. A schema box is about 1 kB of SVG, an arrow 0.5 kB:
# the map stays under about 50 kB however many keys cross schemas.
SITE_MAP_LINKS = 30
SITE_MAP_SCHEMAS = 40

# Page path -> diagram key ("" the page's main diagrams, "flow:<name>" a flow) -> Markdown.
PageDiagrams = dict[str, Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class PartRef:
    """A part of a split schema as its schema page names it."""

    number: int
    label: str  # its busiest table
    tables: int
    # The schema page's diagram key when the part is drawn there, else "".
    key: str
    # The part's page (a Markdown link from the schema page), None when drawn there.
    link: str | None


@dataclass(frozen=True, slots=True)
class SchemaParts:
    """A split schema's diagram section: the map (its page's "" diagram) when there are
    several parts, the parts, its lone tables (some of them linked) and what no part
    draws (said in the map's caption)."""

    parts: list[PartRef]
    inline: bool
    lone: list[LinkRef]
    lone_total: int


@dataclass(frozen=True, slots=True)
class PartPage:
    """A part of a schema's diagram on a page of its own."""

    path: str
    schema: str
    part: PartRef
    count: int
    externals: int
    schema_link: str
    previous: LinkRef | None
    next: LinkRef | None


@dataclass
class DiagramPlan:
    """Each diagram once, and where it goes: page -> [(key, diagram name, wide)]; the
    split schemas' sections (by schema page) and part pages (by schema)."""

    diagrams: list[Diagram] = field(default_factory=list)
    places: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)
    schema_parts: dict[str, SchemaParts] = field(default_factory=dict)
    part_pages: dict[str, list[PartPage]] = field(default_factory=dict)

    def add(self, page: str, key: str, diagram: Diagram, wide: bool = False) -> None:
        self.diagrams.append(diagram)
        self.places.setdefault(page, []).append((key, diagram.name, wide))


def use_directory_urls(project: Path) -> bool:
    """MkDocs' `use_directory_urls` in `<project>/mkdocs.yml` (true when absent)."""
    try:
        text = (project / "mkdocs.yml").read_text("utf-8")
    except OSError:
        return True
    found = re.search(r"^use_directory_urls:\s*(\w+)", text, re.MULTILINE)
    return not (found and found.group(1).lower() in ("false", "no", "off"))


def limits_of(settings: DiagramSettings) -> Limits:
    """The engine's limits with the site's default and the `diagrams.limits` overrides."""
    base = Limits(keys_tables=SITE_KEYS_TABLES, names_tables=SITE_NAMES_TABLES,
                  max_groups=SITE_MAX_GROUPS, overview_schemas=SITE_MAP_SCHEMAS,
                  overview_links=SITE_MAP_LINKS)
    given = {"neighbours": settings.neighbours, "max_columns": settings.columns,
             "keys_tables": settings.keys_tables, "names_tables": settings.names_tables,
             "max_groups": settings.groups}
    values = {k: v for k, v in given.items() if v is not None}
    return Limits(**{**{f: getattr(base, f) for f in base.__dataclass_fields__}, **values})


def plan_diagrams(facts: SiteFacts, generated: str, directory_urls: bool) -> DiagramPlan:
    """Every diagram of the site; `generated` is the pages' folder under the docs folder."""
    settings = facts.config.diagrams
    plan = DiagramPlan()
    if settings.engine == "none":
        return plan
    limits = limits_of(settings)
    graph = SchemaGraph(facts.snapshot, virtual=facts.virtual)
    paths = facts.paths

    def docs(page: str) -> str:
        return f"{generated}/{page}"

    def page_of(schema: str, table: str) -> str | None:
        path = paths.relation(schema, table)
        return docs(path) if path else None

    def href(page: str) -> Href:
        return table_href(page_of, docs(page), directory_urls)

    plan.add(OVERVIEW, "", overview(graph, lambda s: page_href(
        docs(OVERVIEW), docs(paths.schema(s)), directory_urls), limits))
    for item in facts.config.flows:
        steps = []
        for step in item.steps:
            key = facts.relation_key(step.table)
            if key is None:
                break
            source = facts.relation_key(step.source) if step.source else None
            steps.append(FlowStep(key, step.label, source))
        else:
            plan.add(OVERVIEW, f"flow:{item.name}", flow(graph, item.name, steps,
                                                         href(OVERVIEW), limits))
    for schema in sorted(facts.snapshot.schemas):
        page = paths.schema(schema)
        if len(graph.schema_tables(schema)) > limits.names_tables:
            _plan_parts(plan, facts, graph, schema, limits, href, directory_urls, docs)
        else:  # one picture, or none for a schema without tables
            for diagram in schema_diagrams(graph, schema, href(page), limits):
                plan.add(page, "", diagram, wide=diagram.detail == "names")
        for name in sorted(facts.snapshot.schemas[schema].tables):
            page = paths.relation(schema, name) or ""
            layer = [(r.key, r.kind) for r in _readers(facts, (schema, name))]
            plan.add(page, "", neighbourhood(graph, (schema, name), href(page),
                                             settings.distance, limits, layer))
        for kind, views in (("view", facts.snapshot.schemas[schema].views),
                            ("materialized_view",
                             facts.snapshot.schemas[schema].materialized_views)):
            for name in sorted(views):
                page = paths.relation(schema, name) or ""
                readers = _readers(facts, (schema, name))
                if readers or _reads(facts, (schema, name)):
                    plan.add(page, "", lineage((schema, name), kind,
                                               lambda k: _reads(facts, k), readers, href(page)))
    return plan


def _plan_parts(plan: DiagramPlan, facts: SiteFacts, graph: SchemaGraph, schema: str,
                limits: Limits, href: Callable[[str], Href], directory_urls: bool,
                docs: Callable[[str], str]) -> None:
    """A schema too big for one picture: its parts, on its page or on pages of their own,
    and their map; its lone tables listed."""
    page, paths = facts.paths.schema(schema), facts.paths
    split = split_schema(graph, schema, limits.names_tables, limits.max_groups)
    inline = len(split.parts) <= 1 or sum(p.boxes for p in split.parts) <= SITE_INLINE_BOXES
    where = {p.number: page if inline else paths.diagram_part(schema, p.number)
             for p in split.parts}

    def part_href(number: int) -> str:
        if inline:
            return f"#part-{number}"
        return page_href(docs(page), docs(where[number]), directory_urls)

    refs = [PartRef(p.number, part_label(p), len(p.tables),
                    f"part:{p.number}" if inline and len(split.parts) > 1 else "",
                    None if inline else relative_link(page, where[p.number]))
            for p in split.parts]
    if len(split.parts) > 1:
        plan.add(page, "", parts_map(graph, split, part_href, hidden_note(split),
                                           limits.map_links))
    for part, ref in zip(split.parts, refs, strict=True):
        diagram = part_diagram(graph, split, part, href(where[part.number]), limits)
        if len(split.parts) == 1:
            diagram = replace(diagram, notes=diagram.notes + hidden_note(split))
        plan.add(where[part.number], ref.key, diagram, wide=diagram.detail == "names")
    lone = [LinkRef(key[1], facts.link(page, key)) for key in split.lone[:LONE_LISTED]]
    plan.schema_parts[page] = SchemaParts(refs, inline, lone, len(split.lone))
    if inline:
        return
    pages = plan.part_pages.setdefault(schema, [])
    for index, (part, ref) in enumerate(zip(split.parts, refs, strict=True)):
        path = where[ref.number]
        before, after = (_near(path, refs[i], where) if 0 <= i < len(refs) else None
                         for i in (index - 1, index + 1))
        pages.append(PartPage(path, schema, ref, len(refs), len(part.externals),
                              f"{facts.schema_link(path, schema)}#diagram", before, after))


def _near(source: str, ref: PartRef, where: dict[int, str]) -> LinkRef:
    """A link from page `source` to the page of another part."""
    return LinkRef(f"Part {ref.number}: {ref.label}", relative_link(source, where[ref.number]))


def _view(facts: SiteFacts, key: TableKey) -> View | None:
    schema = facts.snapshot.schemas.get(key[0])
    if schema is None:
        return None
    return schema.views.get(key[1]) or schema.materialized_views.get(key[1])


def _reads(facts: SiteFacts, key: TableKey) -> list[LineageSource]:
    """The relations a view or materialized view reads, with the columns (none for a
    table: lineage stops there)."""
    view = _view(facts, key)
    found: dict[TableKey, tuple[str, list[str]]] = {}
    for dep in view.depends_on if view is not None else []:
        if group_of(dep.kind) == "relation":
            entry = found.setdefault((dep.schema, dep.name), (dep.kind, []))
            if dep.column is not None:
                entry[1].append(dep.column)
    return [LineageSource(k, kind, tuple(columns)) for k, (kind, columns) in found.items()]


def _readers(facts: SiteFacts, key: TableKey) -> list[LineageSource]:
    """The views and materialized views built on a relation."""
    return [LineageSource((use.schema, use.name), use.kind, tuple(sorted(use.columns)))
            for use in facts.usage.of("relation", *key)
            if use.kind in ("view", "materialized_view")]


class PageBlocks(Mapping[str, str]):
    """One page's diagram blocks by key (Markdown), each made when the page is
    rendered, in the process that renders it: at 10,000 tables, embedding the SVGs is
    a second's work that forked workers share (`runtime.forked`)."""

    def __init__(self, names: dict[str, list[str]], block: Callable[[str], str]) -> None:
        self._names = names  # key -> the names of its diagrams, in order
        self._block = block
        self._made: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        if key not in self._made:
            self._made[key] = "\n\n".join(self._block(name).strip("\n")
                                           for name in self._names[key])
        return self._made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def draw_diagrams(plan: DiagramPlan, engine: str, cache_dir: Path,
                  env: jinja2.Environment | None = None,
                  processes: int = 1) -> tuple[PageDiagrams, int]:
    """The Markdown of each page's diagrams, and how many SVGs `dot` rendered (not
    cached); `env`: the build's environment (`env.make_environment`), for the DOT,
    written by `processes` processes."""
    if not plan.diagrams:
        return {}, 0
    env = env or make_environment()
    template = env.get_template("diagram.md.j2")
    names = {d.name: d for d in plan.diagrams}
    wide = {name: w for places in plan.places.values() for _, name, w in places}
    if engine == "mermaid":
        def block(name: str) -> str:
            return template.render(mermaid=mermaid_fence(names[name]), svg=None,
                                   notes=names[name].notes, wide=wide[name])

        rendered = 0
    else:
        svgs = draw_svgs(plan.diagrams, cache_dir, env=env, processes=processes)
        rendered = len(svgs.rendered)

        def block(name: str) -> str:
            # A diagram with nothing to draw (a big schema without foreign keys) is its
            # note alone; the others carry their notes as a caption under the picture.
            diagram = names[name]
            return template.render(mermaid=None, svg=svgs[name] if diagram.nodes else None,
                                   notes=diagram.notes, wide=wide[name])

    pages: PageDiagrams = {}
    for page, places in plan.places.items():
        keys: dict[str, list[str]] = {}
        for key, name, _ in places:
            keys.setdefault(key, []).append(name)
        pages[page] = PageBlocks(keys, block)
    return pages, rendered
