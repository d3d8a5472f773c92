"""Reading rows for the ID-format check, and linting the sample Marketing DB."""

from __future__ import annotations

import json
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import psycopg
from click.testing import CliRunner

from generator.cli import cli
from generator.config import parse_config
from generator.lint.sample import sample_id_columns
from tests.helpers import REPO, psql_file, run_sql, snapshot_of

SAMPLE_SQL = REPO / "generator" / "commands" / "demo" / "sql"
CODES = """
conventions:
  id_formats:
    - {name: Code, regex: '^[A-Z]{3}$', columns: ['public.*.code']}
lint:
  rules: {table-without-comment: off, column-without-comment: off}
"""


def lint_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["lint", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_the_sample_database_passes_lint_with_its_own_config(db18: str) -> None:
    """The demo config keeps the sample free of errors, Barton IDs all valid; the
    warnings that remain are real (bit/BIT, an unindexed foreign key)."""
    psql_file(db18, SAMPLE_SQL / "marketing_schema.sql")
    psql_file(db18, SAMPLE_SQL / "marketing_data.sql")
    with as_file(files("generator.commands.demo").joinpath("schemadoc.yml")) as config:
        code, report = lint_json("--dsn", db18, "--config", str(config), "--sample-data")
    found = {(f["rule"], f["object"]) for f in report["findings"]}
    assert code == 0
    assert {("case-variant-names", "BIT / bit"), ("case-variant-names", "PLE / ple"),
            ("fk-without-index",
             "marketing.company_slots.company_slots_company_unique_id_fkey")} <= found
    assert not {rule for rule, _ in found} & {"id-format", "no-primary-key", "no-index"}
    assert not {obj for _, obj in found if obj.startswith(("archive.", "neon_auth."))}
    # a database of a few minutes: its indexes are not judged unused, and it says so
    assert [n.split(":")[0] for n in report["notes"]] in ([], ["unused-index not judged"])


def test_a_large_table_is_sampled_not_read_whole(db18: str, tmp_path: Path) -> None:
    """--sample-rows bounds what is read: 50 of 100,000 bad codes are checked."""
    run_sql(db18, "create table public.big (big_id int primary key, code text);"
                  "insert into public.big select i, 'bad' from generate_series(1, 100000) i;"
                  "analyze public.big;")
    (tmp_path / "schemadoc.yml").write_text(CODES)
    code, report = lint_json("--dsn", db18, "--config", str(tmp_path / "schemadoc.yml"),
                             "--sample-data", "--sample-rows", "50")
    (finding,) = [f for f in report["findings"]
                  if f["rule"] == "id-format"]
    assert finding["message"] == ("50 of 50 sampled values do not match Code (^[A-Z]{3}$), "
                                  "e.g. 'bad', 'bad', 'bad'")
    assert code == 1


def test_a_locked_table_is_skipped_with_a_note(db18: str) -> None:
    """A table another session holds locked is not waited for: it is noted, others checked."""
    run_sql(db18, "create table public.locked (locked_id int primary key, code text);"
                  "create table public.free (free_id int primary key, code text);"
                  "insert into public.locked values (1, 'bad');"
                  "insert into public.free values (1, 'bad');")
    snapshot = snapshot_of(db18)
    with psycopg.connect(db18) as holder:
        holder.execute("lock table public.locked in access exclusive mode")
        results, notes = sample_id_columns(db18, snapshot, parse_config(CODES))
    assert [(key, r.bad) for key, r in results.items()] == [(("public", "free", "code"), 1)]
    (note,) = notes
    assert note.startswith("id-format: public.locked could not be read: canceling statement "
                           "due to lock timeout")
