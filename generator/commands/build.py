"""`schemadoc build`: the whole pipeline in one place.

    snapshot (read from a file, or taken from the database and saved)
      -> schemadoc.yml applied (objects left out, statuses, descriptions, flows, ...)
      -> facts and view data -> Markdown pages (Jinja templates)
      -> site_src/reference/ (only changed files written, stale ones removed)

MkDocs then turns `site_src/` into the site (`build_site`, which `schemadoc demo`
runs). Diagrams are drawn first, all at once (`render.diagrams`: parallel, cached in
`.schemadoc/diagram-cache/` beside the docs folder), and inlined into the pages.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.commands.built_site import configured_site_dir, staged_site
from generator.commands.console import progress, snapshot_with_progress
from generator.config import Config, find_config
from generator.diff.history import append_history
from generator.errors import SchemadocError, SnapshotError, WorkerError

if TYPE_CHECKING:
    from generator.introspect import IntrospectOptions
from generator.model import Snapshot
from generator.names.visible import visible
from generator.render import WriteCounts, write_tree
from generator.render.diagrams import use_directory_urls
from generator.render.home import HOME, write_home
from generator.render.reference import (
    CACHE_DIR,
    HISTORY_NAME,
    DiagramCounts,
    ReferencePages,
    ReferenceSource,
    site_facts,
)
from generator.render.status import StatusRules
from generator.runtime.forked import WorkerFailed, default_workers
from generator.runtime.gcpause import gc_paused
from generator.runtime.locks import folder_lock
from generator.snapshot import read_snapshot, write_snapshot

__all__ = ["CACHE_DIR", "GENERATED_DIR", "BuildOptions", "BuildResult", "DiagramCounts",
           "SiteBuild", "build", "build_command", "build_site", "site_facts"]

log = logging.getLogger("schemadoc.build")

GENERATED_DIR = "reference"
SNAPSHOT_NAME = "schema_map.json"
LOCK_FILE = Path(".schemadoc") / "build.lock"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Where the snapshot comes from and where the pages go."""

    snapshot: Path | None = None
    dsn: str | None = None
    site_dir: Path = Path("site_src")
    templates: Path | None = None
    rules: StatusRules = field(default_factory=StatusRules)
    quiet: bool = False
    # schemadoc.yml; None: the one beside the docs folder (where mkdocs.yml is), if any.
    config: Path | None = None
    # How to read the database (the connection options); None: their defaults.
    database: IntrospectOptions | None = None


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build read and wrote."""

    snapshot: Snapshot
    snapshot_written: Path | None
    pages: WriteCounts
    config: Config = field(default_factory=Config)
    warnings: list[str] = field(default_factory=list)
    diagrams: DiagramCounts = field(default_factory=lambda: DiagramCounts(0, 0))
    home_written: Path | None = None  # the home page, when this build rewrote it


def load_snapshot(options: BuildOptions) -> tuple[Snapshot, Path | None]:
    """Read the snapshot file, or take a snapshot and save it beside the pages.

    When the database has not changed, the saved file keeps its `generated_at`, and
    the pages are rendered from that file, so a rerun changes no page either.
    """
    if options.snapshot is not None:
        return read_snapshot(options.snapshot), None
    from generator.introspect import introspect_options  # only this path needs psycopg

    taken = snapshot_with_progress(options.dsn or "", options.database or introspect_options(),
                                   options.quiet)
    try:
        options.site_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SnapshotError(f"cannot create {options.site_dir}: {exc.strerror or exc}") from None
    saved = save_snapshot(options.site_dir, taken)
    return saved.snapshot, options.site_dir / SNAPSHOT_NAME if saved.changed else None


@dataclass(frozen=True, slots=True)
class SavedSnapshot:
    """Whether the file changed, and the snapshot it now holds: the new one, or (when
    only the time differed) the one already saved, read back with its `generated_at`."""

    changed: bool
    snapshot: Snapshot


def save_snapshot(site_dir: Path, taken: Snapshot) -> SavedSnapshot:
    """Save a new snapshot as `site_dir/schema_map.json`, first appending what changed
    since the saved one to the history (`site_dir/schema_history.jsonl`); a file that
    would change only in its time is left as it is."""
    path = site_dir / SNAPSHOT_NAME
    previous = read_snapshot(path) if path.exists() else None
    # History first: if the run dies before the snapshot is saved, the rerun finds the
    # same entry already there and does not add it twice.
    append_history(site_dir / HISTORY_NAME, previous, taken)
    if write_snapshot(path, taken) or previous is None:
        return SavedSnapshot(True, taken)
    return SavedSnapshot(False, previous)  # the file as it was: no page changes either


def load_settings(options: BuildOptions) -> Config:
    """The build's schemadoc.yml: `options.config`, else the project's, looked for from
    the folder that holds the docs folder (see `find_config`)."""
    return find_config(options.config, options.site_dir.parent)


def build(options: BuildOptions) -> BuildResult:
    """Snapshot in, generated reference pages out; returns what changed. One build at a
    time per docs folder: a second one waits (see `locks`)."""
    with folder_lock(options.site_dir.parent / LOCK_FILE, "schemadoc build"):
        try:
            return _build(options)
        except WorkerFailed as exc:  # a worker died (the OOM killer?): nothing was written
            raise WorkerError(str(exc)) from None


def build_command(options: BuildOptions) -> None:
    """`schemadoc build`: the DSN resolved (`--dsn`, else DATABASE_URL, else PG*
    variables) unless a snapshot file is given, the pages built, and what was written
    said on stdout."""
    if options.snapshot is None:
        from generator.introspect.dsn import resolve_dsn  # only this path needs psycopg

        options = replace(options, dsn=resolve_dsn(options.dsn))
    result = build(options)
    if result.snapshot_written is not None:
        click.echo(f"wrote {result.snapshot_written}")
    if result.home_written is not None:
        click.echo(f"wrote {result.home_written} (the home page)")
    click.echo(f"{options.site_dir / GENERATED_DIR}: {result.pages.line()}")


def _build(options: BuildOptions) -> BuildResult:
    config = load_settings(options)  # first: a broken file stops the build before any work
    snapshot, written = load_snapshot(options)
    # A flow or declared relation naming a missing table is an error; a description of
    # a missing object only a warning (checked against everything, before filtering).
    warnings = config.check(snapshot)
    for warning in warnings:
        log.warning("%s", visible(warning))
    project = options.site_dir.parent
    # Planning and rendering make a million objects and no reference cycles: the
    # collector would scan them again and again for nothing (a third of the plan's
    # time at 10,000 tables).
    with gc_paused():
        reference = ReferencePages(ReferenceSource(
            snapshot, config, history=options.site_dir / HISTORY_NAME,
            cache_dir=project / CACHE_DIR, folder=GENERATED_DIR,
            directory_urls=use_directory_urls(project), templates=options.templates,
            rules=options.rules), processes=default_workers())
        with progress(reference.steps, options.quiet) as bar:
            bar.stage("diagrams")
            started = time.perf_counter()
            diagrams = reference.draw(on_diagram=bar.step)
            # Each step's time with -v (bench/render.py reads them: the diagrams drawn
            # cold and the pages have budgets of their own).
            log.debug("diagrams: %d in %.2fs, %d drawn by dot", diagrams.total,
                      time.perf_counter() - started, diagrams.rendered)
            bar.stage("pages")
            started = time.perf_counter()
            counts = write_tree(options.site_dir / GENERATED_DIR,
                                reference.pages(on_page=bar.step))
            home = write_home(options.site_dir, reference.env, reference.facts)
            log.debug("pages: %d in %.2fs", counts.added + counts.changed + counts.unchanged,
                      time.perf_counter() - started)
    return BuildResult(snapshot, written, counts, config, warnings, diagrams,
                       options.site_dir / HOME if home else None)


@dataclass(frozen=True, slots=True)
class SiteBuild:
    """Where `mkdocs build` wrote the site, and how long it took."""

    site_dir: Path
    seconds: float


# MkDocs logs "Building documentation to directory: <path>" at the start of a build.
_SITE_DIR_LINE = re.compile(r"Building documentation to directory: (?P<path>.+)$", re.MULTILINE)


def build_site(config_file: Path, strict: bool = True, timeout: float = 1800) -> SiteBuild:
    """`mkdocs build --strict` of the site `config_file` describes.

    A child process of this same Python (so the MkDocs and Material installed with
    schemadoc are used, and a plugin's state never leaks into the caller); with
    `strict`, any MkDocs warning (a broken link, a missing page) fails the build. The
    site folder is replaced only by a complete build (see `built_site`).
    """
    # Absolute: the child runs in the config's folder, where a relative path points elsewhere.
    config_file = config_file.resolve()
    target = configured_site_dir(config_file)
    started = time.perf_counter()
    with staged_site(target) as building:
        output = _run_mkdocs(config_file, building, strict, timeout)
    found = _SITE_DIR_LINE.search(output)
    site_dir = target or (Path(found.group("path").strip()) if found
                          else config_file.parent / "site")
    return SiteBuild(site_dir, time.perf_counter() - started)


def _run_mkdocs(config_file: Path, site_dir: Path | None, strict: bool, timeout: float) -> str:
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file)]
    command += ["--strict"] if strict else []
    command += ["--site-dir", str(site_dir)] if site_dir is not None else []
    # Material announces MkDocs 2 on every start; the version pin makes that moot.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        # On any exception (a signal too) subprocess.run kills the child before raising.
        done = subprocess.run(command, cwd=config_file.parent, env=env, capture_output=True,
                              text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SchemadocError(f"mkdocs build of {config_file} did not run: {exc}") from None
    output = done.stdout + done.stderr
    if done.returncode != 0:
        problems = [line for line in output.splitlines()
                    if line.startswith(("WARNING", "ERROR")) or "Aborted" in line]
        for line in problems[-30:] or output.splitlines()[-30:]:
            log.error("mkdocs: %s", line)
        raise SchemadocError(f"mkdocs build{' --strict' if strict else ''} of {config_file} "
                             "failed (its messages are above)")
    return output
