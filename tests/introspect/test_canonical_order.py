"""introspect() gives the model in the file's order, which `schemadoc snapshot`
trusts: it writes the file without checking the order again (encode_chunks with
`ordered`). Objects made in the reverse of that order must still come in it."""

from __future__ import annotations

from generator.model.canonical import canonicalise
from generator.snapshot.text import encode_chunks
from tests.helpers import run_sql, snapshot_of

# every kind of object, each made in the reverse of its name's order
DDL = """
create schema zz;
create schema aa;
create sequence aa.s2;
create sequence aa.s1;
create type aa.e2 as enum ('x');
create type aa.e1 as enum ('y');
create function aa.f2() returns trigger language plpgsql as $$begin return new; end$$;
create function aa.f1() returns int language sql as 'select 1';
create table aa.t2 (b int, a int);
create table aa.t1 (id int primary key, gone int, z int, y int, x int);
alter table aa.t1 drop column gone;
alter table aa.t1 add constraint zz_check check (x > 0), add constraint aa_unique unique (x);
create index t1_z on aa.t1 (z);
create index t1_a on aa.t1 (y);
create trigger z_trigger before insert on aa.t1 for each row execute function aa.f2();
create trigger a_trigger before insert on aa.t1 for each row execute function aa.f2();
create policy z_policy on aa.t1;
create policy a_policy on aa.t1;
create view aa.v2 as select 1 as one;
create view aa.v1 as select 1 as one;
create table zz."B" (id int);
create table zz.a (id int);
"""


def test_the_model_comes_in_the_files_order(db: str) -> None:
    run_sql(db, DDL)
    snapshot = snapshot_of(db)
    trusted = b"".join(encode_chunks(snapshot, ordered=True))
    canonicalise(snapshot)
    assert b"".join(encode_chunks(snapshot, ordered=True)) == trusted
    schema = snapshot.schemas["aa"]
    assert list(snapshot.schemas)[:2] == ["aa", "public"]
    assert list(schema.sequences) == ["s1", "s2"]
    assert list(schema.types) == ["e1", "e2"]
    assert list(schema.functions) == ["f1()", "f2()"]
    assert list(schema.tables) == ["t1", "t2"]
    assert list(schema.views) == ["v1", "v2"]
    table = schema.tables["t1"]
    assert list(table.columns) == ["id", "z", "y", "x"]
    assert [c.position for c in table.columns.values()] == [1, 2, 3, 4]
    assert list(table.constraints) == ["aa_unique", "t1_pkey", "zz_check"]
    assert list(table.indexes) == ["aa_unique", "t1_a", "t1_pkey", "t1_z"]
    assert list(table.triggers) == ["a_trigger", "z_trigger"]
    assert list(table.policies) == ["a_policy", "z_policy"]
    assert list(snapshot.schemas["zz"].tables) == ["B", "a"]  # code points: B < a
