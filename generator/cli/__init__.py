"""The `schemadoc` command line: a click group, one function per command, each of which
only parses its arguments and calls one function of `generator.commands` (the package
that runs the stages).

Domain errors (generator.errors) become a one-line message and exit code 2 here and
nowhere else.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import __version__
from generator.cli.options import Count, Interval, Percent, database_options
from generator.commands.console import setup_logging
from generator.commands.database import IntrospectOptions
from generator.errors import SchemadocError
from generator.names.visible import visible
from generator.runtime import interrupts, tempfiles
from generator.runtime.gcpause import keep_models_frozen
from generator.runtime.redaction import redact

F = TypeVar("F", bound=Callable[..., Any])


class CliError(click.ClickException):
    """A one-line error with exit code 2 (DESIGN.md: 2 is usage or runtime error)."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        # A name in the message holding an escape sequence or an override is shown
        # as escapes: a terminal must not act on it (generator.names.visible).
        click.echo(f"schemadoc: error: {visible(redact(self.format_message()))}", err=True)


class InterruptedExit(click.ClickException):
    """A signal (SIGINT, SIGTERM, SIGHUP) ended the command: one line, exit 128 + signal."""

    def __init__(self, exc: KeyboardInterrupt) -> None:
        text, code = interrupts.message(exc)
        super().__init__(text)
        self.exit_code = code  # type: ignore[misc]  # per instance: 128 + the signal

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


def interrupted(exc: KeyboardInterrupt) -> InterruptedExit:
    """The exit for an interruption, once whatever was being written is removed."""
    tempfiles.remove_all()  # what a worker thread was writing; the rest went on the way out
    return InterruptedExit(exc)


def reports_errors(func: F) -> F:
    """Turn domain errors into CliError, and a signal (Ctrl-C too) into a clean exit."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SchemadocError as exc:
            raise CliError(str(exc)) from None
        except KeyboardInterrupt as exc:
            raise interrupted(exc) from None

    return wrapper  # type: ignore[return-value]


class _Group(click.Group):
    """A signal while click parses the arguments ends the same way as in a command
    (click would print `Aborted!` and exit 1)."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt as exc:
            raise interrupted(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise interrupted(exc) from None


@click.group(cls=_Group,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="schemadoc")
def cli() -> None:
    """Document a live PostgreSQL database: snapshot its catalog into schema_map.json,
    diff snapshots, and render a MkDocs Material site.

    The connection string comes from --dsn, else DATABASE_URL, else libpq's PG*
    variables (PGHOST, PGUSER, ...). Passwords never appear in output or files.
    """


@cli.command()
@database_options(exact_counts=True)
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              metavar="PATH", help="Where to write the snapshot; repeat for copies. "
              "Default: schema_map.json.")
@click.option("--force", is_flag=True,
              help="Replace an output file even if it is not a readable snapshot.")
@click.option("--history", type=click.Path(dir_okay=False), metavar="FILE",
              help="First append what changed since the snapshot in the first output to "
              "FILE (the Changelog's input; plugin mode reads schema_history.jsonl beside "
              "the snapshot).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display, only the summary.")
