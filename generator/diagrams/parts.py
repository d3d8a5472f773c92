"""A schema too big for one picture, split into parts of readable size: no table left out.

`split_schema` is deterministic (the same graph and size give the same parts):

1. Connected groups of the schema's tables, through the foreign keys between them. A
   table without a foreign key to or from another table of its schema is *lone*: it is
   listed (linked), not drawn, since a box with no line says nothing a list does not.
2. A group of at most `size` boxes is one part. A bigger group is grown into parts: a
   part starts at the busiest table not yet placed (most foreign keys, then name) and
   takes, one at a time, the unplaced table with the most foreign keys to the boxes it
   already draws: a table next to one of its tables, or one referencing a table it
   draws as an *external* box. A part draws its tables and, as external boxes, the
   tables of other parts they reference, so every foreign key is drawn in the part of
   the table that holds it; a hub referenced from many parts is a box in each of them.
   A table joins while the part stays within `size` boxes (only a table referencing
   more than `size` others, alone, makes a bigger part).
3. Parts at most half full join the part they have most foreign keys with, when both
   fit in `size` boxes; then the small parts left (small groups, leftovers of big ones)
   are packed together, the largest first, each into the first part with room.

Parts are numbered from the one holding the busiest table; past `max_parts` the rest
are not drawn, and the split says how many tables that leaves out.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from generator.diagrams.relations import SchemaGraph, TableKey

__all__ = ["Part", "SchemaSplit", "split_schema"]


@dataclass(frozen=True, slots=True)
class Part:
    """Tables drawn together: `tables` of its own, `externals` (of other parts) that
    they reference; `busiest`: its table with the most foreign keys (its name)."""

    number: int
    tables: tuple[TableKey, ...]
    externals: tuple[TableKey, ...]
    busiest: TableKey

    @property
    def boxes(self) -> int:
        """How many boxes its picture draws."""
        return len(self.tables) + len(self.externals)


@dataclass(frozen=True, slots=True)
class SchemaSplit:
    """A schema's parts (those drawn), its lone tables, and what was left undrawn."""

    schema: str
    parts: tuple[Part, ...]
    lone: tuple[TableKey, ...]
    hidden_parts: int = 0
    hidden_tables: int = 0

    def part_of(self) -> dict[TableKey, int]:
        """The number of the part each drawn table belongs to."""
        return {key: part.number for part in self.parts for key in part.tables}

    def crossing(self, graph: SchemaGraph) -> Counter[tuple[int, int]]:
        """Foreign keys between a table of one part and a table of another, either way,
        by the pair of part numbers (lower first): the lines of the parts' map."""
        home = self.part_of()
        counts: Counter[tuple[int, int]] = Counter()
        for key, number in home.items():
            for relation in graph.outgoing.get(key, ()):
                target = home.get(relation.target)
                if target is not None and target != number:
                    counts[(min(number, target), max(number, target))] += 1
        return counts


