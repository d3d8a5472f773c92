"""Functions, procedures and aggregates, keyed by signature (name and argument types)."""

from __future__ import annotations

import pytest

from tests.helpers import query, run_sql, snapshot_of

DDL = """
create schema s;
create function s.add_months(d date, n integer) returns date
    language sql immutable strict
    as $$ select (d + make_interval(months => n))::date $$;
comment on function s.add_months(date, integer) is 'Calendar arithmetic';
create function s.total(a numeric, b numeric default 0) returns numeric
    language plpgsql stable security definer
    as $$ begin return a + b; end $$;
create function s.total(a integer) returns integer
    language sql as $$ select a $$;
create function s.pairs(out k text, out v int) returns setof record
    language sql as $$ select 'a', 1 $$;
create function s.concat_all(variadic parts text[]) returns text
    language sql parallel safe as $$ select array_to_string(parts, '') $$;
create procedure s.archive(in before date, inout moved int)
    language plpgsql as $$ begin moved := 0; end $$;
create function s.accumulate(state numeric, x numeric) returns numeric
    language sql immutable as $$ select state + x $$;
create function s.finish(state numeric) returns numeric
    language sql immutable as $$ select round(state, 2) $$;
create aggregate s.money_sum(numeric) (
    sfunc = s.accumulate, stype = numeric, initcond = '0', finalfunc = s.finish
);
"""


@pytest.fixture
def functions(db: str) -> dict:
    run_sql(db, DDL)
    return snapshot_of(db).schemas["s"].functions


def test_keyed_by_signature(functions) -> None:
    """Keys are name(argument types), without argument names or modes."""
    assert set(functions) == {
        "add_months(date, integer)",
        "total(numeric, numeric)",
        "total(integer)",
        "pairs()",
        "concat_all(text[])",
        "archive(date, integer)",
        "accumulate(numeric, numeric)",
        "finish(numeric)",
        "money_sum(numeric)",
    }


def test_function_attributes(functions, db: str) -> None:
    """Kind, arguments, result, language, volatility, strictness, comment, body."""
    fn = functions["add_months(date, integer)"]
    assert fn.name == "add_months"
    assert fn.kind == "function"
    assert fn.arguments == "d date, n integer"
    assert fn.returns == "date"
    assert fn.language == "sql"
    assert fn.volatility == "immutable"
    assert fn.strict is True
    assert fn.security_definer is False
    assert fn.parallel == "unsafe"
    assert fn.comment == "Calendar arithmetic"
    assert fn.owner == query(db, "select current_user")[0][0]
    assert fn.definition.startswith("CREATE OR REPLACE FUNCTION s.add_months(d date, n integer)")
    assert "make_interval(months => n)" in fn.definition


def test_overloads_are_two_functions(functions) -> None:
    """Two functions of one name are two entries, each with its own attributes."""
    two = functions["total(numeric, numeric)"]
    one = functions["total(integer)"]
    assert two.arguments == "a numeric, b numeric DEFAULT 0"
    assert (two.language, two.volatility, two.security_definer) == ("plpgsql", "stable", True)
    assert (one.language, one.volatility, one.security_definer) == ("sql", "volatile", False)
    assert two.oid != one.oid


def test_set_returning_and_variadic(functions) -> None:
    """OUT arguments are not part of the key; VARIADIC is kept in the arguments."""
    pairs = functions["pairs()"]
    assert pairs.arguments == "OUT k text, OUT v integer"
    assert pairs.returns == "SETOF record"
    concat = functions["concat_all(text[])"]
    assert concat.arguments == "VARIADIC parts text[]"
    assert concat.parallel == "safe"


def test_procedure(functions) -> None:
    """A procedure has kind 'procedure' and no return type."""
    proc = functions["archive(date, integer)"]
    assert proc.kind == "procedure"
    assert proc.returns is None
    assert proc.arguments == "IN before date, INOUT moved integer"
    assert proc.language == "plpgsql"
    assert proc.definition.startswith("CREATE OR REPLACE PROCEDURE s.archive(")
    assert "moved := 0;" in proc.definition


def test_aggregate(functions) -> None:
    """An aggregate's definition summarises its state function, state type, final function."""
    agg = functions["money_sum(numeric)"]
    assert agg.kind == "aggregate"
    assert agg.returns == "numeric"
    assert agg.definition == "sfunc = s.accumulate, stype = numeric, finalfunc = s.finish"


def test_function_with_user_type_argument(db: str) -> None:
    """Argument types outside pg_catalog are schema-qualified in the key."""
    run_sql(db, """
        create schema s;
        create type s.mood as enum ('ok', 'sad');
        create function s.cheer(m s.mood) returns s.mood language sql as $$ select 'ok'::s.mood $$;
    """)
    functions = snapshot_of(db).schemas["s"].functions
    assert list(functions) == ["cheer(s.mood)"]
    assert functions["cheer(s.mood)"].returns == "s.mood"
