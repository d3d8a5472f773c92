"""Index and constraint definitions: those printed on the client (definitions.py) read
exactly as the server prints them, and the client prints only what it can.

Every kind of index and of primary key, unique and foreign key constraint that
definitions.py prints, and every near miss that it must leave to the server, with odd
names, on each test server: each definition in the snapshot is compared with
pg_get_indexdef() and pg_get_constraintdef(oid, true) read directly.
"""

from __future__ import annotations

from typing import Any

import psycopg

from generator.introspect import IntrospectOptions, introspect
from generator.model import Snapshot
from tests.helpers import run_sql

DDL = '''
create schema s;
create schema "Odd Schema";
create type s.mood as enum ('ok', 'sad');
create domain s.posint as int check (value > 0);
create table s.parent (
    id bigint primary key,
    code varchar(20) unique,
    "Select" text,
    "a""b" int,
    tags text[],
    doc jsonb,
    mood s.mood,
    amount s.posint,
    born date,
    name text collate "C",
    "café" uuid,
    unique ("Select", "a""b") include (born, "café"),
    constraint parent_born_key unique nulls not distinct (born)
);
-- printed on the client
create index parent_order_idx on s.parent
    (born desc, id desc nulls last, "a""b" nulls first, name asc nulls first, "café" asc);
create index parent_gin_idx on s.parent using gin (doc);
create index parent_hash_idx on s.parent using hash ("Select");
create unique index parent_nnd_idx on s.parent (born, id) nulls not distinct;
create index "Odd ""Index"" Name" on s.parent ("a""b") include ("Select", name);
create index parent_name_c_idx on s.parent (name collate "C");
create index parent_code_idx on s.parent (code);
create index parent_mood_idx on s.parent (mood);
create index parent_partial_idx on s.parent (born) where born > '2020-01-01';
create unique index parent_live_idx on s.parent ("a""b" desc) include (name)
    nulls not distinct where ("Select" <> 'x' and born is not null) or id > 5::bigint;
-- left to index_definitions: an operator class or a collation not the column's own
create index parent_posix_idx on s.parent (name collate "POSIX");
create index parent_pattern_idx on s.parent ("Select" text_pattern_ops);
create index parent_code_ops_idx on s.parent (code varchar_ops);
create index parent_mood_hash_idx on s.parent using hash (mood);
create index parent_amount_idx on s.parent (amount);
create index parent_tags_idx on s.parent (tags);
create index parent_path_idx on s.parent using gin (doc jsonb_path_ops);
-- printed by the server in indexes.sql
create index parent_lower_idx on s.parent (lower("Select"), id);
create index parent_fill_idx on s.parent (id) with (fillfactor = 70);
create index parent_brin_idx on s.parent using brin (born);
create table "Odd Schema"."Child.Table" (
    "Id" int primary key,
    parent_id bigint references s.parent on delete cascade on update set null,
    code varchar(20) references s.parent (code) match full deferrable initially deferred,
    p2 bigint,
    sel text,
    ab int,
    constraint child_nv foreign key (p2) references s.parent (id) on delete restrict not valid,
    constraint "Odd ""FK""" foreign key ("Id") references "Odd Schema"."Child.Table" ("Id")
        on delete set default on update restrict deferrable,
    constraint child_pair foreign key (sel, ab) references s.parent ("Select", "a""b")
        on delete set null (ab),
    constraint child_positive check ("Id" > 0),
    constraint "</title><script>" unique (sel) deferrable initially deferred
);
alter table "Odd Schema"."Child.Table" add constraint child_p2_key unique (p2);
create table s.part (id int, at date, primary key (id, at)) partition by range (at);
create table s.part_2024 partition of s.part for values from ('2024-01-01') to ('2025-01-01');
create index part_at_idx on s.part (at);
'''
# PostgreSQL 18's own clauses, which the server prints
DDL_18 = """
alter table "Odd Schema"."Child.Table"
    add constraint child_ne foreign key (p2) references s.parent (id) not enforced;
"""
# The indexes that indexes.sql leaves to the client and that it cannot print
LEFT_TO_THE_SERVER = {
    "parent_posix_idx", "parent_pattern_idx", "parent_code_ops_idx", "parent_amount_idx",
    "parent_tags_idx", "parent_path_idx",
}
SCHEMAS = ("s", "Odd Schema")


