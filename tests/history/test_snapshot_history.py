"""`schemadoc snapshot --history FILE`: the history plugin mode's Changelog reads, kept
without `schemadoc build` (which would write Markdown pages)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.diff.history import read_history
from tests.helpers import run_sql


def _snapshot(db: str, out: Path, history: Path) -> None:
    result = CliRunner().invoke(cli, ["snapshot", "--dsn", db, "-o", str(out),
                                      "--history", str(history), "-q"])
    assert result.exit_code == 0, result.output


def test_snapshot_appends_each_change_once(db: str, tmp_path: Path) -> None:
    """A baseline, then one entry for a new column; a rerun with no change adds nothing."""
    out, history = tmp_path / "schema_map.json", tmp_path / "schema_history.jsonl"
    run_sql(db, "create table customer (id int primary key, name text);")
    _snapshot(db, out, history)
    (baseline,) = read_history(history)
    assert baseline.baseline

    run_sql(db, "alter table customer add column email text;")
    _snapshot(db, out, history)
    entries = read_history(history)
    assert len(entries) == 2 and not entries[1].baseline
    assert any("email" in str(change) for change in entries[1].changes)

    before = history.read_bytes()
    _snapshot(db, out, history)
    assert history.read_bytes() == before
