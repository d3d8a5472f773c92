"""`schemadoc lint` as a user runs it: exit codes, output formats, configuration."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.lint import RULE_IDS
from generator.snapshot import write_snapshot
from tests.helpers import query, run_sql, snapshot_of

# Three problems, one of each severity, all on public.visits: no index at all (error),
# a foreign key without an index (warning), a column without a comment (info).
SMALL = """
create table public.customers (customer_id bigint primary key, name text);
create table public.visits (customer_id bigint references public.customers, seen_at date);
create table archive_visits (customer_id bigint primary key references public.customers,
                             seen_at date);
comment on table public.customers is 'Buyers';
comment on table public.visits is 'Page views';
comment on table public.archive_visits is 'Old page views';
comment on column public.customers.customer_id is 'Key';
comment on column public.customers.name is 'Name';
comment on column public.visits.customer_id is 'Who';
comment on column public.archive_visits.customer_id is 'Who';
comment on column public.archive_visits.seen_at is 'When';
"""


def lint(*args: str) -> Result:
    return CliRunner().invoke(cli, ["lint", *args])


def findings(result: Result) -> list[tuple[str, str, str]]:
    report: dict[str, Any] = json.loads(result.stdout)
    return [(f["rule"], f["severity"], f["object"]) for f in report["findings"]]


@pytest.fixture
def small(db18: str, tmp_path: Path) -> str:
    """The small database, with an empty schemadoc.yml in the working directory."""
    run_sql(db18, SMALL)
    return db18


def config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "schemadoc.yml"
    path.write_text(text)
    return str(path)


def test_exit_status_follows_fail_on(small: str, tmp_path: Path) -> None:
    """1 when a finding is at or above --fail-on, else 0."""
    empty = config(tmp_path, "")
    assert lint("--dsn", small, "--config", empty).exit_code == 1
    ignore_errors = config(tmp_path, "lint:\n  rules:\n    no-index: warning\n")
    assert lint("--dsn", small, "--config", ignore_errors).exit_code == 0
    assert lint("--dsn", small, "--config", ignore_errors, "--fail-on", "warning"
                ).exit_code == 1


def test_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    """Usage and runtime errors are exit 2 with a one-line message."""
    missing = lint("--snapshot", str(tmp_path / "none.json"))
    assert missing.exit_code == 2
    assert missing.stderr.count("\n") == 1 and "no such snapshot file" in missing.stderr
    both = lint("--snapshot", "a.json", "--dsn", "host=x")
    assert both.exit_code == 2 and "either --dsn or --snapshot" in both.stderr
    sample = lint("--snapshot", "a.json", "--sample-data")
    assert sample.exit_code == 2 and "needs a database" in sample.stderr


def test_text_output_groups_by_schema_and_sums_up(small: str, tmp_path: Path) -> None:
    """Each schema's findings under its name, each with message and fix; then a summary."""
    result = lint("--dsn", small, "--config", config(tmp_path, ""))
    lines = result.stdout.splitlines()
    assert lines[0] == "public  (3 findings)"
    assert "  error    no-index                   public.visits" in lines
    assert ("           fix: CREATE INDEX ON public.visits (customer_id);") in lines
    assert lines[-2:] == ["3 findings: 1 error, 1 warning, 1 info",
                          "comments: tables 100% (3 of 3), columns 83.3% (5 of 6)"]


def test_json_output_is_the_documented_format(small: str, tmp_path: Path) -> None:
    """schemadoc-lint/1: findings with rule, severity, object, message, fix; a summary."""
    result = lint("--dsn", small, "--config", config(tmp_path, ""), "--format", "json")
    report = json.loads(result.stdout)
    assert report["format"] == "schemadoc-lint/1"
    assert findings(result) == [
        ("column-without-comment", "info", "public.visits"),
        ("no-index", "error", "public.visits"),
        ("fk-without-index", "warning", "public.visits.visits_customer_id_fkey"),
    ]
    first = report["findings"][0]
    assert set(first) == {"rule", "severity", "schema", "table", "object", "message", "fix",
                          "reason"}
    assert first["message"] == "1 of 2 columns has no comment: seen_at"
    summary = report["summary"]
    assert (summary["total"], summary["error"], summary["warning"], summary["info"]) == (
        3, 1, 1, 1)
    assert summary["by_schema"] == {"public": {"error": 1, "warning": 1, "info": 1}}
    assert summary["comment_coverage"]["columns"] == {"documented": 5, "total": 6,
                                                      "percent": 83.3}
    assert report["notes"] == []


