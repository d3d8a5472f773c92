"""Columns: added, dropped, renamed, type (widened, narrowed, lossy), nullability,
default, identity, generated, collation, comment and order."""

from __future__ import annotations

import pytest

from generator.diff import diff
from tests.diff.conftest import Changer, describe, find, only
from tests.helpers import run_sql, snapshot_of

BASE = """
create schema app;
create table app.company (
    id int primary key,
    name varchar(50) not null,
    amount numeric(12,2),
    status text default 'new',
    created_at timestamptz
);
"""
COL = "app.company.columns."


def test_nullable_column_added_is_additive(before_after: Changer) -> None:
    """A column clients may ignore is additive."""
    result = before_after(BASE, "alter table app.company add column email text")
    change = only(result)
    assert (change.kind, change.path, change.action) == ("column", COL + "email", "added")
    assert change.classes == ("additive",)
    assert change.detail == "text"


def test_required_column_without_default_is_breaking(before_after: Changer) -> None:
    """A NOT NULL column with no default breaks inserts that do not name it."""
    result = before_after(BASE, "alter table app.company add column code text not null")
    assert set(only(result).classes) == {"breaking", "additive"}


def test_required_column_with_default_is_additive(before_after: Changer) -> None:
    """With a default, a NOT NULL column is harmless to existing inserts."""
    result = before_after(BASE, "alter table app.company add column code text not null "
                                "default 'x'")
    assert only(result).classes == ("additive",)


def test_column_dropped_is_breaking_and_destructive(before_after: Changer) -> None:
    """A dropped column breaks readers and its data is gone."""
    result = before_after(BASE, "alter table app.company drop column status")
    change = only(result)
    assert (change.path, change.action) == (COL + "status", "removed")
    assert set(change.classes) == {"breaking", "destructive"}


def test_dropped_column_does_not_move_the_others(before_after: Changer) -> None:
    """Columns after a dropped one change position but not order: no change for them."""
    result = before_after(BASE, "alter table app.company drop column name")
    assert [c.path for c in result.changes] == [COL + "name"], describe(result)


def test_column_renamed(before_after: Changer) -> None:
    """A renamed column is one rename, even when an index and a check use it."""
    setup = BASE + """
    create index company_amount on app.company (amount) where amount > 0;
    alter table app.company add constraint amount_positive check (amount >= 0);
    """
    result = before_after(setup, "alter table app.company rename column amount to total")
    change = only(result)
    assert (change.path, change.action, change.before, change.after) == (
        COL + "total", "renamed", "amount", "total")
    assert change.classes == ("breaking",)


@pytest.mark.parametrize(("ddl", "classes", "word"), [
    ("alter column name type varchar(100)", ("compatible",), "widens"),
    ("alter column name type text", ("compatible",), "widens"),
    ("alter column id type bigint", ("compatible",), "widens"),
    ("alter column name type varchar(20)", ("breaking",), "narrows"),
    ("alter column amount type numeric(12,0)", ("breaking", "destructive"), "may lose data"),
    ("alter column amount type integer", ("breaking", "destructive"), "may lose data"),
    ("alter column created_at type date", ("breaking", "destructive"), "may lose data"),
    ("alter column created_at type text", ("breaking",), "other type"),
])
def test_type_change(before_after: Changer, ddl: str, classes: tuple[str, ...],
                     word: str) -> None:
    """Widening is compatible, narrowing breaking, lossy conversions also destructive."""
    result = before_after(BASE, f"alter table app.company {ddl}")
    change = [c for c in result.changes if c.attribute == "type"]
    assert len(change) == 1, describe(result)
    assert change[0].classes == classes
    assert change[0].detail.endswith(f"({word})")


def test_not_null_added_is_breaking_and_dropped_is_compatible(before_after: Changer) -> None:
    """SET NOT NULL breaks writers of NULL; DROP NOT NULL relaxes."""
    result = before_after(BASE, """
        alter table app.company alter column amount set not null;
        alter table app.company alter column name drop not null;
    """)
    assert find(result, COL + "amount", "nullable").classes == ("breaking",)
    assert find(result, COL + "amount", "nullable").detail == "NOT NULL added"
    assert find(result, COL + "name", "nullable").classes == ("compatible",)


def test_default_changes(before_after: Changer) -> None:
    """A default set or changed is compatible; dropped from a NOT NULL column, breaking."""
    setup = BASE + "alter table app.company alter column name set default 'unnamed';"
    result = before_after(setup, """
        alter table app.company alter column status set default 'active';
        alter table app.company alter column amount set default 0;
        alter table app.company alter column name drop default;
    """)
    status = find(result, COL + "status", "default")
    assert (status.before, status.after) == ("'new'::text", "'active'::text")
    assert status.classes == ("compatible",)
    assert find(result, COL + "amount", "default").classes == ("compatible",)
    dropped = find(result, COL + "name", "default")
    assert dropped.classes == ("breaking",)
    assert dropped.after is None


def test_identity_and_generated(before_after: Changer) -> None:
    """Identity ALWAYS refuses given values; a new generated column refuses writes."""
    setup = BASE + "alter table app.company alter column id drop default;"
    result = before_after(setup, """
        alter table app.company alter column id add generated always as identity;
        alter table app.company drop column created_at;
        alter table app.company add column doubled numeric
            generated always as (amount * 2) stored;
    """)
    identity = find(result, COL + "id", "identity")
    assert (identity.after, identity.classes) == ("always", ("breaking",))
    assert find(result, COL + "doubled", action="added").classes == ("additive",)


def test_collation_is_compatible(before_after: Changer) -> None:
    """A column's collation changes sorting, not what clients can send."""
    result = before_after(BASE, 'alter table app.company alter column status type text '
                                'collate "C"')
    change = find(result, COL + "status", "collation")
    assert change.classes == ("compatible",)
    assert change.after == 'pg_catalog."C"'


def test_column_order_across_databases_is_cosmetic(db: str, other_db: str) -> None:
    """The same table with its columns in another order: position changes, cosmetic."""
    run_sql(db, "create table t (a int, b text, c date)")
    run_sql(other_db, "create table t (a int, c date, b text)")
    result = diff(snapshot_of(db), snapshot_of(other_db))
    moved = [c for c in result.changes if c.attribute == "position"]
    assert {c.path for c in moved} == {"public.t.columns.b", "public.t.columns.c"}
    assert all(c.classes == ("cosmetic",) for c in moved)
    assert len(result.changes) == 2, describe(result)
