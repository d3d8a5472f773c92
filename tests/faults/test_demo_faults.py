"""`schemadoc demo` stopped by real signals while its embedded PostgreSQL starts, while
the sample loads and while MkDocs builds the site; killed outright; run twice at once
in one folder; and run with a relative --dir. No server, MkDocs or other child is ever
left running after a signal, the site is the previous one or the new one complete,
and the next run always works."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.faults.processes import (
    assert_interrupted,
    child_named,
    files,
    finish,
    interrupt,
    postgres_on,
    start,
    temporary_files,
    wait_until,
)
from tests.render.site_check import broken_links

pytestmark = pytest.mark.slow

PGDATA = Path(".schemadoc") / "demo" / "pgdata"
PAGE = Path("site") / "reference" / "marketing" / "company_master" / "index.html"


def _demo(folder: Path, *extra: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    return start("demo", "--dir", str(folder), "-q", *extra, cwd=cwd)


def _assert_complete(folder: Path) -> None:
    """The demo's site is whole: every page there, every link resolves, no server on."""
    assert (folder / PAGE).exists()
    assert broken_links(folder / "site") == []
    assert postgres_on(folder / PGDATA) == []
    assert temporary_files(folder) == []


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder where the demo ran to the end once (server data, sample, site)."""
    folder = tmp_path_factory.mktemp("demo") / "done"
    ended = finish(_demo(folder))
    assert ended.code == 0, ended.output
    yield folder


@pytest.fixture
def again(finished: Path, tmp_path: Path) -> Path:
    """A copy of the finished demo folder (owners kept: the server's files are its own)."""
    copy = tmp_path / "demo"
    subprocess.run(["cp", "-a", str(finished), str(copy)], check=True)
    return copy


def _sample_loading(folder: Path) -> bool:
    """The server is up and the sample's database exists (its load is running)."""
    try:
        lines = (folder / PGDATA / "postmaster.pid").read_text().splitlines()
        with psycopg.connect(host=lines[4], port=lines[3], user="postgres", dbname="postgres",
                             connect_timeout=2) as conn:
            return bool(conn.execute(
                "select 1 from pg_database where datname = 'marketing'").fetchone())
    except (OSError, IndexError, psycopg.Error):
        return False


def test_signal_while_the_server_starts(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    proc = _demo(folder)
    wait_until(proc, lambda: postgres_on(folder / PGDATA), "the server was starting")
    assert_interrupted(interrupt(proc, signal.SIGTERM), signal.SIGTERM)
    assert postgres_on(folder / PGDATA) == []
    assert temporary_files(folder) == []

    ended = finish(_demo(folder))
    assert ended.code == 0, ended.output
    _assert_complete(folder)


def test_signal_while_the_sample_loads(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    proc = _demo(folder)
    wait_until(proc, lambda: _sample_loading(folder), "the sample was loading")
    assert_interrupted(interrupt(proc, signal.SIGINT), signal.SIGINT)
    assert postgres_on(folder / PGDATA) == []

    ended = finish(_demo(folder))  # loads the sample again: it was never marked loaded
    assert ended.code == 0, ended.output
    assert "pages added 81" in ended.stdout
    _assert_complete(folder)


def test_signal_while_mkdocs_builds_the_site(again: Path) -> None:
    """The previous site stays, byte for byte; MkDocs' half-built one is removed."""
    before = files(again / "site")
    proc = _demo(again)
    wait_until(proc, lambda: child_named(proc, "mkdocs"), "mkdocs was building the site")
    assert_interrupted(interrupt(proc, signal.SIGINT), signal.SIGINT)
    assert files(again / "site") == before
    _assert_complete(again)


def test_a_killed_demo_leaves_a_server_the_next_run_stops(again: Path) -> None:
    """SIGKILL cannot be handled: the server it started runs on. The next run takes it
    over and stops it at its end like its own."""
    proc = _demo(again)
    wait_until(proc, lambda: postgres_on(again / PGDATA), "the server was running")
    proc.kill()
    proc.wait()
    ended = finish(_demo(again))
    assert ended.code == 0, ended.output
    _assert_complete(again)


def test_two_demos_at_once_in_one_folder(tmp_path: Path) -> None:
    """The second waits for the first (it says so), then reuses everything; neither
    breaks the other's load."""
    folder = tmp_path / "demo"
    first, second = _demo(folder), _demo(folder)
    ended = [finish(first), finish(second)]
    assert [e.code for e in ended] == [0, 0], [e.output for e in ended]
    waited = [e for e in ended if "waiting for it to finish" in e.stderr]
    assert len(waited) == 1, [e.stderr for e in ended]
    assert "another schemadoc demo in this folder is running (pid" in waited[0].stderr
    assert all("Traceback" not in e.output for e in ended)
    assert sum("pages added 81" in e.stdout for e in ended) == 1
    _assert_complete(folder)


def test_a_relative_dir(again: Path) -> None:
    """`schemadoc demo --dir d3` from the folder above: works to the end."""
    ended = finish(_demo(Path(again.name), cwd=again.parent))
    assert ended.code == 0, ended.output
    assert f"built the site in {again / 'site'}" in ended.stdout
    _assert_complete(again)

