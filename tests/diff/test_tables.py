"""Tables: added, dropped, renamed; row-level security, partitions, owner and comments."""

from __future__ import annotations

from collections.abc import Callable

from tests.diff.conftest import Changer, describe, find, only

BASE = """
create schema app;
create table app.company (id int primary key, name text not null);
"""


def test_table_added_is_additive(before_after: Changer) -> None:
    """A new table is additive, and its columns travel with it (not listed one by one)."""
    result = before_after(BASE, "create table app.invoice (id int, amount numeric(12,2))")
    change = only(result)
    assert (change.kind, change.path, change.action) == ("table", "app.invoice", "added")
    assert change.classes == ("additive",)
    assert list(change.after["columns"]) == ["id", "amount"]
    assert "oid" not in change.after and "row_count" not in change.after


def test_table_dropped_is_breaking_and_destructive(before_after: Changer) -> None:
    """Dropping a table breaks its clients and loses its data."""
    result = before_after(BASE, "drop table app.company")
    change = only(result)
    assert (change.kind, change.action) == ("table", "removed")
    assert set(change.classes) == {"breaking", "destructive"}


def test_table_renamed_in_place_is_one_rename(before_after: Changer) -> None:
    """A rename is `renamed a → b`, and the indexes and keys that follow it are no change."""
    setup = BASE + """
    create table app.person (id int primary key, company_id int references app.company);
    create index person_company on app.person (company_id);
    create view app.names as select name from app.company;
    """
    result = before_after(setup, "alter table app.company rename to firm")
    change = only(result)
    assert (change.path, change.action, change.before, change.after) == (
        "app.firm", "renamed", "company", "firm")
    assert change.classes == ("breaking",)
    assert "renamed company → firm" in change.detail


def test_rls_enabled_and_forced_are_security(before_after: Changer) -> None:
    """Turning row-level security on, and forcing it on the owner, are security changes."""
    result = before_after(BASE, """
        alter table app.company enable row level security;
        alter table app.company force row level security;
    """)
    enabled = find(result, "app.company", "rls_enabled")
    forced = find(result, "app.company", "rls_forced")
    assert enabled.classes == forced.classes == ("security",)
    assert (enabled.before, enabled.after) == (False, True)
    assert enabled.detail == "row-level security enabled"


def test_rls_disabled_is_security(before_after: Changer) -> None:
    """Turning row-level security off is a security change too."""
    result = before_after(BASE + "alter table app.company enable row level security;",
                          "alter table app.company disable row level security")
    assert only(result).classes == ("security",)
    assert only(result).detail == "row-level security disabled"


def test_comment_is_cosmetic(before_after: Changer) -> None:
    """Comments on tables and columns are cosmetic."""
    result = before_after(BASE, """
        comment on table app.company is 'Companies we sell to';
        comment on column app.company.name is 'Legal name';
    """)
    assert [c.classes for c in result.changes] == [("cosmetic",), ("cosmetic",)], describe(
        result)
    assert find(result, "app.company", "comment").after == "Companies we sell to"
    assert find(result, "app.company.columns.name", "comment").detail == "comment added"


def test_owner_is_cosmetic(before_after: Changer, new_role: Callable[[], str]) -> None:
    """A table's new owner is cosmetic."""
    role = new_role()
    result = before_after(BASE, f"alter table app.company owner to {role}")
    change = find(result, "app.company", "owner")
    assert change.classes == ("cosmetic",)
    assert change.after == role


def test_partition_attached_is_breaking(before_after: Changer) -> None:
    """Attaching a table as a partition changes which rows the parent shows."""
    setup = """
    create schema app;
    create table app.events (at date not null, body text) partition by range (at);
    create table app.events_2024 (at date not null, body text);
    """
    result = before_after(setup, """alter table app.events attach partition app.events_2024
                                    for values from ('2024-01-01') to ('2025-01-01')""")
    change = find(result, "app.events_2024", "partition_of")
    assert change.after == {"schema": "app", "name": "events"}
    assert change.detail == "partition of set to app.events"
    assert change.classes == ("breaking",)
    assert find(result, "app.events_2024", "partition_bound").classes == ("breaking",)


def test_unlogged_is_compatible(before_after: Changer) -> None:
    """Making a table unlogged keeps every query working."""
    result = before_after(BASE, "alter table app.company set unlogged")
    change = find(result, "app.company", "unlogged")
    assert change.classes == ("compatible",)
    assert change.detail == "now UNLOGGED"