@click.option("-v", "--verbose", is_flag=True, help="Log each catalog query with its duration.")
@reports_errors
def snapshot(
    dsn: str | None,
    database: IntrospectOptions,
    outputs: tuple[str, ...],
    force: bool,
    history: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Read the database catalog and write schema_map.json.

    One short read-only transaction with local timeouts; no table data is read
    unless --exact-counts is given. Works through transaction-mode poolers
    (Neon, pgbouncer). A file whose content would not change is not rewritten.

    \b
    Examples:
      schemadoc snapshot --dsn postgresql://me@db.example.com/marketing
      DATABASE_URL=... schemadoc snapshot -o docs/schema_map.json -o .gitingest/schema_map.json
      schemadoc snapshot -o schema_map.json --history schema_history.jsonl
    """
    from generator.commands.snapshot import take_snapshot

    setup_logging(verbose)
    take_snapshot(dsn, database, [Path(p) for p in outputs], force=force, quiet=quiet,
                  history=Path(history) if history else None)


@cli.command()
@click.option("--dir", "directory", default=".", show_default=True,
              type=click.Path(file_okay=False), help="Where to write the snapshot and the site.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display, only the summary.")
@click.option("-v", "--verbose", is_flag=True, help="Log each step.")
@reports_errors
def demo(directory: str, quiet: bool, verbose: bool) -> None:
    """Start an embedded PostgreSQL 18 with the sample Marketing DB and document it.

    Snapshots the sample into DIR/site_src/schema_map.json, renders the pages into
    DIR/site_src/reference/ (with the sample's schemadoc.yml) and builds the site
    into DIR/site/ with `mkdocs build --strict`; a DIR without mkdocs.yml first
    gets the site files `schemadoc init` writes (not its schemadoc.yml: the sample
    brings its own). Preview with `mkdocs serve` in DIR.

    Needs the `demo` extra (pip install 'schemadoc[demo]'); no system PostgreSQL.
    The server's data lives in DIR/.schemadoc/demo and is reused by the next run;
    the server is stopped before the command exits.
    """
    setup_logging(verbose)
    from generator.commands.demo import run_demo

    run_demo(Path(directory), quiet=quiet)


@cli.command()
@database_options(exact_counts=True)
@click.option("--snapshot", "snapshot_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Render from this schema_map.json, offline (no database).")
@click.option("--site-dir", default="site_src", show_default=True,
              type=click.Path(file_okay=False), metavar="DIR",
              help="MkDocs docs_dir; pages go to DIR/reference/, the folder schemadoc "
              "owns.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False), metavar="DIR",
              help="Folder of templates that replace or extend the built-in ones "
              "(same names, e.g. table.md.j2; extend with {% extends \"builtin/table.md.j2\" %}).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="schemadoc.yml: objects to leave out, schema statuses and groups, "
              "descriptions, virtual relations, flows. Default: the schemadoc.yml beside "
              "the project's mkdocs.yml (the nearest one from the docs folder's parent "
              "upward), when it exists.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display, only the summary.")
@click.option("-v", "--verbose", is_flag=True,
              help="Log each catalog query, the diagrams and the pages with their durations.")
@reports_errors
def build(dsn: str | None, database: IntrospectOptions, snapshot_path: str | None,
          site_dir: str, templates: str | None, config_path: str | None, quiet: bool,
          verbose: bool) -> None:
    """Render the documentation pages into the MkDocs docs folder.

    Reads a snapshot (--snapshot, fully offline) or takes one from the database
    (--dsn, DATABASE_URL or PG* variables) and saves it as DIR/schema_map.json,
    appending what changed to DIR/schema_history.jsonl. Writes only pages whose
    content changed and removes pages of dropped objects. Outside DIR/reference/
    it writes only the home page DIR/index.md, and only while that page keeps its
    `schemadoc_home: generated` line; your own pages are never touched. Then run
    `mkdocs build --strict` (or `mkdocs serve`).

    \b
    Examples:
      schemadoc build --snapshot schema_map.json
      schemadoc build --dsn postgresql://me@db.example.com/marketing && mkdocs build --strict
    """
    from generator.commands.build import BuildOptions, build_command

    setup_logging(verbose)
    if dsn and snapshot_path:
        raise click.UsageError("give either --dsn or --snapshot, not both")
    if database.exact_counts and snapshot_path:
        raise click.UsageError("--exact-counts reads rows, so it needs a database, not "
                               "--snapshot")
    build_command(BuildOptions(
        snapshot=Path(snapshot_path) if snapshot_path else None,
        dsn=None if snapshot_path else dsn,
        site_dir=Path(site_dir),
        templates=Path(templates) if templates else None,
        quiet=quiet,
        config=Path(config_path) if config_path else None,
        database=database,
    ))


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--site-name", default="Database documentation", show_default=True,
              help="Title of the site (mkdocs.yml site_name).")
@reports_errors
def init(directory: str, site_name: str) -> None:
    """Start a documentation site in DIRECTORY (default: here).

    Writes mkdocs.yml, schemadoc.yml (every setting commented out),
    site_src/index.md (the home page, which each build turns into the database at a
    glance while its schemadoc_home line stays) and site_src/maintaining.md (how to
    rebuild the site). Existing files are kept as they are. Then:

    \b
      schemadoc build --dsn ...     # or --snapshot schema_map.json
      mkdocs build --strict         # or mkdocs serve
    """
    from generator.commands.scaffold import init_command

    init_command(Path(directory), site_name)


@cli.command()
@database_options()
@click.option("--snapshot", "snapshot_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Lint this schema_map.json, offline (no database).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="schemadoc.yml with rule settings, exclusions and conventions. "
              "Default: the schemadoc.yml beside the project's mkdocs.yml (the nearest "
              "one from here upward), else ./schemadoc.yml, when it exists.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: grouped by schema; json: schemadoc-lint/1.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True, help="Exit 1 when a finding of this severity or worse exists.")
@click.option("--sample-data", is_flag=True,
              help="Also check ID formats (conventions.id_formats) on a bounded sample of "
              "rows. Reads table data, read-only with timeouts; needs a database.")
@click.option("--sample-rows", default=1000, show_default=True, type=Count(min=1),
              metavar="N", help="Rows read per table by --sample-data.")
@click.option("--sample-timeout", default="5s", show_default=True, type=Interval(),
              metavar="INTERVAL", help="Time allowed for each table's sample, with a unit; "
              "at least 1ms.")
@click.option("--list-rules", is_flag=True, help="List the rules with their severity and exit.")
@reports_errors
def lint(dsn: str | None, database: IntrospectOptions, snapshot_path: str | None,
         config_path: str | None,
         output_format: str, fail_on: str, sample_data: bool, sample_rows: int,
         sample_timeout: str, list_rules: bool) -> None:
    """Check the schema for problems: keys, indexes, comments, naming, security.

    Every rule has an id, a severity, a reason and a fix (--list-rules). In
    schemadoc.yml, `lint: rules:` turns a rule off, changes its severity or excludes
    objects, and `include`/`exclude` choose what is checked at all. Only the catalog
    is read unless --sample-data is given.

    Exit status: 0 when no finding is at or above --fail-on, 1 when one is, 2 on an
    error (unreachable database, invalid schemadoc.yml).

    \b
    Examples:
      schemadoc lint --dsn postgresql://me@db.example.com/marketing
      schemadoc lint --snapshot schema_map.json --format json --fail-on warning
    """
    from generator.commands.lint import LintRequest, run_lint_command
    from generator.commands.lint import list_rules as print_rules

    setup_logging(False)
    if list_rules:
        print_rules()
        return
    if dsn and snapshot_path:
        raise click.UsageError("give either --dsn or --snapshot, not both")
    if sample_data and snapshot_path:
        raise click.UsageError("--sample-data reads rows, so it needs a database, not --snapshot")
    code = run_lint_command(LintRequest(
        database, dsn, Path(snapshot_path) if snapshot_path else None,
        Path(config_path) if config_path else None, output_format, fail_on,
        (sample_rows, sample_timeout) if sample_data else None))
    if code:
        click.get_current_context().exit(code)


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True,
              help="text: for a terminal (coloured on a TTY); json: schemadoc-diff/1; "
              "markdown: the pull-request comment.")
@click.option("--fail-on", type=click.Choice(["breaking", "any"]), default=None,
              help="Exit 1 when breaking changes (or any structural change) exist.")
@click.option("--volume-threshold", default=10.0, show_default=True,
              type=Percent(), metavar="PCT",
              help="Report a table's rows or size when they changed by at least PCT percent "
              "(and by at least 1,000 rows or 1 MiB).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the result to FILE instead of standard output.")
@database_options(with_dsn=False)
@click.option("--lint", "with_lint", is_flag=True,
              help="Also lint OLD and NEW and list the findings the change introduces.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="schemadoc.yml for --lint. Default: the schemadoc.yml beside the "
              "project's mkdocs.yml (the nearest one from here upward), else "
              "./schemadoc.yml, when it exists.")
@reports_errors
def diff(old: str, new: str, output_format: str, fail_on: str | None,
         volume_threshold: float, output: str | None, database: IntrospectOptions,
         with_lint: bool, config_path: str | None) -> None:
    """Show what changed between two snapshots, classified.

    OLD and NEW are each a snapshot file, GITREV:path (read with `git show`, e.g.
    origin/main:site_src/schema_map.json), a connection string (snapshotted now), or
    `-` for the database in DATABASE_URL. Every change is classified as breaking,
    destructive, security, additive, compatible or cosmetic; renames are recognised;
    row and size changes are listed apart.

    Exit status: 0 on success (also when there are changes), 1 when --fail-on finds
    what it names, 2 on an error (unreadable file, unknown revision, unreachable
    database).

    \b
    Examples:
      schemadoc diff old.json schema_map.json
      schemadoc diff origin/main:site_src/schema_map.json /tmp/new.json --format markdown -o c.md
      schemadoc diff schema_map.json - --fail-on breaking
      schemadoc diff old.json schema_map.json --format markdown --lint
    """
    from generator.commands.diff import DiffRequest, run_diff

    setup_logging(False)
    code = run_diff(DiffRequest(old, new, output_format, fail_on, volume_threshold,
                                Path(output) if output else None, database,
                                with_lint, Path(config_path) if config_path else None))
    if code:
        click.get_current_context().exit(code)


def main() -> None:
    """Console-script entry point (`generator.__main__.main` installs the signal
    handlers before importing this module; installing them again costs nothing)."""
    interrupts.install()
    keep_models_frozen()  # this process runs one command and exits
    warnings.filterwarnings("ignore", module="platformdirs")
    try:
        cli(prog_name="schemadoc")
    except KeyboardInterrupt as exc:  # after click let go (between its exit and ours)
        text, code = interrupts.message(exc)
        click.echo(text, err=True)
        sys.exit(code)
    finally:
        interrupts.settle()  # a signal from now on, while Python shuts down, is ignored
    sys.exit(0)
