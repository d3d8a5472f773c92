"""All-or-nothing updates of the generated tree: a staging folder and a journal.

    reference/.schemadoc-staging/pages/<path>   the new text of each new or changed page
    reference/.schemadoc-staging/journal.json   written last: the commit point

1. Stage: every new or changed page is written under `pages/`, and the folders new
   pages need are made in the tree. An error, a full disk or a signal in this phase
   removes the staging folder and those folders: the tree is as it was.
2. Commit: the journal (which pages move in, in what order, and which go) is written
   to a temporary file, synced and renamed. From then on the update is decided.
3. Apply: each staged page is renamed over its old one (new pages first, the overview
   last, so that it never links to a page that is not there yet), stale pages are
   removed, then the staging folder. Renames need no space, so a full disk cannot
   stop this phase, and signals wait until it ends (a few milliseconds per thousand
   pages): SIGINT or SIGTERM never leave old and new pages mixed.
4. Recover: a run killed during 3 (SIGKILL, a power cut) leaves the journal; the next
   run finds it and finishes the update before anything else. A staging folder
   without a journal is an update that never started: it is removed.

Only the journal is synced, not each page (that would cost 40% of a 10,000-page
build): after a power cut, the next run compares every page with what it should be
and rewrites any the disk lost.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from generator.errors import SchemadocError
from generator.runtime.interrupts import deferred

__all__ = ["STAGING", "SiteError", "Staging", "apply_order", "is_scratch", "recover",
           "remove_scratch"]

log = logging.getLogger("schemadoc.render")

STAGING = ".schemadoc-staging"
_PAGES = "pages"
_JOURNAL = "journal.json"
_VERSION = 1
_OVERVIEW = "index.md"


class SiteError(SchemadocError):
    """The generated folder cannot be written safely."""


def _failed(action: str, where: Path, exc: OSError, outcome: str) -> SiteError:
    return SiteError(f"cannot {action} {where}: {exc.strerror or exc}; check that the "
                     f"folder is writable and has free space ({outcome})")


def is_scratch(name: str) -> bool:
    """A dot file in the tree: a page's temporary file, never a page (MkDocs skips them)."""
    return name.startswith(".")


def remove_scratch(path: Path) -> None:
    """Remove a leftover temporary file; one that cannot go stays (MkDocs skips it)."""
    try:
        path.unlink()
    except OSError:
        pass


def apply_order(added: list[str], changed: list[str]) -> list[str]:
    """The order pages move in: new pages (deepest first) before the changed ones
    that may link to them, the overview last."""
    def deepest_first(paths: list[str]) -> list[str]:
        return sorted(paths, key=lambda p: (-p.count("/"), p))

    ordered = deepest_first(added) + deepest_first([p for p in changed if p != _OVERVIEW])
    return ordered + ([_OVERVIEW] if _OVERVIEW in changed else [])


class Staging:
    """The staging folder of one update (see the module doc); a context manager that
    removes what it staged unless the update was committed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / STAGING
        self._made_folders: list[Path] = []
        self._committed = False

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self._committed:
            self._discard()

    def add(self, relative: str, data: bytes) -> None:
        """Stage the new text of one page."""
        staged = self.folder / _PAGES / relative
        try:
            self._make_folders((self.root / relative).parent)
            staged.parent.mkdir(parents=True, exist_ok=True)
            with open(staged, "wb") as out:
                out.write(data)
        except OSError as exc:
            raise _failed("write pages to", self.root, exc, "the pages are unchanged") from None

    def _make_folders(self, folder: Path) -> None:
        missing = []
        while not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir()
            self._made_folders.append(path)

    def commit(self, order: list[str], stale: list[str]) -> None:
        """Decide the update (the journal), then carry it out."""
        journal = {"version": _VERSION, "write": order, "remove": stale}
        try:
            self.folder.mkdir(exist_ok=True)
            _write_synced(self.folder / _JOURNAL, json.dumps(journal).encode("utf-8"))
        except OSError as exc:
            raise _failed("write pages to", self.root, exc, "the pages are unchanged") from None
        self._committed = True
        _apply(self.root, journal)

    def _discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        for folder in reversed(self._made_folders):
            try:
                folder.rmdir()
            except OSError:  # not empty after all, or already gone
                pass


def _write_synced(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _relative(root: Path, relative: Any) -> Path:
    parts = PurePosixPath(relative).parts if isinstance(relative, str) else ()
    if not parts or relative.startswith("/") or ".." in parts:
        raise ValueError(f"not a page path: {relative!r}")
    return Path(*parts)


def _apply(root: Path, journal: dict[str, Any]) -> None:
    """Carry out a committed journal; safe to run again after it was cut short."""
    staged = root / STAGING / _PAGES
    with deferred():
        try:
            for relative in journal["write"]:
                path = _relative(root, relative)
                if (staged / path).exists():  # else moved in by a run cut short
                    (root / path).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staged / path, root / path)
            for relative in journal["remove"]:
                (root / _relative(root, relative)).unlink(missing_ok=True)
            _remove_empty_folders(root)
            shutil.rmtree(root / STAGING)
        except OSError as exc:
            raise _failed("finish updating", root, exc,
                          "the next `schemadoc build` finishes the update") from None


def _remove_empty_folders(root: Path) -> None:
    for directory, _, _ in sorted(os.walk(root), key=lambda d: -len(d[0])):
        path = Path(directory)
        if path != root and STAGING not in path.relative_to(root).parts \
                and not any(path.iterdir()):
            path.rmdir()


def recover(root: Path) -> None:
    """Finish the update a killed run committed, or remove one it had only staged."""
    folder = root / STAGING
    if not folder.exists():
        return
    try:
        journal = json.loads((folder / _JOURNAL).read_bytes())
        if journal.get("version") != _VERSION:
            raise ValueError("unknown journal version")
    except (OSError, ValueError, AttributeError):
        log.info("removing the staged pages of a build that did not finish in %s", root)
        shutil.rmtree(folder, ignore_errors=True)
        if folder.exists():
            raise SiteError(f"cannot remove {folder}, left by a build that did not finish; "
                            "check that the folder is writable") from None
        return
    log.info("finishing the update of %s that an interrupted build had begun", root)
    try:
        _apply(root, journal)
    except ValueError as exc:
        raise SiteError(f"{folder / _JOURNAL} is damaged ({exc}); delete {folder} and "
                        "build again") from None
