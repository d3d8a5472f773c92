"""The snapshot file made in pieces and written as they come: the same bytes as one
encoding of the whole, compared with the file already there, nothing half written."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import orjson
import pytest

from generator.errors import SnapshotError
from generator.model import FORMAT_VERSION, Schema, Snapshot
from generator.model.canonical import canonicalise
from generator.snapshot import encode, write_snapshots
from generator.snapshot.text import TABLES_PER_PIECE, encode_chunks
from tests.factories import GENERATED_AT, database, odd_snapshot, seed_snapshot, wide_snapshot


def _whole(snapshot: Snapshot) -> bytes:
    """One encoding of the whole model, in the file's order."""
    canonicalise(snapshot)
    return orjson.dumps(snapshot, option=orjson.OPT_INDENT_2) + b"\n"


def _empty() -> Snapshot:
    return Snapshot(format_version=FORMAT_VERSION, generated_at=GENERATED_AT,
                    database=database())


@pytest.mark.parametrize("make", [
    seed_snapshot,  # empty schemas, views, functions, types
    odd_snapshot,  # quotes, markup, unicode, newlines in comments
    _empty,  # no schema at all
    lambda: wide_snapshot(2 * TABLES_PER_PIECE + 3),  # one schema in several pieces
    lambda: dataclasses.replace(seed_snapshot(), schemas={"only": Schema(oid=1, owner="o")}),
], ids=["seed", "odd", "empty", "wide", "no-tables"])
def test_pieces_join_into_the_whole_encoding(make) -> None:
    """Joined, the pieces are byte for byte what orjson writes for the whole model."""
    snapshot = make()
    assert b"".join(encode_chunks(snapshot)) == _whole(snapshot)
    assert encode(snapshot) == _whole(snapshot)


def test_a_large_schema_comes_in_several_pieces() -> None:
    """Each piece holds at most TABLES_PER_PIECE tables, so the writer can start early."""
    pieces = list(encode_chunks(wide_snapshot(2 * TABLES_PER_PIECE + 3)))
    big = [p for p in pieces if len(p) > 1000]
    assert len(big) >= 3


def test_a_file_differing_only_in_time_is_left_alone(tmp_path: Path) -> None:
    """Same content, another generated_at: not rewritten (same inode), reported unchanged."""
    path = tmp_path / "schema_map.json"
    write_snapshots([path], wide_snapshot(600))
    inode = path.stat().st_ino
    later = dataclasses.replace(wide_snapshot(600), generated_at="2030-01-01T00:00:00Z")
    assert write_snapshots([path], later) == [(path, False)]
    assert path.stat().st_ino == inode
    assert GENERATED_AT in path.read_text()


def _with_trailing_bytes(path: Path) -> None:
    write_snapshots([path], wide_snapshot(600))
    with path.open("ab") as handle:
        handle.write(b"  \n")


@pytest.mark.parametrize("prepare", [
    lambda path: write_snapshots([path], wide_snapshot(599)),  # differs near the end
    lambda path: write_snapshots([path], dataclasses.replace(  # and in its time
        wide_snapshot(599), generated_at="2001-01-01T00:00:00Z")),
    lambda path: write_snapshots([path], seed_snapshot()),  # differs at once
    _with_trailing_bytes,  # the new file is the old one's beginning
], ids=["late", "late-other-time", "early", "longer-old"])
def test_a_changed_file_is_replaced_whole(tmp_path: Path, prepare) -> None:
    """Wherever the difference is, even only in the length, the new file is written in
    full and renamed into place; no temporary file is left. (The part that matched is
    copied from the old file, past the head, which is the new one's.)"""
    path = tmp_path / "schema_map.json"
    prepare(path)
    new = wide_snapshot(600)
    assert write_snapshots([path], new) == [(path, True)]
    assert path.read_bytes() == _whole(new)
    assert os.listdir(tmp_path) == ["schema_map.json"]


def test_a_file_that_is_not_a_snapshot_is_refused_and_kept(tmp_path: Path) -> None:
    """Something else at the path is not overwritten unless forced; with two paths, the
    other one is not written either (all or nothing)."""
    keep = tmp_path / "notes.json"
    keep.write_text('{"mine": true}\n')
    other = tmp_path / "copy.json"
    with pytest.raises(SnapshotError, match="is not a readable snapshot.*--force"):
        write_snapshots([other, keep], seed_snapshot())
    assert keep.read_text() == '{"mine": true}\n'
    assert not other.exists()
    assert sorted(os.listdir(tmp_path)) == ["notes.json"]
    write_snapshots([other, keep], seed_snapshot(), force=True)
    assert keep.read_bytes() == other.read_bytes() == _whole(seed_snapshot())


def test_a_missing_folder_for_the_second_path_leaves_the_first_untouched(
    tmp_path: Path,
) -> None:
    """The second copy cannot be staged: the first file keeps its previous content."""
    first = tmp_path / "schema_map.json"
    write_snapshots([first], seed_snapshot())
    before = first.read_bytes()
    with pytest.raises(SnapshotError, match="cannot write .*nowhere.*previous file is unchanged"):
        write_snapshots([first, tmp_path / "nowhere" / "copy.json"], wide_snapshot(300))
    assert first.read_bytes() == before
    assert os.listdir(tmp_path) == ["schema_map.json"]
