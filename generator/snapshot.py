"""`schema_map.json`: the serialized model, written atomically and read back strictly.

The same database gives a byte-identical file: keys keep a stable order (columns by
position, everything else by name) and `generated_at` is only renewed when
something else changed, so a rerun on an unchanged database writes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import SnapshotError
from generator.model import FORMAT_VERSION, Snapshot

# -- model <-> plain data ---------------------------------------------------------


def to_data(obj: Any, field_name: str = "") -> Any:
    """Plain JSON-ready data for a model object, in the file's key order."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name), f.name) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        if field_name == "columns":
            items = sorted(obj.items(), key=lambda kv: kv[1].position)
        else:
            items = sorted(obj.items())
        return {key: to_data(value) for key, value in items}
    if isinstance(obj, list):
        return [to_data(value) for value in obj]
    return obj


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


def dumps(snapshot: Snapshot) -> str:
    """The file's exact text."""
    return json.dumps(to_data(snapshot), indent=2, ensure_ascii=False) + "\n"


def loads(text: str, source: str = "snapshot") -> Snapshot:
    """Parse snapshot text, with errors that say where and what to do."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "regenerate it with `schemadoc snapshot`"
        ) from None
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
    try:
        snapshot: Snapshot = from_data(Snapshot, data)
    except SnapshotError as exc:
        raise SnapshotError(f"{source} is malformed at {exc}; regenerate it") from None
    except TypeError as exc:
        raise SnapshotError(f"{source} is malformed ({exc}); regenerate it") from None
    return snapshot


# -- files --------------------------------------------------------------------------


def read_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Load a snapshot file."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise SnapshotError(f"{path}: no such snapshot file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{path}: cannot read snapshot ({exc})") from None
    return loads(text, str(path))


def _same_apart_from_time(old_text: str, new_text: str) -> bool:
    old, new = json.loads(old_text), json.loads(new_text)
    old.pop("generated_at", None)
    new.pop("generated_at", None)
    return bool(old == new)


def needs_write(path: Path, text: str, force: bool = False) -> bool:
    """Whether `path` must be (re)written to hold `text`.

    An existing file that is not a readable snapshot is refused unless `force`: it may
    be something the user wants to keep.
    """
    if not path.exists() or force:
        return True
    try:
        old_text = path.read_text("utf-8")
        loads(old_text, str(path))
    except (OSError, UnicodeDecodeError, SnapshotError) as exc:
        raise SnapshotError(
            f"{path} exists and is not a readable snapshot ({exc}); "
            "move it away or pass --force to replace it"
        ) from None
    return not _same_apart_from_time(old_text, text)


def write_snapshots(
    paths: list[Path], snapshot: Snapshot, force: bool = False
) -> list[tuple[Path, bool]]:
    """Write the snapshot to every path, all or nothing; report which paths changed.

    Every file is first written beside its target; only when all of them are on disk
    are they renamed into place, so a failure on the last path leaves the first intact.
    """
    text = dumps(snapshot)
    changed = [(path, needs_write(path, text, force)) for path in paths]
    staged: list[tuple[str, Path]] = []
    path = paths[0]
    try:
        for path, must in changed:
            if must:
                staged.append((_stage(path, text), path))
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


def _stage(path: Path, text: str) -> str:
    """A fully written, fsynced temporary file beside `path`, ready to be renamed."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
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
