"""Plain JSON data back into model objects, with every shape checked.

`from_data()` walks the type hints and says exactly where a value does not fit. It
is the reference, and slow: at 10,000 tables (3.5 million values) it takes seconds.
`load()` does the same with one function per model class, made once from the same
hints: no type inspection and no path strings per value. When anything does not fit,
it gives up and `from_data()` runs to say where.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from generator.errors import SnapshotError

T = TypeVar("T")

__all__ = ["from_data", "load"]


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _optional(tp: Any) -> Any | None:
    """X for `X | None`, else None."""
    if typing.get_origin(tp) in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        return inner
    return None


def from_data(tp: Any, data: Any, where: str = "$") -> Any:
    """Rebuild a model object of type `tp` from plain data, checking shapes as it goes."""
    inner = _optional(tp)
    if inner is not None:
        return None if data is None else from_data(inner, data, where)
    origin = typing.get_origin(tp)
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


class _Mismatch(Exception):
    """Some value does not fit: from_data() will say where."""


_Convert = Callable[[Any], Any]


def _scalar(tp: type) -> _Convert:
    if tp is float:
        def convert_float(value: Any) -> Any:
            if type(value) is float:
                return value
            if type(value) is int:
                return float(value)
            raise _Mismatch
        return convert_float

    def convert(value: Any) -> Any:
        # exact types: JSON gives no subclasses, and a bool is not an int here
        if type(value) is not tp:
            raise _Mismatch
        return value
    return convert


@cache
def _converter(tp: Any) -> _Convert:
    """The function that turns data into a value of type `tp`, or raises _Mismatch."""
    inner = _optional(tp)
    if inner is not None:
        convert_inner = _converter(inner)
        return lambda value: None if value is None else convert_inner(value)
    if dataclasses.is_dataclass(tp):
        return _object_converter(tp)  # type: ignore[arg-type]
    origin = typing.get_origin(tp)
    if origin is dict:
        convert_value = _converter(typing.get_args(tp)[1])

        def convert_dict(value: Any) -> Any:
            if type(value) is not dict:
                raise _Mismatch
            return {k: convert_value(v) for k, v in value.items()}
        return convert_dict
    if origin is list:
        convert_item = _converter(typing.get_args(tp)[0])

        def convert_list(value: Any) -> Any:
            if type(value) is not list:
                raise _Mismatch
            return [convert_item(v) for v in value]
        return convert_list
    if tp is Any:
        return lambda value: value
    return _scalar(tp)


_REQUIRED = object()


def _object_converter(cls: type) -> _Convert:
    hints = _hints(cls)
    fields: list[tuple[str, _Convert, Any]] = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default: Any = lambda value=f.default: value  # noqa: E731
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory
        else:
            default = _REQUIRED
        fields.append((f.name, _converter(hints[f.name]), default))

    def convert_object(value: Any) -> Any:
        if type(value) is not dict:
            raise _Mismatch
        args = []
        for name, convert, default in fields:
            if name in value:
                args.append(convert(value[name]))
            elif default is _REQUIRED:
                raise _Mismatch
            else:
                args.append(default())
        return cls(*args)
    return convert_object


def load(cls: type[T], data: Any) -> T:
    """`from_data(cls, data)`, fast; the same SnapshotError when the data does not fit."""
    convert: _Convert = _converter(cls)  # type: ignore[arg-type]
    try:
        return typing.cast(T, convert(data))
    except _Mismatch:
        return typing.cast(T, from_data(cls, data))
