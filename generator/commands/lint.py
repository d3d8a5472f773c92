"""`schemadoc lint`: the rules listed, or a snapshot (a file, or taken from the database)
linted as schemadoc.yml configures it, printed as text or JSON; the exit code says
whether a finding reached `--fail-on`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import click

from generator.config import Config, filter_snapshot, find_config
from generator.introspect import IntrospectOptions
from generator.introspect.dsn import resolve_dsn
from generator.introspect.samples import SampleOptions, read_samples
from generator.lint import RULES, LintResult, lint_snapshot
from generator.lint.engine import SampleResult
from generator.lint.report import render_json, render_text
from generator.lint.sample import check_samples, id_columns
from generator.model import Snapshot
from generator.snapshot import read_snapshot
from generator.snapshot.open import read_database

__all__ = ["LintRequest", "list_rules", "run_lint", "run_lint_command", "sample_id_columns"]


@dataclass(frozen=True, slots=True)
class LintRequest:
    """What the command line asked for."""

    database: IntrospectOptions
    dsn: str | None = None
    snapshot: Path | None = None
    config: Path | None = None
    format: str = "text"
    fail_on: str = "error"
    # --sample-data: rows per table and the time allowed for each table's sample.
    sample: tuple[int, str] | None = None


def list_rules() -> None:
    """Every rule with its default severity and reason, one a line."""
    for rule in RULES:
        click.echo(f"{rule.id:<26} {rule.severity:<8} {rule.reason}")


def sample_id_columns(dsn: str, snapshot: Snapshot, config: Config,
                      options: SampleOptions | None = None
                      ) -> tuple[dict[tuple[str, str, str], SampleResult], list[str]]:
    """Sampled values of every ID column, checked against its format; and notes on the
    tables that could not be read."""
    options = options or SampleOptions()
    targets = id_columns(snapshot, config)
    wanted = {key: (snapshot.schemas[key[0]].tables[key[1]], [c for c, _ in columns])
              for key, columns in targets.items()}
    values, unread = read_samples(dsn, wanted, options)
    return check_samples(targets, values, unread, options.statement_timeout)


def run_lint(config: Config, snapshot_path: Path | None, dsn: str,
             database: IntrospectOptions, sample: SampleOptions | None = None) -> LintResult:
    """Read the snapshot (or take one), check the configuration against it, sample ID
    columns when asked, and lint."""
    snapshot = (read_snapshot(snapshot_path) if snapshot_path is not None
                else read_database(dsn, database))
    notes = config.check(snapshot)  # raises ConfigError before any output
    samples = None
    if sample is not None:
        samples, sample_notes = sample_id_columns(dsn, filter_snapshot(snapshot, config),
                                                  config, sample)
        notes += sample_notes
    result = lint_snapshot(snapshot, config, samples)
    return replace(result, notes=notes + snapshot.warnings + result.notes)


def run_lint_command(request: LintRequest) -> int:
    """Lint, print the report, and return the exit code (1: a finding at or above
    `fail_on`)."""
    config = find_config(request.config)
    sample = None
    if request.sample is not None:
        rows, timeout = request.sample
        sample = SampleOptions(rows=rows, statement_timeout=timeout,
                               connect=request.database.connect)
    dsn = "" if request.snapshot is not None else resolve_dsn(request.dsn)
    result = run_lint(config, request.snapshot, dsn, request.database, sample)
    text = render_json(result) if request.format == "json" else render_text(result)
    click.echo(text, nl=False)
    return 1 if result.fails(request.fail_on) else 0
