"""The first thing a new user does: snapshot a small database and read the file with jq."""

from __future__ import annotations

import json

from click.testing import CliRunner

from generator.cli import cli
from tests.helpers import run_sql

DDL = """
create schema marketing;
comment on schema marketing is 'Primary data';
create table marketing.company_master (
    company_unique_id text primary key,
    company_name text not null,
    employee_count integer
);
comment on table marketing.company_master is 'Primary company records';
create table marketing.company_slots (
    slot_id bigint generated always as identity primary key,
    company_unique_id text not null references marketing.company_master on delete cascade
);
create index company_slots_company_idx on marketing.company_slots (company_unique_id);
"""


def test_snapshot_writes_keyed_json(db: str, tmp_path) -> None:
    run_sql(db, DDL)
    out = tmp_path / "schema_map.json"
    result = CliRunner().invoke(cli, ["snapshot", "--dsn", db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    marketing = data["schemas"]["marketing"]
    assert marketing["comment"] == "Primary data"
    columns = marketing["tables"]["company_master"]["columns"]
    assert list(columns) == ["company_unique_id", "company_name", "employee_count"]
    assert columns["company_name"]["nullable"] is False
    fk = marketing["tables"]["company_slots"]["constraints"]["company_slots_company_unique_id_fkey"]
    assert fk["references"] == {
        "schema": "marketing", "table": "company_master", "columns": ["company_unique_id"]
    }
    assert fk["on_delete"] == "CASCADE"
    assert "marketing" in result.output and "wrote" in result.output
