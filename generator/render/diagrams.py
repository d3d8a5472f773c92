"""The diagrams of a site: which page shows which diagram, drawn once for the whole build.

`plan_diagrams` picks, from the facts and the `diagrams:` settings, each table page's
neighbourhood, each view page's lineage (what it reads, what is built on it), each
schema page's schema diagram(s), the overview's schema map and one
diagram per configured flow (virtual relations drawn dashed). `draw_diagrams` turns
them all into Markdown blocks in one `draw_svgs` call (parallel, cached by DOT hash),
or into Mermaid fences, before any page is written: so a missing `dot` stops the build
with nothing half written. Pages look their blocks up by page path (`PageDiagrams`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
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
    embed_svg,
    flow,
    lineage,
    mermaid_fence,
    neighbourhood,
    overview,
    page_href,
    schema_diagrams,
    table_href,
)
from generator.model import View
from generator.model.usage import group_of
from generator.render.env import make_environment
from generator.render.facts import SiteFacts, TableKey
from generator.render.paths import OVERVIEW

__all__ = ["DiagramPlan", "PageDiagrams", "draw_diagrams", "plan_diagrams",
           "use_directory_urls"]

# A schema page holds its table list (up to 150 rows), functions and types besides its
# diagram, and must stay under ~150 kB of HTML: so schema pictures show key columns
# only up to 12 tables (Pagila's 22 tables with keys take 82 kB), names only up to 40
# (about 0.8 kB a table), and past that one picture per connected group.
SITE_KEYS_TABLES = 12
SITE_NAMES_TABLES = 40
# Past SITE_NAMES_TABLES a schema page shows its largest connected groups: two of them
# keep the page (with its 150-table list) under about 150 KB of HTML.
SITE_MAX_GROUPS = 2
# The overview's schema map: its strongest links between schemas, and with more schemas
# than this only those they join. A schema box is about 1 kB of SVG, an arrow 0.5 kB:
# the map stays under about 50 kB however many keys cross schemas.
SITE_MAP_LINKS = 30
SITE_MAP_SCHEMAS = 40

# Page path -> diagram key ("" the page's main diagrams, "flow:<name>" a flow) -> Markdown.
PageDiagrams = dict[str, dict[str, str]]


@dataclass
class DiagramPlan:
    """Each diagram once, and where it goes: page -> [(key, diagram name, wide)]."""

    diagrams: list[Diagram] = field(default_factory=list)
    places: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)

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


def draw_diagrams(plan: DiagramPlan, engine: str, cache_dir: Path,
                  env: jinja2.Environment | None = None) -> tuple[PageDiagrams, int]:
    """The Markdown of each page's diagrams, and how many SVGs `dot` rendered (not
    cached); `env`: the build's environment (`env.make_environment`), for the DOT."""
    if not plan.diagrams:
        return {}, 0
    names = {d.name: d for d in plan.diagrams}
    wide = {name: w for places in plan.places.values() for _, name, w in places}
    if engine == "mermaid":
        blocks = {name: mermaid_fence(d) + _notes(d) for name, d in names.items()}
        rendered = 0
    else:
        svgs = draw_svgs(plan.diagrams, cache_dir, env=env or make_environment())
        rendered = len(svgs.rendered)
        # A diagram with nothing to draw (a big schema without foreign keys) is its
        # note alone; the others carry their notes as a caption under the picture.
        blocks = {name: embed_svg(svgs[name], html.escape(" ".join(d.notes)) or None,
                                  wide[name]) if d.nodes else _notes(d)
                  for name, d in names.items()}
    pages: PageDiagrams = {}
    for page, places in plan.places.items():
        found = pages.setdefault(page, {})
        for key, name, _ in places:
            text = blocks[name].strip("\n")
            found[key] = f"{found[key]}\n\n{text}" if key in found else text
    return pages, rendered


def _notes(diagram: Diagram) -> str:
    return f"\n{html.escape(' '.join(diagram.notes))}\n" if diagram.notes else ""
