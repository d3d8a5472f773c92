"""Fixtures of the fault tests: a 3,000-table database with its built site, and file
systems that fill up (a small tmpfs) or refuse writes (a read-only bind mount)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from generator.commands.scaffold import scaffold
from generator.model import Snapshot
from generator.snapshot import read_snapshot, write_snapshot
from tests.faults.processes import run
from tests.faults.silent_server import SilentServer
from tests.helpers import REPO, database_dsn, psql_file

sys.path.insert(0, str(REPO / "bench"))
from synthetic import generate  # noqa: E402  (the benchmark's database generator)

TABLES = 3000


@dataclasses.dataclass(frozen=True)
class Synthetic:
    """A 3,000-table database, two snapshots of it and a site built from the first."""

    dsn: str
    first: Path  # snapshot of the database
    second: Path  # the same with every table's row estimate grown: every table page changes
    project: Path  # `schemadoc init` + `build --snapshot first`; its cache holds every diagram


def grown(snapshot: Snapshot, rows: int) -> Snapshot:
    """`snapshot` with `rows` more rows in every table (no diagram changes)."""
    schemas = {}
    for name, schema in snapshot.schemas.items():
        tables = {
            table_name: dataclasses.replace(table, row_count=dataclasses.replace(
                table.row_count, estimate=(table.row_count.estimate or 0) + rows,
                source="reltuples"))
            for table_name, table in schema.tables.items()}
        schemas[name] = dataclasses.replace(schema, tables=tables)
    return dataclasses.replace(snapshot, schemas=schemas)


@pytest.fixture(scope="session")
def synthetic(embedded_dsn: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synthetic]:
    """Loaded on the embedded PostgreSQL 18 once per test session (about a minute)."""
    name = f"sd_faults_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(embedded_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    dsn = database_dsn(embedded_dsn, name)
    try:
        psql_file(dsn, "synthetic database", generate(TABLES).sql)
        folder = tmp_path_factory.mktemp("synthetic")
        first, second = folder / "first.json", folder / "second.json"
        done = run("snapshot", "--dsn", dsn, "-o", str(first), "-q")
        assert done.code == 0, done.output
        write_snapshot(second, grown(read_snapshot(first), 1000), force=True)
        project = folder / "project"
        scaffold(project, "Synthetic")
        done = run("build", "--snapshot", str(first), "-q", cwd=project)
        assert done.code == 0, done.output
        yield Synthetic(dsn, first, second, project)
    finally:
        with psycopg.connect(embedded_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(
                sql.Identifier(name)))


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    """A server that accepts connections and never answers (see silent_server.py)."""
    server = SilentServer()
    yield server
    server.close()


def copy_project(source: Path, destination: Path, links: bool = True) -> Path:
    """A copy of a project folder. With `links` the files are hard links (instant):
    schemadoc replaces files by renaming new ones over them, never writes into one,
    so the source stays as it was."""
    shutil.copytree(source, destination, symlinks=True, dirs_exist_ok=True,
                    copy_function=os.link if links else shutil.copy2)
    return destination


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """`small_disk(size)` mounts a tmpfs of that size (e.g. "2m") and returns its folder;
    unmounted after the test. Skips where mounting is not permitted (not root, or a
    container without CAP_SYS_ADMIN)."""
    mounted: list[Path] = []

    def make(size: str) -> Path:
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        done = _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs to fill up ({done.stderr.strip()}); the "
                        "disk-full tests need root with CAP_SYS_ADMIN")
        mounted.append(folder)
        return folder

    yield make
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)



@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` bind-mounted read-only onto itself for the block (skips where mounting
    is not permitted)."""
    done = _mount("--bind", str(folder), str(folder))
    if done.returncode != 0:
        pytest.skip(f"cannot bind-mount read-only ({done.stderr.strip()}); the read-only "
                    "tests need root with CAP_SYS_ADMIN")
    try:
        done = _mount("-o", "remount,bind,ro", str(folder))
        assert done.returncode == 0, done.stderr
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
