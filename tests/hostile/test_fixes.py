"""Lint fixes on hostile names: each fix's SQL, run on the real database, changes the
table its finding is about and no other; printed on a terminal or the Health page, it
cannot pass for another name.

Runs on each test server, inside transactions that are rolled back.
"""

from __future__ import annotations

import html
import re
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config import parse_config
from generator.lint import lint_snapshot
from generator.lint.engine import Finding
from generator.names.sql import hidden
from generator.render.health import split_fix
from tests.helpers import Server, snapshot_of
from tests.hostile.conftest import HOSTILE_SCHEMA, HostileSite, injected

# Per table: what any fix could change (comment, row-level security, indexes, columns).
TABLE_STATE = """
select n.nspname, c.relname, jsonb_build_object(
         'comment', obj_description(c.oid, 'pg_class'),
         'rls', c.relrowsecurity,
         'indexes', (select jsonb_agg(i.indexrelid order by i.indexrelid)
                       from pg_index i where i.indrelid = c.oid),
         'columns', (select jsonb_agg(jsonb_build_array(
                               a.attname, format_type(a.atttypid, a.atttypmod),
                               pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum))
                             order by a.attnum)
                       from pg_attribute a
                       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                      where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped))::text
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p')
   and n.nspname not in ('pg_catalog', 'information_schema')
   and n.nspname not like 'pg_toast%'
"""
RULES_WITH_SQL = {"fk-without-index", "duplicate-index", "unused-index", "fk-type-mismatch",
                  "table-without-comment", "column-without-comment", "text-null-default",
                  "policy-rls-disabled"}


def _state(conn: psycopg.Connection[Any]) -> dict[tuple[str, str], str]:
    return {(schema, name): state for schema, name, state in conn.execute(TABLE_STATE)}


def _fixes(dsn: str) -> list[tuple[Finding, str]]:
    """Every finding whose fix holds SQL, with that SQL (as the Health page cuts it)."""
    every_rule = parse_config("lint:\n  rules:\n    unused-index: {min_stats_days: 0}\n")
    result = lint_snapshot(snapshot_of(dsn), every_rule)
    found = [(f, split_fix(f.fix)[1]) for f in result.findings]
    return [(f, sql) for f, sql in found if sql]


def test_each_fix_changes_exactly_its_table(hostile_db: tuple[Server, str]) -> None:
    """Run each fix (comments get a text): the finding's table changes, no other does.
    Names with quotes, backslashes, a carriage return, markup, dots and keywords."""
    _, dsn = hostile_db
    fixes = _fixes(dsn)
    assert {f.rule for f, _ in fixes} == RULES_WITH_SQL
    hostile_tables = {f.table for f, _ in fixes if f.schema == HOSTILE_SCHEMA}
    assert {"tmp\rorders", "orders", "user", 'policy "off" \\ <i>here</i>'} <= hostile_tables
    with psycopg.connect(dsn) as conn:
        before = _state(conn)
        conn.rollback()
        for finding, sql in fixes:
            conn.execute(sql.replace("'...'", "'fixed'").encode())
            after = _state(conn)
            conn.rollback()
            changed = {key for key in before if before[key] != after.get(key)}
            assert changed == {(finding.schema, finding.table)}, (finding.rule, sql)


def test_fixes_show_every_character_of_a_name(hostile_db: tuple[Server, str]) -> None:
    """A name holding a carriage return is written U&"tmp\\000Dorders": the fix has no
    character a terminal would act on or a reader could not see."""
    _, dsn = hostile_db
    fixes = _fixes(dsn)
    for _, sql in fixes:
        assert not any(hidden(char) for char in sql), sql
    assert any('U&"tmp\\000Dorders_idx"' in sql for _, sql in fixes)
    assert any('."user" ("select")' in sql for _, sql in fixes)  # keywords are quoted


def test_lint_text_shows_hidden_characters(hostile_db: tuple[Server, str]) -> None:
    """`schemadoc lint` prints a name's carriage return as \\r, never as itself."""
    _, dsn = hostile_db
    result = CliRunner().invoke(cli, ["lint", "--dsn", dsn])
    assert result.exit_code == 0, result.output  # warnings and infos only
    assert "\r" not in result.output and "\x1b" not in result.output
    assert "index tmp\\rorders_idx duplicates orders_pkey" in result.output
    assert 'fix: DROP INDEX "</title><svg onload=alert(7)>".U&"tmp\\000Dorders_idx";' \
        in result.output


@pytest.mark.parametrize("hostile_db", ["pg18-embedded"], indirect=True)
def test_health_page_shows_fixes_as_text(hostile_site: HostileSite) -> None:
    """The Health page's fixes are code blocks holding the SQL as written, and none of
    the names in its findings becomes markup."""
    page = (hostile_site.site / "reference" / "health" / "index.html").read_text("utf-8")
    assert injected(page) == []
    blocks = [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in
              re.findall(r'<div class="highlight"><pre>(.*?)</pre>', page, re.S)]
    assert 'DROP INDEX "</title><svg onload=alert(7)>".U&"tmp\\000Dorders_idx";' in \
        [b.strip() for b in blocks]
