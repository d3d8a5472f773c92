"""Catalog rows reach the model by name: a query may list its columns in any order, and
leave out a field that has a plain default."""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg
import pytest

from generator.introspect.assemble import keyed_model_row


@dataclass(frozen=True, slots=True)
class Thing:
    a: int
    b: str = "default"
    c: int = 0
    d: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Later:
    a: int
    d: list[int] = field(default_factory=list)
    e: int = 0


def rows(dsn: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn) as conn:
        cursor = conn.cursor(row_factory=keyed_model_row(Thing))
        return cursor.execute(query.encode()).fetchall()


def test_columns_in_any_order(db18: str) -> None:
    found = rows(db18, "select 3 as c, 's' as schema_name, 'x' as b, 't' as table_name, "
                       "1 as a, 'n' as name")
    assert found == [("s", "t", "n", Thing(1, "x", 3))]


def test_a_field_left_out_takes_its_default(db18: str) -> None:
    found = rows(db18, "select 's' as schema_name, 't' as table_name, 'n' as name, 3 as c, "
                       "1 as a")
    assert found == [("s", "t", "n", Thing(1, "default", 3))]


def test_a_field_made_by_a_factory_must_be_given(db18: str) -> None:
    """A list default cannot be shared by every row: a query that leaves out `d` but
    gives a field after it is refused on its first run."""
    with psycopg.connect(db18) as conn:
        cursor = conn.cursor(row_factory=keyed_model_row(Later))
        with pytest.raises(AssertionError, match="must give `d`"):
            cursor.execute(b"select 's' as schema_name, 't' as table_name, 'n' as name, "
                           b"1 as a, 2 as e").fetchall()
