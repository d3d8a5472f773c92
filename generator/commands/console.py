"""Terminal output: progress while working, a summary at the end, logs with -v.

Progress goes to stderr and only on a terminal; summaries go to stdout, so
`schemadoc snapshot > summary.txt` holds just the summary.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from generator.model import Snapshot
from generator.model.units import fmt_bytes
from generator.runtime.redaction import RedactingFilter, redact

if TYPE_CHECKING:
    from generator.introspect import IntrospectOptions
from generator.commands.summary import figures
from generator.names.visible import visible

# soft_wrap: a long path stays on one line in CI logs and redirected output.
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)


def setup_logging(verbose: bool) -> None:
    """With -v, log every query and its duration to stderr."""
    level = logging.DEBUG if verbose else logging.WARNING
    handler = RichHandler(console=err, show_path=False, show_time=verbose, markup=False)
    handler.addFilter(RedactingFilter())  # psycopg's and ours: no log line shows a password
    logging.basicConfig(level=logging.WARNING, handlers=[handler], format="%(message)s", force=True)
    logging.getLogger("schemadoc").setLevel(level)
    # psycopg warns when the rollback on leaving a connection block fails, as it does
    # when a signal stops a query: the interruption is then said in one line, not two
    # (its warnings show with -v; its debug lines, one per connection poll, never).
    logging.getLogger("psycopg").setLevel(logging.WARNING if verbose else logging.ERROR)


class StageProgress:
    """A progress bar over named stages and steps; silent off a terminal or with --quiet."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self._task = progress.add_task("connect", total=total) if progress else None

    def stage(self, name: str) -> None:
        """Show which stage runs now."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=redact(name))

    def step(self, name: str, *_: object) -> None:
        """One step done (a catalog query, a page)."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=name, advance=1)


@contextmanager
def progress(total: int, quiet: bool) -> Iterator[StageProgress]:
    """Progress over `total` steps, shown only on a terminal."""
    if quiet or not err.is_terminal:
        yield StageProgress(None, total)
        return
    columns = (SpinnerColumn(), TextColumn("{task.description:<14}"), BarColumn(),
               TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        yield StageProgress(bar, total)


def snapshot_with_progress(dsn: str, options: IntrospectOptions, quiet: bool) -> Snapshot:
    """Introspect `dsn`, with a progress bar over the catalog queries on a terminal."""
    # imported here: only commands that read a database need psycopg
    from generator.introspect.catalog import ALL_QUERIES
    from generator.snapshot.open import read_database

    with progress(len(ALL_QUERIES) + options.jobs, quiet) as bar:
        return read_database(dsn, options, on_query=bar.step, on_stage=bar.stage)


def print_summary(snapshot: Snapshot, written: list[tuple[str, bool]]) -> None:
    """Schemas, tables, rows and indexes per schema, then where the snapshot went."""
    db = snapshot.database
    out.print(redact(f"Database {visible(db.name)} on {db.host}:{db.port}, "
                     f"PostgreSQL {db.server_version}"), markup=False)
    table = Table("schema", "tables", "views", "functions", "rows (est.)", "indexes", "size",
                  box=None, pad_edge=False)
    for column in table.columns[1:]:
        column.justify = "right"
    rows = figures(snapshot)
    for f in rows:
        shown_rows = f"{f.rows:,}" + ("" if f.rows_known else "*")
        # Text(): a schema named "[red]x" is a name, not markup; an escape sequence or
        # an override in it is shown as an escape (generator.names.visible).
        table.add_row(Text(visible(f.name)), str(f.tables), str(f.views), str(f.functions),
                      shown_rows, str(f.indexes), fmt_bytes(f.bytes))
    table.add_row("total", str(sum(f.tables for f in rows)), str(sum(f.views for f in rows)),
                  str(sum(f.functions for f in rows)), f"{sum(f.rows for f in rows):,}",
                  str(sum(f.indexes for f in rows)), fmt_bytes(sum(f.bytes for f in rows)),
                  style="bold")
    out.print(table)
    if not all(f.rows_known for f in rows):
        out.print("* some tables were never analysed: their rows are unknown until ANALYZE runs")
    for warning in snapshot.warnings:
        out.print(f"warning: {visible(warning)}", markup=False)
    for path, changed in written:
        out.print(f"{'wrote' if changed else 'unchanged'} {path}", markup=False)
