"""The model's canonical order: columns by position, everything else by name.

Not every catalog query sorts its rows, and a model built elsewhere (a test, a
program using the library) may come in any order: introspection puts the model in
this order before anyone reads it, and writing a file checks it again (cheaply, when
it already is).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from generator.model import Dependency

# (keyed collections, each with whether its values need a visit), nested model fields
# and lists of models that need a visit. Leaves (a column, a reference) need none, so
# the 150,000 columns of a large catalog are sorted without a call each.
_Layout = tuple[tuple[tuple[str, bool], ...], tuple[str, ...], tuple[str, ...]]
_LAYOUTS: dict[type, _Layout] = {}


def _needs_visit(tp: Any) -> bool:
    """Whether a value of type `tp` holds a keyed collection somewhere inside."""
    return dataclasses.is_dataclass(tp) and any(_layout(tp))  # type: ignore[arg-type]


def _layout(cls: type) -> _Layout:
    """For a model class: the fields canonicalise() must look at (see _Layout)."""
    if cls in _LAYOUTS:
        return _LAYOUTS[cls]
    hints = typing.get_type_hints(cls)
    keyed, nested, lists = [], [], []
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        origin = typing.get_origin(tp)
        if origin is dict:
            keyed.append((f.name, _needs_visit(typing.get_args(tp)[1])))
        elif origin is list:
            if _needs_visit(typing.get_args(tp)[0]):
                lists.append(f.name)
        elif any(_needs_visit(arg) for arg in (tp, *typing.get_args(tp))):
            nested.append(f.name)
    _LAYOUTS[cls] = (tuple(keyed), tuple(nested), tuple(lists))
    return _LAYOUTS[cls]


_POSITION = attrgetter("position")


def _order(collection: dict[str, Any], by_position: bool) -> None:
    """Reorder one keyed collection in place, unless it is in order already (the
    common case, checked without a Python call per item)."""
    if by_position:
        keys = list(map(_POSITION, collection.values()))
    else:
        keys = list(collection)
    if keys == sorted(keys):
        return
    items = sorted(zip(keys, collection.items(), strict=True))
    collection.clear()
    collection.update(item for _, item in items)


def canonicalise(obj: Any) -> None:
    """Put every keyed collection in the file's order, in place: columns by position,
    everything else by name (code-point order, whatever the server's collation).

    Order is not part of a model's value (dicts compare without it), only of its text.
    """
    keyed, nested, lists = _layout(type(obj))
    for name, visit in keyed:
        collection = getattr(obj, name)
        if not collection:
            continue
        first = next(iter(collection.values()))
        _order(collection, name == "columns" and hasattr(first, "position"))
        if visit:
            for value in collection.values():
                canonicalise(value)
    for name in nested:
        value = getattr(obj, name)
        if value is not None:
            canonicalise(value)
    for name in lists:
        for value in getattr(obj, name):
            canonicalise(value)


def dependency_key(dependency: Dependency) -> tuple[str, str, str, str, str, str, bool]:
    """Where a dependency sorts in its list: by every field, a missing column first."""
    return (dependency.kind, dependency.schema, dependency.name, dependency.column or "",
            dependency.source, dependency.access or "", dependency.assumed)


def sort_dependencies(dependencies: Iterable[Dependency]) -> list[Dependency]:
    """A `depends_on` list in canonical order, each dependency once.

    Lists of dependencies are leaves to canonicalise(), which never visits the 150,000
    columns of a large catalog: whoever makes a list makes it with this.
    """
    return sorted(set(dependencies), key=dependency_key)
