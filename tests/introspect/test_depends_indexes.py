"""What index expressions and partial-index predicates depend on: the columns they read,
the functions they call, the types they use. An index on plain columns lists them as
its `columns` and `include`, and depends on nothing more."""

from __future__ import annotations

import pytest

from tests.helpers import run_sql, snapshot_of
from tests.introspect.depends import C

DDL = """
create schema s;
create type s.state as enum ('open', 'closed');
create function s.norm(value text) returns text language sql immutable
    return lower(trim(value));
create table s.t (id int, email text, state s.state, deleted_at timestamptz, note text);
create index t_email_norm on s.t (s.norm(email));
create index t_open on s.t (id) include (note) where state = 'open';
create index t_live_lower on s.t (lower(email)) where deleted_at is null;
create index t_plain on s.t (id, email) include (note);
create materialized view s.mv as select id, email from s.t;
create index mv_norm on s.mv (s.norm(email));
"""


@pytest.fixture
def indexes(db: str) -> dict:
    run_sql(db, DDL)
    return snapshot_of(db).schemas["s"].tables["t"].indexes


def test_expression_calls_a_function_on_a_column(indexes: dict) -> None:
    assert indexes["t_email_norm"].depends_on == [
        C("function", "s", "norm(text)"),
        C("table", "s", "t", "email"),
    ]


def test_predicate_reads_columns_and_an_enum(indexes: dict) -> None:
    """The predicate's column and the enum its constant is cast to; not the plain key
    and INCLUDE columns (id, note)."""
    assert indexes["t_open"].depends_on == [
        C("table", "s", "t", "state"),
        C("type", "s", "state"),
    ]
    assert indexes["t_live_lower"].depends_on == [
        C("table", "s", "t", "deleted_at"),
        C("table", "s", "t", "email"),
    ]


def test_plain_index_depends_on_nothing_more(indexes: dict) -> None:
    assert indexes["t_plain"].depends_on == []


def test_index_on_a_materialized_view(db: str) -> None:
    run_sql(db, DDL)
    index = snapshot_of(db).schemas["s"].materialized_views["mv"].indexes["mv_norm"]
    assert index.depends_on == [
        C("function", "s", "norm(text)"),
        C("materialized_view", "s", "mv", "email"),
    ]
