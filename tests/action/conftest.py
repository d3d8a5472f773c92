"""Fixtures for running the action locally: the example team repository as a pull
request (a bare `origin`, a shallow checkout of the head branch), an installed schemadoc
shared by the session, and the runner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.snapshot import write_snapshot
from tests.action.runner import ActionRun, LocalRunner
from tests.helpers import REPO, psql_file, snapshot_of

EXAMPLE = REPO / "examples" / "shop"
WORKFLOWS = REPO / ".github" / "workflows"
TOKEN = "ghs_test_token"
REPOSITORY = "acme/shop"
NUMBER = 7


def pull_request_event(head_repository: str = REPOSITORY) -> dict[str, Any]:
    """The pull_request event payload, as far as the action reads it."""
    return {"pull_request": {"number": NUMBER, "base": {"ref": "main"},
                             "head": {"ref": "feature", "repo": {"full_name": head_repository}}}}


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` as a test author."""
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c",
                           "user.email=t@example.com", "-c", "init.defaultBranch=main", *args],
                          check=True, capture_output=True, text=True).stdout


@dataclass
class PullRequestRepo:
    """A shallow checkout of a pull request's branch whose `origin` holds `main`."""

    workspace: Path
    origin: Path

    def commit(self, path: str, text: str) -> None:
        """Add or change a file on the pull request's branch."""
        target = self.workspace / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        git(self.workspace, "add", path)
        git(self.workspace, "commit", "-q", "-m", f"change {path}")


def pull_request_repo(tmp_path: Path, db: str | None, under: str = ".") -> PullRequestRepo:
    """examples/shop (at `under` in the repository) on `main` with the snapshot of `db`
    after its migrations (no snapshot when `db` is None), then a checkout of a new branch
    as actions/checkout leaves it: one commit deep, without origin/main."""
    seed = tmp_path / "seed"
    shop = seed / under
    shutil.copytree(EXAMPLE, shop, ignore=shutil.ignore_patterns("reference", "site"))
    (shop / "site_src" / "schema_map.json").unlink()
    if db is not None:
        for migration in sorted((shop / "db" / "migrations").glob("*.sql")):
            psql_file(db, migration)
        write_snapshot(shop / "site_src" / "schema_map.json", snapshot_of(db))
    git(seed, "init", "-q")
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "base")
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(seed), str(origin)], check=True)
    workspace = tmp_path / "workspace"
    subprocess.run(["git", "clone", "-q", "--depth=1", f"file://{origin}", str(workspace)],
                   check=True)
    git(workspace, "update-ref", "-d", "refs/remotes/origin/main")
    git(workspace, "checkout", "-q", "-b", "feature")
    return PullRequestRepo(workspace, origin)


@pytest.fixture(scope="session")
def shared_runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RUNNER_TEMP of the session's first run, which installs schemadoc."""
    return tmp_path_factory.mktemp("runner-temp")


def workflow_inputs(name: str) -> dict[str, str]:
    """The `with:` of the step that uses this action (`uses: ./`) in a workflow."""
    workflow = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    (step,) = [s for job in workflow["jobs"].values() for s in job.get("steps", [])
               if s.get("uses") == "./"]
    return {key: str(value) for key, value in step.get("with", {}).items()}


@pytest.fixture(scope="session")
def site_run(shared_runner_temp: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, ActionRun]:
    """The action as docs.yml uses it (mode site, examples/shop), in a copy of
    examples/shop. As the session's first run it creates the virtual environment and
    installs schemadoc."""
    workspace = tmp_path_factory.mktemp("site-workspace")
    shutil.copytree(EXAMPLE, workspace / "examples" / "shop",
                    ignore=shutil.ignore_patterns("reference", "site"))
    run = LocalRunner(workspace, shared_runner_temp).run(workflow_inputs("docs.yml"))
    return workspace, run


@pytest.fixture
def runner_temp(site_run: tuple[Path, ActionRun], shared_runner_temp: Path,
                tmp_path: Path) -> Path:
    """A new RUNNER_TEMP that already holds the installed schemadoc, as a second use of
    the action in the same job finds it."""
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    (temp / "schemadoc-venv").symlink_to(shared_runner_temp / "schemadoc-venv")
    return temp


# The action's own package, as action.yml runs it (PYTHONPATH=action).
sys.path.insert(0, str(REPO / "action"))
