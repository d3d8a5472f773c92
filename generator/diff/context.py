"""The state a comparison carries: the plan, renames, and the changes found so far."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.diff.classify import Facts, classify
from generator.diff.describe import describe_change, describe_object
from generator.diff.model import ADDED, CHANGED, REMOVED, Change
from generator.diff.normalise import RenameMap, squash, strip_aliases, strip_qualifiers
from generator.diff.plan import Plan
from generator.model import ColumnRef, ObjectRef, Reference
from generator.names.identifiers import quote_ident

# Identity, sizes and statistics: never a structural change.
IGNORED = frozenset({
    "oid", "attnum", "row_count", "total_bytes", "table_bytes", "toast_bytes", "index_bytes",
    "bytes", "scans", "type_schema", "type_name",
})


def structural(obj: Any) -> Any:
    """Plain data of a model object (or list, dict, value) without identities, sizes and
    statistics; nothing is modified."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: structural(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                if f.name not in IGNORED}
    if isinstance(obj, dict):
        return {k: structural(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [structural(v) for v in obj]
    return obj


@dataclass(frozen=True, slots=True)
class At:
    """Where a change is: its kind, path, schema, relation and own name."""

    kind: str
    path: str
    schema: str | None = None
    relation: str | None = None
    name: str = ""

    def child(self, kind: str, collection: str, name: str) -> At:
        """A column, constraint, index, trigger or policy of this relation."""
        path = f"{self.path}.{collection}.{quote_ident(name)}"
        return At(kind, path, self.schema, self.name, name)


class Context:
    """Emits classified changes; knows how to tell equal texts apart from changed ones."""

    def __init__(self, plan: Plan, cross_major: bool, schema_names: Iterable[str]) -> None:
        self.plan = plan
        self.renames: RenameMap = plan.renames
        self.cross_major = cross_major
        self.schema_names = frozenset(schema_names)
        self.changes: list[Change] = []

    # -- emitting ------------------------------------------------------------------------

    def emit(self, at: At, action: str, *, attribute: str | None = None, before: Any = None,
             after: Any = None, detail: str = "", old: Any = None, new: Any = None) -> None:
        """Record one change, classified by the rules."""
        classes = classify(Facts(at.kind, action, attribute, before, after, old, new))
        self.changes.append(Change(
            kind=at.kind, path=at.path, action=action, classes=classes, schema=at.schema,
            relation=at.relation, name=at.name, attribute=attribute, before=before,
            after=after, detail=detail,
        ))

    def added(self, at: At, obj: Any) -> None:
        """An object that only NEW has."""
        data = structural(obj)
        self.emit(at, ADDED, after=data, detail=describe_object(at.kind, data), new=obj)

    def removed(self, at: At, obj: Any) -> None:
        """An object that only OLD has."""
        data = structural(obj)
        self.emit(at, REMOVED, before=data, detail=describe_object(at.kind, data), old=obj)

    def changed(self, at: At, attribute: str, old: Any, new: Any) -> None:
        """One attribute of an object differs."""
        a, b = getattr(old, attribute), getattr(new, attribute)
        self.changed_value(at, attribute, structural(a), structural(b), old, new)

    def changed_value(self, at: At, attribute: str, before: Any, after: Any,
                      old: Any = None, new: Any = None) -> None:
        """One attribute differs; `before` and `after` are already plain data."""
        self.emit(at, CHANGED, attribute=attribute, before=before, after=after,
                  detail=describe_change(attribute, before, after), old=old, new=new)

    def fields(self, at: At, old: Any, new: Any, names: Iterable[str]) -> bool:
        """Compare the named attributes; True when any of them changed."""
        found = False
        for name in names:
            if not self.same(getattr(old, name), getattr(new, name)):
                self.changed(at, name, old, new)
                found = True
        return found

    # -- equality ------------------------------------------------------------------------

    def same(self, a: Any, b: Any) -> bool:
        """Equal, or equal once the old value is rewritten with the new names."""
        if a == b:
            return True
        return bool(self.renames) and self._renamed(a) == b

    def same_text(self, a: str | None, b: str | None, definition: bool = False) -> bool:
        """Equal texts; for view definitions and SQL bodies also in a version-neutral form."""
        if self.same(a, b):
            return True
        if not definition or a is None or b is None:
            return False
        a2, b2 = squash(self.renames.apply(a)), squash(b)
        if self.cross_major:
            a2, b2 = strip_qualifiers(a2, self.schema_names), strip_qualifiers(
                b2, self.schema_names)
        if a2 == b2:
            return True
        # A view reading a renamed column keeps its output name: `p.email` becomes
        # `p.mail AS email`. Output names are compared as the view's columns anyway.
        return bool(self.renames) and strip_aliases(a2) == strip_aliases(b2)

    def _renamed(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.renames.apply_any(value)
        if isinstance(value, list):
            return [self._renamed(v) for v in value]
        if isinstance(value, dict):
            return {k: self._renamed(v) for k, v in value.items()}
        if isinstance(value, Reference | ObjectRef | ColumnRef):
            # every name in a reference is a bare name, each renamed whole
            return dataclasses.replace(value, **{
                f.name: self._renamed(getattr(value, f.name))
                for f in dataclasses.fields(value)})
        return value

