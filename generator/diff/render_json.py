"""`--format json`: the diff as machine-readable data, format `schemadoc-diff/1`.

    {
      "format": "schemadoc-diff/1",
      "old": {"source", "database", "server_version", "server_version_num", "generated_at"},
      "new": {... the same ...},
      "same_database": true,          # catalog identities (oid, attnum) were trusted
      "summary": {"changes": N, "breaking": N, "destructive": N, "security": N,
                  "additive": N, "compatible": N, "cosmetic": N, "volumes": N},
      "changes": [{
        "kind":   extension|schema|table|column|constraint|index|trigger|policy|view|
                  materialized_view|view_column|function|sequence|type,
        "path":   "marketing.company_master.columns.email" (schema.object[.collection.name];
                  functions by signature, extensions by name),
        "schema", "relation", "name",
        "action": added|removed|changed|renamed|possible_rename,
        "attribute": the attribute that changed (for "changed"), else null,
        "classes": ["breaking", "destructive", ...] (most severe first),
        "before", "after": the attribute's values; the whole object (without oids,
                  sizes and statistics) for added/removed; old and new name for renames,
        "detail": one line for people,
        "impact": [{"kind", "schema", "name", "part", "source": catalog|parsed,
                    "dropped"}]: what OLD records as using a removed, renamed or retyped
                  object (views, functions, triggers, ...); `dropped`: NEW has it no more,
        "caused_by": for a removal another change forced (a view a dropped column
                  took with it, DROP ... CASCADE), that change's path; else null
      }, ...],                        # sorted by schema, path, attribute: stable
      "volumes": [{"schema", "name", "kind", "rows_before", "rows_after", "rows_change",
                   "rows_change_pct", "rows_source": exact|estimate|unknown,
                   "bytes_before", "bytes_after", "bytes_change", "bytes_change_pct"}],
      "volume_threshold": {"percent", "min_rows", "min_bytes"},
      "warnings": ["..."]
    }

Nothing in it depends on when or where the diff ran, so a history file can store it as
it is (with its own date) and a rerun on the same snapshots gives the same text.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from generator.diff.model import CLASSES, Change, Diff, VolumeChange

FORMAT = "schemadoc-diff/1"


def diff_data(diff: Diff) -> dict[str, Any]:
    """The diff as plain JSON-ready data."""
    summary: dict[str, int] = {"changes": len(diff.changes)}
    summary.update(diff.counts())
    summary["volumes"] = len(diff.volumes)
    return {
        "format": FORMAT,
        "old": asdict(diff.old),
        "new": asdict(diff.new),
        "same_database": diff.same_database,
        "summary": summary,
        "changes": [change_data(c) for c in diff.changes],
        "volumes": [volume_data(v) for v in diff.volumes],
        "volume_threshold": asdict(diff.threshold),
        "warnings": list(diff.warnings),
    }


def change_data(change: Change) -> dict[str, Any]:
    """One change as data, its classes most severe first."""
    return {
        "kind": change.kind,
        "path": change.path,
        "schema": change.schema,
        "relation": change.relation,
        "name": change.name,
        "action": change.action,
        "attribute": change.attribute,
        "classes": [c for c in CLASSES if c in change.classes],
        "before": change.before,
        "after": change.after,
        "detail": change.detail,
        "impact": [{"kind": d.kind, "schema": d.schema, "name": d.name, "part": d.part,
                    "source": d.source, "dropped": d.dropped} for d in change.impact],
        "caused_by": change.caused_by,
    }


def volume_data(volume: VolumeChange) -> dict[str, Any]:
    """One table's volume change as data."""
    return {
        "schema": volume.schema,
        "name": volume.name,
        "kind": volume.kind,
        "rows_before": volume.rows_before,
        "rows_after": volume.rows_after,
        "rows_change": volume.rows_change,
        "rows_change_pct": volume.rows_change_pct,
        "rows_source": volume.rows_source,
        "bytes_before": volume.bytes_before,
        "bytes_after": volume.bytes_after,
        "bytes_change": volume.bytes_change,
        "bytes_change_pct": volume.bytes_change_pct,
    }


def render_json(diff: Diff) -> str:
    """The JSON text, indented, keys in a fixed order."""
    return json.dumps(diff_data(diff), indent=2, ensure_ascii=False) + "\n"
