"""schema_map.json as a file a team commits: the same database gives the same bytes, a
rerun with no change writes nothing, every copy asked for is written, a failed write leaves
the previous file whole, and the file reads back into the very same model."""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.introspect import introspect
from generator.snapshot import dumps, loads
from tests.helpers import run_sql

SCHEMADOC = Path(sys.executable).with_name("schemadoc")

# One of each kind of object a snapshot describes; runs on PostgreSQL 15 and later.
RICH_DDL = """
create schema marketing;
comment on schema marketing is 'Primary data';
create type marketing.stage as enum ('lead', 'prospect', 'customer', 'churned');
create domain marketing.email as text check (value like '%@%');
create type marketing.address as (street text, city text);
create type marketing.price_range as range (subtype = numeric);
create sequence marketing.invoice_seq start 1000 increment 10;
create table marketing.company_master (
    company_unique_id text primary key,
    company_name text collate "C" not null,
    employee_count integer check (employee_count >= 0),
    stage marketing.stage not null default 'lead',
    contact marketing.email,
    hq marketing.address,
    name_upper text generated always as (upper(company_name)) stored,
    created_at timestamptz not null default now()
);
comment on table marketing.company_master is 'Primary company records';
comment on column marketing.company_master.company_name is 'Legal name';
create index company_master_lower_idx on marketing.company_master (lower(company_name));
create table marketing.company_slots (
    slot_id bigint generated always as identity primary key,
    company_unique_id text not null references marketing.company_master
        on delete cascade on update restrict deferrable initially deferred,
    during tstzrange,
    tags text[],
    exclude using gist (during with &&),
    unique nulls not distinct (company_unique_id, tags)
);
create index company_slots_company_idx on marketing.company_slots (company_unique_id)
    include (slot_id) where company_unique_id <> '';
create table marketing.events (id bigserial, at date not null, payload jsonb)
    partition by range (at);
create table marketing.events_2024 partition of marketing.events
    for values from ('2024-01-01') to ('2025-01-01');
create table marketing.events_other partition of marketing.events default;
create table marketing.base_note (body text);
create table marketing.urgent_note (priority int) inherits (marketing.base_note);
create unlogged table marketing.scratch (k int);
create view marketing.big_companies as
    select company_unique_id, company_name from marketing.company_master
     where employee_count > 100;
comment on view marketing.big_companies is 'More than 100 employees';
create materialized view marketing.company_counts as
    select stage, count(*) as n from marketing.company_master group by stage;
create unique index company_counts_stage_idx on marketing.company_counts (stage);
create function marketing.touch() returns trigger language plpgsql as $$
begin
    new.created_at := now();
    return new;
end $$;
create trigger company_touch before insert or update on marketing.company_master
    for each row execute function marketing.touch();
create function marketing.add(a int, b int) returns int
    language sql immutable strict as 'select a + b';
comment on function marketing.add(int, int) is 'Adds';
create aggregate marketing.total(int) (sfunc = marketing.add, stype = int, initcond = '0');
create procedure marketing.noop(n int) language sql as 'select 1';
alter table marketing.company_master enable row level security;
create policy company_read on marketing.company_master for select to public
    using (stage <> 'lead');
create foreign data wrapper sd_dummy_fdw;
create server sd_dummy_server foreign data wrapper sd_dummy_fdw;
create foreign table marketing.remote_company (id int, name text)
    server sd_dummy_server options (table_name 'company');
insert into marketing.company_master (company_unique_id, company_name, employee_count)
    select 'c' || g, 'Company ' || g, g * 10 from generate_series(1, 30) g;
refresh materialized view marketing.company_counts;
analyze;
"""

GENERATED_AT = re.compile(r'^  "generated_at": "[^"]*",\n', re.M)


def snapshot(*args: str) -> Result:
    """`schemadoc snapshot ARGS` the way a user runs it, in the current folder."""
    return CliRunner().invoke(cli, ["snapshot", *args])


def without_time(text: str) -> str:
    stripped, count = GENERATED_AT.subn("", text)
    assert count == 1, "generated_at not found"
    return stripped


