"""Mode site: the action installs schemadoc from its own checkout into a virtual
environment of its own, renders the committed snapshot and builds the site with
`mkdocs build --strict`, for actions/upload-pages-artifact."""

from __future__ import annotations

import json
from pathlib import Path

from generator import __version__
from tests.action.runner import ActionRun, LocalRunner
from tests.helpers import REPO


def test_site_is_built_from_the_committed_snapshot(site_run: tuple[Path, ActionRun]) -> None:
    workspace, run = site_run
    assert run.returncode == 0, run.log
    assert run.skipped == ["Set up Python"]  # actions/setup-python: the test's Python
    site = workspace / "examples" / "shop" / "site"
    assert run.outputs["site-path"] == str(site)
    snapshot = json.loads(
        (workspace / "examples" / "shop" / "site_src" / "schema_map.json").read_text())
    for table in snapshot["schemas"]["public"]["tables"]:
        pages = list((site / "reference" / "public").glob(f"{table.strip(chr(34))}*/index.html"))
        assert pages, f"no page for table {table} in {site}"
    overview = (site / "reference" / "index.html").read_text("utf-8")
    assert "order_line" in overview and "One row per person who can place an order." in (
        site / "reference" / "public" / "customer" / "index.html").read_text("utf-8")
    assert not run.errors


def test_schemadoc_comes_from_the_actions_checkout(site_run: tuple[Path, ActionRun],
                                                   shared_runner_temp: Path) -> None:
    """The version the workflow pins: the checkout at github.action_path, installed into
    RUNNER_TEMP/schemadoc-venv, not the job's Python."""
    _, run = site_run
    assert f"Install schemadoc from {REPO}" in run.log
    assert f"schemadoc, version {__version__}" in run.log
    venv = shared_runner_temp / "schemadoc-venv"
    installed = list((venv / "lib").glob("python3*/site-packages/generator/__init__.py"))
    assert installed, "schemadoc is not installed in the action's virtual environment"


def test_second_use_in_the_job_reuses_the_installation(runner_temp: Path,
                                                       tmp_path: Path) -> None:
    """A second run in the same RUNNER_TEMP installs nothing; a broken mkdocs.yml fails
    the step with mkdocs' own last line of error."""
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / "mkdocs.yml").write_text("site_name: x\ndocs_dir: site_src\nnav: [missing.md]\n")
    (shop / "site_src").mkdir()
    snapshot = REPO / "examples" / "shop" / "site_src" / "schema_map.json"
    (shop / "site_src" / "schema_map.json").write_bytes(snapshot.read_bytes())
    run = LocalRunner(tmp_path, runner_temp).run({"mode": "site", "working-directory": "shop"})
    assert "is installed in" in run.log and "Install schemadoc from" not in run.log
    assert run.returncode == 2
    (error,) = run.errors
    assert error.startswith("::error::mkdocs build --strict failed: "), run.log
    assert "'missing.md' is included in the 'nav' configuration" in error
