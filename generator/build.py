"""`schemadoc build`: the whole pipeline in one place.

    snapshot (read from a file, or taken from the database and saved)
      -> facts and view data -> Markdown pages (Jinja templates)
      -> site_src/reference/ (only changed files written, stale ones removed)

MkDocs then turns `site_src/` into the site. Diagrams and the changelog join here as
further stages once they exist; each adds pages to the same generated tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.console import progress
from generator.errors import SnapshotError
from generator.model import Snapshot
from generator.render import (
    SiteFacts,
    WriteCounts,
    make_environment,
    page_count,
    render_site,
    write_tree,
)
from generator.render.status import StatusRules
from generator.snapshot import read_snapshot, write_snapshot

__all__ = ["GENERATED_DIR", "BuildOptions", "BuildResult", "build"]

GENERATED_DIR = "reference"
SNAPSHOT_NAME = "schema_map.json"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Where the snapshot comes from and where the pages go."""

    snapshot: Path | None = None
    dsn: str | None = None
    site_dir: Path = Path("site_src")
    templates: Path | None = None
    rules: StatusRules = field(default_factory=StatusRules)
    quiet: bool = False


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build read and wrote."""

    snapshot: Snapshot
    snapshot_written: Path | None
    pages: WriteCounts


def load_snapshot(options: BuildOptions) -> tuple[Snapshot, Path | None]:
    """Read the snapshot file, or take a snapshot and save it beside the pages.

    When the database has not changed, the saved file keeps its `generated_at`, and
    the pages are rendered from that file, so a rerun changes no page either.
    """
    if options.snapshot is not None:
        return read_snapshot(options.snapshot), None
    from generator.introspect import IntrospectOptions, introspect  # only this path needs psycopg
    from generator.introspect.catalog import ALL_QUERIES

    with progress(len(ALL_QUERIES) + 1, options.quiet) as bar:
        taken = introspect(options.dsn or "", IntrospectOptions(),
                           on_query=bar.step, on_stage=bar.stage)
    path = options.site_dir / SNAPSHOT_NAME
    try:
        options.site_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SnapshotError(f"cannot create {options.site_dir}: {exc.strerror or exc}") from None
    if write_snapshot(path, taken):
        return taken, path
    return read_snapshot(path), None


def build(options: BuildOptions) -> BuildResult:
    """Snapshot in, generated reference pages out; returns what changed."""
    snapshot, written = load_snapshot(options)
    env = make_environment(options.templates)
    facts = SiteFacts(snapshot, options.rules)
    with progress(page_count(facts), options.quiet) as bar:
        bar.stage("pages")
        pages = render_site(env, facts, on_page=bar.step)
        counts = write_tree(options.site_dir / GENERATED_DIR, pages)
    return BuildResult(snapshot, written, counts)

