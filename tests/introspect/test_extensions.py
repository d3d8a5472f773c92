"""Extensions: version, schema, comment, and the objects they own, which are listed
under the extension and never as the schema's own functions, types or views."""

from __future__ import annotations

import pytest

from tests.helpers import query, run_sql, snapshot_of


def require(db: str, *names: str) -> None:
    """Skip unless every named contrib extension is available on this server."""
    found = {row[0] for row in query(db, "select name from pg_available_extensions")}
    missing = sorted(set(names) - found)
    if missing:
        pytest.skip(f"extensions not available on this server: {', '.join(missing)}")


def test_extension_version_schema_and_objects(db: str) -> None:
    """pg_trgm in its own schema: listed with version and the functions it owns."""
    require(db, "pg_trgm")
    run_sql(db, "create schema trgm; create extension pg_trgm schema trgm;")
    snap = snapshot_of(db)
    ext = snap.extensions["pg_trgm"]
    assert ext.schema == "trgm"
    assert ext.version == query(
        db, "select extversion from pg_extension where extname = 'pg_trgm'")[0][0]
    assert ext.comment and "trigram" in ext.comment
    assert "function trgm.similarity(text,text)" in ext.objects
    assert any(obj.startswith("operator class trgm.gin_trgm_ops") for obj in ext.objects)
    # its type, not the array type that comes with it (which PostgreSQL 18 also records
    # as the extension's and earlier versions do not): the same list on every server
    assert "type trgm.gtrgm" in ext.objects
    assert not [obj for obj in ext.objects if obj.endswith("[]")]
    assert snap.schemas["trgm"].functions == {}
    assert snap.schemas["trgm"].types == {}


def test_extension_types_are_not_schema_types(db: str) -> None:
    """citext's type belongs to the extension; a column of that type still points at it."""
    require(db, "citext")
    run_sql(db, """
        create extension citext;
        create schema s;
        create table s.users (email public.citext);
    """)
    snap = snapshot_of(db)
    assert "type public.citext" in snap.extensions["citext"].objects
    assert snap.schemas["public"].types == {}
    assert snap.schemas["public"].functions == {}
    column = snap.schemas["s"].tables["users"].columns["email"]
    assert column.type == "public.citext"
    assert (column.type_schema, column.type_name) == ("public", "citext")


def test_extension_views_are_not_schema_views(db: str) -> None:
    """Views created by an extension (pg_stat_statements) are the extension's."""
    require(db, "pg_stat_statements")
    run_sql(db, "create extension pg_stat_statements;")
    snap = snapshot_of(db)
    assert "view public.pg_stat_statements" in snap.extensions["pg_stat_statements"].objects
    assert snap.schemas["public"].views == {}
    assert snap.schemas["public"].functions == {}
    assert snap.warnings == [], "the extension's view columns are not strays to warn about"


def test_user_function_beside_extension_functions(db: str) -> None:
    """A user's own function in the extension's schema is still listed."""
    require(db, "pg_trgm")
    run_sql(db, """
        create extension pg_trgm;
        create function public.close_enough(a text, b text) returns boolean
            language sql as $$ select public.similarity(a, b) > 0.5 $$;
    """)
    functions = snapshot_of(db).schemas["public"].functions
    assert list(functions) == ["close_enough(text, text)"]


def test_plpgsql_is_always_there(db: str) -> None:
    """Every database has plpgsql, in pg_catalog."""
    ext = snapshot_of(db).extensions["plpgsql"]
    assert ext.schema == "pg_catalog"
    assert "language plpgsql" in ext.objects


def test_extension_objects_in_a_dotted_schema_are_named_quoted(db: str) -> None:
    """An extension's objects are PostgreSQL's own descriptions, which quote and qualify
    names: in a schema `a.b` they read `"a.b".similarity`, not a dotted string."""
    require(db, "pg_trgm")
    run_sql(db, 'create schema "a.b"; create extension pg_trgm schema "a.b";')
    objects = snapshot_of(db).extensions["pg_trgm"].objects
    assert 'function "a.b".similarity(text,text)' in objects
    assert 'type "a.b".gtrgm' in objects
    assert not [obj for obj in objects if " a.b." in obj]
