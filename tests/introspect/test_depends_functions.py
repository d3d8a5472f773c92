"""What functions depend on, as the catalog records it: their argument and result types,
an aggregate's functions, and what a SQL-standard body (BEGIN ATOMIC, RETURN) reads:
PostgreSQL tracks those bodies like a view's query, so they are not parsed."""

from __future__ import annotations

from tests.helpers import run_sql, snapshot_of
from tests.introspect.depends import C

DDL = """
create schema s;
create type s.state as enum ('new', 'paid');
create table s.orders (id int, total numeric, state s.state, note text);
create function s.paid_total() returns numeric language sql stable
begin atomic
    select sum(total) from s.orders where state = 'paid';
end;
create function s.twice(n numeric) returns numeric language sql immutable return n * 2;
create function s.paid_twice() returns numeric language sql stable
    return s.twice(s.paid_total());
create function s.by_state(st s.state) returns setof s.orders language sql stable
begin atomic
    select * from s.orders where state = st;
end;
create function s.add_total(acc numeric, o s.orders) returns numeric language sql
    immutable return acc + o.total;
create aggregate s.sum_totals(s.orders) (sfunc = s.add_total, stype = numeric);
"""


def test_begin_atomic_body_reads_columns(db: str) -> None:
    """The columns the body reads and the enum of its constant; not parsed again."""
    run_sql(db, DDL)
    functions = snapshot_of(db).schemas["s"].functions
    assert functions["paid_total()"].depends_on == [
        C("table", "s", "orders", "state"),
        C("table", "s", "orders", "total"),
        C("type", "s", "state"),
    ]
    assert functions["paid_total()"].dynamic_sql is False
    assert functions["paid_total()"].parse_error is None


def test_return_body_calls_functions(db: str) -> None:
    run_sql(db, DDL)
    functions = snapshot_of(db).schemas["s"].functions
    assert functions["paid_twice()"].depends_on == [
        C("function", "s", "paid_total()"),
        C("function", "s", "twice(numeric)"),
    ]
    assert functions["twice(numeric)"].depends_on == []


def test_argument_and_result_types(db: str) -> None:
    """An enum argument and a table's row type as the result (the table); `select *`
    reads every column."""
    run_sql(db, DDL)
    function = snapshot_of(db).schemas["s"].functions["by_state(s.state)"]
    assert function.depends_on == [
        C("table", "s", "orders"),
        C("table", "s", "orders", "id"),
        C("table", "s", "orders", "note"),
        C("table", "s", "orders", "state"),
        C("table", "s", "orders", "total"),
        C("type", "s", "state"),
    ]


def test_an_aggregate_depends_on_its_state_function(db: str) -> None:
    run_sql(db, DDL)
    functions = snapshot_of(db).schemas["s"].functions
    assert functions["sum_totals(s.orders)"].depends_on == [
        C("function", "s", "add_total(numeric, s.orders)"),
        C("table", "s", "orders"),
    ]


def test_an_extensions_functions_are_no_dependents(db: str) -> None:
    """Functions an extension owns are listed under it; none of them gets a list, and
    nothing is reported missing."""
    run_sql(db, "create extension if not exists citext")
    snapshot = snapshot_of(db)
    assert snapshot.schemas["public"].functions == {}
    assert snapshot.warnings == []
