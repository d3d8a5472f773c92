"""Names with dots, quotes, blanks and capitals, side by side, on real servers.

The database of the issue: a schema `a.b` holding a table `c` and a schema `a` holding a
table `b.c` (both are `a.b.c` as a dotted string), with a partition, inheritance,
triggers and identity sequences between such names; beside them `bit.t`, `bit."T"`,
`"BIT".t`, `bit."my table"` and `bit."q""t"`. Every reference is (schema, name) in the
snapshot, the site builds, and each foreign key links to exactly its own table's page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.model import ColumnRef, ObjectRef, Snapshot
from generator.render.paths import SitePaths, relative_link
from generator.snapshot import dumps, loads
from tests.helpers import run_sql, snapshot_of
from tests.render.site_check import broken_links, mkdocs_build

DOTTED = """
create schema "a.b";
create schema a;
create table "a.b".c (id int generated always as identity primary key, note text);
create table a."b.c" (id int generated always as identity primary key, note text);
create table a.to_schema_a_b (id int primary key, c_id int references "a.b".c);
create table a.to_table_b_c (id int primary key, c_id int references a."b.c");
-- only "a.b".p is partitioned; a."b.p" is a plain table of the same dotted name
create table "a.b".p (at date not null) partition by range (at);
create table a."b.p" (at date);
create table a.p2024 partition of "a.b".p for values from ('2024-01-01') to ('2025-01-01');
create table a.child (extra text) inherits ("a.b".c);
create function "a.b".touch() returns trigger language plpgsql as $$ begin return new; end $$;
create function a."b.touch"() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger touch_c before update on "a.b".c
    for each row execute function "a.b".touch();
create trigger touch_b_c before update on a."b.c"
    for each row execute function a."b.touch"();
create schema bit;
create schema "BIT";
create table bit.t (id int primary key);
create table bit."T" (id int primary key);
create table "BIT".t (id int primary key);
create table bit."my table" (id int primary key);
create table bit."q""t" (id int primary key);
create table bit.links (
    id int primary key,
    small_t int references bit.t,
    capital_t int references bit."T",
    capital_schema int references "BIT".t,
    blank int references bit."my table",
    quote int references bit."q""t");
"""

# Which table each foreign key must link to: (table, column) -> (schema, table).
TARGETS = {
    (("a", "to_schema_a_b"), "c_id"): ("a.b", "c"),
    (("a", "to_table_b_c"), "c_id"): ("a", "b.c"),
    (("bit", "links"), "small_t"): ("bit", "t"),
    (("bit", "links"), "capital_t"): ("bit", "T"),
    (("bit", "links"), "capital_schema"): ("BIT", "t"),
    (("bit", "links"), "blank"): ("bit", "my table"),
    (("bit", "links"), "quote"): ("bit", 'q"t'),
}

CONFIG = """
tables:
  '"a.b".c': {description: The table c of schema a.b., columns: {note: Note of "a.b".c.}}
  'a."b.c"': {description: The table b.c of schema a., columns: {note: Note of a."b.c".}}
  'bit."T"': Capital T.
  bit.t: Small t.
  BIT.t: In the capital schema.
  'bit."my table"': With a blank.
  'bit."q""t"': With a quote.
flows:
  - name: Both of them
    steps:
      - table: '"a.b".c'
      - table: 'a."b.c"'
        label: then
