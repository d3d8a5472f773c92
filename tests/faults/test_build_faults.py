"""`schemadoc build` of a 3,000-table site (3,425 pages) stopped by real signals while
it draws diagrams and while it writes pages, and killed outright (SIGKILL) while it
stages and while it applies an update. The site is always either the previous one,
byte for byte, or the new one complete; `mkdocs build --strict` still passes; no
temporary file and no `dot` process is left; the next build finishes the job."""

from __future__ import annotations

import shutil
import signal
import subprocess
from pathlib import Path

import psutil
import pytest

from generator.runtime.forked import default_workers
from tests.faults.conftest import Synthetic, copy_project
from tests.faults.processes import (
    assert_failed,
    assert_interrupted,
    child_named,
    descendants,
    files,
    finish,
    interrupt,
    run,
    start,
    still_running,
    temporary_files,
    wait_until,
)
from tests.render.site_check import mkdocs_build

pytestmark = pytest.mark.slow

STAGING = Path("site_src") / "reference" / ".schemadoc-staging"
JOURNAL = STAGING / "journal.json"
ALL_CHANGED = "pages added 0, changed 3041, removed 0, unchanged 384"


@pytest.fixture
def project(synthetic: Synthetic, tmp_path: Path) -> Path:
    """The site built from the first snapshot, ready to be rebuilt from the second."""
    return copy_project(synthetic.project, tmp_path / "project")


def _reference(project: Path) -> dict[str, str]:
    return files(project / "site_src" / "reference")


def test_signal_while_diagrams_are_drawn(synthetic: Synthetic, project: Path) -> None:
    """`dot` is running (the cache was deleted): the signal kills it at once, and
    nothing is written, neither pages nor half a cached diagram."""
    shutil.rmtree(project / ".schemadoc" / "diagram-cache")
    before = _reference(project)
    proc = start("build", "--snapshot", str(synthetic.second), "-q", cwd=project)
    wait_until(proc, lambda: child_named(proc, "dot"), "a dot process was drawing")
    ended = interrupt(proc, signal.SIGTERM)  # checks that every dot went with it
    assert_interrupted(ended, signal.SIGTERM)
    assert _reference(project) == before
    assert temporary_files(project) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM],
                         ids=lambda s: signal.Signals(s).name)
def test_signal_while_pages_are_written(
    synthetic: Synthetic, project: Path, signum: int
) -> None:
    """New pages are being staged: the site stays the previous one, byte for byte
    (so the overview never describes a database whose pages are missing), and the
    next build writes the new one whole."""
    before = _reference(project)
    proc = start("build", "--snapshot", str(synthetic.second), "-q", cwd=project)
    wait_until(proc, lambda: (project / STAGING).exists(), "pages were being written")
    assert_interrupted(interrupt(proc, signum), signum)
    assert _reference(project) == before
    assert temporary_files(project) == []
    if signum == signal.SIGINT:  # once: 50 s for 3,425 pages
        mkdocs_build(project)

    again = run("build", "--snapshot", str(synthetic.second), "-q", cwd=project)
    assert again.code == 0, again.output
    assert ALL_CHANGED in again.stdout


def test_killed_while_staging_the_next_build_discards_the_staged_pages(
    synthetic: Synthetic, project: Path
) -> None:
    """SIGKILL while pages are staged: no page was touched (only the staging folder,
    which MkDocs ignores, is left); the next build removes it and builds."""
    before = _reference(project)
    proc = start("build", "--snapshot", str(synthetic.second), "-q", cwd=project)
    wait_until(proc, lambda: (project / STAGING).exists(), "pages were being written")
    proc.kill()
    proc.wait()
    assert (project / STAGING).exists()
    left = _reference(project)
    assert {k: v for k, v in left.items() if not k.startswith(".schemadoc-staging/")} == before

    again = run("build", "--snapshot", str(synthetic.second), "-q", cwd=project)
    assert again.code == 0, again.output
    assert ALL_CHANGED in again.stdout
    assert temporary_files(project) == []


def _page_worker(proc: subprocess.Popen[str]) -> psutil.Process | None:
    """A process forked to render pages (runtime.forked): a child that runs schemadoc's
    own command line (`dot` runs its own)."""
    try:
        command = psutil.Process(proc.pid).cmdline()
    except psutil.Error:
        return None
    for child in descendants(proc):
        try:
            if child.cmdline() == command:
                return child
        except psutil.Error:
            continue
    return None


@pytest.mark.skipif(default_workers() < 2, reason="one core: pages are rendered in-process")
def test_a_worker_killed_while_pages_are_written_fails_the_build_in_one_line(
    synthetic: Synthetic, project: Path
) -> None:
    """The OOM killer takes a process rendering pages: the build says so in one line
    (exit 2), the site stays the previous one byte for byte, and nothing is left."""
    before = _reference(project)
    proc = start("build", "--snapshot", str(synthetic.second), "-q", cwd=project)
    wait_until(proc, lambda: (project / STAGING).exists(), "pages were being written")
    worker = wait_until(proc, lambda: _page_worker(proc), "a worker was rendering pages")
    assert isinstance(worker, psutil.Process)
    children = descendants(proc)
    worker.kill()
    assert_failed(finish(proc), "a worker process was killed by SIGKILL (out of memory?)")
    assert still_running(children) == [], "the other workers outlived the build"
    assert _reference(project) == before
    assert temporary_files(project) == []


def _kill_while_applying(synthetic: Synthetic, project: Path) -> bool:
    """Freeze the build (SIGSTOP) as soon as its journal is written, then kill it;
    True when it was caught with the update decided and not finished."""
    proc = start("build", "--snapshot", str(synthetic.second), "-q", cwd=project)
    wait_until(proc, lambda: (project / JOURNAL).exists(), "the journal was written")
    proc.send_signal(signal.SIGSTOP)
    caught = (project / JOURNAL).exists()
    proc.kill()
    proc.wait()
    return caught


def test_killed_while_applying_the_next_build_finishes_the_update(
    synthetic: Synthetic, project: Path
) -> None:
    """SIGKILL after the journal was written, pages half moved in: the next build
    first finishes that update, then makes its own; here it builds the first snapshot
    again, and the site ends exactly as it was before."""
    before = _reference(project)
    for _attempt in range(5):
        if _kill_while_applying(synthetic, project):
            break
        # Finished before it could be frozen: go back to the first site and try again.
        assert run("build", "--snapshot", str(synthetic.first), "-q", cwd=project).code == 0
    else:
        raise AssertionError("the build always finished before it could be frozen")

    again = run("build", "--snapshot", str(synthetic.first), "-q", cwd=project)
    assert again.code == 0, again.output
    assert ALL_CHANGED in again.stdout  # the second snapshot's pages were all moved in
    assert _reference(project) == before
    assert temporary_files(project) == []
