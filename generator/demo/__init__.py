"""`schemadoc demo`: embedded PostgreSQL 18 + the sample Marketing DB, documented."""

from __future__ import annotations

from pathlib import Path

from generator.console import print_summary
from generator.demo.sample import ensure_sample
from generator.demo.server import embedded_server
from generator.introspect import IntrospectOptions, introspect
from generator.snapshot import write_snapshot

__all__ = ["run_demo"]


def run_demo(directory: Path, quiet: bool = False) -> None:
    """Start the server, load the sample if needed, snapshot it, stop the server."""
    state = directory / ".schemadoc" / "demo"
    state.mkdir(parents=True, exist_ok=True)
    output = directory / "site_src" / "schema_map.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    with embedded_server(state / "pgdata") as admin_dsn:
        # The marker lives in the data folder, so a fresh data folder reloads the sample.
        dsn = ensure_sample(admin_dsn, state / "pgdata" / "schemadoc-sample.sha256")
        snapshot = introspect(dsn, IntrospectOptions())
    changed = write_snapshot(output, snapshot)
    print_summary(snapshot, [(str(output), changed)])
