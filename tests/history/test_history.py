"""The history file: one appended line per snapshot whose structure or volumes changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diff.history import HistoryError, append_history, read_history, rows_over_time
from tests.history.conftest import Snap

SETUP = """
create table customer (id int primary key, name text not null);
create table legacy (id int primary key);
insert into customer select g, 'c' || g from generate_series(1, 2000) g;
analyze;
"""


def test_first_snapshot_is_a_baseline_with_volumes_only(snap: Snap, tmp_path: Path) -> None:
    """No previous snapshot: one baseline entry, no changes, each table's rows and size."""
    history = tmp_path / "site_src" / "schema_history.jsonl"
    first = snap(SETUP, "2026-01-01T00:00:00+00:00")
    assert append_history(history, None, first) is True
    (entry,) = read_history(history)
    assert entry.baseline and entry.changes == ()
    assert entry.date == "2026-01-01T00:00:00+00:00"
    assert entry.tables["public"]["customer"] == (
        2000, first.schemas["public"].tables["customer"].total_bytes)
    assert set(entry.tables["public"]) == {"customer", "legacy"}
    public = entry.schemas["public"]
    assert (public.rows, public.tables) == (2000, 2)
    assert len(history.read_text().splitlines()) == 1


def test_rerun_without_change_appends_nothing(snap: Snap, tmp_path: Path) -> None:
    """Snapshotting an unchanged database again leaves the file byte for byte as it was."""
    history = tmp_path / "schema_history.jsonl"
    first = snap(SETUP)
    append_history(history, None, first)
    before = history.read_bytes()
    assert append_history(history, first, snap()) is False
    assert history.read_bytes() == before


def test_each_change_appends_one_entry_and_keeps_the_earlier_lines(snap: Snap,
                                                                   tmp_path: Path) -> None:
    """DDL, then row growth, then a rerun: two more entries, earlier lines untouched."""
    history = tmp_path / "schema_history.jsonl"
    s1 = snap(SETUP, "2026-01-01T00:00:00+00:00")
    append_history(history, None, s1)
    baseline = history.read_bytes()

    s2 = snap("alter table customer add column email text; drop table legacy;",
              "2026-01-02T00:00:00+00:00")
    assert append_history(history, s1, s2) is True
    after_ddl = history.read_bytes()
    assert after_ddl.startswith(baseline)

    s3 = snap("insert into customer select g, 'c' from generate_series(2001, 5000) g;"
              "analyze customer;", "2026-01-03T00:00:00+00:00")
    assert append_history(history, s2, s3) is True
    assert history.read_bytes().startswith(after_ddl)
    assert append_history(history, s3, snap()) is False

    entries = read_history(history)
    _, ddl, growth = entries
    by_path = {c.path: c for c in ddl.changes}
    assert by_path["public.customer.columns.email"].action == "added"
    assert "additive" in by_path["public.customer.columns.email"].classes
    assert by_path["public.legacy"].action == "removed"
    assert "breaking" in by_path["public.legacy"].classes
    assert ddl.tables["public"]["legacy"] is None  # gone
    assert not ddl.baseline
    assert growth.changes == ()
    # each line lists only the tables whose figures changed since the line before
    assert list(growth.tables["public"]) == ["customer"]
    assert rows_over_time(entries, "public", "customer") == [2000, 2000, 5000]
    assert rows_over_time(entries, "public", "legacy") == [0, None, None]
    assert growth.schemas["public"].rows == 5000


def test_interrupted_build_run_again_appends_nothing(snap: Snap, tmp_path: Path) -> None:
    """A build that appended but did not save its snapshot diffs the same pair again: no
    second copy of the entry."""
    history = tmp_path / "schema_history.jsonl"
    s1 = snap(SETUP)
    append_history(history, None, s1)
    s2 = snap("alter table customer add column email text;")
    assert append_history(history, s1, s2) is True
    assert append_history(history, s1, s2) is False
    assert len(read_history(history)) == 2


def test_corrupt_last_line_is_reported_not_rewritten(snap: Snap, tmp_path: Path) -> None:
    """Half a line at the end (an interrupted append): a clear error naming the line and
    the repair; the file is left exactly as it was."""
    history = tmp_path / "schema_history.jsonl"
    s1 = snap(SETUP)
    append_history(history, None, s1)
    with open(history, "ab") as out:
        out.write(b'{"format":"schemadoc-history/1","date":"2026-')
    damaged = history.read_bytes()
    s2 = snap("alter table customer add column email text;")
    with pytest.raises(HistoryError, match=r"last line \(2\) is incomplete.*remove that line"):
        append_history(history, s1, s2)
    with pytest.raises(HistoryError, match="interrupted append"):
        read_history(history)
    assert history.read_bytes() == damaged


def test_corrupt_line_in_the_middle_is_reported(snap: Snap, tmp_path: Path) -> None:
    """A damaged earlier line is named too; nothing is appended after it."""
    history = tmp_path / "schema_history.jsonl"
    s1 = snap(SETUP)
    append_history(history, None, s1)
    good = history.read_text()
    history.write_text("not json\n" + good)
    with pytest.raises(HistoryError, match="line 1 is not a valid history entry"):
        append_history(history, s1, snap("drop table legacy;"))
    assert history.read_text() == "not json\n" + good


def test_missing_file_is_an_empty_history(tmp_path: Path) -> None:
    """No history file yet reads as no entries (the first build creates it)."""
    assert read_history(tmp_path / "nothing.jsonl") == []


def test_partitioned_tables_count_once_in_schema_totals(snap: Snap, tmp_path: Path) -> None:
    """A partitioned table's rows already sum its partitions: the schema total does not
    count them twice, while each partition keeps its own figures."""
    history = tmp_path / "schema_history.jsonl"
    s1 = snap("""
        create table event (id int, at date) partition by range (at);
        create table event_2025 partition of event for values from ('2025-01-01') to ('2026-01-01');
        create table event_2026 partition of event for values from ('2026-01-01') to ('2027-01-01');
        insert into event select g, date '2025-06-01' from generate_series(1, 1500) g;
        insert into event select g, date '2026-06-01' from generate_series(1, 2500) g;
        analyze;
    """)
    append_history(history, None, s1)
    (entry,) = read_history(history)
    assert entry.tables["public"]["event_2025"][0] == 1500
    assert entry.tables["public"]["event"][0] == 4000
    assert entry.schemas["public"].rows == 4000


def test_a_history_of_full_lines_goes_on_with_changed_tables_only(snap: Snap,
                                                                  tmp_path: Path) -> None:
    """A file written in the first format (every table on every line) is read as it is,
    and what is appended to it lists only what changed since its last line."""
    history = tmp_path / "schema_history.jsonl"
    s1 = snap(SETUP, "2026-01-01T00:00:00+00:00")
    append_history(history, None, s1)
    line = json.loads(history.read_text())
    line["format"] = "schemadoc-history/1"  # the first format: the same line, complete
    history.write_text(json.dumps(line) + "\n")
    s2 = snap("insert into customer select g, 'c' from generate_series(2001, 2500) g;"
              "analyze customer;", "2026-01-02T00:00:00+00:00")
    assert append_history(history, s1, s2) is True
    first, second = read_history(history)
    assert first.complete and not second.complete
    assert list(second.tables["public"]) == ["customer"]
    assert rows_over_time([first, second], "public", "customer") == [2000, 2500]
    assert rows_over_time([first, second], "public", "legacy") == [0, 0]
    assert append_history(history, s2, snap()) is False
