"""Pairing the objects of two snapshots: by name, then by identity, then by definition.

An object keeps its name on both sides in almost every diff, so names pair first and
cost nothing. What is left on each side (removed and added names) is paired:
- by a stable identity (`oid`, a column's `attnum`) when both snapshots come from the
  same database: that is a rename for certain;
- else by an identical definition, one-to-one: across databases that is a possible
  rename (for indexes, constraints, triggers and policies, whose definition is the
  whole object, it is reported as a rename).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(slots=True)
class Matching(Generic[T]):
    """Keys of two dicts, paired."""

    same: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    possible: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def pairs(self) -> list[tuple[str, str]]:
        """Every (old key, new key) pair: same names, renames and possible renames."""
        return [(key, key) for key in self.same] + self.renamed + self.possible


def match(
    old: Mapping[str, T],
    new: Mapping[str, T],
    identity: Callable[[str, T], Hashable] | None = None,
    signature: Callable[[str, T], Hashable] | None = None,
    plausible: Callable[[T, T], bool] | None = None,
) -> Matching[T]:
    """Pair the keys of `old` and `new` (see the module docstring for the order).

    `identity` and `signature` take an object's key and the object.
    """
    result: Matching[T] = Matching()
    if old.keys() == new.keys():
        result.same = list(old)
        return result
    result.same = [key for key in old if key in new]
    removed = [key for key in old if key not in new]
    added = [key for key in new if key not in old]
    if removed and added and identity is not None:
        pairs = _pair_by(old, new, removed, added, identity, plausible)
        result.renamed = pairs
        removed, added = _rest(removed, added, pairs)
    if removed and added and signature is not None:
        pairs = _pair_by(old, new, removed, added, signature, None)
        result.possible = pairs
        removed, added = _rest(removed, added, pairs)
    result.removed, result.added = removed, added
    return result


def _pair_by(
    old: Mapping[str, T],
    new: Mapping[str, T],
    removed: Iterable[str],
    added: Iterable[str],
    key: Callable[[str, T], Hashable],
    plausible: Callable[[T, T], bool] | None,
) -> list[tuple[str, str]]:
    """One-to-one pairs whose key is shared by exactly one removed and one added object."""
    old_by = _unique_by(old, removed, key)
    new_by = _unique_by(new, added, key)
    pairs = []
    for value, old_key in old_by.items():
        new_key = new_by.get(value)
        if new_key is None:
            continue
        if plausible is None or plausible(old[old_key], new[new_key]):
            pairs.append((old_key, new_key))
    return sorted(pairs)


def _unique_by(objects: Mapping[str, T], keys: Iterable[str],
               key: Callable[[str, T], Hashable]) -> dict[Hashable, str]:
    seen: dict[Hashable, str] = {}
    ambiguous: set[Hashable] = set()
    for name in keys:
        value = key(name, objects[name])
        if value is None:
            continue
        if value in seen:
            ambiguous.add(value)
        seen[value] = name
    return {value: name for value, name in seen.items() if value not in ambiguous}


def _rest(removed: list[str], added: list[str],
          pairs: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    gone = {old for old, _ in pairs}
    came = {new for _, new in pairs}
    return [k for k in removed if k not in gone], [k for k in added if k not in came]
