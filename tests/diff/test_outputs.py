"""The Markdown comment (verdict, order, escaping, diagram, size cap) and the JSON format."""

from __future__ import annotations

import json
import re

from generator.diff import diff
from generator.diff.render_json import render_json
from generator.diff.render_text import render_text
from generator.model import Column, Database, Schema, Snapshot, Table
from generator.render.pr_comment import BUDGET, GITHUB_LIMIT, MARKER, render_markdown
from tests.diff.conftest import Changer

SETUP = """
create schema app;
create table app.company (id int primary key, name text not null);
create table app.person (id int primary key, company_id int references app.company,
                         email text);
create table app.invoice (id int primary key, person_id int references app.person);
create table app.unrelated (id int primary key);
create view app.names as select name from app.company;
"""
CHANGE = """
alter table app.person drop column email;
alter table app.person add column phone text;
comment on table app.company is 'Customers';
alter table app.company enable row level security;
create or replace view app.names as select name from app.company where name <> '';
"""


def test_comment_structure(before_after: Changer, db: str) -> None:
    """Marker, verdict, counts, breaking and security first, one section per schema."""
    from tests.helpers import snapshot_of

    result = before_after(SETUP, CHANGE)
    text = render_markdown(result, snapshot_of(db))
    assert text.startswith(MARKER + "\n")
    assert "💥 **1 breaking, 1 destructive, 1 security** among 5 changes." in text
    assert "| 1 | 1 | 1 | 1 | 1 | 1 |" in text  # one change of each class
    top = text.index("#### 💥 Breaking and 🔒 security changes")
    sections = text.index("#### Changes by schema")
    first = text[top:sections]
    assert "**removed** column <code>app.person.columns.email</code>" in first
    assert "row-level security enabled" in first
    assert "comment added" not in first  # cosmetic: only in the schema section
    assert "<details><summary><b>app</b>: 5 changes:" in text
    # The view's new text comes as a diff block inside the list item.
    block = text.split("```diff\n", 1)[1].split("```", 1)[0]
    assert re.search(r"\n +\+ +WHERE .*name <> ''::text;", block), block


def test_comment_diagram_shows_changed_tables_and_neighbours(before_after: Changer,
                                                            db: str) -> None:
    """The Mermaid ER diagram has the changed tables and their foreign-key neighbours."""
    from tests.helpers import snapshot_of

    result = before_after(SETUP, "alter table app.person add column phone text")
    text = render_markdown(result, snapshot_of(db))
    diagram = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert diagram.startswith("erDiagram")
    assert 'app_person["app.person"] {' in diagram and 'text phone "added"' in diagram
    assert "app_person }o--o| app_company" in diagram
    assert "app_invoice }o--o| app_person" in diagram
    assert "unrelated" not in diagram


def test_comment_escapes_names_and_comments(before_after: Changer) -> None:
    """Pipes, backticks and markup in names and comments render as text."""
    result = before_after("create schema app;", """
        create table app."a|b`<script>alert(1)</script>" (id int);
        comment on schema app is 'x';
    """)
    text = render_markdown(result)
    assert "<script>" not in text
    assert r'<code>app."a\|b\`&lt;script&gt;alert(1)&lt;/script&gt;"</code>' in text


def test_empty_diff_comment(before_after: Changer) -> None:
    """No change: a one-line verdict, no tables or sections."""
    result = before_after(SETUP, "select 1")
    text = render_markdown(result)
    assert "✅ **No schema changes**." in text
    assert "####" not in text


def _big_snapshot(tables: int, column_type: str) -> Snapshot:
    columns = {f"column_{i}": Column(position=i, attnum=i, type=column_type, nullable=True)
               for i in range(1, 6)}
    schema = Schema(oid=16400, owner="app", tables={
        f"table_{n:05d}_{'x' * 40}": Table(oid=20000 + n, kind="table", owner="app",
                                           columns=dict(columns))
        for n in range(tables)})
    db = Database(name="big", host=None, port=None, user="app", server_version="18.0",
                  server_version_num=180000)
    return Snapshot(format_version=1, generated_at="2025-01-01T00:00:00Z", database=db,
                    schemas={"app": schema})


