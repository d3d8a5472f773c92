""""Used by": the inverse of the snapshot's `depends_on` lists, derived once per build.

The snapshot records, for each object, what it depends on. Pages (and the diff's
impact) also need the other direction (what reads this table, which triggers call this
function, which columns are typed with this enum); that is derived here in one pass
over every `depends_on` list, so a build stays linear in the number of dependencies,
never a search per page.

Targets are keyed by (group, schema, name): tables, views and materialized views share
one namespace (`relation`), functions are keyed by signature as `functions` keys them.
An object's dependencies on its own relation (a check constraint on its own columns, a
trigger's `UPDATE OF` list) are not "uses": a table page lists what lies outside it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.model import Constraint, Dependency, Index, Policy, Snapshot, Table, Trigger, View

__all__ = ["GROUPS", "Use", "Usage", "group_of"]

# A dependency's kind → the namespace its name lives in.
GROUPS = {"table": "relation", "view": "relation", "materialized_view": "relation",
          "relation": "relation", "function": "function", "sequence": "sequence",
          "type": "type"}

# How each kind of dependent reads in a "Used by" list, and the order they come in.
USER_ORDER = ("view", "materialized_view", "function", "trigger", "policy", "default",
              "constraint", "index", "column", "type")

Target = tuple[str, str, str]


def group_of(kind: str) -> str:
    """The namespace a dependency of this kind is keyed in."""
    return GROUPS.get(kind, kind)


@dataclass(slots=True)
class Use:
    """One object that depends on a target: `kind` says what it is (view, function,
    trigger, default, ...); (`schema`, `name`) is the view, function signature, type or
    the relation that holds it, `part` the trigger, policy, column, constraint or index
    of that relation. `columns` are the target's columns it names; `sources` whether
    the catalog records it or a function body names it; `access` read or write."""

    kind: str
    schema: str
    name: str
    part: str | None = None
    columns: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    access: set[str] = field(default_factory=set)

    def sort_key(self) -> tuple[int, str, str, str]:
        order = USER_ORDER.index(self.kind) if self.kind in USER_ORDER else len(USER_ORDER)
        return (order, self.schema, self.name, self.part or "")


class Usage:
    """Every target's dependents, built from a snapshot in one pass."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._uses: dict[Target, dict[tuple[str, str, str, str | None], Use]] = defaultdict(dict)
        for schema_name, schema in snapshot.schemas.items():
            for kind, relations in (("view", schema.views),
                                    ("materialized_view", schema.materialized_views)):
                for name, view in relations.items():
                    self._add(kind, schema_name, name, None, view.depends_on)
                    self._add_parts(schema_name, name, view)
            for name, table in schema.tables.items():
                self._add_parts(schema_name, name, table)
            for signature, function in schema.functions.items():
                self._add("function", schema_name, signature, None, function.depends_on)
            for name, user_type in schema.types.items():
                self._add("type", schema_name, name, None, user_type.depends_on)
        self._sorted: dict[Target, list[Use]] = {}

    def _add_parts(self, schema: str, name: str, relation: Table | View) -> None:
        own = ("relation", schema, name)
        # Most parts depend on nothing: skip them before any call (150,000 columns).
        for column_name, column in relation.columns.items():
            for dep in column.depends_on:
                # A column typed with a type "is" of it; anything else a column depends
                # on comes from its default or generation expression.
                kind = "column" if group_of(dep.kind) == "type" else "default"
                self._add(kind, schema, name, column_name, (dep,), own)
        parts: list[tuple[str, dict[str, Index] | dict[str, Trigger] | dict[str, Constraint]
                          | dict[str, Policy]]] = [("index", relation.indexes),
                                                   ("trigger", relation.triggers)]
        if isinstance(relation, Table):
            parts += [("constraint", relation.constraints), ("policy", relation.policies)]
        for kind, items in parts:
            for part_name, part in items.items():
                if part.depends_on:
                    self._add(kind, schema, name, part_name, part.depends_on, own)

    def _add(self, kind: str, schema: str, name: str, part: str | None,
             deps: Iterable[Dependency], own: Target | None = None) -> None:
        for dep in deps:
            target = (group_of(dep.kind), dep.schema, dep.name)
            if target == own:
                continue
            uses = self._uses[target]
            use = uses.get((kind, schema, name, part))
            if use is None:
                use = uses[(kind, schema, name, part)] = Use(kind, schema, name, part)
            if dep.column is not None:
                use.columns.add(dep.column)
            use.sources.add(dep.source)
            if dep.access:
                use.access.add(dep.access)

    def of(self, group: str, schema: str, name: str) -> list[Use]:
        """What depends on the target, in a stable order (views first, then functions,
        triggers, ...; by name within a kind)."""
        target = (group, schema, name)
        found = self._sorted.get(target)
        if found is None:
            found = sorted(self._uses.get(target, {}).values(), key=Use.sort_key)
            self._sorted[target] = found
        return found

    def readers_by_column(self, schema: str, name: str) -> dict[str, int]:
        """How many objects name each column of a relation."""
        counts: dict[str, int] = defaultdict(int)
        for use in self._uses.get(("relation", schema, name), {}).values():
            for column in use.columns:
                counts[column] += 1
        return counts
