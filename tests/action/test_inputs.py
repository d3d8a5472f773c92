"""Wrong inputs: one `::error::` line each, naming the input and what to write, and a
failing step, before anything is installed or run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.action.conftest import pull_request_event
from tests.action.runner import LocalRunner

CASES = {
    "unknown mode": ({"mode": "dif"},
                     "::error::mode: unknown value 'dif'; use diff or site"),
    "unknown fail-on": ({"fail-on": "major", "database-url": "postgresql://x/y"},
                        "::error::fail-on: unknown value 'major'; use breaking, any or none"),
    "lint not a boolean": ({"lint": "maybe", "database-url": "postgresql://x/y"},
                           "::error::lint: 'maybe' is not true or false"),
    "no migration file": (
        {"migrations": "db/migrations/*.sql", "database-url": "postgresql://localhost/x"},
        "::error::migrations: no file matches 'db/migrations/*.sql' (relative to the "
        "working directory); check the path and the checkout"),
    "both ways to migrate": (
        {"migrations": "schema.sql", "migrate-command": "make migrate",
         "database-url": "postgresql://localhost/x"},
        "::error::migrations and migrate-command: give one of them, not both"),
    "migrations without a database": (
        {"migrations": "schema.sql"},
        "::error::database-url: the migrations need a database; give the job's PostgreSQL "
        "service, e.g. postgresql://postgres:postgres@localhost:5432/postgres"),
    "no snapshot and no database": (
        {},
        "::error::snapshot: no file site_src/schema_map.json and no database-url; give "
        "database-url (and migrations), or commit the snapshot in the pull request"),
    "site without a snapshot": (
        {"mode": "site", "mkdocs-config": "schema.sql"},
        "::error::snapshot: no file site_src/schema_map.json; commit one (schemadoc snapshot "
        "-o site_src/schema_map.json) or set snapshot to its path"),
    "site with migrations": (
        {"mode": "site", "snapshot": "schema.sql", "mkdocs-config": "schema.sql",
         "migrations": "schema.sql"},
        "::error::migrations: not used in mode site, which renders the committed snapshot "
        "(schema.sql); remove it"),
    "config missing": ({"config": "docs/schemadoc.yml", "database-url": "postgresql://x/y"},
                       "::error::config: no file docs/schemadoc.yml"),
}


@pytest.mark.parametrize("inputs, message", CASES.values(), ids=CASES.keys())
def test_bad_input_is_one_error_line(inputs: dict[str, str], message: str,
                                     tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text("create table t (id int);\n")
    runner = LocalRunner(tmp_path, tmp_path / "runner-temp", github={"base_ref": "main"})
    run = runner.run(inputs, pull_request_event())
    assert run.returncode == 2, run.log
    assert run.errors == [message], run.log
    assert "Install schemadoc" not in run.log  # nothing was installed or run
    assert not (tmp_path / "runner-temp" / "schemadoc-venv").exists()


def test_diff_outside_a_pull_request_needs_a_base_ref(tmp_path: Path) -> None:
    """On a push there is no base branch: say how to give one."""
    run = LocalRunner(tmp_path, tmp_path / "runner-temp").run(
        {"database-url": "postgresql://localhost/x"})
    assert run.errors == ["::error::base-ref: empty; mode diff compares with the base branch "
                          "of a pull_request event, or give base-ref: main"], run.log


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    """Two wrong inputs, two lines: the workflow is fixed in one go."""
    run = LocalRunner(tmp_path, tmp_path / "runner-temp", github={"base_ref": "main"}).run(
        {"fail-on": "all", "comment": "yes", "database-url": "postgresql://x/y"})
    assert run.errors == ["::error::comment: 'yes' is not true or false",
                          "::error::fail-on: unknown value 'all'; use breaking, any or none"]
