"""`schemadoc diff`: what changed between two snapshots, classified.

    plan (pair objects: names, then oids/attnums, then identical definitions)
      -> compare (every attribute, version-neutral texts, renames applied)
      -> classify (RULES in classify.py)
      -> Diff (changes, volume changes, warnings) -> text, JSON or Markdown

The model is diffed, never rendered Markdown; objects are compared by their keys.
"""

from __future__ import annotations

from generator.diff.compare import compare_snapshots
from generator.diff.context import Context
from generator.diff.impact import add_impact
from generator.diff.model import (
    CLASSES,
    Change,
    Diff,
    SnapshotInfo,
    VolumeChange,
    VolumeThreshold,
)
from generator.diff.plan import build_plan
from generator.diff.volumes import volume_changes
from generator.model import Snapshot

__all__ = [
    "CLASSES",
    "Change",
    "Diff",
    "SnapshotInfo",
    "VolumeChange",
    "VolumeThreshold",
    "diff",
    "snapshot_info",
]


def snapshot_info(snapshot: Snapshot, source: str) -> SnapshotInfo:
    """Where a snapshot came from, for the diff's header."""
    db = snapshot.database
    return SnapshotInfo(source, db.name, db.server_version, db.server_version_num,
                        snapshot.generated_at)


def diff(old: Snapshot, new: Snapshot, threshold: VolumeThreshold | None = None,
         old_source: str = "OLD", new_source: str = "NEW") -> Diff:
    """Every structural and volume change from `old` to `new`."""
    threshold = threshold or VolumeThreshold()
    old_info, new_info = snapshot_info(old, old_source), snapshot_info(new, new_source)
    cross_major = old_info.major != new_info.major
    plan = build_plan(old, new)
    ctx = Context(plan, cross_major, old.schemas.keys() | new.schemas.keys())
    compare_snapshots(ctx, old, new)
    changes = add_impact(sorted(ctx.changes, key=_order), old)
    return Diff(
        old=old_info,
        new=new_info,
        same_database=plan.same_database,
        changes=tuple(changes),
        volumes=tuple(volume_changes(plan, threshold)),
        warnings=tuple(_warnings(old, new, old_info, new_info)),
        threshold=threshold,
    )


def _order(change: Change) -> tuple[str, str, str, str]:
    return (change.schema or "", change.path, change.attribute or "", change.action)


def _warnings(old: Snapshot, new: Snapshot, old_info: SnapshotInfo,
              new_info: SnapshotInfo) -> list[str]:
    found = []
    if old_info.major != new_info.major:
        found.append(
            f"OLD comes from PostgreSQL {old_info.server_version} and NEW from "
            f"{new_info.server_version}: definitions are compared in a version-neutral form, "
            "but a difference in how the two servers print an object may still show as a "
            "change"
        )
    found += [f"OLD snapshot: {w}" for w in old.warnings]
    found += [f"NEW snapshot: {w}" for w in new.warnings]
    return found
