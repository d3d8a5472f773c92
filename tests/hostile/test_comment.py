"""The pull-request comment (`schemadoc diff --format markdown --lint`) of a change to
the hostile database: rendered as CommonMark with raw HTML allowed (stricter than
GitHub, which also sanitises), no name becomes markup; names read as written; the
Mermaid diagram's labels hold no character Mermaid or Markdown would read as markup.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from click.testing import CliRunner
from markdown_it import MarkdownIt

from generator.cli import cli
from generator.names.identifiers import qualified
from generator.snapshot import write_snapshot
from tests.helpers import run_sql, snapshot_of
from tests.hostile.conftest import HOSTILE_SCHEMA, HOSTILE_TABLE, injected, load_hostile

CHANGE = """
set search_path = "</title><svg onload=alert(7)>";
alter table "</title><script>alert(9)</script>" drop column "<img src=x onerror=alert(3)>" cascade;
alter table "</title><script>alert(9)</script>"
    alter column "it's ""quoted"" & <b>bold</b>" type integer using null;
comment on table "<details open ontoggle=alert(13)>" is '<script>alert(48)</script> changed';
alter table "x.y ""dotted"" and spaced" rename to "<img src=x onerror=alert(46)>";
alter type "<svg onload=alert(18)>" add value '<svg onload=alert(47)>';
drop index "]]><script>alert(16)</script>";
drop table spoof.U&"rlo\\202Esredro" cascade;
create table "`**bold**` <i>new</i>" (
    id integer primary key,
    "<script>ref</script>" integer references "<details open ontoggle=alert(13)>" (id)
);
"""


def _comment(db: str, tmp_path: Path) -> str:
    load_hostile(db)
    write_snapshot(tmp_path / "old.json", snapshot_of(db))
    run_sql(db, CHANGE)
    write_snapshot(tmp_path / "new.json", snapshot_of(db))
    result = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.json"),
                                      str(tmp_path / "new.json"), "--format", "markdown",
                                      "--lint"])
    assert result.exit_code == 0, result.output
    return result.output


def test_comment_renders_names_as_text(db: str, tmp_path: Path) -> None:
    """Rendered, the comment holds no payload as markup, and shows the changed objects'
    exact names as text: the dropped column, the renamed table, the new enum value."""
    comment = _comment(db, tmp_path)
    rendered = MarkdownIt("commonmark").enable("table").render(comment)
    found = injected(rendered)
    # The comment's own bold section titles (`<summary><b>schema</b>`) are the only <b>.
    assert found.count("<b []>") == comment.count("<summary><b>") > 0
    assert [f for f in found if f != "<b []>"] == []
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert f"{qualified(HOSTILE_SCHEMA, HOSTILE_TABLE)}.columns.\"<img src=x onerror=alert(3)>\"" \
        in text
    assert "<img src=x onerror=alert(46)>" in text
    assert "<svg onload=alert(47)>" in text
    # A name with a right-to-left override: shown with its escape, never raw.
    assert 'spoof."rlo\\u202esredro"' in text
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", comment)
    # The new table's foreign key has no index: a lint finding the change introduces.
    assert "fk-without-index" in text and "`**bold**` <i>new</i>" in text


def test_comment_diagram_labels_are_plain_text(db: str, tmp_path: Path) -> None:
    """Each entity of the Mermaid diagram is a generated identifier labelled with the
    table's name, markup characters written as Mermaid entity codes."""
    comment = _comment(db, tmp_path)
    diagram = comment.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    labels = re.findall(r'"([^"\n]*)"', diagram)
    assert labels
    for label in labels:
        assert not re.search(r"[<>`&]", label), label
    entities = re.findall(r'^    (\w+)\["([^"]*)"\] \{$', diagram, re.M)
    codes = {"#lt;": "<", "#gt;": ">", "#96;": "`", "#quot;": '"', "#92;": "\\",
             "#amp;": "&", "#35;": "#"}
    shown = {re.sub("|".join(codes), lambda m: codes[m.group(0)], label)
             for _, label in entities}
    assert qualified(HOSTILE_SCHEMA, HOSTILE_TABLE) in shown
    assert qualified(HOSTILE_SCHEMA, "`**bold**` <i>new</i>") in shown
