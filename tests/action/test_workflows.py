"""action.yml and the example workflows: actionlint passes (and would catch a wrong
input, since it reads action.yml for `uses: ./`), action.yml refers only to inputs it
declares, and the schema-diff workflow's own `with:` runs locally end to end."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import __version__
from generator.render.pr_comment import MARKER
from tests.action.conftest import (
    NUMBER,
    REPOSITORY,
    TOKEN,
    WORKFLOWS,
    pull_request_event,
    pull_request_repo,
    workflow_inputs,
)
from tests.action.github_api import github_stand_in
from tests.action.runner import ACTION, LocalRunner, load_action
from tests.diff.conftest import fresh_database
from tests.helpers import REPO, Server

ACTIONLINT = Path(sys.executable).parent / "actionlint"


def actionlint(cwd: Path) -> subprocess.CompletedProcess[str]:
    if not ACTIONLINT.exists():
        pytest.skip("actionlint is not installed (pip install -e '.[dev]')")
    return subprocess.run([str(ACTIONLINT), "-color=false"], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


def test_actionlint_passes_on_the_workflows_and_the_action() -> None:
    result = actionlint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reads_the_action_for_local_uses(tmp_path: Path) -> None:
    """The check above can fail: a misspelt input of `uses: ./` is reported."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(ACTION, tmp_path / "action.yml")
    text = (WORKFLOWS / "docs.yml").read_text("utf-8").replace("mode: site", "mdoe: site")
    (tmp_path / ".github" / "workflows" / "docs.yml").write_text(text, "utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = actionlint(tmp_path)
    assert result.returncode == 1
    assert 'input "mdoe" is not defined in action "schemadoc"' in result.stdout


def test_action_refers_only_to_declared_inputs_and_uses_them_all() -> None:
    """actionlint does not check expressions inside action.yml: every `inputs.x` is
    declared, every input is passed on, as INPUT_X (the name the Python reads)."""
    action = load_action()
    declared = set(action["inputs"])
    text = ACTION.read_text("utf-8")
    referenced = set(re.findall(r"inputs\.([\w-]+)", text))
    assert referenced == declared
    (run,) = [s for s in action["runs"]["steps"] if s.get("id") == "run"]
    passed = {k: v for k, v in run["env"].items() if k.startswith("INPUT_")}
    assert {k: v for k, v in passed.items()} == {
        "INPUT_" + name.upper().replace("-", "_"): f"${{{{ inputs.{name} }}}}"
        for name in declared - {"python-version", "working-directory"}}
    assert all(spec.get("description") for spec in action["inputs"].values())
    assert all(spec.get("description") for spec in action["outputs"].values())


def test_comment_marker_is_the_one_schemadoc_diff_writes() -> None:
    from schemadoc_action.comment import MARKER as ACTION_MARKER

    assert ACTION_MARKER == MARKER


def test_workflows_are_short_and_use_the_action() -> None:
    """Triggers, permissions, the PostgreSQL service and Pages upload around `uses: ./`."""
    diff_flow = yaml.safe_load((WORKFLOWS / "schema-diff.yml").read_text("utf-8"))
    docs_flow = yaml.safe_load((WORKFLOWS / "docs.yml").read_text("utf-8"))
    assert "pull_request" in diff_flow[True]  # PyYAML reads the key `on` as True
    assert docs_flow[True]["push"]["branches"] == ["main"]
    assert diff_flow["permissions"]["pull-requests"] == "write"
    job = diff_flow["jobs"]["schema-diff"]
    assert job["services"]["postgres"]["image"].startswith("postgres:")
    build = docs_flow["jobs"]["build"]["steps"]
    (upload,) = [s for s in build if s.get("uses", "").startswith(
        "actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "${{ steps.docs.outputs.site-path }}"
    for path in WORKFLOWS.glob("*.yml"):
        assert len(path.read_text("utf-8").splitlines()) < 60, f"{path.name} is long"


def test_schema_diff_workflow_runs_locally(server: Server, db: str, runner_temp: Path,
                                          tmp_path: Path) -> None:
    """schema-diff.yml's own inputs (the service's URL swapped for a test database), in a
    repository where the project sits in examples/shop as here."""
    inputs = workflow_inputs("schema-diff.yml")
    repo = pull_request_repo(tmp_path, db, under=inputs["working-directory"])
    repo.commit(f"{inputs['working-directory']}/db/migrations/003_customer_phone.sql",
                "alter table customer add column phone text;\n")
    with github_stand_in(TOKEN) as github, fresh_database(server.dsn) as database:
        runner = LocalRunner(repo.workspace, runner_temp, github={
            "base_ref": "main", "token": TOKEN, "repository": REPOSITORY,
            "api_url": github.url})
        run = runner.run({**inputs, "database-url": database}, pull_request_event())
    assert run.returncode == 0, run.log
    (post,) = github.writes()
    assert post.path == f"/repos/{REPOSITORY}/issues/{NUMBER}/comments"
    assert post.body and "phone" in post.body["body"]
    assert "comparing origin/main:examples/shop/site_src/schema_map.json with " in run.log


README = (REPO / "README.md").read_text("utf-8")
SECTION = README[README.index("## In a team's repository: the GitHub Action"):]
SECTION = SECTION[:SECTION.index("\n## ", 1)]


def _table(first_column: str) -> dict[str, list[str]]:
    """The README table whose header starts with `first_column`: names -> other cells."""
    start = SECTION.index(f"| {first_column} |")
    rows = SECTION[start:].split("\n\n", 1)[0].splitlines()[2:]
    table = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        for name in re.findall(r"`([\w-]+)`", cells[0]):
            table[name] = cells[1:]
    return table


def test_readme_lists_every_input_with_its_default() -> None:
    inputs = load_action()["inputs"]
    table = _table("input")
    assert list(table) == list(inputs)
    for name, spec in inputs.items():
        default = str(spec.get("default", ""))
        if default and "${{" not in default:
            assert table[name][0] == f"`{default}`", name


def test_readme_lists_every_output() -> None:
    assert set(_table("output")) == set(load_action()["outputs"])


def test_readme_pins_this_version() -> None:
    """Every `OWNER/schemadoc@vX` and the install line name the version being released."""
    pins = set(re.findall(r"schemadoc@(v[\w.]+)", README))
    assert pins == {f"v{__version__}"}
    assert f"dist/schemadoc-{__version__}-py3-none-any.whl" in README


def test_readme_workflows_pass_actionlint(tmp_path: Path) -> None:
    """The workflows the README shows are valid, and pass only inputs action.yml has."""
    blocks = re.findall(r"```yaml\n(.*?)```", SECTION, re.S)
    workflows = [b for b in blocks if b.startswith("name:")]
    assert len(workflows) == 2
    declared = set(load_action()["inputs"])
    for block in blocks:
        for step in re.findall(r"uses: OWNER/schemadoc@\S+\n((?:\s{8,}.*\n)*)", block):
            keys = set(re.findall(r"^\s+([\w-]+):", step, re.M)) - {"with", "id"}
            assert keys <= declared, keys - declared
    for number, text in enumerate(workflows):
        path = tmp_path / f"readme{number}.yml"
        path.write_text(text, "utf-8")
        if not ACTIONLINT.exists():
            pytest.skip("actionlint is not installed (pip install -e '.[dev]')")
        result = subprocess.run([str(ACTIONLINT), "-color=false", str(path)],
                                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stdout
