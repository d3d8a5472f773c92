"""One `render_<page>()` per page kind, and `render_site()` over a whole snapshot.

Each function takes view data's inputs and returns Markdown; none writes a file
(`writer.write_tree` is the only function that does). Templates are
`templates/<page>.md.j2`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial

import jinja2

from generator.model import Table, View
from generator.render.crumbs import overview_crumbs, relation_crumbs, schema_crumbs
from generator.render.diagrams import DiagramPlan, PageDiagrams, PartPage, SchemaParts
from generator.render.facts import SiteFacts, TableKey
from generator.render.overview import overview_page
from generator.render.paths import OVERVIEW
from generator.render.schemas import function_list_page, schema_page, table_list_page
from generator.render.views import table_page, view_page
from generator.runtime.forked import ordered_map

__all__ = [
    "page_count",
    "render_diagram_part",
    "render_function_list",
    "render_overview",
    "render_schema",
    "render_site",
    "render_table",
    "render_table_list",
    "render_view",
    "run_tasks",
    "site_tasks",
]

PageHook = Callable[[str], None]


def render_overview(env: jinja2.Environment, facts: SiteFacts,
                    diagrams: Mapping[str, str] | None = None) -> str:
    """The overview page: the seed's schema reference, computed."""
    return env.get_template("overview.md.j2").render(
        page=overview_page(facts), diagrams=diagrams or {}, crumbs=overview_crumbs(facts))


def render_schema(env: jinja2.Environment, facts: SiteFacts, schema: str,
                  diagrams: Mapping[str, str] | None = None,
                  parts: SchemaParts | None = None) -> str:
    """One schema's page; `parts`: its diagram's parts, when it is split."""
    page = schema_page(facts, schema)
    return env.get_template("schema.md.j2").render(
        page=page, diagrams=diagrams or {}, parts=parts,
        crumbs=schema_crumbs(facts, page.path, schema))


def render_diagram_part(env: jinja2.Environment, facts: SiteFacts, part: PartPage,
                        diagrams: Mapping[str, str] | None = None) -> str:
    """A page showing one part of a schema's diagram."""
    here = f"diagram, part {part.part.number}"
    return env.get_template("diagram_part.md.j2").render(
        page=part, diagrams=diagrams or {},
        crumbs=schema_crumbs(facts, part.path, part.schema, here))


def render_table_list(env: jinja2.Environment, facts: SiteFacts, schema: str, part: int) -> str:
    """Part 2, 3, ... of a schema's table list (part 1 is on the schema page)."""
    page = table_list_page(facts, schema, part)
    here = f"tables {page.table_list.first:,}–{page.table_list.last:,}"
    return env.get_template("tables.md.j2").render(
        page=page, crumbs=schema_crumbs(facts, page.path, schema, here))


def render_function_list(env: jinja2.Environment, facts: SiteFacts, schema: str,
                         part: int) -> str:
    """Page `part` of a schema's function sections (a schema with many functions)."""
    page = function_list_page(facts, schema, part)
    here = f"functions {page.first:,}–{page.last:,}"
    return env.get_template("functions.md.j2").render(
        page=page, crumbs=schema_crumbs(facts, page.path, schema, here))


def render_table(env: jinja2.Environment, facts: SiteFacts, key: TableKey, table: Table,
                 diagrams: Mapping[str, str] | None = None) -> str:
    """One table's page."""
    page = table_page(facts, key, table)
    return env.get_template("table.md.j2").render(
        page=page, diagrams=diagrams or {}, crumbs=relation_crumbs(facts, page.path, *key))


def render_view(env: jinja2.Environment, facts: SiteFacts, key: TableKey, view: View,
                materialized: bool, diagrams: Mapping[str, str] | None = None) -> str:
    """One view's or materialized view's page (its diagram: its lineage)."""
    page = view_page(facts, key, view, materialized)
    return env.get_template("view.md.j2").render(
        page=page, diagrams=diagrams or {}, crumbs=relation_crumbs(facts, page.path, *key))


def page_count(facts: SiteFacts) -> int:
    """How many pages `render_site` yields (for a progress bar)."""
    return len(facts.paths.all_pages())


PageTask = tuple[str, Callable[[], str]]


def site_tasks(env: jinja2.Environment, facts: SiteFacts,
               diagrams: PageDiagrams | None = None,
               plan: DiagramPlan | None = None) -> list[PageTask]:
    """Every page as (path under the generated folder, what renders its Markdown), in
    the order `render_site` yields them.

    `diagrams`: each page's diagram Markdown (`diagrams.draw_diagrams`), if any; `plan`
    the diagrams' plan, for the parts of split schemas (and their pages).
    """
    drawn = diagrams or {}
    plan = plan or DiagramPlan()
    tasks: list[PageTask] = [
        (OVERVIEW, partial(render_overview, env, facts, drawn.get(OVERVIEW)))]
    for name, schema in sorted(facts.snapshot.schemas.items()):
        path = facts.paths.schema(name)
        tasks.append((path, partial(render_schema, env, facts, name, drawn.get(path),
                                    plan.schema_parts.get(path))))
        tasks += [(part_page.path, partial(render_diagram_part, env, facts, part_page,
                                           drawn.get(part_page.path)))
                  for part_page in plan.part_pages.get(name, ())]
        tasks += [(facts.paths.table_list(name, part),
                   partial(render_table_list, env, facts, name, part))
                  for part in range(2, facts.paths.table_list_parts(name) + 1)]
        tasks += [(facts.paths.function_list(name, part),
                   partial(render_function_list, env, facts, name, part))
                  for part in range(1, facts.paths.function_list_parts(name) + 1)]
        relations: list[tuple[str, Table | View, bool | None]] = [
            *((t, table, None) for t, table in schema.tables.items()),
            *((v, view, False) for v, view in schema.views.items()),
            *((v, view, True) for v, view in schema.materialized_views.items()),
        ]
        for rel_name, obj, materialized in sorted(relations, key=lambda r: r[0]):
            rel_path = facts.paths.relation(name, rel_name)
            assert rel_path is not None
            if isinstance(obj, Table):
                tasks.append((rel_path, partial(render_table, env, facts, (name, rel_name),
                                                obj, drawn.get(rel_path))))
            else:
                tasks.append((rel_path, partial(render_view, env, facts, (name, rel_name),
                                                obj, bool(materialized), drawn.get(rel_path))))
    return tasks


def render_site(env: jinja2.Environment, facts: SiteFacts,
                on_page: PageHook | None = None,
                diagrams: PageDiagrams | None = None,
                plan: DiagramPlan | None = None) -> Iterator[tuple[str, str]]:
    """Every page as (path under the generated folder, Markdown), one at a time (see
    `site_tasks`), in this process (`ReferencePages` shares them out to workers).

    A generator, so that 10,000 pages are written as they are rendered rather than
    held in memory together.
    """
    yield from run_tasks(site_tasks(env, facts, diagrams, plan), on_page)


def run_tasks(tasks: Sequence[PageTask], on_page: PageHook | None = None,
              processes: int = 1) -> Iterator[tuple[str, str]]:
    """(path, Markdown) of each task, in order, by `processes` processes."""
    done = on_page or (lambda path: None)
    texts = ordered_map([render for _, render in tasks], processes)
    try:
        for (path, _), text in zip(tasks, texts, strict=True):
            yield path, text
            done(path)
    finally:  # stopped early: the workers are stopped now, not when collected
        texts.close()
