"""`schemadoc snapshot`: read the catalog, write schema_map.json (one or more copies),
print the summary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.commands.console import print_summary, progress
from generator.introspect import IntrospectOptions
from generator.introspect.catalog import ALL_QUERIES
from generator.introspect.dsn import describe_target, resolve_dsn
from generator.snapshot import write_snapshots
from generator.snapshot.open import read_database

__all__ = ["DEFAULT_OUTPUT", "take_snapshot"]

DEFAULT_OUTPUT = Path("schema_map.json")


def take_snapshot(dsn: str | None, database: IntrospectOptions, outputs: Sequence[Path],
                  force: bool = False, quiet: bool = False) -> None:
    """Snapshot the database (`dsn`, else DATABASE_URL, else PG* variables) into every
    path of `outputs` (default: ./schema_map.json), with progress on a terminal."""
    target = resolve_dsn(dsn)
    paths = list(outputs) or [DEFAULT_OUTPUT]
    with progress(len(ALL_QUERIES) + database.jobs, quiet) as bar:
        bar.stage(f"connect {describe_target(target)}")
        snap = read_database(target, database, on_query=bar.step, on_stage=bar.stage)
        bar.step("write")
        written = write_snapshots(paths, snap, force=force)
    print_summary(snap, [(str(path), changed) for path, changed in written])
