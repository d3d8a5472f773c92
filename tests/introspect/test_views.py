"""Views and materialized views: definition, columns, comments; a materialized view
also has its populated flag, row estimate and indexes."""

from __future__ import annotations

from tests.helpers import query, run_sql, snapshot_of

DDL = """
create schema s;
create table s.orders (id int primary key, amount numeric(10,2) not null, paid boolean);
create view s.paid_orders as select id, amount from s.orders where paid;
comment on view s.paid_orders is 'Orders that have been paid';
comment on column s.paid_orders.amount is 'Gross amount';
create materialized view s.order_totals as
    select paid, sum(amount) as total, count(*) as n from s.orders group by paid;
comment on materialized view s.order_totals is 'Totals per payment state';
create unique index order_totals_paid_idx on s.order_totals (paid);
create materialized view s.not_yet as select 1 as one with no data;
"""


def test_view_definition_columns_and_comments(db: str) -> None:
    """A view has its SELECT, its columns with types, and comments on both."""
    run_sql(db, DDL)
    schema = snapshot_of(db).schemas["s"]
    view = schema.views["paid_orders"]
    assert "paid_orders" not in schema.tables
    # PostgreSQL 15 and older qualify each column with its table; 16+ do not.
    assert view.definition.replace("orders.", "") == (
        " SELECT id,\n    amount\n   FROM s.orders\n  WHERE paid;"
    )
    assert view.comment == "Orders that have been paid"
    assert list(view.columns) == ["id", "amount"]
    assert view.columns["amount"].type == "numeric(10,2)"
    assert view.columns["amount"].comment == "Gross amount"
    assert view.populated is None
    assert view.row_count is None
    assert view.owner == query(db, "select current_user")[0][0]


def test_materialized_view(db: str) -> None:
    """A materialized view is populated, has rows after ANALYZE, and its indexes."""
    run_sql(db, DDL + """
        insert into s.orders values (1, 10, true), (2, 20, false), (3, 5, true);
        refresh materialized view s.order_totals;
        analyze s.order_totals;
    """)
    mv = snapshot_of(db).schemas["s"].materialized_views["order_totals"]
    assert mv.populated is True
    assert mv.comment == "Totals per payment state"
    assert list(mv.columns) == ["paid", "total", "n"]
    assert mv.columns["n"].type == "bigint"
    assert "sum(amount) AS total" in mv.definition.replace("orders.", "")
    assert mv.row_count.estimate == 2
    assert mv.row_count.source == "reltuples"
    assert mv.total_bytes > 0
    assert list(mv.indexes) == ["order_totals_paid_idx"]
    assert mv.indexes["order_totals_paid_idx"].unique is True


def test_materialized_view_with_no_data(db: str) -> None:
    """WITH NO DATA leaves a materialized view unpopulated and never analysed."""
    run_sql(db, DDL)
    mv = snapshot_of(db).schemas["s"].materialized_views["not_yet"]
    assert mv.populated is False
    assert mv.row_count.estimate is None
    assert mv.row_count.source == "never analysed"


def test_view_over_view_and_function(db: str) -> None:
    """A view may read another view; both are listed apart from tables."""
    run_sql(db, DDL + """
        create view s.big_paid as select * from s.paid_orders where amount > 100;
    """)
    schema = snapshot_of(db).schemas["s"]
    assert set(schema.views) == {"paid_orders", "big_paid"}
    assert set(schema.materialized_views) == {"order_totals", "not_yet"}
    assert "FROM s.paid_orders" in schema.views["big_paid"].definition