class _Splitter:
    """The foreign keys within one schema, and the boxes a set of its tables draws."""

    def __init__(self, graph: SchemaGraph, keys: Iterable[TableKey]) -> None:
        self.graph = graph
        self.keys = set(keys)
        self.up = {k: [p for p in graph.parents(k) if p in self.keys] for k in self.keys}
        self.down = {k: [c for c in graph.children(k) if c in self.keys] for k in self.keys}
        self.degree = {k: graph.degree(k) for k in self.keys}

    def externals(self, tables: set[TableKey]) -> set[TableKey]:
        """Tables outside `tables` that they reference."""
        return {p for k in tables for p in self.up[k] if p not in tables}

    def grow(self, seed: TableKey, free: set[TableKey], size: int) -> set[TableKey]:
        """One part, from `seed`, out of the `free` tables (which it removes)."""
        part: set[TableKey] = set()
        drawn: set[TableKey] = set()
        links: Counter[TableKey] = Counter()
        queue: list[tuple[int, int, int, TableKey]] = []
        order = 0

        def offer(keys: Iterable[TableKey], via_member: bool) -> None:
            nonlocal order
            for key in keys:
                if key in free:
                    links[key] += 1
                    order += 1
                    heapq.heappush(queue, (-links[key], 0 if via_member else 1, order, key))

        def draw(key: TableKey) -> None:  # a new box: its free children may join
            drawn.add(key)
            offer(self.down[key], via_member=False)

        def take(key: TableKey) -> None:
            free.discard(key)
            part.add(key)
            if key not in drawn:
                drawn.add(key)
            for parent in self.up[key]:
                if parent not in drawn:
                    draw(parent)
            offer(self.up[key] + self.down[key], via_member=True)

        take(seed)
        while queue and len(drawn) < size:  # full: only a free external could still join
            count, _, _, key = heapq.heappop(queue)
            if key not in free or -count != links[key]:
                continue  # placed already, or a stale entry (a newer one has more links)
            cost = (key not in drawn) + sum(1 for p in self.up[key] if p not in drawn)
            if len(drawn) + cost <= size:
                take(key)
        return part

    def split_group(self, group: list[TableKey], size: int) -> list[set[TableKey]]:
        """A connected group too big for one part, as parts of at most `size` boxes."""
        free = set(group)
        seeds = sorted(group, key=lambda k: (-self.degree[k], k))
        parts = []
        for seed in seeds:
            if seed in free:
                parts.append(self.grow(seed, free, size))
        return self.join_small(parts, size)

    def join_small(self, parts: list[set[TableKey]], size: int) -> list[set[TableKey]]:
        """Parts at most half full merged into the linked part they share most keys with."""
        home = {k: i for i, part in enumerate(parts) for k in part}
        alive = dict(enumerate(parts))
        for i in sorted(alive, key=lambda i: (len(parts[i]), min(parts[i]))):
            part = alive.get(i)
            if part is None or self.boxes(part) > size // 2:
                continue
            shared: Counter[int] = Counter(
                home[n] for k in part for n in self.up[k] + self.down[k]
                if home[n] != i and home[n] in alive)
            for j, _ in sorted(shared.items(), key=lambda item: (-item[1], item[0])):
                union = alive[j] | part
                if self.boxes(union) <= size:
                    alive[j] = union
                    del alive[i]
                    for k in part:
                        home[k] = j
                    break
        return list(alive.values())

    def boxes(self, tables: set[TableKey]) -> int:
        """How many boxes a part of these tables draws."""
        return len(tables) + len(self.externals(tables))


def _pack(parts: list[set[TableKey]], splitter: _Splitter, size: int) -> list[set[TableKey]]:
    """First fit, largest first: small parts share a picture (boxes of parts of
    different groups add up; of one group, at most)."""
    bins: list[tuple[set[TableKey], int]] = []
    for part in sorted(parts, key=lambda p: (-splitter.boxes(p), min(p))):
        boxes = splitter.boxes(part)
        for index, (tables, used) in enumerate(bins):
            if used + boxes <= size:
                bins[index] = (tables | part, used + boxes)
                break
        else:
            bins.append((set(part), boxes))
    return [tables for tables, _ in bins]


def split_schema(graph: SchemaGraph, schema: str, size: int, max_parts: int) -> SchemaSplit:
    """A schema's tables as parts of at most `size` boxes (see the module's docstring)."""
    keys = graph.schema_tables(schema)
    splitter = _Splitter(graph, keys)
    groups = graph.components(keys)
    lone = tuple(sorted(g[0] for g in groups if len(g) == 1))
    found: list[set[TableKey]] = []
    for group in (g for g in groups if len(g) > 1):
        if splitter.boxes(set(group)) <= size:
            found.append(set(group))
        else:
            found += splitter.split_group(group, size)
    packed = _pack(found, splitter, size)

    def busiest(tables: set[TableKey]) -> list[TableKey]:
        return sorted(tables, key=lambda k: (-splitter.degree[k], k))

    packed.sort(key=lambda p: (-splitter.degree[busiest(p)[0]], busiest(p)[0]))
    shown = packed[:max_parts]
    parts = tuple(Part(number, tuple(sorted(tables)),
                       tuple(sorted(splitter.externals(tables))), busiest(tables)[0])
                  for number, tables in enumerate(shown, start=1))
    rest = packed[len(shown):]
    return SchemaSplit(schema, parts, lone, len(rest), sum(len(p) for p in rest))
