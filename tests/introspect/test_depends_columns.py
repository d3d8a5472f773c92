"""What columns depend on: their type when it is a user type (an enum, domain, composite
type, or a table's row type), and what their default or generation expression calls or
reads (a sequence, a function, other columns)."""

from __future__ import annotations

import pytest

from tests.helpers import run_sql, snapshot_of
from tests.introspect.depends import C

DDL = """
create schema s;
create type s.mood as enum ('ok', 'sad');
create domain s.positive as int check (value > 0);
create type s.pair as (a int, b int);
create table s.parent (id int primary key);
create sequence s.ticket_no;
create function s.next_code() returns text language sql return 'C' || nextval('s.ticket_no');
create table s.t (
    id serial primary key,
    mood s.mood default 'ok',
    moods s.mood[],
    amount s.positive,
    pair s.pair,
    parent_row s.parent,
    code text default s.next_code(),
    ticket bigint default nextval('s.ticket_no'),
    price numeric,
    tax numeric generated always as (price * 0.2) stored,
    plain text default 'x'
);
create view s.v as select id, mood from s.t;
"""


@pytest.fixture
def columns(db: str) -> dict:
    run_sql(db, DDL)
    return snapshot_of(db).schemas["s"].tables["t"].columns


def test_user_types(columns: dict) -> None:
    """An enum (and an array of it: the element type), a domain, a composite type, a
    table's row type (the table); a cast in the default to the column's own type adds
    nothing."""
    assert columns["mood"].depends_on == [C("type", "s", "mood")]
    assert columns["moods"].depends_on == [C("type", "s", "mood")]
    assert columns["amount"].depends_on == [C("type", "s", "positive")]
    assert columns["pair"].depends_on == [C("type", "s", "pair")]
    assert columns["parent_row"].depends_on == [C("table", "s", "parent")]


def test_defaults(columns: dict) -> None:
    """serial's default uses its sequence; a default calls a function or nextval()."""
    assert columns["id"].depends_on == [C("sequence", "s", "t_id_seq")]
    assert columns["code"].depends_on == [C("function", "s", "next_code()")]
    assert columns["ticket"].depends_on == [C("sequence", "s", "ticket_no")]


def test_generated_column_reads_its_table(columns: dict) -> None:
    """A generated column depends on the columns it is computed from."""
    assert columns["tax"].depends_on == [C("table", "s", "t", "price")]


def test_built_in_types_and_constants_add_nothing(columns: dict) -> None:
    assert columns["price"].depends_on == []
    assert columns["plain"].depends_on == []


def test_view_columns_have_their_types_too(db: str) -> None:
    """A view's column of an enum type depends on the enum."""
    run_sql(db, DDL)
    view = snapshot_of(db).schemas["s"].views["v"]
    assert view.columns["mood"].depends_on == [C("type", "s", "mood")]
    assert view.columns["id"].depends_on == []
