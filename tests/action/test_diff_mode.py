"""Mode diff, end to end on this machine: a pull request's migrations applied by psql to
a real PostgreSQL, its snapshot diffed against the one committed on `main` (fetched into
a shallow checkout), and the sticky comment posted over HTTP to a stand-in for GitHub's
API: created once, edited on the next run, the job summary on forks and read-only
tokens, and a failing step on a breaking change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.render.pr_comment import MARKER
from generator.snapshot import write_snapshot
from tests.action.conftest import (
    NUMBER,
    REPOSITORY,
    TOKEN,
    PullRequestRepo,
    git,
    pull_request_event,
    pull_request_repo,
)
from tests.action.github_api import GitHubStandIn, github_stand_in
from tests.action.runner import ActionRun, LocalRunner
from tests.diff.conftest import fresh_database
from tests.helpers import Server, run_sql, snapshot_of

MIGRATIONS = {"migrations": "db/migrations/*.sql"}
ADD_PHONE = "alter table customer add column phone text;\n"
DROP_NAME = "alter table customer drop column name;\n"


@pytest.fixture
def github() -> Iterator[GitHubStandIn]:
    with github_stand_in(TOKEN) as server:
        yield server


def run_action(repo: PullRequestRepo, runner_temp: Path, github: GitHubStandIn,
               inputs: dict[str, str], event: dict[str, Any] | None = None) -> ActionRun:
    runner = LocalRunner(repo.workspace, runner_temp, github={
        "base_ref": "main", "token": TOKEN, "repository": REPOSITORY, "api_url": github.url})
    return runner.run(inputs, pull_request_event() if event is None else event)


def test_comment_is_created_then_edited(server: Server, db: str, runner_temp: Path,
                                        github: GitHubStandIn, tmp_path: Path) -> None:
    """First run: one new comment (after paging through three others, one of them a reply
    quoting the marker). Second run, after another migration: that comment edited."""
    repo = pull_request_repo(tmp_path, db)
    for body in ("Looks good", f"> {MARKER}\n> quoted in a reply", "Please add a test"):
        github.add_comment(REPOSITORY, NUMBER, body)
    repo.commit("db/migrations/003_customer_phone.sql", ADD_PHONE)
    with fresh_database(server.dsn) as database:
        first = run_action(repo, runner_temp, github, {**MIGRATIONS, "database-url": database})
    assert first.returncode == 0, first.log
    assert "applying db/migrations/003_customer_phone.sql" in first.log
    pages = [r.path for r in github.requests if r.method == "GET"]
    assert pages == [f"/repos/{REPOSITORY}/issues/{NUMBER}/comments?per_page=100",
                     f"/repos/{REPOSITORY}/issues/{NUMBER}/comments?per_page=100&page=2"]
    (post,) = github.writes()
    assert (post.method, post.path) == ("POST", f"/repos/{REPOSITORY}/issues/{NUMBER}/comments")
    assert post.authorization == f"Bearer {TOKEN}"
    body = post.body["body"] if post.body else ""
    assert body.startswith(MARKER) and "phone" in body
    assert body == Path(first.outputs["comment-path"]).read_text("utf-8")
    created = github.comments[(REPOSITORY, NUMBER)][-1]
    assert first.outputs == {**first.outputs, "breaking": "false", "changes": "1",
                             "has-base": "true", "comment-url": created["html_url"]}
    assert Path(first.outputs["snapshot-path"]).is_file()
    assert created["html_url"] in first.summary and body in first.summary

    repo.commit("db/migrations/004_order_note.sql", 'alter table "order" add column note text;\n')
    with fresh_database(server.dsn) as database:
        second = run_action(repo, runner_temp, github, {**MIGRATIONS, "database-url": database})
    assert second.returncode == 0, second.log
    (edit,) = github.writes()[1:]
    assert (edit.method, edit.path) == (
        "PATCH", f"/repos/{REPOSITORY}/issues/comments/{created['id']}")
    assert len(github.comments[(REPOSITORY, NUMBER)]) == 4
    assert "note" in created["body"] and second.outputs["changes"] == "2"


def test_fork_gets_the_job_summary(db18: str, runner_temp: Path, github: GitHubStandIn,
                                   tmp_path: Path) -> None:
    """A fork's token is read-only: no API call at all, the diff in the job summary."""
    repo = pull_request_repo(tmp_path, db18)
    repo.commit("db/migrations/003_customer_phone.sql", ADD_PHONE)
    run_sql(db18, "drop table order_line, \"order\", customer; drop type order_status;")
    run = run_action(repo, runner_temp, github, {**MIGRATIONS, "database-url": db18},
                     pull_request_event(head_repository="someone/shop"))
    assert run.returncode == 0, run.log
    assert github.requests == []
    assert run.summary.startswith("> Not posted on the pull request: the pull request comes "
                                  "from a fork, whose token cannot comment.\n\n" + MARKER)
    assert "phone" in run.summary and run.outputs["comment-url"] == ""
    assert ("::notice::the pull request comes from a fork, whose token cannot comment: the "
            "diff is in the job summary") in run.log


