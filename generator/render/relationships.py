"""Key relationships read from the foreign-key graph: the longest chains, the link
tables that join two or more tables (`is_link_table`), and the most referenced tables.

An edge A -> B means "A has a foreign key to B". Chains are longest paths in that
graph; foreign-key cycles are broken where a depth-first walk meets them, so the
result is a longest path of an acyclic subgraph: good enough to show a reader the
spine of a data model, and linear in the number of tables and keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from generator.render.facts import SiteFacts, TableKey, qualified
from generator.render.views import LinkRef

__all__ = ["Relationships", "relationships"]

MAX_CHAINS = 10
MAX_CHAIN_SHOWN = 12
MAX_JUNCTIONS = 15
MAX_HUBS = 10
MAX_LISTED = 8


@dataclass(frozen=True, slots=True)
class Chain:
    """Tables linked by foreign keys, each referencing the next; `more` were left out."""

    tables: list[LinkRef]
    more: int


class Pair(NamedTuple):
    """The two tables a link table joins."""

    left: LinkRef
    right: LinkRef


@dataclass(frozen=True, slots=True)
class Junction:
    """A table whose foreign keys join two or more other tables."""

    table: LinkRef
    targets: list[LinkRef]

    @property
    def between(self) -> Pair | None:
        """The two tables it joins, when it joins exactly two."""
        return Pair(*self.targets) if len(self.targets) == 2 else None


@dataclass(frozen=True, slots=True)
class Hub:
    """A table many others reference."""

    table: LinkRef
    count: int
    referenced_by: list[LinkRef]


@dataclass(frozen=True, slots=True)
class Relationships:
    """The key-relationships section of the overview."""

    foreign_keys: int
    chains: list[Chain]
    junctions: list[Junction]
    hubs: list[Hub]
    self_references: list[LinkRef]


def is_link_table(facts: SiteFacts, key: TableKey) -> bool:
    """Whether a table is what a database person calls a link (junction) table: its
    primary key is made of foreign-key columns, or nearly all of its columns are in
    foreign keys (besides its own key, at most one column in five, and at least one,
    outside them: a link table may carry a timestamp). Its caller checks that the keys
    join two tables or more."""
    table = facts.table(key)
    if table is None:
        return False
    in_keys = {c for link in facts.outgoing.get(key, []) for c in link.constraint.columns}
    primary = next((c.columns for c in table.constraints.values()
                    if c.type == "primary_key"), [])
    if primary and set(primary) <= in_keys:
        return True
    other = [c for c in table.columns if c not in in_keys and c not in primary]
    return len(other) <= max(1, len(table.columns) // 5)


def _graph(facts: SiteFacts) -> dict[TableKey, list[TableKey]]:
    graph: dict[TableKey, list[TableKey]] = {key: [] for key, _ in facts.tables()}
    for source, links in facts.outgoing.items():
        targets = sorted({link.target for link in links if link.target != source})
        graph.setdefault(source, []).extend(t for t in targets if t in graph or facts.table(t))
    for targets in list(graph.values()):
        for target in targets:
            graph.setdefault(target, [])
    return graph


def _longest_paths(graph: dict[TableKey, list[TableKey]]
                   ) -> tuple[dict[TableKey, int], dict[TableKey, TableKey | None]]:
    """Longest path length (in tables) from each node, and its next step on that path.

    Iterative depth-first walk (no recursion limit on long chains); an edge back to a
    node still on the stack closes a cycle and is skipped.
    """
    best: dict[TableKey, int] = {}
    step: dict[TableKey, TableKey | None] = {}
    entered: set[TableKey] = set()
    for root in sorted(graph):
        if root in best:
            continue
        stack = [(root, iter(graph[root]))]
        entered.add(root)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                done = [c for c in graph[node] if c in best]
                # Targets are sorted, so ties go to the first name: stable output.
                nxt = max(done, key=lambda c: best[c], default=None)
                best[node] = 1 + (best[nxt] if nxt else 0)
                step[node] = nxt
            elif child not in entered:
                entered.add(child)
                stack.append((child, iter(graph[child])))
    return best, step


def _chains(facts: SiteFacts, source: str, graph: dict[TableKey, list[TableKey]]
            ) -> list[Chain]:
    best, step = _longest_paths(graph)
    # A longest chain starts where no key points: any table referencing its start
    # would make it longer. Walking only from there, and at most MAX_CHAIN_SHOWN
    # steps, keeps this linear even for one chain through 10,000 tables.
    targets = {target for node in graph for target in graph[node]}
    starts = sorted((k for k in best if k not in targets), key=lambda k: (-best[k], k))
    covered: set[tuple[TableKey, TableKey]] = set()
    chains: list[Chain] = []
    for start in starts:
        if best[start] < 3 or len(chains) == MAX_CHAINS:
            break
        path = [start]
        while len(path) < MAX_CHAIN_SHOWN and (nxt := step[path[-1]]) is not None:
            path.append(nxt)
        edges = set(zip(path, path[1:], strict=False))
        if edges <= covered:
            continue
        covered |= edges
        chains.append(Chain([LinkRef(qualified(*k), facts.link(source, k)) for k in path],
                            best[start] - len(path)))
    return chains


def relationships(facts: SiteFacts, source: str) -> Relationships:
    """The key relationships of the whole snapshot, linked from page `source`."""

    def ref(key: TableKey) -> LinkRef:
        return LinkRef(qualified(*key), facts.link(source, key))

    graph = _graph(facts)
    junctions = sorted(
        ((key, targets) for key, targets in graph.items()
         if len(targets) >= 2 and is_link_table(facts, key)),
        key=lambda kv: (-len(kv[1]), kv[0]),
    )[:MAX_JUNCTIONS]
    referrers = {key: sorted({link.source for link in links if link.source != key})
                 for key, links in facts.incoming.items()}
    hubs = sorted(((k, v) for k, v in referrers.items() if len(v) >= 2),
                  key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_HUBS]
    self_refs = sorted({link.source for links in facts.outgoing.values() for link in links
                        if link.source == link.target})
    return Relationships(
        foreign_keys=sum(len(links) for links in facts.outgoing.values()),
        chains=_chains(facts, source, graph),
        junctions=[Junction(ref(k), [ref(t) for t in targets]) for k, targets in junctions],
        hubs=[Hub(ref(k), len(v), [ref(s) for s in v[:MAX_LISTED]]) for k, v in hubs],
        self_references=[ref(k) for k in self_refs],
    )
