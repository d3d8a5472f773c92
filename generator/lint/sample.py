"""The ID-format check's data: which columns an ID format names, and their sampled
values (read by `introspect.samples` on request) checked against it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from generator.config import Config, IdFormat
from generator.lint.engine import SampleResult
from generator.model import Snapshot, TableKey
from generator.model.samples import Unread

__all__ = ["check_samples", "id_columns"]

MAX_EXAMPLES = 3


def id_columns(snapshot: Snapshot, config: Config
               ) -> dict[TableKey, list[tuple[str, IdFormat]]]:
    """(schema, table) -> [(column, format)] for every column an ID format names."""
    found: dict[TableKey, list[tuple[str, IdFormat]]] = defaultdict(list)
    for schema_name, schema in sorted(snapshot.schemas.items()):
        for name, table in sorted(schema.tables.items()):
            if table.kind == "foreign_table" or table.partition_of:
                continue
            for column in table.columns:
                fmt = config.id_format_for(schema_name, name, column)
                if fmt is not None:
                    found[(schema_name, name)].append((column, fmt))
    return dict(found)


def _check(values: list[Any], fmt: IdFormat) -> SampleResult:
    present = [str(v) for v in values if v is not None]
    bad = [v for v in present if not fmt.matches(v)]
    return SampleResult(fmt, len(present), len(bad), tuple(bad[:MAX_EXAMPLES]))


def check_samples(targets: Mapping[TableKey, list[tuple[str, IdFormat]]],
                  values: Mapping[tuple[str, str, str], list[Any]],
                  unread: Mapping[TableKey, Unread], statement_timeout: str
                  ) -> tuple[dict[tuple[str, str, str], SampleResult], list[str]]:
    """Each sampled column checked against its format; and a note for each table that
    could not be read (`statement_timeout`: the time each table was allowed)."""
    results: dict[tuple[str, str, str], SampleResult] = {}
    notes: list[str] = []
    for (schema, table), columns in targets.items():
        why = unread.get((schema, table))
        if why is not None and why.timed_out:
            notes.append(f"id-format: reading {schema}.{table} took longer than "
                         f"{statement_timeout}; not checked")
        elif why is not None:
            notes.append(f"id-format: {schema}.{table} could not be read: {why.message}")
        else:
            results.update({(schema, table, column): _check(values[(schema, table, column)], fmt)
                            for column, fmt in columns})
    return results, notes
