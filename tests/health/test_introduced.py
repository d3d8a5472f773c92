"""The lint findings a change introduces: `introduced()` on snapshots before and after
real DDL, and `schemadoc diff --lint` as the pull-request comment shows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.config import Config
from generator.lint import lint_snapshot
from generator.lint.compare import introduced
from generator.snapshot import write_snapshot
from tests.helpers import run_sql, snapshot_of

# Clean but for one column without a comment, which stays through the change.
BEFORE = """
create schema app;
create table app.company (id int primary key, name text not null, notes text);
comment on table app.company is 'Companies';
comment on column app.company.id is 'Key';
comment on column app.company.name is 'Name';
"""
# A new table with an index but no primary key, everything else commented.
ADD_TABLE_WITHOUT_PK = """
create table app.tag (code text not null unique, label text);
comment on table app.tag is 'Tags';
comment on column app.tag.code is 'Code';
comment on column app.tag.label is 'Label';
"""


@pytest.fixture
def snapshots(db: str, tmp_path: Path) -> tuple[Path, Path]:
    """Snapshot files before and after adding a table without a primary key."""
    run_sql(db, BEFORE)
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    write_snapshot(old, snapshot_of(db))
    run_sql(db, ADD_TABLE_WITHOUT_PK)
    write_snapshot(new, snapshot_of(db))
    return old, new


def test_introduced_lists_exactly_the_new_finding(db: str) -> None:
    """Adding a table without a primary key introduces that one finding; the missing
    column comment both sides share is not listed."""
    run_sql(db, BEFORE)
    before = lint_snapshot(snapshot_of(db), Config())
    run_sql(db, ADD_TABLE_WITHOUT_PK)
    after = lint_snapshot(snapshot_of(db), Config())
    assert [(f.rule, f.object) for f in before.findings] == [
        ("column-without-comment", "app.company")]
    found = introduced(before, after)
    assert [(f.rule, f.severity, f.object) for f in found] == [
        ("no-primary-key", "error", "app.tag")]
    assert introduced(after, after) == []
    assert introduced(after, before) == []


def diff(*args: str) -> Result:
    """`schemadoc diff ARGS`."""
    return CliRunner().invoke(cli, ["diff", *args])


def test_markdown_comment_lists_introduced_findings(
        snapshots: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--format markdown --lint` adds a section with the new finding; without --lint the
    comment has no such section."""
    monkeypatch.chdir(tmp_path)  # no schemadoc.yml here
    old, new = map(str, snapshots)
    result = diff(old, new, "--format", "markdown", "--lint")
    assert result.exit_code == 0, result.output
    section = result.output.split("#### Lint findings this change introduces\n", 1)[1]
    items = section.strip("\n").split("\n\n", 1)[0].splitlines()
    assert items == ["- ⛔ **error** <code>no-primary-key</code> <code>app.tag</code>: "
                     "table has no primary key"]
    plain = diff(old, new, "--format", "markdown")
    assert plain.exit_code == 0, plain.output
    assert "Lint findings" not in plain.output


def test_config_turns_a_rule_off(snapshots: tuple[Path, Path], tmp_path: Path) -> None:
    """--config applies schemadoc.yml's rule settings: with the rule off, nothing new."""
    config = tmp_path / "schemadoc.yml"
    config.write_text("lint:\n  rules:\n    no-primary-key: off\n", "utf-8")
    old, new = map(str, snapshots)
    result = diff(old, new, "--format", "markdown", "--lint", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "#### Lint findings this change introduces\n\nNone:" in result.output


def test_text_and_json_list_introduced_findings(
        snapshots: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text output ends with the introduced findings; JSON has them as lint_introduced."""
    monkeypatch.chdir(tmp_path)
    old, new = map(str, snapshots)
    text = diff(old, new, "--lint")
    assert text.exit_code == 0, text.output
    assert "lint findings this change introduces: 1" in text.output
    assert "no-primary-key" in text.output and "app.tag" in text.output
    data = json.loads(diff(old, new, "--format", "json", "--lint").output)
    assert [(f["rule"], f["object"]) for f in data["lint_introduced"]] == [
        ("no-primary-key", "app.tag")]
    assert "lint_introduced" not in json.loads(diff(old, new, "--format", "json").output)


def test_many_introduced_findings_are_capped(db: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A change introducing hundreds of findings lists the first 50 and counts the rest,
    and the comment stays within GitHub's size limit."""
    from generator.render.pr_comment import BUDGET, MAX_LINT

    monkeypatch.chdir(tmp_path)
    run_sql(db, BEFORE)
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    write_snapshot(old, snapshot_of(db))
    run_sql(db, "do $$ begin for i in 1..120 loop execute format("
                "'create table app.t%s (a int, b text)', i); end loop; end $$;")
    write_snapshot(new, snapshot_of(db))
    result = diff(str(old), str(new), "--format", "markdown", "--lint")
    assert result.exit_code == 0, result.output
    assert len(result.output) <= BUDGET
    section = result.output.split("#### Lint findings this change introduces\n", 1)[1]
    items = section.strip("\n").split("\n\n", 1)[0].splitlines()
    assert len(items) == MAX_LINT + 1
    assert items[-1].startswith("- … and ") and "more not listed" in items[-1]
