"""The generated tree's journal, on disk states a killed build really leaves: an update
staged but not decided is discarded, one decided and half applied is finished, and
the temporary files of older versions are removed (they made the next build stop
with a FileNotFoundError traceback)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.commands.scaffold import scaffold
from generator.render.journal import STAGING, Staging, apply_order
from generator.snapshot import write_snapshot
from tests.factories import seed_snapshot
from tests.faults.processes import files, run, temporary_files
from tests.faults.sites import commented
from tests.render.site_check import mkdocs_build


def _project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A small site built from snapshot one; snapshot two changes every table page."""
    project = tmp_path / "project"
    scaffold(project, "Journal")
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    write_snapshot(one, seed_snapshot(), force=True)
    write_snapshot(two, commented(seed_snapshot(), "(revised)"), force=True)
    assert run("build", "--snapshot", str(one), "-q", cwd=project).code == 0
    return project, one, two


def _pages(project: Path) -> dict[str, str]:
    return files(project / "site_src" / "reference")


def _built(tmp_path: Path, snapshot: Path, name: str) -> dict[str, str]:
    """The pages a clean build of `snapshot` gives."""
    clean = tmp_path / name
    scaffold(clean, "Journal")
    assert run("build", "--snapshot", str(snapshot), "-q", cwd=clean).code == 0
    return _pages(clean)


def _stage_all(project: Path, reference: dict[str, str], source: Path) -> list[str]:
    """Stage, as a build does, the pages of a clean build of `source` that differ."""
    root = project / "site_src" / "reference"
    staging = Staging(root)
    changed = [page for page, digest in reference.items()
               if _pages(project).get(page) != digest and not page.startswith(".")]
    for page in changed:
        staging.add(page, (source / page).read_bytes())
    return apply_order([], changed)


def test_an_update_staged_but_not_decided_is_discarded(tmp_path: Path) -> None:
    """A staging folder without a journal (killed before its commit): the next build
    removes it; the pages it builds are those of its own snapshot."""
    project, one, two = _project(tmp_path)
    before = _pages(project)
    wanted = _built(tmp_path, two, "clean")
    order = _stage_all(project, wanted, tmp_path / "clean" / "site_src" / "reference")
    assert order and (project / "site_src" / "reference" / STAGING).is_dir()
    assert {k: v for k, v in _pages(project).items() if not k.startswith(STAGING)} == before

    done = run("build", "--snapshot", str(one), "-q", cwd=project)
    assert done.code == 0, done.output
    assert "changed 0, removed 0" in done.stdout
    assert _pages(project) == before


def test_an_update_decided_and_half_applied_is_finished(tmp_path: Path) -> None:
    """The journal was written and half the pages were moved in when the build was
    killed: the next build moves the rest in first (so the site is the new one,
    whole), then makes its own changes."""
    project, one, two = _project(tmp_path)
    wanted = _built(tmp_path, two, "clean")
    root = project / "site_src" / "reference"
    order = _stage_all(project, wanted, tmp_path / "clean" / "site_src" / "reference")
    journal = {"version": 1, "write": order, "remove": []}
    (root / STAGING / "journal.json").write_text(json.dumps(journal))
    for page in order[: len(order) // 2]:  # as far as the killed run got
        os.replace(root / STAGING / "pages" / page, root / page)

    done = run("build", "--snapshot", str(two), "-q", cwd=project)
    assert done.code == 0, done.output
    assert f"changed 0, removed 0, unchanged {len(wanted) - 1}" in done.stdout
    assert _pages(project) == wanted
    assert temporary_files(project) == []


def test_temporary_files_of_older_versions_are_removed(tmp_path: Path) -> None:
    """`.NAME.md.tmp` files an older schemadoc left beside pages (one beside a page the
    build rewrites, one beside nothing) go, and the build completes."""
    project, one, two = _project(tmp_path)
    root = project / "site_src" / "reference"
    page = next(p for p in root.rglob("*.md") if p.parent != root)
    leftovers = [page.with_name(f".{page.name}.tmp"), root / ".t123.md.tmp",
                 root / ".schemadoc-generated.tmp"]
    for leftover in leftovers:
        leftover.write_text("half a page")
    done = run("build", "--snapshot", str(two), "-q", cwd=project)
    assert done.code == 0, done.output
    assert "Traceback" not in done.output
    assert not any(leftover.exists() for leftover in leftovers)
    assert temporary_files(project) == []
    mkdocs_build(project)
