"""The search index of a built site: one short entry per table page (the `schemadoc`
MkDocs plugin), full sections for every other page, and no markup from the catalog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.factories import odd_snapshot, seed_snapshot
from tests.render.site_check import mkdocs_build, project_with


def _index(project: Path) -> list[dict[str, Any]]:
    data = json.loads((project / "site" / "search" / "search_index.json").read_text("utf-8"))
    return list(data["docs"])


def _entries(docs: list[dict[str, Any]], page: str) -> list[dict[str, Any]]:
    return [d for d in docs if d["location"].split("#")[0] == page]


def test_a_table_page_is_one_entry_with_its_name_and_columns(tmp_path: Path) -> None:
    """company_master is found by its name and by its columns, in one entry."""
    project, _ = project_with(tmp_path, seed_snapshot())
    mkdocs_build(project)
    docs = _index(project)
    (entry,) = _entries(docs, "reference/marketing/company_master/")
    assert entry["title"] == "marketing.company_master"
    assert entry["text"].startswith("company_master: table in schema marketing.")
    assert "company_unique_id" in entry["text"] and "is_active" in entry["text"]
    # Hand-written and overview pages are still indexed section by section.
    assert len(_entries(docs, "reference/")) > 5


def test_search_entries_hold_text_not_markup(tmp_path: Path) -> None:
    """A comment holding <script> is escaped in the index as on the page."""
    project, _ = project_with(tmp_path, odd_snapshot())
    mkdocs_build(project)
    raw = (project / "site" / "search" / "search_index.json").read_text("utf-8")
    assert "<script>" not in raw
    (entry,) = _entries(_index(project), "reference/bit/t-e632b709/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry["text"]


def test_without_the_plugin_table_pages_are_indexed_in_full(tmp_path: Path) -> None:
    """A mkdocs.yml without `- schemadoc` still finds tables: Material indexes each section."""
    project, _ = project_with(tmp_path, seed_snapshot())
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\n  - schemadoc\n" in text
    config.write_text(text.replace("\n  - schemadoc\n", "\n"), "utf-8")
    mkdocs_build(project)
    sections = _entries(_index(project), "reference/marketing/company_master/")
    assert len(sections) > 2
    assert sections[0]["title"] == "marketing.company_master"
