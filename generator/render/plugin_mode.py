"""Plugin mode: the reference rendered inside `mkdocs build` and `mkdocs serve`.

With `snapshot:` among the `schemadoc` plugin's options, MkDocs gets the reference
pages (overview, schemas, tables, views, Health, Changelog, diagrams inlined) as
in-memory files under `prefix`, made by the same `ReferencePages` that `schemadoc build`
writes to disk: nothing generated lands in the docs folder.

`mkdocs serve` rebuilds in the same process, and keeps the plugin (it has
`on_startup`), so `RenderedReference` keeps what the last build made: when no input
changed (a hand-written page was edited) the pages are reused as they are; when only
schemadoc.yml or the history changed the snapshot is not read again; diagrams come
from their cache on disk, so only a changed diagram runs `dot`. It also knows which
pages' text changed, so that `mkdocs serve --dirty` rebuilds only those.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.config import Config, find_config
from generator.model import Snapshot
from generator.render.reference import CACHE_DIR, HISTORY_NAME, ReferencePages, ReferenceSource
from generator.runtime.gcpause import gc_paused
from generator.snapshot import read_snapshot

__all__ = ["PluginInputs", "RenderedReference", "clean_prefix", "walk_order"]

# A file's identity for "did it change": (mtime in ns, size); None when it is missing.
Stamp = tuple[int, int] | None


def stamp(path: Path | None) -> Stamp:
    """When `path` last changed and its size, or None if there is no such file."""
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def folder_stamp(folder: Path | None) -> tuple[tuple[str, Stamp], ...]:
    """Every file of a templates folder with its stamp (small folders: a few files)."""
    if folder is None:
        return ()
    found = []
    for directory, _, files in os.walk(folder):
        for name in files:
            path = Path(directory) / name
            found.append((path.as_posix(), stamp(path)))
    return tuple(sorted(found))


def clean_prefix(prefix: str) -> str:
    """`reference/` -> `reference`; a prefix must be a folder inside the docs folder."""
    parts = PurePosixPath(prefix.strip().strip("/")).parts
    if not parts or ".." in parts or any(part.startswith(".") for part in parts):
        raise ValueError(f"prefix {prefix!r} must name a folder inside the docs folder, "
                         "such as 'reference/'")
    return "/".join(parts)


@dataclass(frozen=True, slots=True)
class PluginInputs:
    """The plugin's options, resolved against mkdocs.yml's folder (`project`)."""

    project: Path
    snapshot: Path
    # schemadoc.yml: given, else the one beside mkdocs.yml if there is one.
    config: Path | None
    prefix: str
    directory_urls: bool
    templates: Path | None = None

    @property
    def history(self) -> Path:
        """The history file beside the snapshot (where `schemadoc build` keeps it)."""
        return self.snapshot.parent / HISTORY_NAME

    @property
    def config_file(self) -> Path:
        """The schemadoc.yml read, or that would be read once it exists."""
        return self.config or self.project / "schemadoc.yml"

    def watched(self) -> list[Path]:
        """The files whose change should rebuild the site under `mkdocs serve`."""
        files = [self.snapshot, self.history, self.config_file]
        return [*files, self.templates] if self.templates else files

    def load_config(self) -> Config:
        """The schemadoc.yml these options name (a given path must exist)."""
        return find_config(self.config, self.project)


@dataclass
class RenderedReference:
    """The reference pages of the last build, and what they were made from."""

    pages: dict[str, str] = field(default_factory=dict)
    # The docs folder's home page as schemadoc renders it (used where it is schemadoc's).
    home: str = ""
    # The pages whose text differs from the build before (all of them at first).
    changed: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    # Diagrams shown and drawn by `dot` at the last render (not taken from the cache).
    diagrams: tuple[int, int] = (0, 0)
    renders: int = 0
    _inputs: tuple[object, ...] | None = None
    _snapshot: tuple[Stamp, Snapshot] | None = None

    def update(self, inputs: PluginInputs, maintaining: bool) -> bool:
        """Render the pages again if any input changed since the last call; True if so.
        `maintaining`: the docs folder has maintaining.md (the home page links it)."""
        key = (inputs, maintaining, stamp(inputs.snapshot), stamp(inputs.history),
               stamp(inputs.config_file), folder_stamp(inputs.templates))
        if key == self._inputs:
            self.changed = set()
            return False
        config = inputs.load_config()  # first: a broken file stops before any work
        snapshot = self._read_snapshot(inputs.snapshot)
        self.warnings = config.check(snapshot)
        with gc_paused():  # as `schemadoc build`: no cycles to find, a third of the plan
            reference = ReferencePages(ReferenceSource(
                snapshot, config, history=inputs.history,
                cache_dir=inputs.project / CACHE_DIR, folder=inputs.prefix,
                directory_urls=inputs.directory_urls, templates=inputs.templates))
            drawn = reference.draw()
            pages = dict(reference.pages())
            self.home = reference.home(maintaining)
        self.changed = {path for path, text in pages.items() if self.pages.get(path) != text}
        self.pages = pages
        self.diagrams = (drawn.total, drawn.rendered)
        self.renders += 1
        self._inputs = key
        return True

    def _read_snapshot(self, path: Path) -> Snapshot:
        """The snapshot at `path`, read again only when the file changed."""
        current = stamp(path)
        if self._snapshot is None or self._snapshot[0] != current or current is None:
            self._snapshot = (current, read_snapshot(path))
        return self._snapshot[1]


def walk_order(src_uri: str) -> tuple[tuple[int, object], ...]:
    """Where MkDocs' walk of the docs folder puts a file: folders by name, a folder's
    own files (index.md and README.md first) before its sub-folders. Generated pages
    sorted by it stand in the navigation exactly where the same files on disk would."""
    *folders, name = src_uri.split("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return (*((1, folder) for folder in folders),
            (0, (stem not in ("index", "README"), name)))
