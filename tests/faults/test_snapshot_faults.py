"""`schemadoc snapshot` stopped by a real signal while it connects, while the server
runs its catalog queries, and while it writes a 35 MB file (3,000 tables): one line,
exit 128 + signal, the previous file byte for byte as it was, no temporary file, no
session left on the server. A run killed outright (SIGKILL) leaves its temporary file
for the next run to remove."""

from __future__ import annotations

import fcntl
import os
import signal
import time
from pathlib import Path

import pytest

from tests.faults.conftest import Synthetic
from tests.faults.processes import (
    PATIENCE,
    assert_interrupted,
    interrupt,
    run,
    start,
    wait_until,
)
from tests.faults.silent_server import SilentServer
from tests.helpers import query

SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _previous(folder: Path) -> tuple[Path, bytes]:
    """An earlier output to protect: a small valid snapshot of another database."""
    path = folder / "schema_map.json"
    path.write_bytes(b'{\n  "format_version": 1,\n  "schemas": {}\n}\n')
    return path, path.read_bytes()


def test_signal_while_connecting(tmp_path: Path, silent_server: SilentServer) -> None:
    """The server accepted the connection but has not answered yet."""
    path, before = _previous(tmp_path)
    proc = start("snapshot", "--dsn", silent_server.dsn, "-o", str(path), "--force", "-q")
    wait_until(proc, lambda: silent_server.accepted, "the connection was accepted")
    assert_interrupted(interrupt(proc, signal.SIGTERM), signal.SIGTERM)
    assert path.read_bytes() == before
    assert _temporaries(tmp_path) == []


def _schemadoc_sessions(dsn: str, active: bool) -> list[tuple[object, ...]]:
    state = "and state = 'active'" if active else ""
    return query(dsn, "select pid, state, query from pg_stat_activity "
                      f"where application_name = 'schemadoc' {state}")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM],
                         ids=lambda s: signal.Signals(s).name)
def test_signal_during_the_catalog_queries(
    synthetic: Synthetic, tmp_path: Path, signum: int
) -> None:
    """A catalog query is running on the server: it is cancelled and the sessions
    end with the process (no query left running for the server to finish alone)."""
    path, before = _previous(tmp_path)
    proc = start("snapshot", "--dsn", synthetic.dsn, "-o", str(path), "--force", "-q")
    wait_until(proc, lambda: _schemadoc_sessions(synthetic.dsn, active=True),
               "a catalog query was running")
    assert_interrupted(interrupt(proc, signum), signum)
    assert path.read_bytes() == before
    assert _temporaries(tmp_path) == []
    deadline = time.monotonic() + PATIENCE  # the server notices closed sessions soon after
    while _schemadoc_sessions(synthetic.dsn, active=False) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _schemadoc_sessions(synthetic.dsn, active=False) == []


@pytest.mark.slow
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_signal_while_the_file_is_written(
    synthetic: Synthetic, tmp_path: Path, signum: int
) -> None:
    """The 35 MB temporary file is being written beside the previous snapshot."""
    path, before = _previous(tmp_path)
    proc = start("snapshot", "--dsn", synthetic.dsn, "-o", str(path), "--force", "-q")
    wait_until(proc, lambda: _temporaries(tmp_path), "the temporary file appeared")
    assert_interrupted(interrupt(proc, signum), signum)
    assert path.read_bytes() == before
    assert _temporaries(tmp_path) == []


@pytest.mark.slow
def test_a_killed_run_leaves_a_temporary_file_the_next_run_removes(
    synthetic: Synthetic, tmp_path: Path
) -> None:
    """SIGKILL cannot be handled: the temporary file stays, and the previous snapshot
    with it; the next snapshot into that folder removes it."""
    path = tmp_path / "schema_map.json"
    assert run("snapshot", "--dsn", synthetic.dsn, "-o", str(path), "-q").code == 0
    before = path.read_bytes()
    proc = start("snapshot", "--dsn", synthetic.dsn, "-o", str(path), "--force", "-q")
    wait_until(proc, lambda: _temporaries(tmp_path), "the temporary file appeared")
    proc.kill()
    proc.wait()
    assert len(_temporaries(tmp_path)) == 1
    assert path.read_bytes() == before

    again = run("snapshot", "--dsn", synthetic.dsn, "-o", str(path), "-q")
    assert again.code == 0, again.output
    assert f"unchanged {path}" in again.stdout
    assert _temporaries(tmp_path) == []
    assert path.read_bytes() == before


def test_a_temporary_file_in_use_is_not_removed(db18: str, tmp_path: Path) -> None:
    """Two runs writing into one folder at once: the second removes only what no
    running process holds (the kernel's lock tells), so it cannot pull the first
    one's file from under it."""
    path = tmp_path / "schema_map.json"
    in_use = tmp_path / ".schema_map.json.held1234.tmp"
    abandoned = tmp_path / ".schema_map.json.dead5678.tmp"
    abandoned.write_bytes(b"{ half a file")
    in_use.write_bytes(b"{ being written")
    with open(in_use, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as a live writer holds its file
        done = run("snapshot", "--dsn", db18, "-o", str(path), "-q")
        assert done.code == 0, done.output
        assert in_use.exists() and not abandoned.exists()
    os.unlink(in_use)

