"""A sequence owned by a column (serial, OWNED BY, identity) depends on that column."""

from __future__ import annotations

from tests.helpers import run_sql, snapshot_of
from tests.introspect.depends import C

DDL = """
create schema s;
create table s.t (
    id serial primary key,
    ident bigint generated always as identity,
    counter int
);
create sequence s.counter_seq owned by s.t.counter;
create sequence s.free_standing;
"""


def test_sequences_depend_on_their_owning_column(db: str) -> None:
    run_sql(db, DDL)
    snapshot = snapshot_of(db)
    sequences = snapshot.schemas["s"].sequences
    assert sequences["t_id_seq"].depends_on == [C("table", "s", "t", "id")]
    assert sequences["t_ident_seq"].depends_on == [C("table", "s", "t", "ident")]
    assert sequences["counter_seq"].depends_on == [C("table", "s", "t", "counter")]
    assert sequences["free_standing"].depends_on == []
