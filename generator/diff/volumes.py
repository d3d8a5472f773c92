"""Volume changes, apart from structure: rows and size per table between two snapshots.

Rows are exact counts when both snapshots have them, else the planner's estimates.
A table is reported when its rows or its size changed by at least the threshold's
percentage AND by at least its absolute minimum (1,000 rows or 1 MiB by default), so
small tables growing from 3 to 9 rows do not drown the ones that matter.
"""

from __future__ import annotations

from generator.diff.model import VolumeChange, VolumeThreshold
from generator.diff.plan import Plan
from generator.model import RowCount, Table, View


def _rows(before: RowCount | None, after: RowCount | None) -> tuple[int | None, int | None, str]:
    if before is None or after is None:
        return None, None, "unknown"
    if before.exact is not None and after.exact is not None:
        return before.exact, after.exact, "exact"
    return before.estimate, after.estimate, "estimate"


def _significant(before: int | None, after: int | None, percent: float, minimum: int) -> bool:
    if before is None or after is None:
        return False
    delta = abs(after - before)
    if delta < minimum or delta == 0:
        return False
    if before == 0:
        return True
    return delta * 100.0 >= percent * before


def volume_change(schema: str, name: str, kind: str, old: Table | View, new: Table | View,
                  threshold: VolumeThreshold) -> VolumeChange | None:
    """The change of one table, or None when it is under the threshold."""
    rows_before, rows_after, source = _rows(old.row_count, new.row_count)
    rows = _significant(rows_before, rows_after, threshold.percent, threshold.min_rows)
    size = _significant(old.total_bytes, new.total_bytes, threshold.percent,
                        threshold.min_bytes)
    if not (rows or size):
        return None
    return VolumeChange(schema, name, kind, rows_before, rows_after, source,
                        old.total_bytes, new.total_bytes)


def volume_changes(plan: Plan, threshold: VolumeThreshold) -> list[VolumeChange]:
    """Tables and materialized views on both sides whose volume changed past `threshold`."""
    found = []
    for (_, schema), sp in plan.per_schema.items():
        for attr, kind in (("tables", "table"), ("materialized_views", "materialized_view")):
            matching = getattr(sp, attr)
            old, new = getattr(sp.old, attr), getattr(sp.new, attr)
            for old_key, new_key in matching.pairs():
                o, n = old[old_key], new[new_key]
                if o.row_count == n.row_count and o.total_bytes == n.total_bytes:
                    continue
                change = volume_change(schema, new_key, kind, o, n, threshold)
                if change is not None:
                    found.append(change)
    return sorted(found, key=lambda v: (v.schema, v.name))
