"""What views and materialized views read, as PostgreSQL records it (pg_depend, through
the view's rewrite rule): the columns of tables and views, the functions it calls, the
types it casts to; a relation read without naming a column, on its own."""

from __future__ import annotations

from tests.helpers import run_sql, snapshot_of
from tests.introspect.depends import C

DDL = """
create schema shop;
create schema report;
create type shop.state as enum ('new', 'paid');
create table shop.customer (id int primary key, name text, email text);
create table shop.orders (
    id int primary key, customer_id int references shop.customer, total numeric,
    state shop.state, note text
);
create function shop.net(amount numeric) returns numeric language sql immutable
    return amount / 1.2;
create view shop.paid as
    select o.id, c.name, shop.net(o.total) as net
      from shop.orders o join shop.customer c on c.id = o.customer_id
     where o.state = 'paid'::shop.state;
create view report.big_paid as select id, net from shop.paid where net > 100;
create materialized view report.order_count as select count(*) as n from shop.orders;
create view report.everything as select * from shop.customer;
create view report.constant as select 1 as one;
"""


def test_a_view_reads_columns_functions_and_types(db: str) -> None:
    """Each column the query names, on its table, the function and the enum of the cast;
    not the columns it does not name (note, email)."""
    run_sql(db, DDL)
    view = snapshot_of(db).schemas["shop"].views["paid"]
    assert view.depends_on == [
        C("function", "shop", "net(numeric)"),
        C("table", "shop", "customer", "id"),
        C("table", "shop", "customer", "name"),
        C("table", "shop", "orders", "customer_id"),
        C("table", "shop", "orders", "id"),
        C("table", "shop", "orders", "state"),
        C("table", "shop", "orders", "total"),
        C("type", "shop", "state"),
    ]


def test_a_view_over_a_view_in_another_schema(db: str) -> None:
    """A view reads the columns of another view, across schemas."""
    run_sql(db, DDL)
    view = snapshot_of(db).schemas["report"].views["big_paid"]
    assert view.depends_on == [C("view", "shop", "paid", "id"), C("view", "shop", "paid", "net")]


def test_a_materialized_view_and_a_relation_read_as_a_whole(db: str) -> None:
    """count(*) reads no column: the catalog records the table itself."""
    run_sql(db, DDL)
    mv = snapshot_of(db).schemas["report"].materialized_views["order_count"]
    assert mv.depends_on == [C("table", "shop", "orders")]


def test_select_star_reads_every_column_and_a_constant_view_reads_nothing(db: str) -> None:
    """`select *` is expanded when the view is made: every column, by name."""
    run_sql(db, DDL)
    report = snapshot_of(db).schemas["report"]
    assert report.views["everything"].depends_on == [
        C("table", "shop", "customer", "email"),
        C("table", "shop", "customer", "id"),
        C("table", "shop", "customer", "name"),
    ]
    assert report.views["constant"].depends_on == []


def test_names_with_dots_and_quotes_stay_apart(db: str) -> None:
    """A schema `a.b` and a table `c"d` are fields of their own, never one dotted string."""
    run_sql(db, """
        create schema "a.b";
        create table "a.b"."c""d" ("x.y" int);
        create view "a.b".v as select "x.y" from "a.b"."c""d";
    """)
    view = snapshot_of(db).schemas["a.b"].views["v"]
    assert view.depends_on == [C("table", "a.b", 'c"d', "x.y")]


def test_an_extensions_function_and_type_are_named(db: str) -> None:
    """What a view uses from an extension is named (schema, name, signature), though the
    extension's objects are listed under the extension, not under the schema."""
    run_sql(db, """
        create extension if not exists citext;
        create table public.person (id int, login citext);
        create view public.logins as
            select login from public.person where strpos(login, 'ADMIN') = 0;
    """)
    snapshot = snapshot_of(db)
    view = snapshot.schemas["public"].views["logins"]
    assert view.depends_on == [
        C("function", "public", "strpos(public.citext, public.citext)"),
        C("table", "public", "person", "login"),
        C("type", "public", "citext"),
    ]
    assert "strpos(public.citext, public.citext)" not in snapshot.schemas["public"].functions
    person = snapshot.schemas["public"].tables["person"]
    assert person.columns["login"].depends_on == [C("type", "public", "citext")]
