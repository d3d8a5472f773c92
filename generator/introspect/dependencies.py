"""Catalog dependencies placed on the objects that have them.

depends.sql gives one row per dependent and what it depends on, by oid and attnum
where the model has the object (so that the server does not look up and send the
same names a hundred thousand times), by name otherwise. Three kinds come from rows
other queries read anyway: a column's own type (columns.sql), the columns a check
constraint reads (its conkey, the constraint's `columns`) and the column that owns a
sequence (its `owned_by`).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

from generator.model import ColumnRef, Dependency, Schema, Table, View
from generator.model.canonical import sort_dependencies

# owner_kind of a relation's child -> the relation's collection that holds it
_CHILD_COLLECTIONS = {
    "constraint": "constraints",
    "index": "indexes",
    "trigger": "triggers",
    "policy": "policies",
}
_RELATIONS = (("tables", "table"), ("views", "view"),
              ("materialized_views", "materialized_view"))
_OWNER = itemgetter(0, 1, 2, 3)  # (owner_kind, owner_oid, child, child_attnum)
_SYSTEM_SCHEMAS = frozenset({"pg_catalog", "information_schema"})


# (schema, relation) -> {attnum: column name}, as the model builder keeps them
AttNames = dict[tuple[str, str], dict[int, str]]


class _ByOid:
    """The model's objects by oid, and each relation's column names by attnum (those
    of `attnames` where it has them)."""

    def __init__(self, schemas: dict[str, Schema], attnames: AttNames | None = None) -> None:
        self._known = attnames or {}
        self.relations: dict[int, tuple[str, str, str, Table | View]] = {}
        # function, sequence, type: oid -> ((schema, name), the object)
        self.others: dict[str, dict[int, tuple[tuple[str, str], Any]]] = {
            "function": {}, "sequence": {}, "type": {},
        }
        self._attnames: dict[int, dict[int, str]] = {}
        for schema_name, schema in schemas.items():
            for attribute, kind in _RELATIONS:
                for name, relation in getattr(schema, attribute).items():
                    self.relations[relation.oid] = (kind, schema_name, name, relation)
            for kind, collection in (("function", schema.functions),
                                     ("sequence", schema.sequences), ("type", schema.types)):
                self.others[kind].update(
                    (obj.oid, ((schema_name, key), obj)) for key, obj in collection.items())

    def column_name(self, relation_oid: int, attnum: int) -> str | None:
        names = self._attnames.get(relation_oid)
        if names is None:
            _, schema, name, relation = self.relations[relation_oid]
            names = self._known.get((schema, name))
            if names is None:
                names = {column.attnum: name for name, column in relation.columns.items()}
            self._attnames[relation_oid] = names
        return names.get(attnum)

    def dependency(self, row: tuple[Any, ...]) -> Dependency | None:
        """The Dependency a row of depends.sql names; None when the object it names by
        oid is not in the model (it cannot be: both were read in one snapshot)."""
        ref_oid, ref_attnum, kind, schema, name, column = row[4:]
        if kind is not None:
            return Dependency(kind, schema, name, column)
        if ref_oid in self.relations:
            kind, schema, name, _ = self.relations[ref_oid]
            column = self.column_name(ref_oid, ref_attnum) if ref_attnum else None
            return Dependency(kind, schema, name, column)
        if ref_oid in self.others["sequence"]:
            schema, name = self.others["sequence"][ref_oid][0]
            return Dependency("sequence", schema, name)
        return None


def attach_catalog_dependencies(
    schemas: dict[str, Schema], rows: Iterable[tuple[Any, ...]], warnings: list[str],
    attnames: AttNames | None = None,
) -> list[tuple[Any, ...]]:
    """Fill `depends_on` of every dependent but constraints: from the rows of
    depends.sql, from each column's type and each sequence's owning column. A
    dependent that is not in the model gets a warning instead. `attnames`: the
    columns' names by attnum the caller has already (else made from the model).

    The rows of constraints are returned, not placed: the constraints may not be in
    the model yet (they are the last big query to come, and their dependencies are few;
    see attach_constraint_dependencies).

    The lists are filled in place: each object got its own, empty, when it was made,
    and nothing has read them yet (a copy of 30,000 objects would cost more than the
    rest of this).
    """
    constraints: list[tuple[Any, ...]] = []
    _place(_ByOid(schemas, attnames), rows, warnings, constraints)
    types: dict[tuple[str, str], Dependency] = {}
    for schema_name, schema in schemas.items():
        _add_column_types(schema_name, schema, schemas, types)
        _add_sequence_owners(schema_name, schema)
    return constraints


def attach_constraint_dependencies(
    schemas: dict[str, Schema], rows: list[tuple[Any, ...]], warnings: list[str]
) -> None:
    """Fill `depends_on` of every constraint from the rows attach_catalog_dependencies()
    returned, once all of them are in the model (each check's own columns are already
    there: check_columns())."""
    if rows:
        _place(_ByOid(schemas), rows, warnings)


def _place(by_oid: _ByOid, rows: Iterable[tuple[Any, ...]], warnings: list[str],
           constraints: list[tuple[Any, ...]] | None = None) -> None:
    """Each dependent's rows of depends.sql onto it; those of constraints onto
    `constraints` instead, when it is given."""
    for (owner_kind, owner_oid, child, attnum), run in groupby(rows, key=_OWNER):
        if constraints is not None and owner_kind == "constraint":
            constraints.extend(run)
            continue
        found = [by_oid.dependency(row) for row in run]
        owner = _owner(by_oid, owner_kind, owner_oid, child, attnum)
        if owner is None or None in found:
            part = f" ({child or f'column {attnum}'})" if child or attnum else ""
            warnings.append(f"dependencies of the {owner_kind} with oid {owner_oid}{part}: "
                            "the object or what it depends on was not read; left out")
        if owner is not None:
            _add(owner, (d for d in found if d is not None))


def _owner(
    by_oid: _ByOid, owner_kind: str, owner_oid: int, child: str | None, attnum: int | None
) -> Any:
    """The model object a row's dependent is, or None when it is not in the model."""
    if owner_kind in by_oid.others:
        return by_oid.others[owner_kind].get(owner_oid, (None, None))[1]
    if owner_oid not in by_oid.relations:
        return None
    relation = by_oid.relations[owner_oid][3]
    if owner_kind == "view":
        return relation if isinstance(relation, View) else None
    if owner_kind == "column":
        name = by_oid.column_name(owner_oid, attnum or 0)
        return None if name is None else relation.columns[name]
    children: dict[str, Any] = getattr(relation, _CHILD_COLLECTIONS[owner_kind], {})
    return children.get(child or "")