def test_comment_stays_under_githubs_limit() -> None:
    """15,000 changes: the comment stays under 65,536 characters and says it summarised."""
    result = diff(_big_snapshot(3000, "integer"), _big_snapshot(3000, "bigint"))
    assert len(result.changes) == 15000
    text = render_markdown(result)
    assert len(text) <= BUDGET < GITHUB_LIMIT
    assert "summarised: some changes are counted but not listed" in text
    assert "| 0 | 0 | 0 | 0 | 15,000 | 0 |" in text
    assert re.search(r"… and [\d,]+ more not listed", text)


def test_comment_with_thousands_of_schemas_stays_under_the_limit() -> None:
    """4,000 schemas each losing a table: even the per-schema lines are too many, so the
    comment keeps the verdict, the counts and the first breaking changes, and says so."""
    old = _big_snapshot(1, "integer")
    table = next(iter(old.schemas["app"].tables.values()))
    schemas = {f"schema_{n:04d}_{'y' * 50}": Schema(oid=30000 + n, owner="app",
                                                    tables={"t": table})
               for n in range(4000)}
    many = Snapshot(format_version=1, generated_at=old.generated_at, database=old.database,
                    schemas=schemas)
    emptied = Snapshot(format_version=1, generated_at=old.generated_at, database=old.database,
                       schemas={name: Schema(oid=s.oid, owner="app")
                                for name, s in schemas.items()})
    text = render_markdown(diff(many, emptied))
    assert len(text) <= BUDGET
    assert "💥 **4,000 breaking, 4,000 destructive** among 4,000 changes." in text
    assert "summarised" in text
    assert "#### Changes by schema" not in text
    assert text.count("**removed** table") == 50
    assert "… and 3,950 more not listed" in text


def test_small_comment_is_not_summarised(before_after: Changer) -> None:
    """A diff that fits is listed in full, without the note."""
    text = render_markdown(before_after(SETUP, CHANGE))
    assert "summarised" not in text and "more not listed" not in text


def test_json_is_stable_and_complete(before_after: Changer) -> None:
    """The JSON names both sides, counts per class, and is the same text every time."""
    result = before_after(SETUP, CHANGE)
    text = render_json(result)
    assert text == render_json(result)
    data = json.loads(text)
    assert set(data) == {"format", "old", "new", "same_database", "summary", "changes",
                         "volumes", "volume_threshold", "warnings"}
    assert data["summary"] == {"changes": 5, "breaking": 1, "destructive": 1, "security": 1,
                               "additive": 1, "compatible": 1, "cosmetic": 1, "volumes": 0}
    assert [c["path"] for c in data["changes"]] == sorted(c["path"] for c in data["changes"])
    for change in data["changes"]:
        assert set(change) == {"kind", "path", "schema", "relation", "name", "action",
                               "attribute", "classes", "before", "after", "detail", "impact",
                               "caused_by"}


def test_text_is_plain_without_a_terminal(before_after: Changer) -> None:
    """Text output carries ANSI colours only when asked (a TTY)."""
    result = before_after(SETUP, CHANGE)
    assert "\x1b[" not in render_text(result, color=False)
    assert "\x1b[" in render_text(result, color=True)


def test_text_shows_control_and_invisible_characters_as_escapes(before_after: Changer) -> None:
    """Names holding an escape sequence, a carriage return, a right-to-left override or
    a zero-width space print as escapes: a terminal cannot be made to show another
    name; dotted names are quoted so `"a.b".c` and `a."b.c"` read apart."""
    result = before_after("create schema app; create schema \"a.b\"; create schema a;", """
        create table app.U&"esc \\001B[31mred\\001B[0m" (id int);
        create table app.U&"tmp\\000Dorders" (id int);
        create table app.U&"rlo\\202Esredro" (id int);
        create table app.U&"ord\\200Bers" (id int);
        create table "a.b".c (id int);
        create table a."b.c" (id int);
    """)
    text = render_text(result, color=False)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u200b\u202e]", text), repr(text)
    for shown in ('app."esc \\x1b[31mred\\x1b[0m"', 'app."tmp\\rorders"',
                  'app."rlo\\u202esredro"', 'app."ord\\u200bers"', '"a.b".c', 'a."b.c"'):
        assert f"table {shown}" in text, (shown, text)
