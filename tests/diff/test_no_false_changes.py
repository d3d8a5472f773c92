"""No false changes: an unchanged database diffs empty, and the same DDL loaded on
PostgreSQL 15 and 18 gives no structural change (only a warning about the versions)."""

from __future__ import annotations

import re

import psycopg
import pytest

from generator.diff import diff
from generator.model import Snapshot
from tests.conftest import EXTRA_DSNS
from tests.diff.conftest import describe, fresh_database
from tests.helpers import (
    Server,
    fixture_path,
    pagila_for_server,
    psql_file,
    run_sql,
    snapshot_of,
)

# One of every object kind the snapshot knows, with the constructs whose printed form
# could differ between versions: casts, IN lists, CASE, subqueries, SQL-standard
# function bodies, partition bounds, expression and partial indexes, policies.
EVERY_KIND = """
create schema app;
comment on schema app is 'Application';
create type app.status as enum ('new', 'active', 'gone');
create domain app.email as text check (value ~ '^[^@]+@[^@]+$') not null;
create type app.pair as (a integer, b text);
create type app.floatrange as range (subtype = float8);
create sequence app.counter start 10 increment 5 cache 3;
create table app.company (
  id bigint generated always as identity primary key,
  code varchar(12) not null unique,
  name text collate "C" not null,
  email app.email,
  status app.status not null default 'new',
  tags text[] not null default '{}',
  amount numeric(12,2) default 0.0 check (amount >= 0),
  created_at timestamptz not null default now(),
  kind text check (kind in ('a', 'b', 'c')),
  doubled numeric generated always as (amount * 2) stored,
  meta jsonb default '{"a": 1}'::jsonb,
  ref int default nextval('app.counter'::regclass),
  day date default (current_date + interval '1 day')::date,
  constraint name_len check (char_length(name) between 1 and 100) not valid
);
create table app.person (
  id serial primary key,
  company_id bigint references app.company(id) on delete cascade deferrable initially deferred,
  first text, last text,
  unique nulls not distinct (first, last)
);
create index person_name on app.person (lower(first), last) include (id) where last is not null;
create index company_meta on app.company using gin (meta jsonb_path_ops);
create table app.events (id bigint, at timestamptz not null, payload text) partition by range (at);
create table app.events_2024 partition of app.events
    for values from ('2024-01-01') to ('2025-01-01');
create table app.events_def partition of app.events default;
create unlogged table app.scratch (x int);
create table app.child (extra int) inherits (app.person);
alter table app.company enable row level security;
alter table app.company force row level security;
create policy company_read on app.company for select to public
    using (status <> 'gone' and current_user = 'x');
create policy company_write on app.company as restrictive for insert
    with check (amount < 1000);
create view app.active_companies as
  select c.id, c.name, upper(c.code) as code, c.amount::int as amt,
         case when c.kind in ('a','b') then 'x' else 'y' end as k,
         (select count(*) from app.person p where p.company_id = c.id) as people,
         c.created_at at time zone 'UTC' as created_utc, c.tags[1] as tag1,
         c.meta->>'a' as ma, coalesce(c.kind, 'none'::text) || '-' || c.code::text as label
    from app.company c
   where c.status = any (array['new','active']::app.status[]) and c.amount between 1 and 10
   order by c.name;
create view app.ids as select * from (select id from app.company) sub
    union all select id from app.person;
create materialized view app.counts as select status, count(*) as n from app.company
    group by status with no data;
create index counts_status on app.counts (status);
create function app.touch() returns trigger language plpgsql
    as $$ begin new.last := upper(new.last); return new; end $$;
create trigger person_touch before update of last on app.person for each row
    when (old.last is distinct from new.last) execute function app.touch();
create function app.add(a int, b int default 1) returns int
    language sql immutable strict parallel safe return a + b;
create function app.pairs(x int) returns table (y int, z text)
    language sql stable begin atomic select x, 'a'::text; end;
create function app.secret() returns setof app.company language sql security definer
    set search_path = app as 'select * from app.company';
create procedure app.bump(inout n int) language plpgsql as $$ begin n := n + 1; end $$;
create aggregate app.total(int) (sfunc = int4pl, stype = int, initcond = '0');
create extension if not exists pg_trgm;
comment on table app.company is 'Companies | with pipes';
comment on column app.company.code is 'Code `x`';
create table app.excl (r int4range, exclude using gist (r with &&));
"""


def tbls_without_uuid_ossp() -> str:
    """The tbls schema with gen_random_uuid() instead of uuid-ossp (not on every server)."""
    text = fixture_path("tbls", "postgres.sql").read_text("utf-8")
    text = re.sub(r"(?im)^ALTER ROLE \S+ in DATABASE testdb SET [^;]*;\n", "", text)
    text = re.sub(r'(?im)^(DROP|CREATE) EXTENSION (IF EXISTS )?"uuid-ossp";\n', "", text)
    return text.replace("uuid_generate_v4()", "gen_random_uuid()")


def pagila_for_15() -> str:
    """Pagila as PostgreSQL 15 loads it (STORED, gen_random_uuid(), no pgvector)."""
    text, _ = pagila_for_server(15, set())
    return text


def test_same_database_twice_is_empty(db: str) -> None:
    """Two snapshots of an unchanged database: no change, no volume change, no warning."""
    run_sql(db, EVERY_KIND)
    result = diff(snapshot_of(db), snapshot_of(db))
    assert result.empty, describe(result)
    assert result.same_database
    assert result.volumes == () and result.warnings == ()


@pytest.mark.slow
def test_pagila_twice_is_empty(db: str, server: Server) -> None:
    """Pagila (partitions, generated columns, many functions and views): empty diff."""
    psql_file(db, "pagila", pagila_for_15())
    result = diff(snapshot_of(db), snapshot_of(db))
    assert result.empty, describe(result)


def _snapshot_on(admin_dsn: str, script: str) -> Snapshot:
    with fresh_database(admin_dsn) as dsn:
        psql_file(dsn, "ddl", script)
        return snapshot_of(dsn)


def _major(dsn: str) -> int:
    with psycopg.connect(dsn, connect_timeout=5) as conn:
        row = conn.execute("show server_version_num").fetchone()
    assert row is not None
    return int(row[0]) // 10000


@pytest.fixture
def two_versions(pg18: Server) -> tuple[str, str]:
    """Admin DSNs of an older server (from SCHEMADOC_TEST_DSNS) and the embedded 18."""
    older = [dsn for dsn in EXTRA_DSNS if _major(dsn) < 18]
    if not older:
        pytest.skip("needs a server older than 18 in SCHEMADOC_TEST_DSNS besides the "
                    "embedded PostgreSQL 18 (scripts/test adds the system one on port 5432)")
    return older[0], pg18.dsn


@pytest.mark.slow
@pytest.mark.parametrize("script", ["every_kind", "tbls", "pagila"])
def test_same_ddl_on_two_versions_has_no_structural_change(
        two_versions: tuple[str, str], script: str) -> None:
    """The same DDL on PostgreSQL 15 (or whatever older server) and 18: only a warning."""
    text = {"every_kind": lambda: EVERY_KIND, "tbls": tbls_without_uuid_ossp,
            "pagila": pagila_for_15}[script]()
    older, newer = (_snapshot_on(dsn, text) for dsn in two_versions)
    result = diff(older, newer)
    assert result.empty, describe(result)
    assert len(result.warnings) == 1
    assert "version-neutral" in result.warnings[0]
    assert result.old.major < 18 == result.new.major
