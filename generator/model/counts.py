"""What a schema holds, counted once: the figures every page, summary and history
line shows, so that the overview, schema pages, Health, the Changelog and the
history never disagree.

The rules, stated once:
- **tables** are ordinary and partitioned tables, partitions included (each is a
  table of its own); views and materialized views are not tables;
- **views** are views and materialized views;
- **indexes** are those of tables and materialized views;
- **rows** and **bytes** are those of the tables that hold data of their own at the
  top: a partitioned table's figures already sum its partitions, so partitions are
  not counted again; materialized views (derived data) are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import RowCount, Schema, Snapshot, Table

__all__ = ["SchemaCounts", "database_counts", "rows_known", "schema_counts",
           "volume_tables"]


@dataclass(frozen=True, slots=True)
class SchemaCounts:
    """How many objects a schema (or a whole database) holds, and its data volume."""

    tables: int
    views: int
    functions: int
    indexes: int
    rows: int | None  # None: no table has a known count
    rows_complete: bool  # every counted table has a known count
    rows_estimated: bool  # some counted table has only the planner's estimate
    bytes: int | None  # None: no table has a known size


def volume_tables(schema: Schema) -> list[Table]:
    """The tables whose rows and sizes make the schema's totals (partitions are in
    their parent's figures)."""
    return [t for _, t in sorted(schema.tables.items()) if t.partition_of is None]


def rows_known(count: RowCount | None) -> int | None:
    """A table's rows: the exact count when taken, else the planner's estimate."""
    if count is None:
        return None
    return count.exact if count.exact is not None else count.estimate


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def schema_counts(schema: Schema) -> SchemaCounts:
    """The counts of one schema."""
    top = volume_tables(schema)
    rows = [rows_known(t.row_count) for t in top]
    return SchemaCounts(
        tables=len(schema.tables),
        views=len(schema.views) + len(schema.materialized_views),
        functions=len(schema.functions),
        indexes=sum(len(t.indexes) for t in schema.tables.values())
        + sum(len(v.indexes) for v in schema.materialized_views.values()),
        rows=_sum(rows),
        rows_complete=all(r is not None for r in rows),
        rows_estimated=any(t.row_count.exact is None and t.row_count.estimate is not None
                           for t in top),
        bytes=_sum([t.total_bytes for t in top]),
    )


def database_counts(snapshot: Snapshot) -> SchemaCounts:
    """The counts of every schema of the snapshot, added up."""
    parts = [schema_counts(s) for _, s in sorted(snapshot.schemas.items())]
    return SchemaCounts(
        tables=sum(p.tables for p in parts),
        views=sum(p.views for p in parts),
        functions=sum(p.functions for p in parts),
        indexes=sum(p.indexes for p in parts),
        rows=_sum([p.rows for p in parts]),
        rows_complete=all(p.rows_complete for p in parts),
        rows_estimated=any(p.rows_estimated for p in parts),
        bytes=_sum([p.bytes for p in parts]),
    )
