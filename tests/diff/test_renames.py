"""Renames: certain within one database (oids, attnums), possible across databases
(a drop and an add with identical definitions)."""

from __future__ import annotations

from generator.diff import diff
from tests.diff.conftest import Changer, describe, find, only
from tests.helpers import run_sql, snapshot_of

BASE = """
create schema app;
create table app.company (id int primary key, name text not null, code text);
create table app.person (id int primary key, company_id int references app.company,
                         email text);
create index person_email on app.person (email);
create view app.people as select p.id, p.email, c.name from app.person p
    join app.company c on c.id = p.company_id;
create function app.count_people() returns bigint language sql
    as 'select count(*) from app.person';
create sequence app.ticket_no;
create type app.status as enum ('new', 'done');
"""


def test_renames_in_one_database_are_certain(before_after: Changer) -> None:
    """Table, column, view, function, sequence and type renames, each reported once."""
    result = before_after(BASE, """
        alter table app.person rename to member;
        alter table app.member rename column email to mail;
        alter view app.people rename to members;
        alter function app.count_people() rename to count_members;
        alter sequence app.ticket_no rename to ticket_number;
        alter type app.status rename to state;
    """)
    renames = {(c.kind, c.before, c.after) for c in result.changes if c.action == "renamed"}
    assert renames == {
        ("table", "person", "member"),
        ("column", "email", "mail"),
        ("view", "people", "members"),
        ("function", "count_people()", "count_members()"),
        ("sequence", "ticket_no", "ticket_number"),
        ("type", "status", "state"),
    }, describe(result)
    # The view's text and the function's body name the renamed table and column: the
    # definitions changed only by the renames, so they are not changes of their own.
    assert {c.action for c in result.changes} == {"renamed"}, describe(result)
    assert all(c.classes == ("breaking",) for c in result.changes)


def test_drop_and_add_in_one_database_is_not_a_rename(before_after: Changer) -> None:
    """Within one database a new table with the old one's columns is still drop plus add."""
    result = before_after(BASE, """
        create table app.firm (id int primary key, name text not null, code text);
        drop table app.company cascade;
    """)
    assert find(result, "app.company").action == "removed"
    assert find(result, "app.firm").action == "added"
    assert not [c for c in result.changes if "rename" in c.action], describe(result)


def test_dropped_column_re_added_is_not_a_rename(before_after: Changer) -> None:
    """A column dropped and another added keeps its data loss visible in one database."""
    result = before_after(BASE, """
        alter table app.company drop column code;
        alter table app.company add column short_code text;
    """)
    assert find(result, "app.company.columns.code").action == "removed"
    assert find(result, "app.company.columns.short_code").action == "added"


def test_possible_rename_across_databases(db: str, other_db: str) -> None:
    """Across databases, a table and a column that match a dropped one are possible renames."""
    ddl = """
    create schema app;
    create table app.{company} (id int primary key, name text not null, code text);
    create table app.person (id int primary key, company_id int references app.{company},
                             {email} text);
    """
    run_sql(db, ddl.format(company="company", email="email"))
    run_sql(other_db, ddl.format(company="firm", email="mail"))
    result = diff(snapshot_of(db), snapshot_of(other_db))
    assert not result.same_database
    table = find(result, "app.firm", action="possible_rename")
    assert (table.before, table.after) == ("company", "firm")
    assert set(table.classes) == {"breaking", "destructive"}
    assert "possibly renamed company → firm" in table.detail
    column = find(result, "app.person.columns.mail", action="possible_rename")
    assert (column.before, column.after) == ("email", "mail")


def test_different_definitions_across_databases_are_drop_and_add(db: str,
                                                                  other_db: str) -> None:
    """A table whose columns differ from the dropped one's is no rename candidate."""
    run_sql(db, "create table a (id int, name text)")
    run_sql(other_db, "create table b (id int, name text, extra date)")
    result = diff(snapshot_of(db), snapshot_of(other_db))
    assert {(c.path, c.action) for c in result.changes} == {
        ("public.a", "removed"), ("public.b", "added")}


def test_same_database_name_elsewhere_does_not_trust_oids(db: str, other_db: str) -> None:
    """Two databases that happen to share a name do not pair tables by oid."""
    run_sql(db, "create table t1 (id int); create table t2 (x text)")
    run_sql(other_db, "create table t3 (id int); create table t1 (y date)")
    old, new = snapshot_of(db), snapshot_of(other_db)
    import dataclasses
    new = dataclasses.replace(new, database=dataclasses.replace(new.database,
                                                                name=old.database.name))
    result = diff(old, new)
    assert not result.same_database
    assert not [c for c in result.changes if c.action == "renamed"], describe(result)


def test_rename_keeps_changes_made_with_it(before_after: Changer) -> None:
    """A table renamed and altered in one go: the rename and the other change both show."""
    result = before_after(BASE, """
        alter table app.company rename to firm;
        alter table app.firm alter column code set not null;
    """)
    assert find(result, "app.firm", action="renamed").classes == ("breaking",)
    assert find(result, "app.firm.columns.code", "nullable").classes == ("breaking",)
    assert len(result.changes) == 2, describe(result)


def test_renamed_policy_is_cosmetic(before_after: Changer) -> None:
    """A policy renamed keeps its rules: cosmetic."""
    setup = BASE + "create policy read_all on app.company for select using (true);"
    result = before_after(setup, "alter policy read_all on app.company rename to readers")
    change = only(result)
    assert (change.action, change.classes) == ("renamed", ("cosmetic",))


def test_renamed_names_with_a_dollar_sign(before_after: Changer) -> None:
    """PostgreSQL quotes a name holding `$` (`"price$"`); a renamed column of that name
    changes its index only by the rename, not as a change of its own."""
    result = before_after("create table t (id int, \"price$\" int); "
                          "create index \"by$price\" on t (\"price$\")",
                          "alter table t rename column \"price$\" to \"cost$\"")
    assert [(c.kind, c.action) for c in result.changes] == [("column", "renamed")], \
        describe(result)
