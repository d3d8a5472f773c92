"""The relation graph of one snapshot: every foreign key (and every virtual relation
the caller adds) indexed by both ends, with the cardinality each end is drawn with.

Built once per snapshot in one pass over its constraints, so that selecting the
neighbourhood of each of 10,000 tables stays linear.

Cardinality, in crow's-foot terms (the child holds the foreign key):
- parent end: `exactly_one` when every foreign-key column is NOT NULL, `zero_or_one`
  when one of them is nullable (a child row may point nowhere);
- child end: `zero_or_many`, or `zero_or_one` when the foreign-key columns are also
  unique (a primary key, a unique constraint or a unique index without a predicate):
  a one-to-one relation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from generator.config import VirtualRelation
from generator.model import Snapshot, Table, TableKey

__all__ = ["Relation", "SchemaGraph", "TableKey"]

ParentEnd = Literal["exactly_one", "zero_or_one"]
ChildEnd = Literal["zero_or_many", "zero_or_one"]


@dataclass(frozen=True, slots=True)
class Relation:
    """A foreign key, or a virtual relation, from the child `source` to the parent `target`."""

    source: TableKey
    columns: tuple[str, ...]
    target: TableKey
    target_columns: tuple[str, ...]
    name: str
    virtual: bool
    parent_end: ParentEnd
    child_end: ChildEnd
    label: str | None = None


def _unique_sets(table: Table) -> set[frozenset[str]]:
    """Column sets the table holds unique: keys, unique constraints, full unique indexes."""
    sets = {frozenset(c.columns) for c in table.constraints.values()
            if c.type in ("primary_key", "unique")}
    sets |= {frozenset(i.columns) for i in table.indexes.values()
             if i.unique and i.predicate is None}
    return sets


def _ends(table: Table | None, columns: tuple[str, ...]) -> tuple[ParentEnd, ChildEnd]:
    if table is None:
        return "zero_or_one", "zero_or_many"
    nullable = any(table.columns[c].nullable if c in table.columns else True for c in columns)
    unique = any(s <= set(columns) for s in _unique_sets(table))
    return ("zero_or_one" if nullable else "exactly_one",
            "zero_or_one" if unique else "zero_or_many")


class SchemaGraph:
    """Tables of a snapshot and the relations between them, by either end."""

    def __init__(self, snapshot: Snapshot, virtual: Iterable[VirtualRelation] = ()) -> None:
        self.snapshot = snapshot
        self.tables: dict[TableKey, Table] = {
            (s, t): table for s, schema in sorted(snapshot.schemas.items())
            for t, table in sorted(schema.tables.items())}
        self.outgoing: dict[TableKey, list[Relation]] = defaultdict(list)
        self.incoming: dict[TableKey, list[Relation]] = defaultdict(list)
        # Each table's PK/FK/UK marks by column (diagram._markers), worked out once: a
        # table is drawn in the diagram of each of its neighbours.
        self.markers: dict[TableKey, dict[str, tuple[str, ...]]] = {}
        for key, table in self.tables.items():
            for name, con in sorted(table.constraints.items()):
                if con.type == "foreign_key" and con.references is not None:
                    ref = con.references
                    self._add(key, tuple(con.columns), (ref.schema, ref.table),
                              tuple(ref.columns), name, False, None)
        # A relation schemadoc.yml declares, or one found by naming: dashed.
        for link in sorted(virtual, key=lambda v: (v.source.key, v.source.columns, v.target.key)):
            if link.source.key in self.tables:
                self._add(link.source.key, link.source.columns, link.target.key,
                          link.target.columns, "", True, link.label)

    def _add(self, source: TableKey, columns: tuple[str, ...], target: TableKey,
             target_columns: tuple[str, ...], name: str, virtual: bool,
             label: str | None) -> None:
        parent, child = _ends(self.tables.get(source), columns)
        relation = Relation(source, columns, target, target_columns, name, virtual,
                            parent, child, label)
        self.outgoing[source].append(relation)
        self.incoming[target].append(relation)

    def schemas(self) -> list[str]:
        """Schema names, sorted."""
        return sorted(self.snapshot.schemas)

    def schema_tables(self, schema: str) -> list[TableKey]:
        """The tables of one schema, sorted by name."""
        tables = self.snapshot.schemas[schema].tables if schema in self.snapshot.schemas else {}
        return [(schema, name) for name in sorted(tables)]

    def parents(self, key: TableKey) -> list[TableKey]:
        """Tables this one references, sorted, itself excluded."""
        return sorted({r.target for r in self.outgoing.get(key, ())} - {key})

    def children(self, key: TableKey) -> list[TableKey]:
        """Tables that reference this one, sorted, itself excluded."""
        return sorted({r.source for r in self.incoming.get(key, ())} - {key})

    def degree(self, key: TableKey) -> int:
        """How many relations touch the table."""
        return len(self.outgoing.get(key, ())) + len(self.incoming.get(key, ()))

    def relations_among(self, keys: Iterable[TableKey]) -> list[Relation]:
        """Every relation whose both ends are among `keys`, in a stable order."""
        chosen = set(keys)
        return [r for key in sorted(chosen) for r in self.outgoing.get(key, ())
                if r.target in chosen]

    def between(self, a: TableKey, b: TableKey) -> list[Relation]:
        """Relations from a to b or from b to a."""
        return ([r for r in self.outgoing.get(a, ()) if r.target == b]
                + [r for r in self.outgoing.get(b, ()) if r.target == a and a != b])

    def components(self, keys: Iterable[TableKey]) -> list[list[TableKey]]:
        """Connected groups of `keys` through relations among them, largest first."""
        chosen = set(keys)
        root = {key: key for key in chosen}

        def find(key: TableKey) -> TableKey:
            while root[key] != key:
                root[key] = root[root[key]]
                key = root[key]
            return key

        for relation in self.relations_among(chosen):
            a, b = find(relation.source), find(relation.target)
            if a != b:
                root[max(a, b)] = min(a, b)
        groups: dict[TableKey, list[TableKey]] = defaultdict(list)
        for key in sorted(chosen):
            groups[find(key)].append(key)
        return sorted(groups.values(), key=lambda g: (-len(g), g[0]))
