"""Comments are stored verbatim: markup, table pipes, backticks and newlines included.
Escaping is the renderer's job, never introspection's."""

from __future__ import annotations

from psycopg import sql

from generator.snapshot import dumps, loads
from tests.helpers import run_sql, snapshot_of

NASTY = "<script>alert('x')</script> | a | b |\n`rm -rf /` and ```code```\n\n  trailing  "

TARGETS = [
    "schema s",
    "table s.t",
    "column s.t.c",
    "constraint t_pkey on s.t",
    "index s.t_c_idx",
    "trigger t_trg on s.t",
    "policy t_pol on s.t",
    "view s.v",
    "materialized view s.mv",
    "function s.f()",
    "sequence s.seq",
    "type s.e",
    "domain s.d",
]

DDL = """
create schema s;
create table s.t (id int primary key, c text);
create index t_c_idx on s.t (c);
create function s.f() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger t_trg before insert on s.t for each row execute function s.f();
create policy t_pol on s.t using (true);
create view s.v as select 1 as one;
create materialized view s.mv as select 1 as one;
create sequence s.seq;
create type s.e as enum ('a');
create domain s.d as int;
"""


def test_comments_are_verbatim_on_every_object(db: str) -> None:
    """Every kind of object keeps its comment byte for byte."""
    comments = "".join(
        sql.SQL("comment on {} is {};").format(sql.SQL(target), sql.Literal(NASTY)).as_string()
        for target in TARGETS
    )
    run_sql(db, DDL + comments)
    snap = snapshot_of(db)
    schema = snap.schemas["s"]
    table = schema.tables["t"]
    found = [
        schema.comment,
        table.comment,
        table.columns["c"].comment,
        table.constraints["t_pkey"].comment,
        table.indexes["t_c_idx"].comment,
        table.triggers["t_trg"].comment,
        table.policies["t_pol"].comment,
        schema.views["v"].comment,
        schema.materialized_views["mv"].comment,
        schema.functions["f()"].comment,
        schema.sequences["seq"].comment,
        schema.types["e"].comment,
        schema.types["d"].comment,
    ]
    assert found == [NASTY] * len(TARGETS)


def test_comments_survive_the_snapshot_file(db: str) -> None:
    """Writing schema_map.json and reading it back keeps the comment unchanged."""
    run_sql(db, DDL + sql.SQL("comment on table s.t is {};").format(
        sql.Literal(NASTY)).as_string())
    again = loads(dumps(snapshot_of(db)))
    assert again.schemas["s"].tables["t"].comment == NASTY


def test_database_comment(db: str) -> None:
    """The database's own comment is kept too."""
    run_sql(db, sql.SQL("comment on database {} is {}").format(
        sql.Identifier(snapshot_of(db).database.name), sql.Literal(NASTY)).as_string())
    assert snapshot_of(db).database.comment == NASTY
