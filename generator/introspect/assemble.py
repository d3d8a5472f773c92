"""Turning catalog rows into the model: plain objects keyed by name."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, TypeVar

from generator.errors import ConcurrentDDL
from generator.introspect.catalog import CatalogRows, Row
from generator.model import (
    FORMAT_VERSION,
    Column,
    Constraint,
    Database,
    Extension,
    Function,
    Index,
    Policy,
    Reference,
    RowCount,
    Schema,
    Sequence,
    Snapshot,
    Table,
    Trigger,
    TypeAttribute,
    UserType,
    View,
)

T = TypeVar("T")

TABLE_KINDS = {"r": "table", "p": "partitioned_table", "f": "foreign_table"}


def pick(cls: type[T], row: Row, **extra: Any) -> T:
    """Build a dataclass from the row's columns whose names are its fields."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values = {k: v for k, v in row.items() if k in names}
    values.update(extra)
    return cls(**values)


def _require(row: Row, column: str, what: str) -> None:
    # A NULL definition means pg_get_*def() found the object gone: it was dropped
    # after our snapshot began. The caller retries with a fresh snapshot.
    if row.get(column) is None:
        raise ConcurrentDDL(f"{what} {row.get('schema_name')}.{row.get('name')} vanished")


def row_count(row: Row, server_version_num: int) -> RowCount:
    """The planner's row estimate for one relation, labelled with where it came from."""
    reltuples = row["reltuples"]
    if row["relkind"] == "f":
        return RowCount(None, "not estimated (foreign table)")
    never = reltuples < 0 or (
        server_version_num < 140000 and reltuples == 0 and not row["analysed"]
    )
    if never:
        return RowCount(None, "never analysed")
    return RowCount(round(reltuples), "reltuples")


