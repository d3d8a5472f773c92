"""Counting what a snapshot holds, per schema: the figures every summary prints."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Schema, Snapshot


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
    """Counts for one schema; partitions are counted in their parent's rows, not twice."""
    top_level = [t for t in schema.tables.values() if t.partition_of is None]
    estimates = [t.row_count.exact if t.row_count.exact is not None else t.row_count.estimate
                 for t in top_level]
    return SchemaFigures(
        name=name,
        tables=len(schema.tables),
        views=len(schema.views) + len(schema.materialized_views),
        functions=len(schema.functions),
        rows=sum(e for e in estimates if e is not None),
        rows_known=all(e is not None for e in estimates),
        indexes=sum(len(t.indexes) for t in schema.tables.values())
        + sum(len(v.indexes) for v in schema.materialized_views.values()),
        bytes=sum(t.total_bytes or 0 for t in top_level),
    )


def figures(snapshot: Snapshot) -> list[SchemaFigures]:
    """Counts for every schema, in the snapshot's order."""
    return [schema_figures(name, schema) for name, schema in sorted(snapshot.schemas.items())]
