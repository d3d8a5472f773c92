"""User types: enums (values in declared order), domains, composite and range types."""

from __future__ import annotations

import pytest

from tests.helpers import run_sql, snapshot_of

DDL = """
create schema s;
create type s.mood as enum ('sad', 'ok', 'happy');
comment on type s.mood is 'How it went';
create domain s.email as text not null default 'nobody@example.com'
    constraint email_has_at check (value like '%@%')
    constraint email_short check (length(value) < 255);
create domain s.price as numeric(10,2) check (value >= 0);
create type s.address as (street text, zip varchar(10), country char(2));
create type s.float_span as range (subtype = float8);
create table s.t (id int, m s.mood);
create view s.v as select 1 as x;
"""


@pytest.fixture
def types(db: str) -> dict:
    run_sql(db, DDL)
    return snapshot_of(db).schemas["s"].types


def test_only_user_types_are_listed(types) -> None:
    """Row types of tables and views, and array types, are not listed."""
    assert set(types) == {"mood", "email", "price", "address", "float_span"}


def test_enum_values_in_declared_order(types) -> None:
    """Enum values keep the order they were declared in, not alphabetical."""
    mood = types["mood"]
    assert mood.kind == "enum"
    assert mood.values == ["sad", "ok", "happy"]
    assert mood.comment == "How it went"


def test_enum_order_after_add_value_before(db: str) -> None:
    """ALTER TYPE .. ADD VALUE .. BEFORE / AFTER inserts where it says."""
    run_sql(db, DDL + """
        alter type s.mood add value 'meh' before 'ok';
        alter type s.mood add value 'ecstatic' after 'happy';
        alter type s.mood add value 'awful' before 'sad';
    """)
    mood = snapshot_of(db).schemas["s"].types["mood"]
    assert mood.values == ["awful", "sad", "meh", "ok", "happy", "ecstatic"]


def test_domain(types) -> None:
    """A domain has its base type with modifiers, NOT NULL, default and named checks."""
    email = types["email"]
    assert email.kind == "domain"
    assert email.base_type == "text"
    assert email.not_null is True
    assert email.default == "'nobody@example.com'::text"
    assert email.checks == {
        "email_has_at": "CHECK (VALUE ~~ '%@%'::text)",
        "email_short": "CHECK (length(VALUE) < 255)",
    }
    price = types["price"]
    assert price.base_type == "numeric(10,2)"
    assert price.not_null is False
    assert price.default is None
    assert list(price.checks.values()) == ["CHECK (VALUE >= 0::numeric)"]


def test_composite_type_attributes_in_order(types) -> None:
    """A composite type lists its attributes in order with their types."""
    address = types["address"]
    assert address.kind == "composite"
    assert [(a.name, a.type) for a in address.attributes] == [
        ("street", "text"), ("zip", "character varying(10)"), ("country", "character(2)"),
    ]


def test_composite_attribute_dropped(db: str) -> None:
    """A dropped attribute disappears; the others keep their order."""
    run_sql(db, DDL + "alter type s.address drop attribute zip;")
    address = snapshot_of(db).schemas["s"].types["address"]
    assert [a.name for a in address.attributes] == ["street", "country"]


def test_range_type(types) -> None:
    """A range type names its subtype."""
    span = types["float_span"]
    assert span.kind == "range"
    assert span.subtype == "double precision"
    assert span.values == [] and span.attributes == []


def test_range_constructors_are_not_user_functions(db: str) -> None:
    """The constructor functions PostgreSQL makes for a range type belong to the type,
    not to the user's functions."""
    run_sql(db, DDL)
    assert snapshot_of(db).schemas["s"].functions == {}