def test_rules_can_be_turned_off_reweighted_and_scoped(small: str, tmp_path: Path) -> None:
    """off, a severity, and exclusions per rule or for every rule."""
    settings = config(tmp_path, "lint:\n"
                      "  exclude: [public.archive_visits]\n"
                      "  rules:\n"
                      "    column-without-comment: off\n"
                      "    fk-without-index: info\n"
                      "    no-index: {exclude: ['public.vis*']}\n")
    result = lint("--dsn", small, "--config", settings, "--format", "json",
                  "--fail-on", "info")
    assert findings(result) == [
        ("fk-without-index", "info", "public.visits.visits_customer_id_fkey")]
    assert result.exit_code == 1


def test_descriptions_in_the_config_count_as_comments(small: str, tmp_path: Path) -> None:
    """A column described in schemadoc.yml is documented, for the rule and the coverage."""
    described = config(tmp_path, "tables:\n  public.visits:\n    columns:\n"
                       "      seen_at: Day of the visit.\n")
    result = lint("--dsn", small, "--config", described, "--format", "json")
    assert "column-without-comment" not in {rule for rule, _, _ in findings(result)}
    coverage = json.loads(result.stdout)["summary"]["comment_coverage"]["columns"]
    assert coverage["percent"] == 100.0


def test_excluded_objects_are_not_linted(small: str, tmp_path: Path) -> None:
    """What schemadoc.yml leaves out of the documentation is not checked either."""
    settings = config(tmp_path, "exclude: [public.visits]\n")
    result = lint("--dsn", small, "--config", settings, "--format", "json")
    assert findings(result) == []
    assert result.exit_code == 0


def test_a_snapshot_is_linted_offline(small: str, tmp_path: Path) -> None:
    """--snapshot gives the same findings as the live database."""
    path = tmp_path / "schema_map.json"
    write_snapshot(path, snapshot_of(small))
    empty = config(tmp_path, "")
    offline = lint("--snapshot", str(path), "--config", empty, "--format", "json")
    live = lint("--dsn", small, "--config", empty, "--format", "json")
    assert findings(offline) == findings(live)


def test_unused_indexes_are_judged_only_on_statistics_old_enough(
        db18: str, tmp_path: Path) -> None:
    """Statistics reset a moment ago say nothing about an index: no finding, a note saying
    why; once they are old enough (here: `min_stats_days: 0`) the message names the
    reset date."""
    run_sql(db18, "create table t (t_id int primary key, v int);"
                  "create index t_v_idx on t (v); select pg_stat_reset();")
    reset = str(query(db18, "select to_char(stats_reset at time zone 'UTC', "
                            "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') from pg_stat_database "
                            "where datname = current_database()")[0][0])
    young = json.loads(lint("--dsn", db18, "--config", config(tmp_path, ""),
                            "--format", "json").stdout)
    assert not [f for f in young["findings"] if f["rule"] == "unused-index"]
    assert young["notes"] == [
        "unused-index not judged: 1 index without scans yet; statistics are less than a "
        f"minute old (counted since {reset[:10]} {reset[11:16]} UTC; usage is judged from "
        "7 days)"]
    judged = config(tmp_path, "lint:\n  rules:\n    unused-index: {min_stats_days: 0}\n")
    result = lint("--dsn", db18, "--config", judged, "--format", "json")
    (unused,) = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "unused-index"]
    assert unused["message"] == f"index t_v_idx has not been used since the statistics were " \
                                f"reset on {reset}"


def test_id_formats_need_an_opt_in_to_read_data(db18: str, tmp_path: Path) -> None:
    """Without --sample-data no row is read, and the output says the check was skipped."""
    run_sql(db18, "create table t (t_id text primary key); insert into t values ('bad');")
    settings = config(tmp_path, "conventions:\n  id_formats:\n"
                      "    - {name: Code, regex: '^[A-Z]+$', columns: [public.t.t_id]}\n"
                      "lint:\n  rules: {table-without-comment: off, "
                      "column-without-comment: off, single-column-table: off}\n")
    skipped = lint("--dsn", db18, "--config", settings)
    assert skipped.exit_code == 0
    assert skipped.stdout.splitlines()[-1] == (
        "note: id-format not checked: it reads a sample of rows, pass --sample-data with a "
        "database (--dsn)")
    checked = lint("--dsn", db18, "--config", settings, "--sample-data", "--format", "json")
    assert checked.exit_code == 1
    assert findings(checked) == [("id-format", "error", "public.t.t_id")]


def test_list_rules_names_every_rule() -> None:
    """--list-rules prints each rule id with its default severity and reason."""
    result = lint("--list-rules")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(RULE_IDS)