def _server_rows(dsn: str, sql: str) -> list[tuple[Any, ...]]:
    # With only pg_catalog on the search_path, as the snapshot is read: a referenced
    # table is printed with its schema.
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("select set_config('search_path', 'pg_catalog', false)")
        return conn.execute(sql, {"schemas": list(SCHEMAS)}).fetchall()


def _load(dsn: str) -> tuple[Snapshot, list[int]]:
    run_sql(dsn, DDL)
    (version,) = _server_rows(dsn, "select current_setting('server_version_num')::int")[0]
    if version >= 180000:
        run_sql(dsn, DDL_18)
    asked: list[int] = []

    def hook(name: str, seconds: float, rows: int) -> None:
        if name == "index_definitions":
            asked.append(rows)

    return introspect(dsn, IntrospectOptions(), on_query=hook), asked


def test_every_definition_reads_as_the_server_prints_it(db: str) -> None:
    """Each index's definition is pg_get_indexdef()'s and each constraint's
    pg_get_constraintdef()'s, character for character, whoever printed it."""
    snapshot, _ = _load(db)
    indexes = _server_rows(db, """
        select n.nspname, c.relname, ic.relname, pg_get_indexdef(i.indexrelid)
          from pg_index i
          join pg_class ic on ic.oid = i.indexrelid
          join pg_class c on c.oid = i.indrelid
          join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = any(%(schemas)s)""")
    constraints = _server_rows(db, """
        select n.nspname, c.relname, con.conname, pg_get_constraintdef(con.oid, true)
          from pg_constraint con
          join pg_class c on c.oid = con.conrelid
          join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = any(%(schemas)s) and con.contype <> 'n'""")
    assert len(indexes) == 31 and len(constraints) >= 15
    got_indexes = {(s, t, i): index.definition
                   for s, schema in snapshot.schemas.items()
                   for t, table in schema.tables.items()
                   for i, index in table.indexes.items()}
    got_constraints = {(s, t, c): constraint.definition
                       for s, schema in snapshot.schemas.items()
                       for t, table in schema.tables.items()
                       for c, constraint in table.constraints.items()}
    assert got_indexes == {(s, t, i): d for s, t, i, d in indexes}
    assert got_constraints == {(s, t, c): d for s, t, c, d in constraints}


def test_the_client_prints_all_but_what_it_cannot_tell(db: str) -> None:
    """One more query prints the indexes whose key columns take an operator class or a
    collation the client cannot tell is their own (a domain's, an array's, another
    collation, a class named in the index); every other plain index is printed on the
    client: those on varchar and on enums, and the partitions' own indexes too."""
    snapshot, asked = _load(db)
    assert asked == [len(LEFT_TO_THE_SERVER)]
    parent = snapshot.schemas["s"].tables["parent"].indexes
    assert parent["parent_order_idx"].definition == (
        "CREATE INDEX parent_order_idx ON s.parent USING btree (born DESC, id DESC NULLS "
        'LAST, "a""b" NULLS FIRST, name NULLS FIRST, "café")')
    assert parent['Odd "Index" Name'].definition == (
        'CREATE INDEX "Odd ""Index"" Name" ON s.parent USING btree ("a""b") '
        'INCLUDE ("Select", name)')
    child = snapshot.schemas["Odd Schema"].tables["Child.Table"].constraints
    assert child["</title><script>"].definition == "UNIQUE (sel) DEFERRABLE INITIALLY DEFERRED"
    assert child["child_pair"].definition == (
        'FOREIGN KEY (sel, ab) REFERENCES s.parent("Select", "a""b") ON DELETE SET NULL (ab)')


def test_an_index_left_to_the_server_on_two_connections(db: str) -> None:
    """The follow-up query runs on whichever connection is free, and gives the same
    definitions as on one."""
    run_sql(db, DDL)
    one = introspect(db, IntrospectOptions(jobs=1)).schemas
    two = introspect(db, IntrospectOptions(jobs=2)).schemas
    assert one == two
    assert one["s"].tables["parent"].indexes["parent_amount_idx"].definition == (
        "CREATE INDEX parent_amount_idx ON s.parent USING btree (amount)")
