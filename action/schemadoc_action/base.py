"""The old side of the diff: the snapshot as committed on the base branch, read by
`schemadoc diff` as GITREV:path. actions/checkout fetches one commit by default, so the
base branch is fetched when the checkout lacks it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from schemadoc_action.workflow import ActionError, group, run


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ActionError("git is not installed; mode diff reads the base branch's "
                          "snapshot with git") from None


def repository_path(path: Path) -> str:
    """`path` (relative to the working directory) from the repository's root."""
    top = _git("rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise ActionError("the working directory is not a git checkout; run "
                          "actions/checkout before schemadoc")
    root = Path(top.stdout.strip()).resolve()
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise ActionError(f"snapshot: {path} is outside the repository {root}") from None


def fetch_base(base_ref: str) -> str:
    """The remote-tracking ref of the base branch, fetched if missing."""
    ref = f"refs/remotes/origin/{base_ref}"
    if _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0:
        return ref
    # One commit is enough to read a file; a full clone stays full.
    shallow = _git("rev-parse", "--is-shallow-repository").stdout.strip() == "true"
    with group(f"Fetch the base branch {base_ref}"):
        run(["git", "fetch", "--no-tags", *(["--depth=1"] if shallow else []), "origin",
             f"+refs/heads/{base_ref}:{ref}"], what=f"git fetch of the base branch {base_ref}")
    return ref


def base_snapshot(base_ref: str, snapshot: Path) -> str | None:
    """`origin/BASE:path` of the snapshot, or None when the base branch has none yet."""
    path = repository_path(snapshot)
    fetch_base(base_ref)
    source = f"origin/{base_ref}:{path}"
    return source if _git("cat-file", "-e", source).returncode == 0 else None
