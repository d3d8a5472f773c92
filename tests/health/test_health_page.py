"""The site's Health page: comment coverage and lint findings of a real database, per
schema and severity, linked to the table pages and escaped."""

from __future__ import annotations

from collections.abc import Callable

import markdown  # type: ignore[import-untyped]
import pytest

from generator.config import Config
from generator.lint import lint_snapshot
from generator.lint.engine import LintResult
from generator.model import Snapshot
from generator.render.health import render_health, split_fix
from generator.render.paths import SitePaths, relative_link
from tests.helpers import as_typed, run_sql, snapshot_of

HOSTILE_SCHEMA = "we|ird"
HOSTILE_TABLE = "t`ab]<b>x"

# shop: 1 of 2 tables and 1 of 4 columns commented; "we|ird": nothing commented.
SETUP = f"""
create schema shop;
create table shop.customers (customer_id bigint primary key, email text);
comment on table shop.customers is 'People who buy';
comment on column shop.customers.customer_id is 'The key';
create table shop.events (customer_id bigint references shop.customers, payload text);
create schema "{HOSTILE_SCHEMA}";
create table "{HOSTILE_SCHEMA}"."{HOSTILE_TABLE.replace('"', '""')}" (id int primary key);
"""


def site_link(snapshot: Snapshot, page: str = "health.md") -> Callable[[str, str], str | None]:
    """The link from the Health page to a table's page, as build() makes it."""
    paths = SitePaths(snapshot)

    def link(schema: str, table: str) -> str | None:
        target = paths.relation(schema, table)
        return relative_link(page, target) if target else None

    return link


@pytest.fixture
def linted(db: str) -> tuple[LintResult, Snapshot]:
    """The lint result and snapshot of a database with a few problems."""
    run_sql(db, SETUP)
    snapshot = snapshot_of(db)
    return lint_snapshot(snapshot, Config()), snapshot


def html_of(page: str) -> str:
    """The page as the site's Markdown extensions turn it into HTML."""
    html: str = markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html",
                                                    "toc", "pymdownx.superfences"])
    return html


def test_summary_and_coverage(linted: tuple[LintResult, Snapshot]) -> None:
    """The top says how many findings of each severity and the overall comment coverage;
    the coverage table has one sortable row per schema."""
    result, snapshot = linted
    page = render_health(result, snapshot, site_link(snapshot))
    counts = result.counts()
    assert page.startswith("# Schema health\n")
    # the database is the database, never confused with a schema of its name
    assert (f"**{len(result.findings)} findings** in the database: "
            f"{counts['error']} error") in page
    assert f"- **Scope**: every schema of the database {snapshot.database.name} (" in page
    # 1 of 3 tables, 1 of 5 columns described over every schema.
    assert "tables 33.3% (1 of 3), columns 20% (1 of 5) described" in page
    assert ("| shop | 2 | 1 | <span data-sort=\"50.0\">50%</span> | 4 | 1 | "
            "<span data-sort=\"25.0\">25%</span> |") in page
    assert ("| we\\|ird | 1 | 0 | <span data-sort=\"0.0\">0%</span> | 1 | 0 | "
            "<span data-sort=\"0.0\">0%</span> |") in page
    assert "<td>we|ird</td>" in html_of(page)  # the pipe does not split the row


def test_findings_grouped_by_schema_and_severity(linted: tuple[LintResult, Snapshot]) -> None:
    """Each schema has its heading, then errors before warnings before info, each finding
    with its rule, linked object, message, reason and fix (SQL in a code block)."""
    result, snapshot = linted
    page = render_health(result, snapshot, site_link(snapshot))
    shop = page.index("### shop\n")
    weird = page.index("### we\\|ird\n")
    assert shop < weird
    section = page[shop:weird]
    assert (section.index("#### ⛔ Errors (1)") < section.index("#### ⚠️ Warnings (1)")
            < section.index("#### ℹ️ Info ("))
    assert "- `no-index` [`shop.events`](shop/events.md): table has no index at all" in section
    assert "*Why*: Every query on the table reads all of it" in section
    assert ("- `fk-without-index` [`shop.events.events_customer_id_fkey`](shop/events.md)"
            in as_typed(section))
    assert "    ```sql\n    CREATE INDEX ON shop.events (customer_id);\n    ```" in section
    html = html_of(page)
    assert '<a href="shop/events.md"><code>shop.events</code></a>' in html
    block = html.index('<div class="highlight"><pre>')
    assert "CREATE" in html[block:html.index("</pre>", block)]


def test_hostile_names_are_escaped(linted: tuple[LintResult, Snapshot]) -> None:
    """A schema and table named with Markdown and HTML characters show literally, and the
    table's link still works."""
    result, snapshot = linted
    page = render_health(result, snapshot, site_link(snapshot))
    html = html_of(page)
    assert "<b>x" not in html
    target = site_link(snapshot)(HOSTILE_SCHEMA, HOSTILE_TABLE)
    assert target and "<" not in target and "`" not in target
    assert f'<a href="{target}"><code>"we|ird"."t`ab]&lt;b&gt;x"</code></a>' in html
    assert "single-column-table" in html


def test_objects_without_a_page_are_not_linked(linted: tuple[LintResult, Snapshot]) -> None:
    """Where `link` has no page for a table, the object is shown without a link."""
    result, snapshot = linted
    page = render_health(result, snapshot, lambda schema, table: None)
    assert "](" not in page.split("## Findings", 1)[1]
    assert "- `no-index` `shop.events`: table has no index at all" in page


def test_statistics_reset_date_is_shown(linted: tuple[LintResult, Snapshot]) -> None:
    """The unused-index rule counts scans since the statistics reset; the page says since
    when (or that no reset is recorded)."""
    result, snapshot = linted
    page = render_health(result, snapshot, site_link(snapshot))
    reset = snapshot.database.stats_reset
    if reset:
        assert f"scans counted since the statistics reset on {reset}" in page
    else:
        assert "scans counted since the server's statistics began" in page


def test_split_fix() -> None:
    """A fix's SQL is told from the prose around it."""
    assert split_fix("Add a primary key: ALTER TABLE t ADD PRIMARY KEY (id);") == (
        "Add a primary key:", "ALTER TABLE t ADD PRIMARY KEY (id);", "")
    assert split_fix("DROP INDEX i; (after checking replicas)") == (
        "", "DROP INDEX i;", "(after checking replicas)")
    assert split_fix("Rename or drop one of them.") == ("Rename or drop one of them.", None, "")
