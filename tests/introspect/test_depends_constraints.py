"""What check constraints depend on: the columns they read and the functions they call.
Keys and foreign keys list their columns and target already; they get none."""

from __future__ import annotations

from tests.helpers import run_sql, snapshot_of
from tests.introspect.depends import C

DDL = """
create schema s;
create function s.is_code(value text) returns boolean language sql immutable
    return value ~ '^[A-Z]{3}$';
create table s.parent (id int primary key);
create table s.t (
    id int primary key,
    parent_id int references s.parent,
    code text constraint code_format check (s.is_code(code)),
    low int,
    high int,
    constraint low_below_high check (low < high),
    constraint a_constant check (true)
);
create domain s.code as text constraint domain_format check (s.is_code(value));
"""


def test_checks_read_columns_and_call_functions(db: str) -> None:
    run_sql(db, DDL)
    constraints = snapshot_of(db).schemas["s"].tables["t"].constraints
    assert constraints["code_format"].depends_on == [
        C("function", "s", "is_code(text)"),
        C("table", "s", "t", "code"),
    ]
    assert constraints["low_below_high"].depends_on == [
        C("table", "s", "t", "high"),
        C("table", "s", "t", "low"),
    ]
    assert constraints["a_constant"].depends_on == []


def test_keys_depend_on_nothing_listed_here(db: str) -> None:
    """A primary or foreign key's columns and target are its `columns` and
    `references`, not dependencies."""
    run_sql(db, DDL)
    constraints = snapshot_of(db).schemas["s"].tables["t"].constraints
    assert constraints["t_pkey"].depends_on == []
    assert constraints["t_parent_id_fkey"].depends_on == []


def test_a_domain_check_is_the_domains_dependency(db: str) -> None:
    """A domain's check calling a function: the domain (a type) depends on it."""
    run_sql(db, DDL)
    domain = snapshot_of(db).schemas["s"].types["code"]
    assert domain.depends_on == [C("function", "s", "is_code(text)")]