def test_read_only_token_warns_and_uses_the_job_summary(
        db18: str, runner_temp: Path, github: GitHubStandIn, tmp_path: Path) -> None:
    """A token without `pull-requests: write` (Dependabot's, or a forgotten permission):
    a warning that says what to grant, the diff in the summary, the step still passes."""
    repo = pull_request_repo(tmp_path, db18)
    run_sql(db18, "drop table order_line, \"order\", customer; drop type order_status;")
    github.read_only = True
    run = run_action(repo, runner_temp, github, {**MIGRATIONS, "database-url": db18})
    assert run.returncode == 0, run.log
    warnings = [line for line in run.log.splitlines() if line.startswith("::warning::")]
    assert warnings == [
        f"::warning::could not post the comment (POST {github.url}/repos/{REPOSITORY}/issues/"
        f"{NUMBER}/comments: HTTP 403 Resource not accessible by integration); give the job "
        "`permissions: pull-requests: write`. The diff is in the job summary"]
    assert MARKER in run.summary and "No schema changes" in run.summary


@pytest.mark.parametrize("fail_on, code", [("breaking", 1), ("none", 0)])
def test_breaking_change_fails_the_step_after_commenting(
        server: Server, db: str, runner_temp: Path, github: GitHubStandIn, tmp_path: Path,
        fail_on: str, code: int) -> None:
    """A dropped column is breaking: the comment is posted, then the step fails."""
    repo = pull_request_repo(tmp_path, db)
    repo.commit("db/migrations/003_drop_name.sql", DROP_NAME)
    with fresh_database(server.dsn) as database:
        run = run_action(repo, runner_temp, github,
                         {**MIGRATIONS, "database-url": database, "fail-on": fail_on})
    assert run.returncode == code, run.log
    assert run.outputs["breaking"] == "true"
    (post,) = github.writes()
    assert post.body and "**1 breaking, 1 destructive** among 1 change." in post.body["body"]
    if fail_on == "breaking":
        assert run.errors == ["::error::schema diff: 1 breaking change (fail-on: breaking); "
                              "see the comment or the job summary"]
        assert "public.customer.columns.name:" in run.log
    else:
        assert run.errors == []


def test_any_change_fails_with_fail_on_any(db18: str, runner_temp: Path,
                                           github: GitHubStandIn, tmp_path: Path) -> None:
    """An added nullable column is no breaking change, but `any` fails on it."""
    repo = pull_request_repo(tmp_path, db18)
    run_sql(db18, "drop table order_line, \"order\", customer; drop type order_status;")
    repo.commit("db/migrations/003_customer_phone.sql", ADD_PHONE)
    run = run_action(repo, runner_temp, github,
                     {**MIGRATIONS, "database-url": db18, "fail-on": "any", "comment": "false"})
    assert run.returncode == 1, run.log
    assert run.errors == ["::error::schema diff: 1 structural change (fail-on: any); see the "
                          "comment or the job summary"]
    assert github.requests == [] and MARKER in run.summary


def test_base_branch_without_a_snapshot(db18: str, runner_temp: Path, github: GitHubStandIn,
                                        tmp_path: Path) -> None:
    """Nothing to compare with yet: a comment that says how to start, and no gate."""
    repo = pull_request_repo(tmp_path, None)
    run = run_action(repo, runner_temp, github, {**MIGRATIONS, "database-url": db18})
    assert run.returncode == 0, run.log
    (post,) = github.writes()
    assert post.body and post.body["body"].startswith(MARKER)
    assert "No snapshot at `site_src/schema_map.json` on `main` to compare with yet." in (
        post.body["body"])
    assert run.outputs["has-base"] == "false" and run.outputs["breaking"] == "false"


def test_migrate_command_and_a_failing_migration(db18: str, runner_temp: Path,
                                                 github: GitHubStandIn,
                                                 tmp_path: Path) -> None:
    """migrate-command runs with DATABASE_URL set (and without the token); a migration
    that fails stops the step with psql's own error as one line."""
    repo = pull_request_repo(tmp_path, db18)
    run_sql(db18, "drop table order_line, \"order\", customer; drop type order_status;")
    command = ('test -z "${INPUT_GITHUB_TOKEN+set}"; for f in db/migrations/*.sql; do '
               'psql -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -f "$f"; done')
    ok = run_action(repo, runner_temp, github,
                    {"migrate-command": command, "database-url": db18, "comment": "false"})
    assert ok.returncode == 0, ok.log
    assert ok.outputs["changes"] == "0" and "No schema changes" in ok.summary

    repo.commit("db/migrations/003_typo.sql", "alter tabel customer add column x int;\n")
    run_sql(db18, "drop table order_line, \"order\", customer; drop type order_status;")
    failed = run_action(repo, runner_temp, github, {**MIGRATIONS, "database-url": db18})
    assert failed.returncode == 2
    assert failed.errors == [
        "::error::migration db/migrations/003_typo.sql failed: psql:db/migrations/003_typo.sql"
        ":1: ERROR:  syntax error at or near \"tabel\""], failed.log
    assert github.requests == []


def test_without_a_database_the_committed_snapshots_are_compared(
        db18: str, runner_temp: Path, github: GitHubStandIn, tmp_path: Path) -> None:
    """A team that commits its snapshot with each change needs no database in CI."""
    repo = pull_request_repo(tmp_path, db18)
    run_sql(db18, ADD_PHONE)
    write_snapshot(repo.workspace / "site_src" / "schema_map.json", snapshot_of(db18))
    git(repo.workspace, "commit", "-q", "-am", "snapshot with phone")
    run = run_action(repo, runner_temp, github, {"comment": "false"})
    assert run.returncode == 0, run.log
    assert "::notice::no database-url: comparing the committed site_src/schema_map.json of " \
           "the pull request with the base branch's" in run.log
    assert run.outputs["changes"] == "1" and "phone" in run.summary
