"""`build`, `lint` and `diff` find schemadoc.yml the same way: --config, else the one
beside the project's mkdocs.yml (from the starting folder upward, no higher than the
repository's root), else the starting folder's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config import find_config, project_folder
from generator.snapshot import write_snapshot
from tests.factories import seed_snapshot

TITLED = "title: Found\nlint:\n  rules:\n    no-primary-key: off\n"


def _project(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\ndocs_dir: site_src\n")
    (root / "schemadoc.yml").write_text(TITLED)
    (root / "db" / "migrations").mkdir(parents=True)
    write_snapshot(root / "schema_map.json", seed_snapshot())
    return root


def test_the_project_folder_is_where_mkdocs_yml_is(tmp_path: Path) -> None:
    """From any folder below it; never above the repository's root."""
    root = _project(tmp_path / "repo")
    assert project_folder(root / "db" / "migrations") == root.resolve()
    assert find_config(None, root / "db" / "migrations").title == "Found"
    (root / "mkdocs.yml").unlink()
    (tmp_path / "mkdocs.yml").write_text("site_name: outside\n")  # above .git: not ours
    assert project_folder(root / "db") == root / "db"
    assert find_config(None, root / "db").title is None


def test_lint_diff_and_build_read_the_same_file_from_a_subfolder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from db/migrations: lint, diff --lint and build all apply the root's file."""
    root = _project(tmp_path)
    snapshot = str(root / "schema_map.json")
    monkeypatch.chdir(root / "db" / "migrations")
    runner = CliRunner()
    lint = runner.invoke(cli, ["lint", "--snapshot", snapshot, "--format", "json"])
    assert "no-primary-key" not in {f["rule"] for f in json.loads(lint.stdout)["findings"]}
    plain = runner.invoke(cli, ["lint", "--snapshot", snapshot, "--format", "json",
                                "--config", str(tmp_path / "none.yml")])
    assert plain.exit_code == 2  # --config must exist
    diff = runner.invoke(cli, ["diff", snapshot, snapshot, "--lint", "--format", "json"])
    assert diff.exit_code == 0, diff.output
    build = runner.invoke(cli, ["build", "--snapshot", snapshot, "--site-dir",
                                str(root / "site_src"), "-q"])
    assert build.exit_code == 0, build.output
    overview = (root / "site_src" / "reference" / "index.md").read_text("utf-8")
    assert "# Found: schema reference" in overview
