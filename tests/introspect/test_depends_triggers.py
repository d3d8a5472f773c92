"""What triggers depend on: their function (in any schema), and the columns of their
`UPDATE OF` list and `WHEN` condition."""

from __future__ import annotations

from tests.helpers import run_sql, snapshot_of
from tests.introspect.depends import C

DDL = """
create schema s;
create schema audit;
create function audit.stamp() returns trigger language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end $$;
create table s.t (id int, price numeric, note text, updated_at timestamptz);
create trigger t_stamp before update on s.t for each row execute function audit.stamp();
create trigger t_price before update of price on s.t for each row
    when (old.note is distinct from new.note) execute function audit.stamp();
create view s.v as select id, note from s.t;
create trigger v_insert instead of insert on s.v for each row execute function audit.stamp();
"""


def test_a_trigger_depends_on_its_function(db: str) -> None:
    run_sql(db, DDL)
    schema = snapshot_of(db).schemas["s"]
    assert schema.tables["t"].triggers["t_stamp"].depends_on == [
        C("function", "audit", "stamp()")
    ]
    assert schema.views["v"].triggers["v_insert"].depends_on == [
        C("function", "audit", "stamp()")
    ]


def test_update_of_and_when_columns(db: str) -> None:
    run_sql(db, DDL)
    trigger = snapshot_of(db).schemas["s"].tables["t"].triggers["t_price"]
    assert trigger.depends_on == [
        C("function", "audit", "stamp()"),
        C("table", "s", "t", "note"),
        C("table", "s", "t", "price"),
    ]


def test_the_function_says_nothing_of_the_tables_it_serves(db: str) -> None:
    """A trigger function's body names no table (NEW is whichever row fires it): the
    tables it serves are found from their triggers, not stored on the function."""
    run_sql(db, DDL)
    function = snapshot_of(db).schemas["audit"].functions["stamp()"]
    assert function.depends_on == []
