"""`schemadoc diff` as a user runs it: sources, formats, output file and exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.snapshot import write_snapshot
from tests.helpers import run_sql, snapshot_of

SETUP = """
create schema app;
create table app.company (id int primary key, name text, code text);
"""


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """`schemadoc diff ARGS`."""
    return CliRunner().invoke(cli, ["diff", *args], env=env)


def error_line(result: Result) -> str:
    """The single `schemadoc: error:` line of a failed run (exit code 2)."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("schemadoc: error: ")
    return lines[0]


@pytest.fixture
def snapshots(db: str, tmp_path: Path) -> tuple[Path, Path, Path]:
    """Three snapshot files: before, after an additive change, after a breaking one."""
    run_sql(db, SETUP)
    paths = [tmp_path / name for name in ("old.json", "additive.json", "breaking.json")]
    write_snapshot(paths[0], snapshot_of(db))
    run_sql(db, "alter table app.company add column email text")
    write_snapshot(paths[1], snapshot_of(db))
    run_sql(db, "alter table app.company drop column code")
    write_snapshot(paths[2], snapshot_of(db))
    return paths[0], paths[1], paths[2]


def test_no_change_exits_0(snapshots: tuple[Path, Path, Path]) -> None:
    """The same file twice: `no structural changes`, exit 0, even with --fail-on any."""
    old = str(snapshots[0])
    result = run(old, old, "--fail-on", "any")
    assert result.exit_code == 0, result.output
    assert "no structural changes" in result.output


def test_changes_exit_0_by_default(snapshots: tuple[Path, Path, Path]) -> None:
    """Breaking changes alone do not fail the command unless asked."""
    result = run(str(snapshots[0]), str(snapshots[2]))
    assert result.exit_code == 0, result.output
    assert "- column app.company.columns.code: removed" in result.output
    assert "[breaking, destructive]" in result.output


def test_fail_on_breaking(snapshots: tuple[Path, Path, Path]) -> None:
    """--fail-on breaking: exit 1 for a dropped column, 0 for an added one."""
    old, additive, breaking = map(str, snapshots)
    assert run(old, breaking, "--fail-on", "breaking").exit_code == 1
    assert run(old, additive, "--fail-on", "breaking").exit_code == 0


def test_fail_on_any(snapshots: tuple[Path, Path, Path]) -> None:
    """--fail-on any: exit 1 for any structural change, additive included."""
    old, additive, _ = map(str, snapshots)
    assert run(old, additive, "--fail-on", "any").exit_code == 1


def test_json_format(snapshots: tuple[Path, Path, Path]) -> None:
    """--format json: schemadoc-diff/1 with summary counts and the change itself."""
    result = run(str(snapshots[0]), str(snapshots[2]), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "schemadoc-diff/1"
    assert data["old"]["source"] == str(snapshots[0])
    assert data["summary"]["changes"] == 2
    assert data["summary"]["breaking"] == 1 and data["summary"]["additive"] == 1
    removed = [c for c in data["changes"] if c["action"] == "removed"][0]
    assert removed["path"] == "app.company.columns.code"
    assert removed["classes"] == ["breaking", "destructive"]
    assert removed["before"]["type"] == "text"


def test_markdown_to_file(snapshots: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """--format markdown -o FILE writes the comment and says so on stderr."""
    out = tmp_path / "comment.md"
    result = run(str(snapshots[0]), str(snapshots[2]), "--format", "markdown", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"wrote {out}" in result.stderr
    text = out.read_text("utf-8")
    assert text.startswith("<!-- schemadoc:schema-diff -->")
    assert "💥 **1 breaking, 1 destructive** among 2 changes." in text


def test_database_sources(db: str, snapshots: tuple[Path, Path, Path]) -> None:
    """A DSN is snapshotted live, and `-` means DATABASE_URL."""
    result = run(str(snapshots[2]), db, "--fail-on", "any")
    assert result.exit_code == 0, result.output
    result = run(str(snapshots[0]), "-", "--fail-on", "breaking", env={"DATABASE_URL": db})
    assert result.exit_code == 1, result.output


def test_git_revision_source(snapshots: tuple[Path, Path, Path], tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """GITREV:path reads the file as committed."""
    repo = _git_repo(tmp_path / "repo", snapshots[0])
    monkeypatch.chdir(repo)
    result = run("HEAD:site_src/schema_map.json", str(snapshots[2]), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["old"]["source"] == "HEAD:site_src/schema_map.json"


def _git_repo(path: Path, snapshot: Path) -> Path:
    (path / "site_src").mkdir(parents=True)
    (path / "site_src" / "schema_map.json").write_bytes(snapshot.read_bytes())
    git = ["git", "-C", str(path), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], check=True)
    return path


def test_bad_file_exits_2(tmp_path: Path, snapshots: tuple[Path, Path, Path]) -> None:
    """A missing file, or one that is not a snapshot: one line, exit 2."""
    assert "no such snapshot file" in error_line(run(str(tmp_path / "nope.json"),
                                                     str(snapshots[0])))
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    assert "not valid JSON" in error_line(run(str(junk), str(snapshots[0])))


def test_bad_git_revision_exits_2(snapshots: tuple[Path, Path, Path], tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown revision or path names itself and git's reason."""
    monkeypatch.chdir(_git_repo(tmp_path / "repo", snapshots[0]))
    line = error_line(run("no-such-branch:site_src/schema_map.json", str(snapshots[0])))
    assert "cannot read no-such-branch:site_src/schema_map.json from git" in line


def test_missing_git_exits_2(snapshots: tuple[Path, Path, Path]) -> None:
    """Without git on PATH, GITREV:path says git is needed."""
    line = error_line(run("main:schema_map.json", str(snapshots[0]), env={"PATH": "/nonexistent"}))
    assert "git is not installed" in line


def test_unreachable_database_exits_2(snapshots: tuple[Path, Path, Path]) -> None:
    """A database that does not answer: one line, no password, exit 2."""
    dsn = "postgresql://me:s3cret@127.0.0.1:1/nowhere"
    line = error_line(run(str(snapshots[0]), dsn, "--connect-timeout", "1"))
    assert "s3cret" not in line


def test_dash_without_database_url_exits_2(snapshots: tuple[Path, Path, Path]) -> None:
    """`-` needs DATABASE_URL."""
    line = error_line(run(str(snapshots[0]), "-", env={"DATABASE_URL": ""}))
    assert "DATABASE_URL" in line