"""


def _page(site_src: Path, snapshot: Snapshot, schema: str, table: str) -> str:
    path = SitePaths(snapshot).relation(schema, table)
    assert path is not None
    return (site_src / "reference" / path).read_text("utf-8")


def test_references_are_names_in_the_model_and_the_file(db: str) -> None:
    """Partition parent, inherited table, trigger functions, identity columns and foreign
    keys name exactly their object; the file holds them as objects, never `a.b.c`."""
    run_sql(db, DOTTED)
    snap = snapshot_of(db)
    a, ab = snap.schemas["a"], snap.schemas["a.b"]
    assert a.tables["p2024"].partition_of == ObjectRef("a.b", "p")
    assert a.tables["child"].inherits == [ObjectRef("a.b", "c")]
    assert ab.tables["c"].triggers["touch_c"].function == ObjectRef("a.b", "touch")
    assert a.tables["b.c"].triggers["touch_b_c"].function == ObjectRef("a", "b.touch")
    assert ab.sequences["c_id_seq"].owned_by == ColumnRef("a.b", "c", "id")
    assert a.sequences["b.c_id_seq"].owned_by == ColumnRef("a", "b.c", "id")
    for ((schema, table), column), (ref_schema, ref_table) in TARGETS.items():
        (fk,) = [c for c in snap.schemas[schema].tables[table].constraints.values()
                 if c.columns == [column]]
        assert (fk.references.schema, fk.references.table) == (ref_schema, ref_table)
    text = dumps(snap)
    assert loads(text) == snap
    data = json.loads(text)
    assert data["schemas"]["a"]["tables"]["p2024"]["partition_of"] == {
        "schema": "a.b", "name": "p"}
    assert '"a.b.c"' not in text and '"a.b.touch"' not in text


def test_the_site_builds_and_each_key_links_to_its_own_table(db: str, tmp_path: Path) -> None:
    """`schemadoc build` (which stopped with a traceback) writes every page; each foreign
    key, partition and inheritance link leads to its own table; the two tables named
    a.b.c get their own diagrams and descriptions; `mkdocs build --strict` passes."""
    run_sql(db, DOTTED)
    project = tmp_path / "project"
    assert CliRunner().invoke(cli, ["init", str(project)]).exit_code == 0
    (project / "schemadoc.yml").write_text(CONFIG, "utf-8")
    result = CliRunner().invoke(cli, ["build", "--dsn", db, "--site-dir",
                                      str(project / "site_src"), "-q"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    site_src = project / "site_src"
    snap = snapshot_of(db)
    paths = SitePaths(snap)
    for ((schema, table), column), target in TARGETS.items():
        source = paths.relation(schema, table)
        destination = paths.relation(*target)
        assert source is not None and destination is not None
        text = (site_src / "reference" / source).read_text("utf-8")
        (row,) = [line for line in text.splitlines()
                  if re.match(rf"\| \d+ \| {re.escape(column)} \|", line)]
        (link,) = re.findall(r"\]\(([^)]+)\)", row)
        assert link == relative_link(source, destination), (column, row)
    child, parent = paths.relation("a", "child"), paths.relation("a.b", "c")
    assert child is not None and parent is not None
    assert f'["a.b".c]({relative_link(child, parent)})' in _page(site_src, snap, "a", "child")
    partition = _page(site_src, snap, "a", "p2024")
    assert '"a.b".p' in partition
    dotted_schema = _page(site_src, snap, "a.b", "c")
    dotted_table = _page(site_src, snap, "a", "b.c")
    assert "The table c of schema a.b." in dotted_schema
    assert "The table b.c of schema a." not in dotted_schema
    assert "The table b.c of schema a." in dotted_table
    svg_of = [re.search(r"<svg.*?</svg>", page, re.S) for page in (dotted_schema, dotted_table)]
    assert all(svg_of)
    assert svg_of[0] and svg_of[1] and svg_of[0].group(0) != svg_of[1].group(0)
    for page, described in ((_page(site_src, snap, "bit", "T"), "Capital T."),
                            (_page(site_src, snap, "bit", "t"), "Small t."),
                            (_page(site_src, snap, "BIT", "t"), "In the capital schema."),
                            (_page(site_src, snap, "bit", "my table"), "With a blank."),
                            (_page(site_src, snap, "bit", 'q"t'), "With a quote.")):
        assert described in page
    mkdocs_build(project)
    assert broken_links(project / "site") == []


def test_a_name_that_could_be_either_table_stops_the_build_in_one_line(
        db: str, tmp_path: Path) -> None:
    """`a.b.c` in schemadoc.yml: exit 2, one line naming both tables quoted, no page."""
    run_sql(db, DOTTED)
    config = tmp_path / "schemadoc.yml"
    config.write_text("tables:\n  a.b.c: Which one?\n", "utf-8")
    result = CliRunner().invoke(cli, ["build", "--dsn", db, "--site-dir",
                                      str(tmp_path / "site_src"), "--config", str(config),
                                      "-q"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(f'{config}:2: tables."a.b.c": a.b.c could name two tables, '
                             'a."b.c" and "a.b".c; write the one you mean with its quotes')
    assert not (tmp_path / "site_src" / "reference").exists()


@pytest.mark.parametrize("command", ["lint", "diff"])
def test_other_commands_read_the_same_names(db: str, tmp_path: Path, command: str) -> None:
    """lint and diff take the database of dotted names without a traceback."""
    run_sql(db, DOTTED)
    snap = tmp_path / "schema_map.json"
    assert CliRunner().invoke(cli, ["snapshot", "--dsn", db, "-o", str(snap), "-q"]
                              ).exit_code == 0
    args = (["lint", "--snapshot", str(snap), "--format", "json"] if command == "lint"
            else ["diff", str(snap), str(snap), "--format", "json"])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if command == "diff":
        assert json.loads(result.output)["changes"] == []
    else:  # each table's finding names it as only it is named
        objects = {f["object"] for f in json.loads(result.output)["findings"]
                   if f["rule"] == "table-without-comment"}
        assert {'"a.b".c', 'a."b.c"', "bit.t", 'bit."T"', '"BIT".t', 'bit."my table"',
                'bit."q""t"'} <= objects
