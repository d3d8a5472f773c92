"""Leftovers and races: what a killed run left in the diagram cache is removed, the
folders MkDocs builds into are put right, and two builds of one docs folder at once
run one after the other instead of mixing their pages."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.commands.built_site import staged_site
from tests.faults.processes import files, finish, run, start, temporary_files
from tests.faults.sites import small_site


def test_cache_leftovers_are_removed(tmp_path: Path) -> None:
    """A temporary SVG of a killed run (in the cache's `.tmp/`) goes with the next
    build that draws a diagram."""
    site = small_site(tmp_path / "made")
    cache = site.project / ".schemadoc" / "diagram-cache"
    shutil.rmtree(cache)
    (cache / ".tmp").mkdir(parents=True)
    leftover = cache / ".tmp" / ".k1ll3d.svg"
    leftover.write_text("<svg half")
    site.build(site.two)
    assert not leftover.exists()
    assert temporary_files(site.project) == []


def test_two_builds_at_once_run_one_after_the_other(tmp_path: Path) -> None:
    """Two builds of one docs folder from different snapshots: both succeed, and the
    pages are those of one of them, whole (never a mix)."""
    site = small_site(tmp_path / "made")
    expected = {}
    for name, snapshot in (("one", site.one), ("two", site.two)):
        clean = tmp_path / name
        shutil.copytree(site.project, clean)
        assert run("build", "--snapshot", str(snapshot), "-q", cwd=clean).code == 0
        expected[name] = clean / "site_src" / "reference"
    first = start("build", "--snapshot", str(site.two), "-q", cwd=site.project)
    second = start("build", "--snapshot", str(site.one), "-q", cwd=site.project)
    ended = [finish(first), finish(second)]
    assert [e.code for e in ended] == [0, 0], [e.output for e in ended]
    assert all("Traceback" not in e.output for e in ended)
    assert site.pages() in (files(expected["one"]), files(expected["two"]))
    assert temporary_files(site.project) == []


def test_a_site_swap_cut_short_is_put_right(tmp_path: Path) -> None:
    """Killed between the two renames of a site swap: `site` is missing and
    `.site.old` holds it; the next build puts it back before anything else, and
    removes a half-built `.site.building`."""
    target = tmp_path / "site"
    old, building = tmp_path / ".site.old", tmp_path / ".site.building"
    old.mkdir()
    (old / "index.html").write_text("the previous site")
    building.mkdir()
    (building / "half.html").write_text("half")
    with staged_site(target) as folder:
        assert folder == building and not building.exists()
        assert (target / "index.html").read_text() == "the previous site"
        folder.mkdir()
        (folder / "index.html").write_text("the new site")
    assert (target / "index.html").read_text() == "the new site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
