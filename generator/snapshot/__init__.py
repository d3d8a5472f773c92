"""`schema_map.json`: the serialized model, written atomically and read back strictly.

The same database gives a byte-identical file: keys keep a stable order (columns by
position, everything else by name) and `generated_at` is only renewed when
something else changed, so a rerun on an unchanged database writes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from generator.errors import SnapshotError
from generator.model import FORMAT_VERSION, Snapshot
from generator.runtime.gcpause import gc_paused
from generator.snapshot.data import load
from generator.snapshot.text import encode_chunks
from generator.snapshot.upgrade import upgrade_format_1
from generator.snapshot.writer import READABLE_VERSIONS, write_pieces

# -- text ---------------------------------------------------------------------------


def encode(snapshot: Snapshot) -> bytes:
    """The file's exact bytes: UTF-8 JSON, two-space indent, canonical order.

    orjson serializes the dataclasses directly, ten times faster than the json module
    and without an intermediate copy of the model (see snapshot/text.py).
    """
    return b"".join(encode_chunks(snapshot))


def dumps(snapshot: Snapshot) -> str:
    """The file's exact text."""
    return encode(snapshot).decode("utf-8")


def loads(text: str | bytes, source: str = "snapshot") -> Snapshot:
    """Parse snapshot text, with errors that say where and what to do."""
    with gc_paused():
        data = _parse_json(text, source)
        _check_header(data, source)
        if data["format_version"] == 1:
            _upgrade(data)
        try:
            return load(Snapshot, data)
        except SnapshotError as exc:
            raise SnapshotError(f"{source} is malformed at {exc}; regenerate it") from None
        except TypeError as exc:
            raise SnapshotError(f"{source} is malformed ({exc}); regenerate it") from None


def _parse_json(text: str | bytes, source: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise SnapshotError(
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "regenerate it with `schemadoc snapshot`"
        ) from None


def _check_header(data: Any, source: str) -> None:
    """The cheap part of loads(): is this a snapshot of our format at all?"""
    if not isinstance(data, dict) or "format_version" not in data or "schemas" not in data:
        raise SnapshotError(
            f"{source} is not a schemadoc snapshot (no format_version/schemas); "
            "regenerate it with `schemadoc snapshot`"
        )
    version = data["format_version"]
    if version not in READABLE_VERSIONS:
        newer = isinstance(version, int) and version > FORMAT_VERSION
        hint = "upgrade schemadoc" if newer else "regenerate it with `schemadoc snapshot`"
        raise SnapshotError(
            f"{source} has snapshot format {version!r}; this schemadoc reads formats "
            f"1 to {FORMAT_VERSION}; {hint}"
        )


def _upgrade(data: dict[str, Any]) -> None:
    """Format 1 read as format 2: its dotted references made objects; what could not
    be read with certainty is added to the snapshot's warnings."""
    found = upgrade_format_1(data)
    if found:
        before = data.get("warnings")
        data["warnings"] = sorted([*(before if isinstance(before, list) else []), *found])


# -- files --------------------------------------------------------------------------


def read_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Load a snapshot file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SnapshotError(f"{path}: no such snapshot file") from None
    except OSError as exc:
        raise SnapshotError(f"{path}: cannot read snapshot ({exc})") from None
    return loads(data, str(path))


def write_snapshots(
    paths: list[Path], snapshot: Snapshot, force: bool = False, ordered: bool = False
) -> list[tuple[Path, bool]]:
    """Write the snapshot to every path, all or nothing; report which paths changed.

    Output is deterministic, so "unchanged" is a byte comparison with generated_at
    masked; such a file is not rewritten. Every file is first written beside its
    target; only when all of them are on disk are they renamed into place, so a
    failure on the last path leaves the first intact. An existing file that is not a
    snapshot is refused unless `force`. `ordered`: the model is known to be in
    canonical order (see encode_chunks).
    """
    # Encoding gives each model object its __dict__ (see generator.model): 300,000 new
    # objects at 10,000 tables, which the collector would scan as they are made.
    with gc_paused():
        return write_pieces(paths, encode_chunks(snapshot, ordered), force)


def write_snapshot(path: str | os.PathLike[str], snapshot: Snapshot, force: bool = False) -> bool:
    """Write one snapshot file atomically; False when only the time would have changed."""
    return write_snapshots([Path(path)], snapshot, force)[0][1]


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: all or nothing
    (the snapshot's own writer, told to replace whatever is there)."""
    write_pieces([path], [text.encode("utf-8")], force=True)
