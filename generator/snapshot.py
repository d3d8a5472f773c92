"""`schema_map.json`: the serialized model, written atomically and read back strictly.

The same database gives a byte-identical file: keys keep a stable order (columns by
position, everything else by name) and `generated_at` is only renewed when
something else changed, so a rerun on an unchanged database writes nothing.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from generator.canonical import canonicalise
from generator.errors import SnapshotError
from generator.model import FORMAT_VERSION, Snapshot


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(tp: Any, data: Any, where: str = "$") -> Any:
    """Rebuild a model object of type `tp` from plain data, checking shapes as it goes."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        if data is None:
            return None
        (inner,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        return from_data(inner, data, where)
    if dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise SnapshotError(f"{where}: expected an object")
        hints = _hints(tp)  # type: ignore[arg-type]
        values = {}
        for f in dataclasses.fields(tp):
            if f.name in data:
                values[f.name] = from_data(hints[f.name], data[f.name], f"{where}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise SnapshotError(f"{where}: missing required field {f.name!r}")
        return tp(**values)  # type: ignore[operator]
    if origin is dict:
        if not isinstance(data, dict):
            raise SnapshotError(f"{where}: expected an object")
        _, value_type = typing.get_args(tp)
        return {k: from_data(value_type, v, f"{where}.{k}") for k, v in data.items()}
    if origin is list:
        if not isinstance(data, list):
            raise SnapshotError(f"{where}: expected an array")
        (item_type,) = typing.get_args(tp)
        return [from_data(item_type, v, f"{where}[{i}]") for i, v in enumerate(data)]
    if tp is Any:
        return data
    if tp is float and isinstance(data, int):
        return float(data)
    if not isinstance(data, tp) or (tp is int and isinstance(data, bool)):
        raise SnapshotError(f"{where}: expected {tp.__name__}, found {type(data).__name__}")
    return data


# -- text ---------------------------------------------------------------------------


def encode(snapshot: Snapshot) -> bytes:
    """The file's exact bytes: UTF-8 JSON, two-space indent, canonical order.

    orjson serializes the dataclasses directly, ten times faster than the json module
    and without an intermediate copy of the model (a 10,000-table snapshot is 115 MB).
    """
    canonicalise(snapshot)
    return orjson.dumps(snapshot, option=orjson.OPT_INDENT_2) + b"\n"


def dumps(snapshot: Snapshot) -> str:
    """The file's exact text."""
    return encode(snapshot).decode("utf-8")


def loads(text: str | bytes, source: str = "snapshot") -> Snapshot:
    """Parse snapshot text, with errors that say where and what to do."""
    data = _parse_json(text, source)
    _check_header(data, source)
    try:
        snapshot: Snapshot = from_data(Snapshot, data)
    except SnapshotError as exc:
        raise SnapshotError(f"{source} is malformed at {exc}; regenerate it") from None
    except TypeError as exc:
        raise SnapshotError(f"{source} is malformed ({exc}); regenerate it") from None
    return snapshot


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
    if version != FORMAT_VERSION:
        newer = isinstance(version, int) and version > FORMAT_VERSION
        hint = "upgrade schemadoc" if newer else "regenerate it with `schemadoc snapshot`"
        raise SnapshotError(
            f"{source} has snapshot format {version!r}; this schemadoc reads format "
            f"{FORMAT_VERSION}; {hint}"
        )


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


_GENERATED_AT = re.compile(rb'"generated_at": "[^"]*"')
_FORMAT_VERSION = re.compile(rb'^\s*\{\s*"format_version":\s*(\d+)')
_HEAD = 512  # generated_at is the second key: it sits in the file's first bytes
_CHUNK = 1 << 20


def _same_apart_from_time(path: Path, data: bytes) -> bool:
    """Whether the file holds `data` but for generated_at, read in chunks against a
    memoryview so that a 100 MB snapshot is not copied to compare it."""
    def masked(head: bytes) -> bytes:
        return _GENERATED_AT.sub(b'"generated_at": ""', head, count=1)

    with path.open("rb") as handle:
        if masked(handle.read(_HEAD)) != masked(data[:_HEAD]):
            return False
        rest = memoryview(data)[_HEAD:]
        offset = 0
        while chunk := handle.read(_CHUNK):
            if rest[offset : offset + len(chunk)] != chunk:
                return False
            offset += len(chunk)
    return offset == len(rest)


def needs_write(path: Path, data: bytes, force: bool = False) -> bool:
    """Whether `path` must be (re)written to hold `data`.

    Output is deterministic, so "unchanged" is a byte comparison with the time masked.
    An existing file that is not a snapshot is refused unless `force`: it may be
    something the user wants to keep.
    """
    if not path.exists() or force:
        return True
    try:
        if _same_apart_from_time(path, data):
            return False
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError as exc:
        raise SnapshotError(f"{path}: cannot read the existing file ({exc})") from None
    # Only the head is checked: parsing a 100 MB file to learn that it is ours would
    # cost a gigabyte of memory.
    version = _FORMAT_VERSION.search(head)
    problem = None
    if not head.lstrip().startswith(b"{") or version is None:
        problem = "not a schemadoc snapshot"
    elif int(version.group(1)) != FORMAT_VERSION:
        problem = f"snapshot format {int(version.group(1))}, not {FORMAT_VERSION}"
    if problem:
        raise SnapshotError(
            f"{path} exists and is not a readable snapshot ({problem}); "
            "move it away or pass --force to replace it"
        )
    return True


def write_snapshots(
    paths: list[Path], snapshot: Snapshot, force: bool = False
) -> list[tuple[Path, bool]]:
    """Write the snapshot to every path, all or nothing; report which paths changed.

    Every file is first written beside its target; only when all of them are on disk
    are they renamed into place, so a failure on the last path leaves the first intact.
    """
    data = encode(snapshot)
    changed = [(path, needs_write(path, data, force)) for path in paths]
    staged: list[tuple[str, Path]] = []
    path = paths[0]
    try:
        for path, must in changed:
            if must:
                staged.append((_stage(path, data), path))
        for tmp_name, path in staged:
            os.replace(tmp_name, path)
    except OSError as exc:
        raise SnapshotError(
            f"cannot write {path}: {exc.strerror or exc}; check that the folder exists, is "
            "writable and has free space (the previous file is unchanged)"
        ) from None
    finally:
        for tmp_name, _ in staged:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
    return changed


def write_snapshot(path: str | os.PathLike[str], snapshot: Snapshot, force: bool = False) -> bool:
    """Write one snapshot file atomically; False when only the time would have changed."""
    return write_snapshots([Path(path)], snapshot, force)[0][1]


def _stage(path: Path, data: bytes | str) -> str:
    """A fully written, fsynced temporary file beside `path`, ready to be renamed."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
    except OSError:
        os.unlink(tmp_name)
        raise
    return tmp_name


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: all or nothing."""
    tmp_name = None
    try:
        tmp_name = _stage(path, text)
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise SnapshotError(
            f"cannot write {path}: {exc.strerror or exc}; check that the folder exists, "
            "is writable and has free space (the previous file is unchanged)"
        ) from None
    finally:
        if tmp_name is not None and os.path.exists(tmp_name):
            os.unlink(tmp_name)
