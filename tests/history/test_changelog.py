"""The Changelog page: entries newest first with linked, classified changes, and SVG trends."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import markdown

from generator.diff.history import Entry, append_history, read_history
from generator.model import Snapshot
from generator.names.identifiers import qualified
from generator.render.history import render_changelog
from tests.helpers import as_typed
from tests.history.conftest import Snap

SVG = "{http://www.w3.org/2000/svg}"


def build_history(snap: Snap, path: Path, steps: list[str]) -> tuple[list[Entry], Snapshot]:
    """A baseline, then one snapshot per step (each dated a day later), appended to `path`."""
    old = None
    for day, script in enumerate(steps, start=1):
        new = snap(script, f"2026-03-{day:02d}T09:30:00+00:00")
        append_history(path, old, new)
        old = new
    assert old is not None
    return read_history(path), old


def linker(latest: Snapshot) -> Callable[[str, str], str | None]:
    """Links to the pages of the tables and views that exist in the latest snapshot."""

    def link(schema: str, table: str) -> str | None:
        found = latest.schemas.get(schema)
        if found is None or (table not in found.tables and table not in found.views):
            return None
        return f"../{schema}/{table}/"

    return link


def charts(page: str) -> list[ET.Element]:
    """Every chart of the page, parsed as XML (fails if one is not well-formed)."""
    blocks = re.findall(r'<div class="schemadoc-chart" markdown="0">\n(.*?)\n</div>', page,
                        re.S)
    return [ET.fromstring(block) for block in blocks]


STEPS = [
    """create table customer (id int primary key, name text);
       create table legacy (id int primary key);
       create schema sales;
       create table sales.orders (id int primary key, customer_id int);
       insert into customer select g, 'c' from generate_series(1, 1000) g;
       analyze;""",
    """alter table customer add column email text;
       drop table legacy;
       alter table sales.orders enable row level security;
       insert into sales.orders select g, g from generate_series(1, 3000) g;
       analyze;""",
    """create index on customer (email);
       insert into customer select g, 'c' from generate_series(1001, 6000) g;
       analyze;""",
]


def test_changes_are_listed_newest_first_with_links(snap: Snap, tmp_path: Path) -> None:
    """Each entry under its date, newest first; breaking and security changes lead; a change
    links to its table's page, a dropped table has no link."""
    history, latest = build_history(snap, tmp_path / "h.jsonl", STEPS)
    page = render_changelog(history, linker(latest))
    dates = re.findall(r"^## (2026-03-\d\d 09:30 UTC)$", page, re.M)
    assert dates == ["2026-03-03 09:30 UTC", "2026-03-02 09:30 UTC", "2026-03-01 09:30 UTC"]

    second = page.split("## 2026-03-02")[1].split("## 2026-03-01")[0]
    items = [line for line in second.splitlines() if line.startswith("- ")]
    assert items[0].startswith("- 💥 **removed** table `public.legacy`")
    assert "_breaking" in items[0]
    assert "table [`sales.orders`](../sales/orders/)" in items[1]
    assert "_security" in items[1]
    assert ("**added** column [`public.customer.columns.email`](../public/customer/)"
            in as_typed(second))
    assert "💥 1 breaking" in second
    assert "First recorded snapshot" in page.split("## 2026-03-01")[1]
    assert "[`public.customer`](../public/customer/) | 1,000 | 6,000 | +5,000 |" in page


def test_trend_charts_are_svg_with_one_polyline_per_series(snap: Snap, tmp_path: Path) -> None:
    """Rows per schema (public, sales) and the fastest-growing tables (customer, orders):
    well-formed SVG, one polyline per series, drawn in currentColor."""
    history, latest = build_history(snap, tmp_path / "h.jsonl", STEPS)
    page = render_changelog(history, linker(latest))
    per_schema, growth = charts(page)
    for chart in (per_schema, growth):
        assert chart.tag == f"{SVG}svg"
        assert chart.get("fill") == "currentColor"
        for line in chart.iter(f"{SVG}polyline"):
            assert len(line.get("points", "").split()) == 3
    names = {s: [t.text for t in c.iter(f"{SVG}title")][1:] for s, c in
             (("schema", per_schema), ("growth", growth))}
    assert len(list(per_schema.iter(f"{SVG}polyline"))) == 2
    assert names["schema"] == ["public: 6,000", "sales: 3,000"]
    assert len(list(growth.iter(f"{SVG}polyline"))) == 2
    assert names["growth"] == ["public.customer: 6,000", "sales.orders: 3,000"]


def test_charts_survive_the_sites_markdown(snap: Snap, tmp_path: Path) -> None:
    """Through Python-Markdown with the site's md_in_html, each chart stays one intact SVG."""
    history, latest = build_history(snap, tmp_path / "h.jsonl", STEPS)
    page = render_changelog(history, linker(latest))
    html = markdown.markdown(page, extensions=["md_in_html", "tables", "attr_list"])
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 2
    assert [len(list(ET.fromstring(s).iter(f"{SVG}polyline"))) for s in svgs] == [2, 2]


def test_hostile_names_are_escaped(snap: Snap, tmp_path: Path) -> None:
    """A schema and table named like markup read as text in the Markdown and the SVG."""
    hostile_schema, hostile_table = "<b>x&amp;", "t</svg><script>alert(1)</script>"
    steps = [
        f"""create schema "{hostile_schema}";
            create table "{hostile_schema}"."{hostile_table}" (id int);
            insert into "{hostile_schema}"."{hostile_table}" select generate_series(1, 100);
            analyze;""",
        f"""alter table "{hostile_schema}"."{hostile_table}" add column "*[x](y)" text;
            insert into "{hostile_schema}"."{hostile_table}" select generate_series(1, 900);
            analyze;""",
    ]
    history, latest = build_history(snap, tmp_path / "h.jsonl", steps)
    page = render_changelog(history, linker(latest))
    per_schema, growth = charts(page)
    labels = [t.text for t in per_schema.iter(f"{SVG}title")]
    assert f"{hostile_schema}: 1,000" in labels
    growth_labels = [t.text for t in growth.iter(f"{SVG}title")]
    assert f"{qualified(hostile_schema, hostile_table)}: 1,000" in growth_labels
    html = markdown.markdown(page, extensions=["md_in_html", "tables", "attr_list"])
    assert "<script>" not in html and "<b>" not in html
    assert "../%3Cb%3Ex%26amp;/t%3C/svg%3E" in html  # the link target, percent-encoded


def test_empty_and_single_entry_histories_have_no_charts(snap: Snap, tmp_path: Path) -> None:
    """No history: the page says how one starts. One entry: listed, but no trend yet."""
    assert "No history yet" in render_changelog([], lambda s, t: None)
    history, _ = build_history(snap, tmp_path / "h.jsonl", [STEPS[0]])
    page = render_changelog(history, lambda s, t: None)
    assert "First recorded snapshot" in page
    assert "schemadoc-chart" not in page


def test_a_user_template_can_replace_a_block(snap: Snap, tmp_path: Path) -> None:
    """`--templates DIR` applies here too: a changelog.md.j2 extending the built-in one."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "changelog.md.j2").write_text(
        '{% extends "builtin/changelog.md.j2" %}\n{% block title %}\n# Schema history\n'
        "{% endblock %}\n")
    history, _ = build_history(snap, tmp_path / "h.jsonl", STEPS[:2])
    page = render_changelog(history, lambda s, t: None, templates)
    assert page.startswith("# Schema history\n")
    assert "## 2026-03-02 09:30 UTC" in page and "Rows per schema" in page
