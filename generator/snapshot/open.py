"""Where OLD and NEW come from: a snapshot file, `GITREV:path`, or a live database.

    schema_map.json                        a file
    origin/main:site_src/schema_map.json   a file as committed (read with `git show`)
    postgresql://me@db/app, 'host=... dbname=...'   a DSN: snapshotted now
    -                                      $DATABASE_URL: snapshotted now

A path that exists as a file always wins, so a file whose name holds `=` or `:` works.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SchemadocError
from generator.introspect import IntrospectOptions, introspect, introspect_options
from generator.introspect.dsn import check_dsn
from generator.model import Snapshot
from generator.runtime.redaction import redact
from generator.snapshot import loads, read_snapshot


class SourceError(SchemadocError):
    """OLD or NEW could not be read."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """A snapshot and how to name where it came from (never with a password)."""

    snapshot: Snapshot
    label: str


def is_dsn(arg: str) -> bool:
    """Whether an argument is a connection string rather than a file or git path."""
    return arg == "-" or "://" in arg or "=" in arg


def load_source(arg: str, database: IntrospectOptions | None = None, side: str = "OLD"
                ) -> Loaded:
    """The snapshot an OLD or NEW argument (`side`) names; a database is read with
    `database` (the connection options)."""
    if _is_file(arg):
        return Loaded(read_snapshot(arg), arg)
    if is_dsn(arg):
        return _from_database(arg, database or introspect_options(), side)
    if ":" in arg:
        rev, path = arg.split(":", 1)
        return Loaded(loads(git_show(rev, path), arg), arg)
    raise SourceError(
        f"{arg}: no such snapshot file (give a file, GITREV:path, or a connection string)"
    )


def _is_file(arg: str) -> bool:
    try:
        return Path(arg).is_file()
    except OSError:  # a long DSN is no file name
        return False


def _from_database(arg: str, options: IntrospectOptions, side: str) -> Loaded:
    dsn = arg
    if arg == "-":
        dsn = os.environ.get("DATABASE_URL", "")
        if not dsn:
            raise SourceError("`-` reads the database in DATABASE_URL, which is not set")
    check_dsn(dsn, "DATABASE_URL" if arg == "-" else side)
    label = "$DATABASE_URL" if arg == "-" else redact(dsn)
    return Loaded(introspect(dsn, options), label)


def git_show(rev: str, path: str) -> str:
    """A file's text at a git revision (`git show REV:PATH`, PATH from the repository root)."""
    if not rev or not path:
        raise SourceError(f"{rev}:{path}: expected GITREV:path, e.g. "
                          "origin/main:site_src/schema_map.json")
    try:
        result = subprocess.run(
            ["git", "show", f"{rev}:{path}"], capture_output=True, timeout=60, check=False
        )
    except FileNotFoundError:
        raise SourceError(f"{rev}:{path}: git is not installed (needed to read GITREV:path)"
                          ) from None
    except subprocess.TimeoutExpired:
        raise SourceError(f"{rev}:{path}: git show took over 60 s") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = message[0] if message else f"git exited with {result.returncode}"
        raise SourceError(f"cannot read {rev}:{path} from git: {reason}")
    try:
        return result.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"{rev}:{path} is not UTF-8 text; is it a snapshot?") from None
