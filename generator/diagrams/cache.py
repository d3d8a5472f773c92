"""Rendered SVGs on disk, keyed by the SHA-256 of what produced them.

The key covers the DOT source, the Graphviz version and the version of the SVG clean-up
(`svg.CLEANUP_VERSION`), so a new Graphviz or a change in the clean-up renders again,
and an unchanged diagram never does. Files are `<dir>/<2 hex>/<64 hex>.svg`, written
atomically (temporary file, then rename): a run that dies leaves no half file, and
two runs sharing the folder at once at worst write the same bytes twice.

Nothing is ever removed; the folder holds every version of every diagram rendered
into it. Deleting it is always safe (the next run renders everything again).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["SvgCache"]


class SvgCache:
    """A folder of SVGs keyed by the hash of their DOT source and of `salt`."""

    def __init__(self, directory: Path | str, salt: str) -> None:
        self.directory = Path(directory)
        self.salt = salt

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
        """Store an SVG (atomically)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".svg")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(svg)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
