"""`schemadoc demo`: embedded PostgreSQL 18 + the sample Marketing DB, documented.

The steps a team runs by hand, in one command, in DIR:

    sample database -> DIR/site_src/schema_map.json          (schemadoc snapshot)
                    -> DIR/site_src/reference/*.md           (schemadoc build)
                    -> DIR/site/                             (mkdocs build --strict)

A DIR without `mkdocs.yml` is scaffolded first (`schemadoc init`), so the demo works
in any folder once `pip install 'schemadoc[demo]'` is done. In this repository DIR is
the root, whose `mkdocs.yml` and `site_src/` are the demo's. Everything is reused by
the next run: the server's data, the loaded sample, the snapshot (kept when the
database did not change) and the pages (none rewritten).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from generator.commands.build import (
    BuildOptions,
    BuildResult,
    SiteBuild,
    build,
    build_site,
    save_snapshot,
)
from generator.commands.console import out, print_summary, progress, snapshot_with_progress
from generator.commands.demo.sample import ensure_sample
from generator.commands.demo.server import embedded_server
from generator.commands.scaffold import SCAFFOLD, scaffold
from generator.errors import DemoError
from generator.introspect import introspect_options
from generator.runtime.locks import folder_lock

__all__ = ["DEMO_SITE_NAME", "DemoResult", "demo_config", "run_demo"]

DEMO_SITE_NAME = "Marketing DB: schema reference (schemadoc demo)"
SERVE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What one demo run produced."""

    snapshot_path: Path
    snapshot_written: bool
    scaffolded: list[str]
    pages: BuildResult
    site: SiteBuild


def demo_config() -> Path | None:
    """The sample's schemadoc.yml (statuses, groups, descriptions, flows), shipped here."""
    path = Path(str(resources.files("generator.commands.demo") / "schemadoc.yml"))
    return path if path.is_file() else None


def _serve_hint(directory: Path) -> str:
    config = directory / "mkdocs.yml"
    here = Path.cwd().resolve() == directory.resolve()
    serve = "mkdocs serve" if here else f"mkdocs serve -f {config}"
    if here and (directory / "Makefile").is_file() and "\nserve:" in \
            (directory / "Makefile").read_text("utf-8", errors="replace"):
        serve = "make serve"
    return f"preview it with `{serve}`, then open {SERVE_URL}"


def run_demo(directory: Path, quiet: bool = False) -> DemoResult:
    """Sample database, snapshot, pages and site in `directory`; stops the server at the
    end. One demo at a time per folder: a second one waits for the first (`locks`)."""
    try:
        (directory / ".schemadoc").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DemoError(f"cannot create {directory / '.schemadoc'}: "
                        f"{exc.strerror or exc}") from None
    with folder_lock(directory / ".schemadoc" / "demo.lock", "schemadoc demo in this folder"):
        return _run_demo(directory, quiet)


def _run_demo(directory: Path, quiet: bool) -> DemoResult:
    state = directory / ".schemadoc" / "demo"
    state.mkdir(parents=True, exist_ok=True)
    # The site's files, not a schemadoc.yml: the demo brings the sample's own.
    site_files = [name for name in SCAFFOLD if name != "schemadoc.yml"]
    created = [] if (directory / "mkdocs.yml").exists() else \
        scaffold(directory, DEMO_SITE_NAME, site_files).created
    output = directory / "site_src" / "schema_map.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    with embedded_server(state / "pgdata") as admin_dsn:
        # The marker lives in the data folder, so a fresh data folder reloads the sample.
        dsn = ensure_sample(admin_dsn, state / "pgdata" / "schemadoc-sample.sha256")
        snapshot = snapshot_with_progress(dsn, introspect_options(), quiet)
    changed = save_snapshot(output.parent, snapshot).changed
    print_summary(snapshot, [(str(output), changed)])
    for name in created:
        out.print(f"created {directory / name}", markup=False)
    pages = build(BuildOptions(snapshot=output, site_dir=directory / "site_src",
                               config=demo_config(), quiet=quiet))
    if pages.home_written is not None:
        out.print(f"wrote {pages.home_written} (the home page)", markup=False)
    out.print(f"{directory / 'site_src' / 'reference'}: {pages.pages.line()}", markup=False)
    with progress(1, quiet) as bar:
        bar.stage("mkdocs build")
        site = build_site(directory / "mkdocs.yml")
    out.print(f"built the site in {site.site_dir} (mkdocs build --strict, "
              f"{site.seconds:.1f} s); {_serve_hint(directory)}", markup=False)
    return DemoResult(output, changed, created, pages, site)
