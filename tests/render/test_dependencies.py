"""Dependencies on the pages: "Reads from" on views, "Used by" on tables, a function's
reads, writes and triggers, a type's columns, a sequence's owning column; links that
land on their section; long lists summarised, never cut silently."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.commands.build import site_facts
from generator.config import Config
from generator.model import Dependency, Snapshot, View
from generator.render import make_environment, render_site
from tests.factories import columns, seed_snapshot
from tests.render.site_check import internal_links, mkdocs_build, project_with


def _pages(snapshot: Snapshot) -> dict[str, str]:
    return dict(render_site(make_environment(), site_facts(snapshot, Config())))


def test_view_page_lists_what_it_reads_and_table_page_what_reads_it() -> None:
    pages = _pages(seed_snapshot(dependencies=True))
    view = pages["marketing/active_companies.md"]
    assert ("| [marketing.company_master](company_master.md) | table | company_name, "
            "company_unique_id, is_active | recorded by PostgreSQL |") in view
    table = pages["marketing/company_master.md"]
    used_by = table.split("## Used by", 1)[1]
    assert "[marketing.active_companies](active_companies.md) | view |" in used_by
    assert "[marketing.company_counts](company_counts.md) | materialized view | industry" \
        in used_by
    # the columns the views read are marked, and the mark leads to the list
    assert "| 4 | is_active | `boolean` | NOT NULL |  |  [read&nbsp;by&nbsp;1](#used-by) |" in table
    assert "| 5 | created_at | `timestamp with time zone` | NOT NULL |  |  |" in table


def test_function_section_lists_reads_writes_and_the_triggers_that_call_it() -> None:
    pages = _pages(seed_snapshot(dependencies=True))
    schema = pages["marketing.md"]
    section = schema.split("### log_slot_event()", 1)[1].split("??? note", 1)[0]
    assert ("- **Reads**: [marketing.company_slots](marketing/company_slots.md) (slot_id) "
            "*found in the function body*") in section
    assert "- **Writes**: [marketing.pipeline_events](marketing/pipeline_events.md) " \
        "(event_type, slot_id)" in section
    assert ("- **Called by 1 trigger**, on: "
            "[marketing.company_slots](marketing/company_slots.md) (company_slots_log)") in section
    public = pages["public.md"]
    assert ("- **Called by 2 triggers**, on: [marketing.company_master](marketing/company_"
            "master.md) (company_master_touch), [marketing.people_master](marketing/people_"
            "master.md) (people_master_touch)") in public
    # each trigger row links to its function's section
    slots = pages["marketing/company_slots.md"]
    anchor = re.search(r"\| company_slots_log \| \[marketing\.log_slot_event\(\)\]"
                       r"\(\.\./marketing\.md#(fn-[a-z0-9_-]+)\)", slots)
    assert anchor is not None
    assert f"### log_slot_event() {{ #{anchor.group(1)} }}" in schema


def test_types_list_their_columns_and_sequences_link_their_column() -> None:
    schema = _pages(seed_snapshot(dependencies=True))["marketing.md"]
    enum = schema.split("### slot_type", 1)[1].split("Values, in declared order", 1)[0]
    assert "[marketing.company_slots](marketing/company_slots.md) (column slot_type)" in enum
    assert "[marketing.pipeline_events.event_id](marketing/pipeline_events.md)" in schema


def test_a_long_used_by_list_is_summarised_with_a_count() -> None:
    seed = seed_snapshot(dependencies=True)
    marketing = seed.schemas["marketing"]
    views = {f"v_{i:03}": View(oid=10_000 + i, owner="app", definition=" SELECT 1;",
                               columns=columns(("x", "text")),
                               depends_on=[Dependency("table", "marketing", "company_master",
                                                      "company_name")])
             for i in range(250)}
    snapshot = replace(seed, schemas={**seed.schemas, "marketing": replace(
        marketing, views={**marketing.views, **views})})
    page = _pages(snapshot)["marketing/company_master.md"]
    used_by = page.split("## Used by", 1)[1]
    assert used_by.count("| view |") == 100
    assert "… and 152 more objects (252 in all" in used_by
    assert ("| 2 | company_name | `text` | NOT NULL |  |  [read&nbsp;by&nbsp;251](#used-by) |"
            in page)


def test_dependency_links_land_on_their_section_in_the_built_site(tmp_path: Path) -> None:
    project, _ = project_with(tmp_path, seed_snapshot(dependencies=True))
    mkdocs_build(project)
    site = project / "site"
    checked = 0
    for page in sorted(site.rglob("*.html")):
        for link in internal_links(page):
            parts = urlsplit(link)
            if not parts.fragment.startswith(("fn-", "type-")):
                continue
            target = (page.parent / unquote(parts.path)) if parts.path else page
            target = target / "index.html" if target.is_dir() else target
            assert f'id="{parts.fragment}"' in target.read_text("utf-8"), (page, link)
            checked += 1
    assert checked >= 6


def test_view_page_draws_its_lineage_with_dashed_dependency_edges(tmp_path: Path) -> None:
    seed = seed_snapshot(dependencies=True)
    marketing = seed.schemas["marketing"]
    on_top = View(oid=20_000, owner="app", definition=" SELECT company_name FROM x;",
                  columns=columns(("company_name", "text")),
                  depends_on=[Dependency("view", "marketing", "active_companies",
                                         "company_name")])
    snapshot = replace(seed, schemas={**seed.schemas, "marketing": replace(
        marketing, views={**marketing.views, "v_on_top": on_top})})
    project, _ = project_with(tmp_path, snapshot)
    pages = project / "site_src" / "reference" / "marketing"
    top = pages.joinpath("v_on_top.md").read_text("utf-8").split("## Columns", 1)[0]
    assert "## Lineage" in top
    # two levels up: the view it reads, and the table that view reads
    assert ">marketing.active_companies</text>" in top
    assert ">marketing.company_master</text>" in top
    assert 'class="edge sd&#45;edge sd&#45;dependency"' in top
    assert 'stroke-dasharray="5,2"' in top
    middle = pages.joinpath("active_companies.md").read_text("utf-8").split("## Columns")[0]
    assert ">marketing.v_on_top</text>" in middle and ">marketing.company_master</text>" in middle


def test_table_neighbourhood_draws_the_views_built_on_it(tmp_path: Path) -> None:
    """The dependency layer: views as named boxes with dashed arrows from the table."""
    project, _ = project_with(tmp_path, seed_snapshot(dependencies=True))
    page = (project / "site_src" / "reference" / "marketing" / "company_master.md"
            ).read_text("utf-8").split("## Columns", 1)[0]
    assert ">active_companies</text>" in page and ">company_counts</text>" in page
    assert page.count('class="edge sd&#45;edge sd&#45;dependency"') == 2
