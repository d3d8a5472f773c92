"""`schemadoc lint`: the rules listed, or a snapshot (a file, or taken from the database)
linted as schemadoc.yml configures it, printed as text or JSON; the exit code says
whether a finding reached `--fail-on`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from generator.config import find_config
from generator.introspect import IntrospectOptions
from generator.introspect.dsn import resolve_dsn
from generator.lint import RULES, LintOptions, SampleOptions, run_lint
from generator.lint.report import render_json, render_text

__all__ = ["LintRequest", "list_rules", "run_lint_command"]


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
    result = run_lint(LintOptions(config, request.snapshot, dsn, sample, request.database))
    text = render_json(result) if request.format == "json" else render_text(result)
    click.echo(text, nl=False)
    return 1 if result.fails(request.fail_on) else 0