class Assembler:
    """Collects rows into schemas; warnings gather what could not be placed."""

    def __init__(self, rows: CatalogRows, host: str | None, port: int | None) -> None:
        self.rows = rows
        self.host = host
        self.port = port
        self.warnings: list[str] = []
        self.schemas: dict[str, Schema] = {}
        self.version = int(rows.database["server_version_num"])
        self.view_definitions = {
            (row["schema_name"], row["name"]): row["definition"]
            for row in rows.per_schema["view_definitions"]
        }

    def build(self, generated_at: str) -> Snapshot:
        """The whole snapshot."""
        for row in self.rows.schemas:
            self.schemas[row["name"]] = pick(Schema, row)
        self._relations(self.rows.per_schema["relations"])
        self._children("columns", "column", Column)
        self._constraints(self.rows.per_schema["constraints"])
        self._children("indexes", "index", Index, require="definition")
        self._children("triggers", "trigger", Trigger, require="definition")
        self._children("policies", "policy", Policy)
        self._functions(self.rows.per_schema["functions"])
        self._sequences(self.rows.per_schema["sequences"])
        self._types(self.rows.per_schema["types"])
        self._sum_partitions()
        database = pick(Database, self.rows.database, host=self.host, port=self.port)
        extensions = {row["name"]: pick(Extension, row) for row in self.rows.extensions}
        return Snapshot(
            format_version=FORMAT_VERSION,
            generated_at=generated_at,
            database=database,
            extensions=extensions,
            schemas=self.schemas,
            warnings=sorted(self.warnings),
        )

    def _relations(self, rows: Iterable[Row]) -> None:
        for row in rows:
            schema = self.schemas[row["schema_name"]]
            kind = row["relkind"]
            if kind in ("v", "m"):
                key = (row["schema_name"], row["name"])
                definition = self.view_definitions.get(key)
                if definition is None:
                    raise ConcurrentDDL(f"view {key[0]}.{key[1]} vanished")
                view = pick(View, row, definition=definition)
                if kind == "m":
                    view = dataclasses.replace(
                        view,
                        row_count=row_count(row, self.version),
                        total_bytes=row["table_bytes"] + row["toast_bytes"] + row["index_bytes"],
                    )
                    schema.materialized_views[row["name"]] = view
                else:
                    schema.views[row["name"]] = dataclasses.replace(view, populated=None)
                continue
            schema.tables[row["name"]] = pick(
                Table,
                row,
                kind=TABLE_KINDS[kind],
                row_count=row_count(row, self.version),
                total_bytes=row["table_bytes"] + row["toast_bytes"] + row["index_bytes"],
            )

    def _relation(self, row: Row, what: str) -> Table | View | None:
        schema = self.schemas.get(row["schema_name"])
        owner = None
        if schema is not None:
            name = row["table_name"]
            owner = schema.tables.get(name) or schema.materialized_views.get(name)
            owner = owner or schema.views.get(name)
        if owner is None:
            self.warnings.append(
                f"{what} {row['schema_name']}.{row['table_name']}.{row['name']}: "
                "its table was not read; left out"
            )
        return owner

    def _children(self, attr: str, what: str, cls: type[Any], require: str | None = None) -> None:
        """Rows of the query named `attr` into the same-named dict of their relation."""
        for row in self.rows.per_schema[attr]:
            if require:
                _require(row, require, what)
            owner = self._relation(row, what)
            if owner is None:
                continue
            target = getattr(owner, attr, None)
            if target is None:
                continue
            target[row["name"]] = pick(cls, row)

    def _constraints(self, rows: Iterable[Row]) -> None:
        for row in rows:
            _require(row, "definition", "constraint")
            owner = self._relation(row, "constraint")
            if not isinstance(owner, Table):
                continue
            references = None
            if row["type"] == "foreign_key":
                references = Reference(row["ref_schema"], row["ref_table"], row["ref_columns"])
            owner.constraints[row["name"]] = pick(Constraint, row, references=references)

    def _functions(self, rows: Iterable[Row]) -> None:
        for row in rows:
            if row["kind"] != "aggregate":
                _require(row, "definition", "function")
            self.schemas[row["schema_name"]].functions[row["signature"]] = pick(Function, row)

    def _sequences(self, rows: Iterable[Row]) -> None:
        for row in rows:
            self.schemas[row["schema_name"]].sequences[row["name"]] = pick(Sequence, row)

    def _types(self, rows: Iterable[Row]) -> None:
        for row in rows:
            attributes = [TypeAttribute(a["name"], a["type"]) for a in row["attributes"]]
            checks = dict(sorted(row["checks"].items()))
            self.schemas[row["schema_name"]].types[row["name"]] = pick(
                UserType, row, attributes=attributes, checks=checks
            )

    def _sum_partitions(self) -> None:
        """A partitioned table's rows and bytes are those of its partitions, recursively."""
        tables = {
            f"{schema_name}.{name}": (schema, name, table)
            for schema_name, schema in self.schemas.items()
            for name, table in schema.tables.items()
        }
        children: dict[str, list[str]] = {}
        for key, (_, _, table) in tables.items():
            if table.partition_of:
                children.setdefault(table.partition_of, []).append(key)

        def total(key: str) -> Table:
            schema, name, table = tables[key]
            if table.kind != "partitioned_table":
                return table
            parts = [total(child) for child in sorted(children.get(key, []))]
            known = [p.row_count.estimate for p in parts if p.row_count.estimate is not None]
            unknown = [p for p in parts if p.row_count.estimate is None]
            foreign = sum(1 for p in unknown if p.kind == "foreign_table")
            notes = []
            if len(unknown) > foreign:
                notes.append(f"{len(unknown) - foreign} never analysed")
            if foreign:
                notes.append(f"{foreign} foreign, not estimated")
            source = "sum of partitions" + (f" ({', '.join(notes)})" if notes else "")
            summed = dataclasses.replace(
                table,
                row_count=RowCount(sum(known) if known or not parts else None, source),
                table_bytes=sum(p.table_bytes or 0 for p in parts),
                toast_bytes=sum(p.toast_bytes or 0 for p in parts),
                index_bytes=(table.index_bytes or 0) + sum(p.index_bytes or 0 for p in parts),
            )
            summed = dataclasses.replace(
                summed,
                total_bytes=(summed.table_bytes or 0)
                + (summed.toast_bytes or 0)
                + (summed.index_bytes or 0),
            )
            schema.tables[name] = summed
            tables[key] = (schema, name, summed)
            return summed

        for key in list(tables):
            total(key)
