"""`schemadoc snapshot`: read the catalog, write schema_map.json (one or more copies),
print the summary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.commands.console import print_summary, progress
from generator.introspect import IntrospectOptions
from generator.introspect.catalog import ALL_QUERIES
from generator.introspect.dsn import describe_target, resolve_dsn
from generator.snapshot import read_snapshot, write_snapshots
from generator.snapshot.open import read_database

__all__ = ["DEFAULT_OUTPUT", "take_snapshot"]

DEFAULT_OUTPUT = Path("schema_map.json")


def take_snapshot(dsn: str | None, database: IntrospectOptions, outputs: Sequence[Path],
                  force: bool = False, quiet: bool = False, history: Path | None = None
                  ) -> None:
    """Snapshot the database (`dsn`, else DATABASE_URL, else PG* variables) into every
    path of `outputs` (default: ./schema_map.json), with progress on a terminal; with
    `history`, first append what changed since the first output's snapshot to it."""
    target = resolve_dsn(dsn)
    paths = list(outputs) or [DEFAULT_OUTPUT]
    with progress(len(ALL_QUERIES) + database.jobs, quiet) as bar:
        bar.stage(f"connect {describe_target(target)}")
        snap = read_database(target, database, on_query=bar.step, on_stage=bar.stage)
        bar.step("write")
        if history is not None:
            # History first: a run that dies before the snapshot is written finds the
            # same entry there next time and does not add it twice (as `build` does).
            from generator.diff.history import append_history  # (only here: 36 ms to import)

            saved = paths[0]
            append_history(history, read_snapshot(saved) if saved.exists() else None, snap)
        written = write_snapshots(paths, snap, force=force, ordered=True)  # (introspect())
    print_summary(snap, [(str(path), changed) for path, changed in written])
