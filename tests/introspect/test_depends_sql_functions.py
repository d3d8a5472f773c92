"""SQL functions whose body is a string (`AS $$ ... $$`), which PostgreSQL does not
track: parsed like PL/pgSQL bodies. Their parameters, by name or number, are no
columns; several statements are read one after the other."""

from __future__ import annotations

from tests.helpers import run_sql, snapshot_of
from tests.introspect.depends import R, W

DDL = """
create schema shop;
create table shop.item (id int primary key, sku text, stock int);
create table shop.movement (item_id int, delta int, at timestamptz default now());
create function shop.in_stock(p_sku text) returns boolean language sql stable as $$
    select stock > 0 from shop.item where sku = p_sku
$$;
create function shop.take(int, int) returns void language sql as $$
    update shop.item set stock = stock - $2 where id = $1;
    insert into shop.movement (item_id, delta) values ($1, -$2);
$$;
create function shop.low_stock(threshold int) returns setof text language sql stable
set search_path = shop as $$
    select i.sku from item i where i.stock < low_stock.threshold order by 1
$$;
set search_path = shop, public;  -- for the check made when it is created, not at run time
create function shop.count_items() returns bigint language sql stable as $$
    select count(*) from item
$$;
"""


def test_a_query_and_its_named_parameter(db: str) -> None:
    run_sql(db, DDL)
    function = snapshot_of(db).schemas["shop"].functions["in_stock(text)"]
    assert function.depends_on == [
        R("table", "shop", "item"),
        R("table", "shop", "item", "sku"),
        R("table", "shop", "item", "stock"),
    ]


def test_several_statements_that_write(db: str) -> None:
    run_sql(db, DDL)
    function = snapshot_of(db).schemas["shop"].functions["take(integer, integer)"]
    assert function.depends_on == [
        W("table", "shop", "item"),
        R("table", "shop", "item", "id"),
        R("table", "shop", "item", "stock"),
        W("table", "shop", "item", "stock"),
        W("table", "shop", "movement"),
        W("table", "shop", "movement", "delta"),
        W("table", "shop", "movement", "item_id"),
    ]


def test_search_path_and_a_parameter_qualified_with_the_function_name(db: str) -> None:
    run_sql(db, DDL)
    functions = snapshot_of(db).schemas["shop"].functions
    assert functions["low_stock(integer)"].depends_on == [
        R("table", "shop", "item"),
        R("table", "shop", "item", "sku"),
        R("table", "shop", "item", "stock"),
    ]
    assert functions["count_items()"].depends_on == [R("table", "shop", "item", assumed=True)]
