"""The GitHub workflows: valid YAML, `schemadoc` commands the CLI accepts, and the
schema-diff job's own scripts run locally end to end (migrations, snapshot, diff)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import cli
from tests.helpers import REPO, psql_binary, run_sql, snapshot_of

WORKFLOWS = REPO / ".github" / "workflows"
SCHEMA_DIFF = WORKFLOWS / "schema-diff.yml"
DOCS = WORKFLOWS / "docs.yml"


def load(path: Path) -> dict[Any, Any]:
    """A workflow file as data (PyYAML reads the key `on` as True)."""
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict)
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(path: Path) -> list[dict[str, Any]]:
    """Every step of every job."""
    return [step for job in load(path)["jobs"].values() for step in job.get("steps", [])]


def step(path: Path, name: str) -> dict[str, Any]:
    """The step called `name`."""
    (found,) = [s for s in steps(path) if s.get("name") == name]
    return found


def schemadoc_commands(path: Path) -> list[list[str]]:
    """The argument lists of every `schemadoc ...` line in the workflow's scripts."""
    env = {k: str(v) for k, v in load(path).get("env", {}).items()}
    env["BASE_REF"] = "main"
    commands = []
    for s in steps(path):
        script = s.get("run", "").replace("\\\n", " ")
        for line in script.splitlines():
            words = line.strip()
            if not words.startswith("schemadoc "):
                continue
            expanded = re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), m.group(0)),
                              words)
            commands.append(shlex.split(expanded)[1:])
    return commands


def test_workflows_are_valid_yaml_with_the_expected_triggers() -> None:
    """schema-diff runs on pull requests, docs on pushes to main."""
    diff_flow, docs_flow = load(SCHEMA_DIFF), load(DOCS)
    assert "pull_request" in diff_flow["on"]
    assert docs_flow["on"]["push"]["branches"] == ["main"]
    job = diff_flow["jobs"]["schema-diff"]
    assert job["services"]["postgres"]["image"] == "postgres:16"
    checkout = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout")]
    assert checkout[0]["with"]["fetch-depth"] == 0
    assert diff_flow["permissions"]["pull-requests"] == "write"
    uses = [s.get("uses", "") for s in steps(DOCS)]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_comment_is_found_by_the_marker() -> None:
    """The comment step looks for the hidden marker the Markdown output starts with."""
    from generator.diff.render_markdown import MARKER

    script = step(SCHEMA_DIFF, "Create or update the comment")["with"]["script"]
    assert MARKER in script and "updateComment" in script and "createComment" in script


def test_fail_step_comes_after_the_comment() -> None:
    """The breaking-change gate runs last, so the comment is posted first."""
    names = [s.get("name") for s in steps(SCHEMA_DIFF)]
    assert names.index("Create or update the comment") < names.index("Fail on breaking changes")
    assert names[-1] == "Fail on breaking changes"


@pytest.mark.parametrize("path", [SCHEMA_DIFF, DOCS], ids=["schema-diff", "docs"])
def test_schemadoc_commands_parse(path: Path) -> None:
    """Every schemadoc command line in the workflows is accepted by the real CLI."""
    commands = schemadoc_commands(path)
    assert commands
    for args in commands:
        command = cli.commands[args[0]]
        command.make_context(args[0], args[1:])  # raises on an unknown option or value
    if path == SCHEMA_DIFF:
        assert ["diff", "origin/main:site_src/schema_map.json", "/tmp/new.json", "--format",
                "markdown", "--lint", "-o", "comment.md"] in commands


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # GitHub runs `run:` scripts with `bash -e`; PATH holds this venv, psql and git.
    path = os.pathsep.join([str(Path(sys.executable).parent),
                            str(Path(psql_binary()).parent), os.environ["PATH"]])
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, text=True,
                          capture_output=True, env={**os.environ, **env, "PATH": path},
                          timeout=300, check=False)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c",
                    "user.email=t@example.com", *args], check=True, capture_output=True)


def test_schema_diff_job_runs_locally(db: str, other_db: str, tmp_path: Path) -> None:
    """Base branch: one migration and its snapshot. Pull request: a migration dropping a
    column. The job's scripts apply both, snapshot, diff, comment, and fail the gate."""
    repo = tmp_path / "repo"
    (repo / "db" / "migrations").mkdir(parents=True)
    (repo / "site_src").mkdir()
    (repo / "db" / "migrations" / "001_init.sql").write_text(
        "create table customer (id int primary key, email text, phone text);\n")
    run_sql(db, (repo / "db" / "migrations" / "001_init.sql").read_text())
    from generator.snapshot import write_snapshot

    write_snapshot(repo / "site_src" / "schema_map.json", snapshot_of(db))
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    (repo / "db" / "migrations" / "002_drop_phone.sql").write_text(
        "alter table customer drop column phone;\n")

    new_json = tmp_path / "new.json"
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {k: str(v) for k, v in load(SCHEMA_DIFF)["env"].items()}
    env.update(BASE_REF="main", DATABASE_URL=other_db, GITHUB_OUTPUT=str(output),
               GITHUB_STEP_SUMMARY=str(summary))
    for name in ("Apply the schema", "Snapshot", "Diff against the base branch",
                 "Fail on breaking changes"):
        script = step(SCHEMA_DIFF, name)["run"].replace("/tmp/new.json", str(new_json))
        result = _bash(script, repo, env)
        if name == "Fail on breaking changes":
            assert result.returncode == 1, result.stdout + result.stderr
            assert "column public.customer.columns.phone: removed" in result.stdout
        else:
            assert result.returncode == 0, result.stdout + result.stderr
    comment = (repo / "comment.md").read_text("utf-8")
    assert comment.startswith("<!-- schemadoc:schema-diff -->")
    assert "💥 **1 breaking, 1 destructive** among 1 change." in comment
    assert "has_base=true" in output.read_text()
    assert "Schema diff" in summary.read_text()


def test_schema_diff_job_without_a_base_snapshot(tmp_path: Path) -> None:
    """No snapshot on the base branch yet: a comment that says how to start, no gate."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "README").write_text("x")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    env = {k: str(v) for k, v in load(SCHEMA_DIFF)["env"].items()}
    output = tmp_path / "output"
    env.update(BASE_REF="main", GITHUB_OUTPUT=str(output),
               GITHUB_STEP_SUMMARY=str(tmp_path / "summary"))
    result = _bash(step(SCHEMA_DIFF, "Diff against the base branch")["run"], repo, env)
    assert result.returncode == 0, result.stderr
    assert "has_base=false" in output.read_text()
    assert "No snapshot at `site_src/schema_map.json` on `main`" in (
        repo / "comment.md").read_text()


def test_diff_package_ships_with_pip_install() -> None:
    """The workflows run `pip install .`: the wheel must contain generator.diff."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert "generator.diff" in config["tool"]["setuptools"]["packages"]
