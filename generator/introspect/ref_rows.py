"""Rows whose columns make references: a reference is (schema, name[, column]) in the
model, one query column per part (never one dotted string, since names may hold dots).

`ref_getter` is what `assemble.keyed_model_row` uses for a model class with reference
fields: it runs once per row, so runs of plain columns are read with one itemgetter.
Fields are found by name, in whatever order the query lists its columns; a field the
query leaves out takes its default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from collections.abc import Sequence as RowValues
from operator import itemgetter
from typing import Any

__all__ = ["Refs", "default_of", "ref_getter", "values_at", "wanted_fields"]

# field -> (the reference's class, the query's columns that make it): a reference is
# (schema, name[, column]) in the model, one column per part in the query
Refs = dict[str, tuple[Callable[..., Any], tuple[str, ...]]]


def ref_getter(
    cls: type[Any], names: list[str], fields: list[str], refs: Refs
) -> Callable[[RowValues[Any]], tuple[Any, ...]]:
    """Like assemble._field_getter(), with the fields in `refs` made from their columns: runs of
    plain fields are taken with one itemgetter each (this runs once per row)."""
    wanted = wanted_fields(fields, lambda name: name in refs or name in names)
    parts: list[tuple[str, Any]] = []  # ("many", getter), ("one", getter), ("default", value)
    plain: list[int] = []
    for name in wanted:
        if name in names and name not in refs:
            plain.append(names.index(name))
            continue
        if plain:
            parts.append(("many", values_at(plain)))
            plain = []
        if name in refs:
            parts.append(("one", _ref_part(names, *refs[name])))
        else:
            parts.append(("default", default_of(cls, name)))
    if plain:
        parts.append(("many", values_at(plain)))

    def values(row: RowValues[Any]) -> tuple[Any, ...]:
        out: list[Any] = []
        for how, part in parts:
            if how == "many":
                out.extend(part(row))
            elif how == "one":
                out.append(part(row))
            else:
                out.append(part)
        return tuple(out)

    return values


def wanted_fields(fields: list[str], given: Callable[[str], bool]) -> list[str]:
    """The fields a row must pass by position: all up to the last one the query gives
    (the dataclass fills in those after it with their defaults)."""
    last = max((i for i, name in enumerate(fields) if given(name)), default=-1)
    return fields[: last + 1]


def default_of(cls: type[Any], name: str) -> Any:
    """The plain default of a field the query leaves out; one made by a factory (a
    list) cannot be shared by every row, so such a field must come from the query."""
    found = next(f for f in dataclasses.fields(cls) if f.name == name)
    if found.default is dataclasses.MISSING:
        raise AssertionError(f"the query for {cls.__name__} must give `{name}`: it has "
                             "no plain default")
    return found.default


def values_at(positions: list[int]) -> Callable[[RowValues[Any]], tuple[Any, ...]]:
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
