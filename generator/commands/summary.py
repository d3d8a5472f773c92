"""Counting what a snapshot holds, per schema: the figures every summary prints."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Schema, Snapshot
from generator.model.counts import schema_counts


@dataclass(frozen=True, slots=True)
class SchemaFigures:
    """What one schema holds."""

    name: str
    tables: int
    views: int
    functions: int
    rows: int
    rows_known: bool
    indexes: int
    bytes: int


def schema_figures(name: str, schema: Schema) -> SchemaFigures:
    """Counts for one schema, as every page counts them (`generator.model.counts`)."""
    counts = schema_counts(schema)
    return SchemaFigures(
        name=name, tables=counts.tables, views=counts.views, functions=counts.functions,
        rows=counts.rows or 0, rows_known=counts.rows_complete, indexes=counts.indexes,
        bytes=counts.bytes or 0,
    )


def figures(snapshot: Snapshot) -> list[SchemaFigures]:
    """Counts for every schema, in the snapshot's order."""
    return [schema_figures(name, schema) for name, schema in sorted(snapshot.schemas.items())]
