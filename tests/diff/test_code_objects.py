"""Triggers, policies, views, materialized views and functions."""

from __future__ import annotations

from collections.abc import Callable

from tests.diff.conftest import Changer, describe, find, only

BASE = """
create schema app;
create table app.company (id int primary key, name text not null, owner_name text,
                          updated_at timestamptz);
create function app.touch() returns trigger language plpgsql
    as $$ begin new.updated_at := now(); return new; end $$;
"""


def test_trigger_added_changed_dropped(before_after: Changer) -> None:
    """Triggers change what writes do: compatible whether added, changed or dropped."""
    setup = BASE + """
    create trigger a_touch before update on app.company
        for each row execute function app.touch();
    create trigger b_touch before update on app.company
        for each row execute function app.touch();
    """
    result = before_after(setup, """
        create trigger c_touch before insert on app.company
            for each row execute function app.touch();
        drop trigger a_touch on app.company;
        drop trigger b_touch on app.company;
        create trigger b_touch before update of name on app.company
            for each row execute function app.touch();
        alter table app.company disable trigger c_touch;
    """)
    added = find(result, "app.company.triggers.c_touch", action="added")
    assert added.classes == ("compatible",)
    assert find(result, "app.company.triggers.a_touch").classes == ("compatible",)
    changed = find(result, "app.company.triggers.b_touch", "definition")
    assert changed.classes == ("compatible",)
    assert "UPDATE OF name" in changed.after
    assert len(result.changes) == 3, describe(result)


def test_policies_are_security(before_after: Changer) -> None:
    """A policy added, changed or dropped changes who sees which rows."""
    setup = BASE + """
    alter table app.company enable row level security;
    create policy own_rows on app.company using (owner_name = current_user);
    create policy old_rule on app.company for select using (true);
    """
    result = before_after(setup, """
        create policy admin_rows on app.company to public using (true);
        alter policy own_rows on app.company using (owner_name = session_user);
        drop policy old_rule on app.company;
    """)
    assert find(result, "app.company.policies.admin_rows").classes == ("security",)
    changed = find(result, "app.company.policies.own_rows", "using")
    assert changed.classes == ("security",)
    assert "SESSION_USER" in changed.after
    assert find(result, "app.company.policies.old_rule").action == "removed"
    assert all(c.classes == ("security",) for c in result.changes), describe(result)


def test_view_definition_changed_is_compatible(before_after: Changer) -> None:
    """A view that reads differently but keeps its columns is compatible."""
    setup = BASE + "create view app.names as select id, name from app.company;"
    result = before_after(setup, "create or replace view app.names as "
                                 "select id, name from app.company where name <> ''")
    change = only(result)
    assert (change.kind, change.attribute, change.classes) == (
        "view", "definition", ("compatible",))


def test_view_column_removed_is_breaking(before_after: Changer) -> None:
    """A view losing a column breaks its readers (no data is lost)."""
    setup = BASE + "create view app.names as select id, name from app.company;"
    result = before_after(setup, """
        drop view app.names;
        create view app.names as select id from app.company;
    """)
    removed = find(result, "app.names.columns.name")
    assert (removed.kind, removed.classes) == ("view_column", ("breaking",))
    assert find(result, "app.names", "definition").classes == ("compatible",)


def test_view_dropped_is_breaking(before_after: Changer) -> None:
    """A dropped view breaks its readers."""
    setup = BASE + "create view app.names as select id, name from app.company;"
    result = before_after(setup, "drop view app.names")
    change = only(result)
    assert (change.kind, change.action, change.classes) == ("view", "removed", ("breaking",))


def test_materialized_view_added_dropped_unpopulated(before_after: Changer) -> None:
    """Materialized views: added is additive; dropped loses data; WITH NO DATA breaks reads."""
    setup = BASE + """
    create materialized view app.counts as select count(*) as n from app.company;
    create materialized view app.names as select name from app.company;
    """
    result = before_after(setup, """
        create materialized view app.ids as select id from app.company;
        drop materialized view app.counts;
        refresh materialized view app.names with no data;
    """)
    assert find(result, "app.ids").classes == ("additive",)
    assert set(find(result, "app.counts").classes) == {"breaking", "destructive"}
    assert find(result, "app.names", "populated").classes == ("breaking",)


def test_function_body_changed_is_compatible(before_after: Changer) -> None:
    """A new body with the same signature is compatible."""
    result = before_after(BASE, """create or replace function app.touch() returns trigger
        language plpgsql as $$ begin new.updated_at := clock_timestamp(); return new; end $$""")
    change = only(result)
    assert (change.kind, change.path, change.attribute) == ("function", "app.touch()", "body")
    assert change.classes == ("compatible",)
    assert "clock_timestamp()" in change.after


def test_function_signature_changed_is_breaking(before_after: Changer) -> None:
    """Other argument types make another function: callers of the old one break."""
    setup = BASE + ("create function app.add(a int, b int) returns int language sql "
                    "as 'select a + b';")
    result = before_after(setup, """
        drop function app.add(int, int);
        create function app.add(a bigint, b bigint) returns bigint language sql
            as 'select a + b';
    """)
    signature = find(result, "app.add(bigint, bigint)", "signature")
    assert (signature.before, signature.after) == ("add(integer, integer)",
                                                   "add(bigint, bigint)")
    assert signature.classes == ("breaking",)
    assert find(result, "app.add(bigint, bigint)", "returns").classes == ("breaking",)


def test_function_return_type_changed_is_breaking(before_after: Changer) -> None:
    """Same arguments, another result type: breaking."""
    setup = BASE + "create function app.answer() returns int language sql as 'select 42';"
    result = before_after(setup, """
        drop function app.answer();
        create function app.answer() returns text language sql as 'select ''42''';
    """)
    assert find(result, "app.answer()", "returns").classes == ("breaking",)


def test_security_definer_is_security(before_after: Changer) -> None:
    """SECURITY DEFINER on or off, and its search_path, are security changes."""
    setup = BASE + "create function app.answer() returns int language sql as 'select 42';"
    result = before_after(setup, """
        alter function app.answer() security definer;
        alter function app.answer() set search_path = app;
    """)
    definer = find(result, "app.answer()", "security_definer")
    assert (definer.classes, definer.detail) == (("security",), "now SECURITY DEFINER")
    assert find(result, "app.answer()", "settings").classes == ("security",)
    assert len(result.changes) == 2, describe(result)


def test_owner_of_security_definer_function_is_security(
        before_after: Changer, new_role: Callable[[], str]) -> None:
    """A SECURITY DEFINER function runs as its owner: a new owner is a security change."""
    role = new_role()
    setup = BASE + ("create function app.answer() returns int language sql security definer "
                    "as 'select 42';")
    result = before_after(setup, f"alter function app.answer() owner to {role}")
    assert only(result).classes == ("security",)


def test_volatility_is_compatible(before_after: Changer) -> None:
    """Volatility, strictness and parallel safety are compatible."""
    setup = BASE + "create function app.answer() returns int language sql as 'select 42';"
    result = before_after(setup, "alter function app.answer() immutable strict parallel safe")
    assert {c.attribute for c in result.changes} == {"volatility", "strict", "parallel"}
    assert all(c.classes == ("compatible",) for c in result.changes), describe(result)
