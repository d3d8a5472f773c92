"""Rows whose columns make references: a reference is (schema, name[, column]) in the
model, one query column per part (never one dotted string, since names may hold dots).

`ref_getter` is what `assemble.keyed_model_row` uses for a model class with reference
fields: it runs once per row, so runs of plain columns are read with one itemgetter.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence as RowValues
from operator import itemgetter
from typing import Any

__all__ = ["Refs", "ref_getter"]

# field -> (the reference's class, the query's columns that make it): a reference is
# (schema, name[, column]) in the model, one column per part in the query
Refs = dict[str, tuple[Callable[..., Any], tuple[str, ...]]]


def ref_getter(
    cls: type[Any], names: list[str], fields: list[str], refs: Refs
) -> Callable[[RowValues[Any]], tuple[Any, ...]]:
    """Like assemble._field_getter(), with the fields in `refs` made from their columns: runs of
    plain fields are taken with one itemgetter each (this runs once per row)."""
    given = [f for f in fields if f in refs or f in names]
    if fields[: len(given)] != given:
        raise AssertionError(f"the query for {cls.__name__} must list fields in order")
    parts: list[tuple[bool, Callable[[RowValues[Any]], Any]]] = []
    plain: list[int] = []
    for name in given:
        if name in refs:
            if plain:
                parts.append((True, _getter(plain)))
                plain = []
            parts.append((False, _ref_part(names, *refs[name])))
        else:
            plain.append(names.index(name))
    if plain:
        parts.append((True, _getter(plain)))

    def values(row: RowValues[Any]) -> tuple[Any, ...]:
        out: list[Any] = []
        for many, part in parts:
            if many:
                out.extend(part(row))
            else:
                out.append(part(row))
        return tuple(out)

    return values


def _getter(positions: list[int]) -> Callable[[RowValues[Any]], tuple[Any, ...]]:
    """A getter of the tuple of the values at `positions` (a tuple even for one)."""
    if len(positions) == 1:
        (position,) = positions
        return lambda row: (row[position],)
    return itemgetter(*positions)


def _ref_part(names: list[str], make: Callable[..., Any], columns: tuple[str, ...]
              ) -> Callable[[RowValues[Any]], Any]:
    """The getter of one reference: `make(*columns)`, or None when the first is NULL."""
    at = itemgetter(*(names.index(c) for c in columns))
    first = names.index(columns[0])

    def part(row: RowValues[Any]) -> Any:
        return None if row[first] is None else make(*at(row))

    return part