def test_same_database_gives_the_same_bytes(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two snapshots of an unchanged database, to two files: identical apart from
    generated_at."""
    run_sql(db, RICH_DDL)
    monkeypatch.chdir(tmp_path)
    assert snapshot("--dsn", db, "-o", "first.json").exit_code == 0
    assert snapshot("--dsn", db, "-o", "second.json").exit_code == 0
    first, second = Path("first.json").read_text(), Path("second.json").read_text()
    assert without_time(first) == without_time(second)
    assert "company_master" in first


def test_rerun_without_change_does_not_touch_the_file(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun on an unchanged database leaves the file alone (same inode, same mtime, so
    `mkdocs serve` does not rebuild and git sees nothing) and says `unchanged`. After a
    schema change the file is replaced (a new inode: written aside, then renamed)."""
    run_sql(db, RICH_DDL)
    monkeypatch.chdir(tmp_path)
    path = Path("schema_map.json")
    result = snapshot("--dsn", db, "-o", str(path))
    assert result.exit_code == 0, result.output
    assert "wrote schema_map.json" in result.stdout.splitlines()
    before, text = path.stat(), path.read_text()

    result = snapshot("--dsn", db, "-o", str(path))
    assert result.exit_code == 0, result.output
    assert "unchanged schema_map.json" in result.stdout.splitlines()
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert path.read_text() == text

    run_sql(db, "alter table marketing.company_master add column website text")
    result = snapshot("--dsn", db, "-o", str(path))
    assert result.exit_code == 0, result.output
    assert "wrote schema_map.json" in result.stdout.splitlines()
    assert path.stat().st_ino != before.st_ino
    columns = json.loads(path.read_text())["schemas"]["marketing"]["tables"][
        "company_master"]["columns"]
    assert list(columns)[-1] == "website"


def test_every_output_path_gets_the_same_file(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several -o paths (as the seed's export wrote a primary and a secondary copy): each is
    written, byte for byte the same, and each is named in the summary."""
    run_sql(db, RICH_DDL)
    monkeypatch.chdir(tmp_path)
    Path("docs").mkdir()
    Path(".gitingest").mkdir()
    result = snapshot("--dsn", db, "-o", "docs/schema_map.json",
                      "-o", ".gitingest/schema_map.json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "wrote docs/schema_map.json" in lines
    assert "wrote .gitingest/schema_map.json" in lines
    primary = Path("docs/schema_map.json").read_bytes()
    assert Path(".gitingest/schema_map.json").read_bytes() == primary
    assert b'"company_master"' in primary


def test_summary_names_each_file_on_one_line_however_long_its_path(
    db: str, tmp_path: Path
) -> None:
    """Off a terminal (CI logs, `> summary.txt`), `wrote PATH` stays one line for a script
    to find, even when PATH is longer than a terminal is wide."""
    folder = tmp_path / ("a_folder_with_a_long_name_" * 3)
    folder.mkdir()
    path = folder / "schema_map.json"
    result = snapshot("--dsn", db, "-o", str(path))
    assert result.exit_code == 0, result.output
    assert f"wrote {path}" in result.stdout.splitlines(), result.stdout


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_failed_rename_leaves_the_previous_file_whole(db: str, tmp_path: Path) -> None:
    """When the new file cannot take the old one's place (here the old file is immutable,
    which stops even root), the old file keeps its bytes and no temporary file is left."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr (e2fsprogs) is not installed")
    path = tmp_path / "schema_map.json"
    assert snapshot("--dsn", db, "-o", str(path)).exit_code == 0
    previous = path.read_bytes()
    run_sql(db, "create table added_later (id int primary key)")
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a file immutable here (needs CAP_LINUX_IMMUTABLE and ext4, "
                    "xfs, btrfs or overlayfs on them)")
    try:
        result = snapshot("--dsn", db, "-o", str(path))
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("schemadoc: error: cannot write"), lines
    assert "previous file is unchanged" in lines[0]
    assert path.read_bytes() == previous
    assert _leftovers(tmp_path) == []


def _limit_file_size() -> None:
    # No file of this process may grow past 512 bytes: writing the snapshot fails half way,
    # as on a full disk. (Python already ignores SIGXFSZ, so write() returns EFBIG.)
    resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))


def test_failed_write_leaves_the_previous_file_whole(db: str, tmp_path: Path) -> None:
    """A real process whose write fails half way (a file size limit, as on a full disk):
    exit 2 with one line, the previous snapshot keeps its bytes, the partial temporary file
    is removed."""
    path = tmp_path / "schema_map.json"
    assert snapshot("--dsn", db, "-o", str(path)).exit_code == 0
    previous = path.read_bytes()
    run_sql(db, "create table added_later (id int primary key, note text)")
    proc = subprocess.run([str(SCHEMADOC), "snapshot", "--dsn", db, "-o", str(path)],
                          capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, preexec_fn=_limit_file_size)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("schemadoc: error: cannot write"), lines
    assert "File too large" in lines[0]
    assert path.read_bytes() == previous
    assert _leftovers(tmp_path) == []


def test_snapshot_reads_back_into_the_same_model(db: str) -> None:
    """dumps() then loads() gives back an equal Snapshot, for a database with one object of
    every kind; and the text is stable through the round trip."""
    run_sql(db, RICH_DDL)
    snap = introspect(db)
    marketing = snap.schemas["marketing"]
    assert marketing.views and marketing.materialized_views and marketing.types
    assert marketing.functions and marketing.sequences
    assert {t.kind for t in marketing.tables.values()} == {
        "table", "partitioned_table", "foreign_table"}
    text = dumps(snap)
    assert loads(text) == snap
    assert dumps(loads(text)) == text


def test_file_is_keyed_by_name_for_jq(db: str, tmp_path: Path) -> None:
    """`jq '.schemas.marketing.tables.company_master.columns'` works: objects are keyed by
    name, columns in table order."""
    run_sql(db, RICH_DDL)
    path = tmp_path / "schema_map.json"
    assert snapshot("--dsn", db, "-o", str(path)).exit_code == 0
    data = json.loads(path.read_text())
    columns = data["schemas"]["marketing"]["tables"]["company_master"]["columns"]
    assert list(columns) == ["company_unique_id", "company_name", "employee_count", "stage",
                             "contact", "hq", "name_upper", "created_at"]
    assert columns["company_name"]["comment"] == "Legal name"
    assert columns["company_name"]["nullable"] is False
    types = data["schemas"]["marketing"]["types"]
    assert types["stage"]["values"] == ["lead", "prospect", "customer", "churned"]
    view = data["schemas"]["marketing"]["views"]["big_companies"]
    assert view["comment"] == "More than 100 employees"
