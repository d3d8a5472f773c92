"""Files changed behind the user's back: a rewritten snapshot keeps its mode and owner,
a symbolic link given as `-o` is written through, and an existing file that is not a
complete snapshot is replaced only with `--force`."""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path

import pytest

from tests.faults.processes import assert_failed, run
from tests.helpers import run_sql


def _snapshot(db: str, *args: str) -> None:
    done = run("snapshot", "--dsn", db, *args, "-q")
    assert done.code == 0, done.output


def _change(db: str) -> None:
    run_sql(db, f"create table t_{os.urandom(4).hex()} (id int primary key)")


def test_rewritten_file_keeps_its_mode(db18: str, tmp_path: Path) -> None:
    """A snapshot made private (600) stays private when a change rewrites it."""
    path = tmp_path / "schema_map.json"
    _snapshot(db18, "-o", str(path))
    path.chmod(0o600)
    inode = path.stat().st_ino
    _change(db18)
    _snapshot(db18, "-o", str(path))
    assert path.stat().st_ino != inode  # it was rewritten, not left alone
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_rewritten_file_keeps_its_owner_and_group(db18: str, tmp_path: Path) -> None:
    """Run by root on a file that belongs to someone else: the file stays theirs."""
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    nobody = pwd.getpwnam("nobody")
    path = tmp_path / "schema_map.json"
    _snapshot(db18, "-o", str(path))
    os.chown(path, nobody.pw_uid, nobody.pw_gid)
    path.chmod(0o640)
    _change(db18)
    _snapshot(db18, "-o", str(path))
    found = path.stat()
    assert (found.st_uid, found.st_gid) == (nobody.pw_uid, nobody.pw_gid)
    assert stat.S_IMODE(found.st_mode) == 0o640


def test_a_symbolic_link_is_written_through(db18: str, tmp_path: Path) -> None:
    """`-o link` where link points at the real file in another folder: the real file is
    replaced, the link stays a link to it, no stale copy appears."""
    real = tmp_path / "snapshots" / "marketing.json"
    real.parent.mkdir()
    link = tmp_path / "schema_map.json"
    link.symlink_to(Path("snapshots") / "marketing.json")
    _snapshot(db18, "-o", str(link))  # a dangling link: its target is created
    assert link.is_symlink() and real.is_file()
    first = real.read_bytes()
    _change(db18)
    _snapshot(db18, "-o", str(link))
    assert link.is_symlink() and os.readlink(link) == "snapshots/marketing.json"
    assert real.read_bytes() != first and link.read_bytes() == real.read_bytes()
    assert sorted(p.name for p in real.parent.iterdir()) == ["marketing.json"]


def test_a_truncated_snapshot_is_not_replaced_without_force(db18: str, tmp_path: Path) -> None:
    """A snapshot cut short (a full disk, a copy interrupted): not a readable snapshot,
    so it is kept until --force; with --force it is replaced."""
    path = tmp_path / "schema_map.json"
    _snapshot(db18, "-o", str(path))
    text = path.read_bytes()
    path.write_bytes(text[: len(text) // 2])
    cut = path.read_bytes()
    done = run("snapshot", "--dsn", db18, "-o", str(path), "-q")
    assert_failed(done, str(path), "is not a readable snapshot", "incomplete", "--force")
    assert path.read_bytes() == cut
    _snapshot(db18, "-o", str(path), "--force")
    assert path.read_bytes().endswith(b"\n}\n")


def test_other_files_are_not_replaced_without_force(db18: str, tmp_path: Path) -> None:
    """`-o notes.json` naming someone's own JSON file: refused, kept."""
    path = tmp_path / "notes.json"
    path.write_text('{"todo": ["document the schema"]}\n')
    done = run("snapshot", "--dsn", db18, "-o", str(path), "-q")
    assert_failed(done, "is not a readable snapshot", "not a schemadoc snapshot")
    assert path.read_text() == '{"todo": ["document the schema"]}\n'


def test_a_special_file_is_refused_even_with_force(db18: str, tmp_path: Path) -> None:
    """A FIFO (or a device such as /dev/null) is never renamed over, --force or not."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for extra in ([], ["--force"]):
        done = run("snapshot", "--dsn", db18, "-o", str(fifo), "-q", *extra)
        assert_failed(done, "is not a regular file")
        assert stat.S_ISFIFO(fifo.stat().st_mode)
