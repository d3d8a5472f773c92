"""The work behind `schemadoc diff`: load both sides, diff, render, write, exit code."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from generator.diff import VolumeThreshold, diff
from generator.diff.model import BREAKING, Diff
from generator.diff.render_json import render_json
from generator.diff.render_markdown import render_markdown
from generator.diff.render_text import render_text, summary_line
from generator.diff.sources import load_source
from generator.snapshot import write_atomic

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
    connect_timeout: float = 10.0


def exit_code(result: Diff, fail_on: str | None) -> int:
    """0, or 1 when `fail_on` names changes that exist (`breaking`, `any`)."""
    if fail_on == "any" and not result.empty:
        return 1
    if fail_on == "breaking" and result.count(BREAKING):
        return 1
    return 0


def run_diff(request: DiffRequest) -> int:
    """Diff, print or write the result, and return the exit code."""
    old = load_source(request.old, request.connect_timeout)
    new = load_source(request.new, request.connect_timeout)
    threshold = VolumeThreshold(percent=request.volume_threshold)
    result = diff(old.snapshot, new.snapshot, threshold, old.label, new.label)
    color = request.output is None and request.format == "text" and sys.stdout.isatty()
    if request.format == "json":
        text = render_json(result)
    elif request.format == "markdown":
        text = render_markdown(result, new.snapshot)
    else:
        text = render_text(result, color=color)
    if request.output is None:
        click.echo(text, nl=False, color=color)
    else:
        write_atomic(request.output, text)
        click.echo(f"{summary_line(result).plain}; wrote {request.output}", err=True)
    return exit_code(result, request.fail_on)
