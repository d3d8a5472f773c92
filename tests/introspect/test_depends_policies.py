"""What row-level security policies read: columns of their own table and of other
tables (through subqueries), and the functions they call."""

from __future__ import annotations

from tests.helpers import run_sql, snapshot_of
from tests.introspect.depends import C

DDL = """
create schema s;
create table s.member (team_id int, role_name text);
create function s.current_team() returns int language sql stable
    return (select team_id from s.member where role_name = current_user limit 1);
create table s.doc (id int, team_id int, deleted_at timestamptz, body text);
alter table s.doc enable row level security;
create policy live on s.doc using (deleted_at is null);
create policy own_team on s.doc for update
    using (team_id = s.current_team())
    with check (exists (select 1 from s.member m
                         where m.team_id = doc.team_id and m.role_name = current_user));
"""


def test_policy_reads_its_own_columns(db: str) -> None:
    run_sql(db, DDL)
    policies = snapshot_of(db).schemas["s"].tables["doc"].policies
    assert policies["live"].depends_on == [C("table", "s", "doc", "deleted_at")]


def test_policy_calls_functions_and_reads_other_tables(db: str) -> None:
    run_sql(db, DDL)
    policies = snapshot_of(db).schemas["s"].tables["doc"].policies
    assert policies["own_team"].depends_on == [
        C("function", "s", "current_team()"),
        C("table", "s", "doc", "team_id"),
        C("table", "s", "member", "role_name"),
        C("table", "s", "member", "team_id"),
    ]
