"""A disk that fills up (a real tmpfs of a few megabytes) under each writer: the page
writer, the diagram cache, the snapshot and the history file. Each run ends with one
line saying what could not be written, where and why (exit 2); everything written
before stays as it was, byte for byte; no temporary file is left."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tests.faults.conftest import copy_project
from tests.faults.processes import assert_failed, files, run, temporary_files
from tests.faults.sites import fill, small_site
from tests.helpers import run_sql
from tests.render.site_check import mkdocs_build

NO_SPACE = "No space left on device"

Disk = Callable[[str], Path]


def test_pages_on_a_full_disk(small_disk: Disk, tmp_path: Path) -> None:
    """Room for a few of the new pages, not all: the site stays the previous one (the
    overview never describes a database whose pages are missing) and still builds."""
    site = small_site(tmp_path / "made")
    disk = small_disk("16m")
    copy_project(site.project, disk / "project", links=False)
    project = disk / "project"
    before = files(project / "site_src" / "reference")
    filler = fill(disk, leave=64 << 10)
    done = run("build", "--snapshot", str(site.two), "-q", cwd=project)
    assert_failed(done, "cannot write pages to", str(Path("site_src") / "reference"), NO_SPACE,
                  "pages are unchanged")
    assert files(project / "site_src" / "reference") == before
    assert temporary_files(project) == []
    filler.unlink()
    mkdocs_build(project)


def test_diagram_cache_on_a_full_disk(small_disk: Disk, tmp_path: Path) -> None:
    """New diagrams cannot be cached: nothing is written, the pages included."""
    site = small_site(tmp_path / "made")
    disk = small_disk("16m")
    project = copy_project(site.project, disk / "project", links=False)
    shutil.rmtree(project / ".schemadoc" / "diagram-cache")
    before = files(project / "site_src" / "reference")
    fill(disk)
    done = run("build", "--snapshot", str(site.two), "-q", cwd=project)
    assert_failed(done, "cannot write the diagram cache in", NO_SPACE)
    assert files(project / "site_src" / "reference") == before
    assert temporary_files(project) == []


def test_snapshot_on_a_full_disk(small_disk: Disk, db18: str) -> None:
    """The previous snapshot stays whole; the partial new one is removed."""
    disk = small_disk("4m")
    path = disk / "schema_map.json"
    assert run("snapshot", "--dsn", db18, "-o", str(path), "-q").code == 0
    before = path.read_bytes()
    run_sql(db18, "create table grown (id int primary key, note text); "
                  "comment on table grown is '" + "x" * 100_000 + "'")
    fill(disk, leave=8 << 10)
    done = run("snapshot", "--dsn", db18, "-o", str(path), "-q")
    assert_failed(done, f"cannot write {path}", NO_SPACE, "previous file is unchanged")
    assert path.read_bytes() == before
    assert temporary_files(disk) == []


def test_history_on_a_full_disk(small_disk: Disk, db18: str) -> None:
    """`build --dsn` after a change appends to the history first: the append fails
    whole (a cut line would make the file unreadable), and nothing else is written."""
    disk = small_disk("16m")
    project = disk / "project"
    assert run("init", str(project)).code == 0
    assert run("build", "--dsn", db18, "-q", cwd=project).code == 0
    history = project / "site_src" / "schema_history.jsonl"
    before = files(project / "site_src")
    run_sql(db18, "create table added (id int primary key); "
                  "comment on table added is '" + "y" * 50_000 + "'")
    fill(disk, leave=4 << 10)
    done = run("build", "--dsn", db18, "-q", cwd=project)
    assert_failed(done, f"cannot append to history file {history.relative_to(project)}",
                  NO_SPACE, "file is unchanged")
    assert files(project / "site_src") == before
    assert temporary_files(project) == []
