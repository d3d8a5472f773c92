"""A read-only disk (a real read-only bind mount) under each writer: one line saying
what and where (exit 2), nothing changed, no traceback. A build with nothing to
change needs no write at all, so it succeeds on a read-only checkout."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.faults.conftest import copy_project, read_only
from tests.faults.processes import assert_failed, files, run
from tests.faults.sites import small_site
from tests.helpers import run_sql

READ_ONLY = "Read-only file system"


def test_pages_on_a_read_only_disk(tmp_path: Path) -> None:
    site = small_site(tmp_path / "made")
    project = copy_project(site.project, tmp_path / "project")
    before = files(project)
    with read_only(project):
        done = run("build", "--snapshot", str(site.two), "-q", cwd=project)
        assert_failed(done, "cannot write pages to", READ_ONLY)
    assert files(project) == before


def test_an_unchanged_build_on_a_read_only_disk_succeeds(tmp_path: Path) -> None:
    site = small_site(tmp_path / "made")
    project = copy_project(site.project, tmp_path / "project")
    with read_only(project):
        done = run("build", "--snapshot", str(site.one), "-q", cwd=project)
    assert done.code == 0, done.output
    assert "pages added 0, changed 0, removed 0" in done.stdout


def test_diagram_cache_on_a_read_only_disk(tmp_path: Path) -> None:
    site = small_site(tmp_path / "made")
    project = copy_project(site.project, tmp_path / "project")
    shutil.rmtree(project / ".schemadoc" / "diagram-cache")
    (project / ".schemadoc" / "diagram-cache").mkdir()
    before = files(project)
    with read_only(project):
        done = run("build", "--snapshot", str(site.two), "-q", cwd=project)
        assert_failed(done, "cannot write the diagram cache in", READ_ONLY)
    assert files(project) == before


def test_snapshot_on_a_read_only_disk(db18: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "schema_map.json"
    assert run("snapshot", "--dsn", db18, "-o", str(path), "-q").code == 0
    before = path.read_bytes()
    run_sql(db18, "create table added (id int primary key)")
    with read_only(folder):
        done = run("snapshot", "--dsn", db18, "-o", str(path), "-q")
        assert_failed(done, f"cannot write {path}", READ_ONLY, "previous file is unchanged")
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["schema_map.json"]


def test_history_on_a_read_only_disk(db18: str, tmp_path: Path) -> None:
    project = tmp_path / "project"
    assert run("init", str(project)).code == 0
    assert run("build", "--dsn", db18, "-q", cwd=project).code == 0
    before = files(project)
    run_sql(db18, "create table added (id int primary key)")
    with read_only(project):
        done = run("build", "--dsn", db18, "-q", cwd=project)
        assert_failed(done, "cannot append to history file", READ_ONLY)
    assert files(project) == before