def _add(owner: Any, dependencies: Iterable[Dependency]) -> None:
    listed = owner.depends_on
    new = list(dependencies)
    if not listed and len(new) == 1:
        listed.append(new[0])  # most have one: nothing to sort
    else:
        listed[:] = sort_dependencies([*listed, *new])


def _add_column_types(schema_name: str, schema: Schema, schemas: dict[str, Schema],
                      made: dict[tuple[str, str], Dependency]) -> None:
    """A column typed with a user type (an enum, domain, composite, range, or an
    extension's type) depends on it; typed with a table's row type, on that table.
    Columns of one type share one Dependency (`made`: they are never changed)."""
    for attribute, _ in _RELATIONS:
        for relation in getattr(schema, attribute).values():
            for column in relation.columns.values():
                type_schema = column.type_schema
                if type_schema is None or type_schema in _SYSTEM_SCHEMAS:
                    continue
                assert column.type_name is not None
                key = (type_schema, column.type_name)
                if key not in made:
                    made[key] = Dependency(_type_kind(schemas, *key), *key)
                _add(column, [made[key]])


def _type_kind(schemas: dict[str, Schema], schema_name: str, name: str) -> str:
    schema = schemas.get(schema_name)
    if schema is None or name in schema.types:
        return "type"
    for attribute, kind in _RELATIONS:
        if name in getattr(schema, attribute):
            return kind
    return "type"


def check_columns(schema: str, table: str, columns: list[str]) -> list[Dependency]:
    """The `depends_on` of a check constraint on `columns` of (schema, table) as it is
    made: the columns it reads, in order (more come from depends.sql: functions)."""
    return sort_dependencies(Dependency("table", schema, table, column) for column in columns)


def _add_sequence_owners(schema_name: str, schema: Schema) -> None:
    """A sequence owned by a column (serial, OWNED BY, identity) depends on it."""
    for sequence in schema.sequences.values():
        owner = _owning_column(schema_name, schema, sequence.owned_by)
        if owner is not None:
            _add(sequence, [Dependency("table", owner[0], owner[1], owner[2])])


def _owning_column(
    schema_name: str, schema: Schema, owned_by: ColumnRef | None
) -> tuple[str, str, str] | None:
    """(schema, table, column) of a sequence's `owned_by`."""
    if owned_by is None:
        return None
    return (owned_by.schema, owned_by.table, owned_by.column)
