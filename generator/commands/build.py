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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from generator.commands.built_site import configured_site_dir, staged_site
from generator.commands.console import progress, snapshot_with_progress
from generator.config import Config, filter_snapshot, find_config
from generator.diff.history import append_history, read_history
from generator.errors import SchemadocError, SnapshotError

if TYPE_CHECKING:
    from generator.introspect import IntrospectOptions
from generator.lint import lint_snapshot
from generator.model import Snapshot
from generator.names.visible import visible
from generator.render import (
    SiteFacts,
    WriteCounts,
    make_environment,
    page_count,
    render_site,
    write_tree,
)
from generator.render.diagrams import draw_diagrams, plan_diagrams, use_directory_urls
from generator.render.health import render_health
from generator.render.history import render_changelog
from generator.render.paths import relative_link
from generator.render.status import StatusRules
from generator.runtime.locks import folder_lock
from generator.snapshot import read_snapshot, write_snapshot

__all__ = ["CACHE_DIR", "GENERATED_DIR", "BuildOptions", "BuildResult", "DiagramCounts",
           "SiteBuild", "build", "build_site", "site_facts"]

log = logging.getLogger("schemadoc.build")

GENERATED_DIR = "reference"
SNAPSHOT_NAME = "schema_map.json"
# Rendered SVGs by the hash of their DOT source, beside the docs folder (and mkdocs.yml).
CACHE_DIR = Path(".schemadoc") / "diagram-cache"
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


@dataclass(frozen=True, slots=True)
class DiagramCounts:
    """How many diagrams the pages show, and how many of them `dot` drew (not cached)."""

    total: int
    rendered: int


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
    """The build's schemadoc.yml: `options.config`, else the one beside the docs folder."""
    return find_config(options.config, options.site_dir.parent)


def site_facts(snapshot: Snapshot, config: Config, rules: StatusRules | None = None
               ) -> SiteFacts:
    """The snapshot as schemadoc.yml documents it: objects it leaves out removed, its
    statuses over the built-in rules (`rules.overrides` over both), its descriptions,
    virtual relations and flows at hand for the pages."""
    rules = rules or StatusRules()
    documented = filter_snapshot(snapshot, config)
    overrides = {**config.status_overrides(documented.schemas), **rules.overrides}
    return SiteFacts(documented, replace(rules, overrides=overrides), config)


HEALTH_PAGE = "health.md"
CHANGELOG_PAGE = "changelog.md"
HISTORY_NAME = "schema_history.jsonl"


def site_wide_pages(
    snapshot: Snapshot, config: Config, facts: SiteFacts, options: BuildOptions
) -> Iterator[tuple[str, str]]:
    """The pages beside the overview that are not about one object: Health (lint
    findings and comment coverage) and the Changelog (the history file)."""
    def linker(page: str) -> Callable[[str, str], str | None]:
        def link(schema: str, table: str) -> str | None:
            target = facts.paths.relation(schema, table)
            return relative_link(page, target) if target else None

        return link

    result = lint_snapshot(snapshot, config)
    yield HEALTH_PAGE, render_health(result, snapshot, linker(HEALTH_PAGE))
    history = read_history(options.site_dir / HISTORY_NAME)
    yield CHANGELOG_PAGE, render_changelog(history, linker(CHANGELOG_PAGE), options.templates)


def build(options: BuildOptions) -> BuildResult:
    """Snapshot in, generated reference pages out; returns what changed. One build at a
    time per docs folder: a second one waits (see `locks`)."""
    with folder_lock(options.site_dir.parent / LOCK_FILE, "schemadoc build"):
        return _build(options)


def _build(options: BuildOptions) -> BuildResult:
    config = load_settings(options)  # first: a broken file stops the build before any work
    snapshot, written = load_snapshot(options)
    # A flow or declared relation naming a missing table is an error; a description of
    # a missing object only a warning (checked against everything, before filtering).
    warnings = config.check(snapshot)
    for warning in warnings:
        log.warning("%s", visible(warning))
    env = make_environment(options.templates)
    facts = site_facts(snapshot, config, options.rules)
    project = options.site_dir.parent
    plan = plan_diagrams(facts, GENERATED_DIR, use_directory_urls(project))
    with progress(len(plan.diagrams) + page_count(facts) + 2, options.quiet) as bar:
        # All diagrams before any page: a missing `dot` stops the build with nothing written.
        bar.stage("diagrams")
        drawn, rendered = draw_diagrams(plan, config.diagrams.engine,
                                        project / CACHE_DIR)
        for diagram in plan.diagrams:
            bar.step(diagram.name)
        bar.stage("pages")
        pages = render_site(env, facts, on_page=bar.step, diagrams=drawn)
        extra = site_wide_pages(snapshot, config, facts, options)
        counts = write_tree(options.site_dir / GENERATED_DIR, chain(pages, extra))
    return BuildResult(snapshot, written, counts, config, warnings,
                       DiagramCounts(len(plan.diagrams), rendered))



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
