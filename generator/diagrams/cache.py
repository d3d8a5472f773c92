"""Rendered SVGs on disk, keyed by the SHA-256 of what produced them.

The key covers the DOT source, the Graphviz version and the version of the SVG clean-up
(`svg.CLEANUP_VERSION`), so a new Graphviz or a change in the clean-up renders again,
and an unchanged diagram never does. Files are `<dir>/<2 hex>/<64 hex>.svg`, written
atomically (a temporary file in `<dir>/.tmp/`, then a rename): a run that dies leaves
no half file, two runs sharing the folder at once at worst write the same bytes twice,
and the next run removes the temporary files a killed one left (see `tempfiles`).

Nothing else is ever removed; the folder holds every version of every diagram rendered
into it. Deleting it is always safe (the next run renders everything again).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.errors import SchemadocError
from generator.runtime.tempfiles import TempFile, sweep

__all__ = ["CacheError", "SvgCache"]

_SCRATCH = ".tmp"


class CacheError(SchemadocError):
    """The diagram cache cannot be written (read-only or full disk)."""


class SvgCache:
    """A folder of SVGs keyed by the hash of their DOT source and of `salt`."""

    def __init__(self, directory: Path | str, salt: str) -> None:
        self.directory = Path(directory)
        self.salt = salt
        self._swept = False

    def key(self, source: str) -> str:
        """The hex digest under which the SVG of `source` is stored."""
        digest = hashlib.sha256(self.salt.encode("utf-8"))
        digest.update(b"\0")
        digest.update(source.encode("utf-8"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.svg"

    def get(self, key: str) -> str | None:
        """The stored SVG, or None when it was never rendered (or cannot be read)."""
        try:
            return self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, svg: str) -> None:
        """Store an SVG (atomically); CacheError when the disk refuses it."""
        path = self._path(key)
        scratch = self.directory / _SCRATCH
        try:
            scratch.mkdir(parents=True, exist_ok=True)
            if not self._swept:
                sweep(scratch, ".", ".svg")
                self._swept = True
            path.parent.mkdir(exist_ok=True)
            staged = TempFile(scratch, ".", ".svg")
            try:
                assert staged.fd is not None
                data = memoryview(svg.encode("utf-8"))
                while data:
                    data = data[os.write(staged.fd, data):]
                staged.replace(path)
            finally:
                staged.close()
        except OSError as exc:
            raise CacheError(
                f"cannot write the diagram cache in {self.directory}: "
                f"{exc.strerror or exc}; check that the folder is writable and has free "
                "space, or delete it (the pages are unchanged)") from None
