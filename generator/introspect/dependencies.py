"""Catalog dependencies placed on the objects that have them.

depends.sql gives one row per dependent and what it depends on, by oid and attnum
where the model has the object (so that the server does not look up and send the
same names a hundred thousand times), by name otherwise. Two kinds come from rows
other queries read anyway: a column's own type (columns.sql) and the columns a check
constraint reads (its conkey, the constraint's `columns`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

from generator.canonical import sort_dependencies
from generator.model import Column, Dependency, Schema, Table, View

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


class _ByOid:
    """The model's objects by oid, and each relation's column names by attnum."""

    def __init__(self, schemas: dict[str, Schema]) -> None:
        self.relations: dict[int, tuple[str, str, str, Table | View]] = {}
        self.others: dict[str, dict[int, tuple[str, str]]] = {
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
                    (obj.oid, (schema_name, key)) for key, obj in collection.items())

    def column_name(self, relation_oid: int, attnum: int) -> str | None:
        names = self._attnames.get(relation_oid)
        if names is None:
            relation = self.relations[relation_oid][3]
            names = self._attnames[relation_oid] = {
                column.attnum: name for name, column in relation.columns.items()}
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
            schema, name = self.others["sequence"][ref_oid]
            return Dependency("sequence", schema, name)
        return None


def attach_catalog_dependencies(
    schemas: dict[str, Schema], rows: Iterable[tuple[Any, ...]], warnings: list[str]
) -> None:
    """Set `depends_on` of every dependent: from the rows of depends.sql, from each
    column's type and from each check constraint's columns. A dependent that is not in
    the model gets a warning instead."""
    by_oid = _ByOid(schemas)
    for (owner_kind, owner_oid, child, attnum), run in groupby(rows, key=_OWNER):
        found = [by_oid.dependency(row) for row in run]
        dependencies = sort_dependencies(d for d in found if d is not None)
        if None in found or not _place(schemas, by_oid, owner_kind, owner_oid, child, attnum,
                                       dependencies):
            warnings.append(f"dependencies of {owner_kind} {owner_oid} "
                            f"{child or attnum or ''}: not all read; left out".rstrip())
    for schema_name, schema in schemas.items():
        _add_column_types(schema_name, schema, schemas)
        _add_check_columns(schema_name, schema)


def _place(
    schemas: dict[str, Schema], by_oid: _ByOid, owner_kind: str, owner_oid: int,
    child: str | None, attnum: int | None, dependencies: list[Dependency],
) -> bool:
    """Put the list on its owner; False when the owner is not in the model."""
    if owner_kind in by_oid.others:
        if owner_oid not in by_oid.others[owner_kind]:
            return False
        schema_name, key = by_oid.others[owner_kind][owner_oid]
        schema = schemas[schema_name]
        collections: dict[str, dict[str, Any]] = {
            "function": schema.functions, "sequence": schema.sequences, "type": schema.types,
        }
        collection = collections[owner_kind]
        collection[key] = dataclasses.replace(collection[key], depends_on=dependencies)
        return True
    if owner_oid not in by_oid.relations:
        return False
    kind, schema_name, name, relation = by_oid.relations[owner_oid]
    if owner_kind == "view":
        if not isinstance(relation, View):
            return False
        views = getattr(schemas[schema_name], kind + "s")
        views[name] = dataclasses.replace(relation, depends_on=dependencies)
        return True
    if owner_kind == "column":
        column_name = by_oid.column_name(owner_oid, attnum or 0)
        if column_name is None:
            return False
        _merge(relation.columns[column_name], dependencies)
        return True
    children: dict[str, Any] | None = getattr(relation, _CHILD_COLLECTIONS[owner_kind], None)
    if children is None or child not in children:
        return False
    children[child] = dataclasses.replace(children[child], depends_on=dependencies)
    return True


def _merge(column: Column, dependencies: list[Dependency]) -> None:
    # Column is the one mutable model class (see model.py): set in place
    column.depends_on = sort_dependencies([*column.depends_on, *dependencies])


def _add_column_types(schema_name: str, schema: Schema, schemas: dict[str, Schema]) -> None:
    """A column typed with a user type (an enum, domain, composite, range, or an
    extension's type) depends on it; typed with a table's row type, on that table."""
    for attribute, _ in _RELATIONS:
        for relation in getattr(schema, attribute).values():
            for column in relation.columns.values():
                type_schema = column.type_schema
                if type_schema is None or type_schema in _SYSTEM_SCHEMAS:
                    continue
                assert column.type_name is not None
                _merge(column, [Dependency(_type_kind(schemas, type_schema, column.type_name),
                                           type_schema, column.type_name)])


def _type_kind(schemas: dict[str, Schema], schema_name: str, name: str) -> str:
    schema = schemas.get(schema_name)
    if schema is None or name in schema.types:
        return "type"
    for attribute, kind in _RELATIONS:
        if name in getattr(schema, attribute):
            return kind
    return "type"


def _add_check_columns(schema_name: str, schema: Schema) -> None:
    """A check constraint depends on the columns it reads: its own `columns`."""
    for table_name, table in schema.tables.items():
        constraints = table.constraints
        for name, constraint in constraints.items():
            if constraint.type != "check" or not constraint.columns:
                continue
            own = [Dependency("table", schema_name, table_name, column)
                   for column in constraint.columns]
            constraints[name] = dataclasses.replace(
                constraint, depends_on=sort_dependencies([*constraint.depends_on, *own]))
