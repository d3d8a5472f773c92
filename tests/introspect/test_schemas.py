"""Schemas: every user schema with its owner and comment; system ones left out."""

from __future__ import annotations

from tests.helpers import query, run_sql, snapshot_of

DDL = """
create schema sales;
comment on schema sales is 'Orders and invoices';
create schema empty_one;
"""


def test_user_schemas_are_listed_with_owner_and_comment(db: str) -> None:
    """A schema appears keyed by name, with its owner and comment."""
    run_sql(db, DDL)
    snap = snapshot_of(db)
    me = query(db, "select current_user")[0][0]
    assert snap.schemas["sales"].owner == me
    assert snap.schemas["sales"].comment == "Orders and invoices"
    assert snap.schemas["empty_one"].comment is None
    assert snap.schemas["empty_one"].tables == {}


def test_system_schemas_are_left_out(db: str) -> None:
    """pg_catalog, information_schema and pg_toast are not user schemas."""
    run_sql(db, DDL)
    snap = snapshot_of(db)
    assert "pg_catalog" not in snap.schemas
    assert "information_schema" not in snap.schemas
    assert not [name for name in snap.schemas if name.startswith("pg_")]
    assert {"public", "sales", "empty_one"} <= set(snap.schemas)


def test_schema_owned_by_another_role(db: str, new_role) -> None:
    """The owner is the role that owns the schema, not the one who reads it."""
    role = new_role()
    run_sql(db, f"create schema owned authorization {role}")
    assert snapshot_of(db).schemas["owned"].owner == role
