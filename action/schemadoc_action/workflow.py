"""GitHub's side of a step: workflow commands (`::error::`), step outputs, the job summary
and running commands with their errors turned into one line.

Outside GitHub (no GITHUB_OUTPUT or GITHUB_STEP_SUMMARY) outputs and the summary are
printed, so the action can be run by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

# How psql, pip, mkdocs and schemadoc itself start the line that says what failed.
ERROR_LINE = re.compile(r"\b(ERROR|FATAL)\b|\berror:")


class ActionError(Exception):
    """What went wrong, in one line: the step prints it as `::error::` and fails."""


def _escape(message: str) -> str:
    # The runner reads one command per line; these are its escapes.
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def error(message: str) -> None:
    """An error annotation (the step still has to exit non-zero to fail)."""
    print(f"::error::{_escape(message)}", flush=True)


def warning(message: str) -> None:
    """A warning annotation."""
    print(f"::warning::{_escape(message)}", flush=True)


def notice(message: str) -> None:
    """A notice annotation."""
    print(f"::notice::{_escape(message)}", flush=True)


@contextmanager
def group(title: str) -> Iterator[None]:
    """A folded section of the log."""
    print(f"::group::{_escape(title)}", flush=True)
    try:
        yield
    finally:
        print("::endgroup::", flush=True)


def set_outputs(values: Mapping[str, str]) -> None:
    """Step outputs (values are single lines)."""
    target = os.environ.get("GITHUB_OUTPUT")
    lines = "".join(f"{name}={value}\n" for name, value in values.items())
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(lines)
    else:
        print(lines, end="", flush=True)


def append_summary(markdown: str) -> None:
    """Add Markdown to the job summary."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(markdown.rstrip("\n") + "\n\n")
    else:
        print(markdown, flush=True)


def run(args: Sequence[str | Path], what: str, cwd: Path | None = None,
        env: Mapping[str, str] | None = None) -> None:
    """Run a command with its output in the log; a failure raises ActionError naming
    `what` and the command's last line of errors (schemadoc's and psql's say it all)."""
    sys.stdout.flush()
    result = subprocess.run([str(a) for a in args], cwd=cwd, check=False,
                            env=None if env is None else {**os.environ, **env},
                            stderr=subprocess.PIPE, text=True, errors="replace")
    sys.stderr.write(result.stderr)
    sys.stderr.flush()
    if result.returncode != 0:
        raise ActionError(f"{what} failed: {_reason(result.stderr, result.returncode)}")


def _reason(stderr: str, returncode: int) -> str:
    """The line that says what went wrong: the first error line (psql follows it with
    context, mkdocs with a count), else the last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if ERROR_LINE.search(line)]
    if errors or lines:
        return (errors or lines)[0 if errors else -1]
    return f"exit status {returncode}"
