"""`schemadoc diff`: load both sides, diff (and lint both, with `--lint`), render, write,
exit code."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from generator.diff import VolumeThreshold, diff
from generator.diff.model import BREAKING, Diff
from generator.diff.render_json import diff_data, render_json
from generator.diff.render_text import render_text, summary_line
from generator.introspect import IntrospectOptions, introspect_options
from generator.lint.engine import Finding
from generator.model import Snapshot
from generator.render.pr_comment import render_markdown
from generator.snapshot import write_atomic
from generator.snapshot.open import load_source

FORMATS = ("text", "json", "markdown")
FAIL_ON = ("breaking", "any")


@dataclass(frozen=True, slots=True)
class DiffRequest:
    """What the command line asked for."""

    old: str
    new: str
    format: str = "text"
    fail_on: str | None = None
    volume_threshold: float = 10.0
    output: Path | None = None
    # How to read OLD or NEW when it is a database (the connection options).
    database: IntrospectOptions = field(default_factory=introspect_options)
    lint: bool = False
    config: Path | None = None


def exit_code(result: Diff, fail_on: str | None) -> int:
    """0, or 1 when `fail_on` names changes that exist (`breaking`, `any`)."""
    if fail_on == "any" and not result.empty:
        return 1
    if fail_on == "breaking" and result.count(BREAKING):
        return 1
    return 0


def introduced_findings(old: Snapshot, new: Snapshot, config: Path | None) -> list[Finding]:
    """Lint both sides with schemadoc.yml (`config`, else the project's: see
    `find_config`) and return the findings NEW has that OLD has not."""
    from generator.config import find_config
    from generator.lint import lint_snapshot
    from generator.lint.compare import introduced

    settings = find_config(config)
    return introduced(lint_snapshot(old, settings), lint_snapshot(new, settings))


def _lint_data(finding: Finding) -> dict[str, str | None]:
    return {"rule": finding.rule, "severity": finding.severity, "schema": finding.schema,
            "table": finding.table, "object": finding.object, "message": finding.message,
            "fix": finding.fix}


def _lint_text(findings: list[Finding]) -> str:
    lines = [f"\nlint findings this change introduces: {len(findings)}"]
    lines += [f"  {f.severity:<8} {f.rule:<26} {f.object}: {f.message}" for f in findings]
    return "\n".join(lines) + "\n"


def run_diff(request: DiffRequest) -> int:
    """Diff, print or write the result, and return the exit code."""
    old = load_source(request.old, request.database, "OLD")
    new = load_source(request.new, request.database, "NEW")
    threshold = VolumeThreshold(percent=request.volume_threshold)
    result = diff(old.snapshot, new.snapshot, threshold, old.label, new.label)
    color = request.output is None and request.format == "text" and sys.stdout.isatty()
    lint = (introduced_findings(old.snapshot, new.snapshot, request.config)
            if request.lint else None)
    if request.format == "json" and lint is not None:
        data = {**diff_data(result), "lint_introduced": [_lint_data(f) for f in lint]}
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif request.format == "json":
        text = render_json(result)
    elif request.format == "markdown":
        text = render_markdown(result, new.snapshot, lint)
    else:
        text = render_text(result, color=color) + ("" if lint is None else _lint_text(lint))
    if request.output is None:
        click.echo(text, nl=False, color=color)
    else:
        write_atomic(request.output, text)
        click.echo(f"{summary_line(result).plain}; wrote {request.output}", err=True)
    return exit_code(result, request.fail_on)
