"""Enum values added, removed and reordered; domains; sequences; extensions; schemas."""

from __future__ import annotations

from tests.diff.conftest import Changer, describe, find, only

BASE = """
create schema app;
create type app.status as enum ('new', 'active', 'gone');
create domain app.email as text check (value like '%@%');
create sequence app.counter increment 1;
create type app.pair as (a int, b text);
"""


def test_enum_value_added_is_additive(before_after: Changer) -> None:
    """A new enum value is additive."""
    result = before_after(BASE, "alter type app.status add value 'paused' after 'active'")
    change = only(result)
    assert (change.kind, change.path, change.attribute) == ("type", "app.status", "values")
    assert change.after == ["new", "active", "paused", "gone"]
    assert change.classes == ("additive",)
    assert change.detail == "values added: paused"


def test_enum_value_removed_is_breaking(before_after: Changer) -> None:
    """Removing an enum value (by re-creating the type) breaks writers of that value."""
    result = before_after(BASE, """
        drop type app.status;
        create type app.status as enum ('new', 'active');
    """)
    change = find(result, "app.status", "values")
    assert change.classes == ("breaking",)
    assert change.detail == "values removed: gone"


def test_enum_values_reordered_is_breaking(before_after: Changer) -> None:
    """Reordered values sort differently: breaking."""
    result = before_after(BASE, """
        drop type app.status;
        create type app.status as enum ('active', 'new', 'gone');
    """)
    change = find(result, "app.status", "values")
    assert change.classes == ("breaking",)
    assert "reordered" in change.detail


def test_domain_check_and_not_null(before_after: Changer) -> None:
    """A domain check added or made NOT NULL is breaking; a check dropped, compatible."""
    result = before_after(BASE, """
        alter domain app.email add constraint email_short check (length(value) < 200);
        alter domain app.email set not null;
    """)
    assert find(result, "app.email", "checks").classes == ("breaking",)
    assert find(result, "app.email", "not_null").classes == ("breaking",)
    dropped = before_after("", """
        alter domain app.email drop constraint email_short;
    """)
    assert only(dropped).classes == ("compatible",)


def test_composite_attribute_added_and_removed(before_after: Changer) -> None:
    """A composite type's new attribute is additive; a removed one is breaking."""
    result = before_after(BASE, "alter type app.pair add attribute c date")
    assert only(result).classes == ("additive",)
    removed = before_after("", "alter type app.pair drop attribute a")
    assert only(removed).classes == ("breaking",)


def test_sequence_changes(before_after: Changer) -> None:
    """A sequence added is additive, altered compatible, narrowed breaking, dropped breaking."""
    result = before_after(BASE, """
        create sequence app.invoice_no;
        alter sequence app.counter increment 10 cache 5;
    """)
    assert find(result, "app.invoice_no").classes == ("additive",)
    assert find(result, "app.counter", "increment").classes == ("compatible",)
    assert find(result, "app.counter", "cache").classes == ("compatible",)
    narrowed = before_after("", "alter sequence app.counter as integer")
    data_type = find(narrowed, "app.counter", "data_type")
    assert (data_type.before, data_type.after, data_type.classes) == (
        "bigint", "integer", ("breaking",))
    dropped = before_after("", "drop sequence app.invoice_no")
    assert only(dropped).classes == ("breaking",)


def test_extension_added_updated_dropped(before_after: Changer) -> None:
    """Extensions: added additive, new version compatible, dropped breaking."""
    result = before_after("create extension hstore version '1.7'",
                          "alter extension hstore update to '1.8'; create extension pg_trgm")
    version = find(result, "hstore", "version")
    assert (version.kind, version.before, version.after) == ("extension", "1.7", "1.8")
    assert version.classes == ("compatible",)
    assert find(result, "pg_trgm").classes == ("additive",)
    dropped = before_after("", "drop extension pg_trgm")
    assert (only(dropped).action, only(dropped).classes) == ("removed", ("breaking",))


def test_schema_added_lists_its_objects(before_after: Changer) -> None:
    """A new schema is additive, and so is each object in it."""
    result = before_after("", """
        create schema sales;
        create table sales.deal (id int);
        create view sales.deals as select id from sales.deal;
    """)
    assert [(c.kind, c.path) for c in result.changes] == [
        ("schema", "sales"), ("table", "sales.deal"), ("view", "sales.deals")], describe(result)
    assert all(c.classes == ("additive",) for c in result.changes)


def test_schema_dropped_lists_its_objects(before_after: Changer) -> None:
    """A dropped schema takes its tables' data with it."""
    result = before_after("create schema sales; create table sales.deal (id int);",
                          "drop schema sales cascade")
    assert find(result, "sales").classes == ("breaking",)
    assert set(find(result, "sales.deal").classes) == {"breaking", "destructive"}


def test_schema_renamed(before_after: Changer) -> None:
    """A renamed schema is one rename; its objects and their definitions follow it."""
    result = before_after(BASE + """
        create table app.company (id int primary key, status app.status default 'new');
        create view app.active as select id from app.company where status = 'active';
    """, "alter schema app rename to crm")
    change = only(result)
    assert (change.kind, change.action, change.before, change.after) == (
        "schema", "renamed", "app", "crm")
