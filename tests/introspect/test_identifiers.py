"""Odd identifiers: every object is keyed by its exact name, whatever SQL quoting it
needed: spaces, quotes, upper case, unicode, 63-byte names, reserved words."""

from __future__ import annotations

import pytest

from tests.helpers import run_sql, snapshot_of

LONG = "l" * 63  # NAMEDATALEN - 1: the longest identifier PostgreSQL keeps
LONG_UNICODE = "é" * 31 + "x"  # 63 bytes in UTF-8, 32 characters

DDL = f'''
create schema bit;
create schema "BIT";
create schema time;
create schema "Odd Schema";
create table bit.t (id int);
create table "BIT".t (id int);
create table time.time (time time, "timestamp" timestamp);
create table "Odd Schema".t (id int primary key);
create table "Odd Schema"."T" (
    "ID" int primary key,
    "first name" text,
    "say ""hi""" text,
    "grüße" text,
    "{LONG}" int,
    "{LONG_UNICODE}" int
);
create index "Index With Space" on "Odd Schema"."T" ("first name");
create table "Odd Schema"."Child Table" (
    "parent id" int constraint "FK to T" references "Odd Schema"."T" ("ID")
);
create view "Odd Schema"."my view" as select "ID" from "Odd Schema"."T";
create type "Odd Schema"."Mood Type" as enum ('Very Good', 'a|b', 'emoji 🙂');
create sequence "Odd Schema"."Seq""Quote";
create function "Odd Schema"."Add One"("x y" int) returns int language sql
    as $$ select "x y" + 1 $$;
create table "Odd Schema"."{LONG}" (a int);
create schema "日本語";
create table "日本語"."表" (id int);
'''


@pytest.fixture
def snap(db: str):
    run_sql(db, DDL)
    return snapshot_of(db)


def test_schemas_differing_only_in_case(snap) -> None:
    """bit and "BIT" are two schemas; a schema may be named like a type (time)."""
    assert {"bit", "BIT", "time", "Odd Schema", "日本語"} <= set(snap.schemas)
    assert set(snap.schemas["bit"].tables) == {"t"}
    assert set(snap.schemas["BIT"].tables) == {"t"}
    assert snap.schemas["bit"].oid != snap.schemas["BIT"].oid
    assert list(snap.schemas["time"].tables["time"].columns) == ["time", "timestamp"]


def test_tables_differing_only_in_case(snap) -> None:
    """"T" and t are two tables in one schema."""
    tables = snap.schemas["Odd Schema"].tables
    assert {"t", "T"} <= set(tables)
    assert tables["t"].oid != tables["T"].oid
    assert list(tables["t"].columns) == ["id"]


def test_column_names_kept_exactly(snap) -> None:
    """Spaces, double quotes, upper case, unicode and 63-byte names."""
    columns = snap.schemas["Odd Schema"].tables["T"].columns
    assert list(columns) == ["ID", "first name", 'say "hi"', "grüße", LONG, LONG_UNICODE]
    assert len(LONG_UNICODE.encode()) == 63


def test_constraint_index_and_reference_names(snap) -> None:
    """Constraints and indexes are keyed by their exact names, references too."""
    tables = snap.schemas["Odd Schema"].tables
    assert tables["T"].constraints["T_pkey"].columns == ["ID"]
    assert tables["T"].indexes["Index With Space"].columns == ['"first name"']
    fk = tables["Child Table"].constraints["FK to T"]
    assert fk.columns == ["parent id"]
    assert (fk.references.schema, fk.references.table, fk.references.columns) == (
        "Odd Schema", "T", ["ID"])


def test_other_objects_with_odd_names(snap) -> None:
    """Views, types (and enum labels), sequences, functions and long table names."""
    schema = snap.schemas["Odd Schema"]
    assert list(schema.views["my view"].columns) == ["ID"]
    assert schema.types["Mood Type"].values == ["Very Good", "a|b", "emoji 🙂"]
    assert 'Seq"Quote' in schema.sequences
    assert "Add One(integer)" in schema.functions
    assert schema.functions["Add One(integer)"].arguments == '"x y" integer'
    assert LONG in schema.tables
    assert set(snap.schemas["日本語"].tables) == {"表"}


def test_user_type_column_names_the_raw_type(db: str) -> None:
    """The SQL type is quoted as SQL needs; type_schema / type_name are the raw names."""
    run_sql(db, """
        create schema "Odd Schema";
        create type "Odd Schema"."Mood Type" as enum ('x');
        create table "Odd Schema".t (m "Odd Schema"."Mood Type");
    """)
    column = snapshot_of(db).schemas["Odd Schema"].tables["t"].columns["m"]
    assert column.type == '"Odd Schema"."Mood Type"'
    assert (column.type_schema, column.type_name) == ("Odd Schema", "Mood Type")
