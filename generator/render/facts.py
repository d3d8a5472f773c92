"""Facts derived once per snapshot and shared by every page: row labels, foreign-key
links in both directions (and the virtual relations schemadoc.yml adds), schema
statuses, page paths, and the descriptions schemadoc.yml gives.

Nothing here formats Markdown; templates do that. Everything is computed in one pass
over the snapshot, so rendering 10,000 table pages stays linear.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from generator.config import Config, VirtualRelation
from generator.model import Constraint, ObjectRef, RowCount, Sequence, Snapshot, Table, TableKey
from generator.model.usage import Usage
from generator.names.identifiers import qualified
from generator.render.paths import OVERVIEW, SitePaths, relative_link
from generator.render.status import StatusRules, schema_status

__all__ = ["FkLink", "Rows", "SiteFacts", "TableKey", "qualified", "rows_of", "total_rows"]


KIND_LABELS = {
    "table": "table",
    "partitioned_table": "partitioned table",
    "foreign_table": "foreign table",
}
SOURCE_LABELS = {
    "reltuples": "planner estimate from pg_class.reltuples, as of the last VACUUM or ANALYZE",
}


@dataclass(frozen=True, slots=True)
class Rows:
    """A row count as shown: short text for tables, a long label, a sort key."""

    text: str
    label: str
    value: int | None
    estimated: bool
    incomplete: bool = False


def rows_of(count: RowCount | None) -> Rows:
    """How a row count reads: exact as is, an estimate with `~` and its source."""
    if count is None:
        return Rows("–", "not applicable", None, False)
    if count.exact is not None:
        return Rows(f"{count.exact:,}", f"{count.exact:,} (exact, counted with count(*))",
                    count.exact, False)
    if count.estimate is not None:
        source = SOURCE_LABELS.get(count.source, f"estimate: {count.source}")
        if count.source.startswith("sum of partitions"):
            source = "estimate: " + count.source.replace("sum of partitions", "sum of its "
                                                         "partitions' estimates")
        return Rows(f"~{count.estimate:,}", f"~{count.estimate:,} ({source})",
                    count.estimate, True)
    if count.source == "never analysed":
        return Rows("never analysed", "never analysed (no planner estimate yet; "
                    "ANALYZE or autovacuum gives one)", None, False)
    if count.source.startswith("sum of partitions") and "never analysed" in count.source:
        return Rows("never analysed", f"never analysed (no estimate yet: {count.source})",
                    None, False)
    return Rows("unknown", f"unknown ({count.source})", None, False)


def total_rows(counts: list[Rows]) -> Rows:
    """The sum of several counts: `~` if any is an estimate, `+` if any is unknown."""
    known = [c.value for c in counts if c.value is not None]
    estimated = any(c.estimated for c in counts)
    missing = len(known) < len(counts) or any(c.incomplete for c in counts)
    text = ("~" if estimated else "") + f"{sum(known):,}" + ("+" if missing else "")
    label = text + (" (some tables never analysed)" if missing else "")
    return Rows(text, label, sum(known), estimated, missing)


@dataclass(frozen=True, slots=True)
class FkLink:
    """One foreign key seen from either end."""

    source: TableKey
    name: str
    constraint: Constraint
    target: TableKey


class SiteFacts:
    """Per-snapshot lookups: paths, statuses, and foreign keys by either end."""

    def __init__(self, snapshot: Snapshot, rules: StatusRules | None = None,
                 config: Config | None = None) -> None:
        self.snapshot = snapshot
        self.config = config or Config()
        rules = rules or StatusRules()
        self.paths = SitePaths(snapshot)
        self.status = {name: schema_status(name, schema, rules)
                       for name, schema in snapshot.schemas.items()}
        self.children: dict[TableKey, list[tuple[TableKey, Table]]] = defaultdict(list)
        for key, table in self.tables():
            if table.partition_of:
                self.children[_key(table.partition_of)].append((key, table))
        self.outgoing: dict[TableKey, list[FkLink]] = defaultdict(list)
        self.incoming: dict[TableKey, list[FkLink]] = defaultdict(list)
        for schema_name, schema in sorted(snapshot.schemas.items()):
            for table_name, table in sorted(schema.tables.items()):
                for name, con in sorted(table.constraints.items()):
                    if con.type != "foreign_key" or con.references is None:
                        continue
                    link = FkLink((schema_name, table_name), name, con,
                                  (con.references.schema, con.references.table))
                    self.outgoing[link.source].append(link)
                    self.incoming[link.target].append(link)
        # Identity columns' sequences, shown with their columns rather than as objects.
        self.identity: dict[tuple[str, str, str], tuple[str, Sequence]] = {}
        for schema in snapshot.schemas.values():
            for seq_name, seq in schema.sequences.items():
                owner = seq.owned_by
                if seq.identity and owner is not None:
                    self.identity[(owner.schema, owner.table, owner.column)] = (seq_name, seq)
        # What depends on each object ("used by"): the inverse of every depends_on.
        self.usage = Usage(snapshot)
        # Relations schemadoc.yml declares or its naming strategies detect; none without it.
        self.virtual: list[VirtualRelation] = []
        if self.config.declared or self.config.strategies:
            self.virtual = self.config.virtual_relations(snapshot)
        self.virtual_out: dict[TableKey, list[VirtualRelation]] = defaultdict(list)
        self.virtual_in: dict[TableKey, list[VirtualRelation]] = defaultdict(list)
        for relation in self.virtual:
            self.virtual_out[(relation.source.schema, relation.source.table)].append(relation)
            self.virtual_in[(relation.target.schema, relation.target.table)].append(relation)

    def tables(self) -> list[tuple[TableKey, Table]]:
        """Every table of the snapshot, by schema then name."""
        return [((s, t), table) for s, schema in sorted(self.snapshot.schemas.items())
                for t, table in sorted(schema.tables.items())]

    def table(self, key: TableKey) -> Table | None:
        """The table with this key, if the snapshot has it."""
        schema = self.snapshot.schemas.get(key[0])
        return schema.tables.get(key[1]) if schema else None

    def link(self, source: str, key: TableKey) -> str | None:
        """Relative link from page `source` to a relation's page, or None if not documented."""
        target = self.paths.relation(*key)
        return relative_link(source, target) if target else None

    def overview_link(self, source: str) -> str:
        """Relative link from page `source` to the overview."""
        return relative_link(source, OVERVIEW)

    def schema_link(self, source: str, schema: str) -> str:
        """Relative link from page `source` to a schema's page."""
        return relative_link(source, self.paths.schema(schema))

    def relation_key(self, name: str) -> TableKey | None:
        """The key of the documented table, view or materialized view that schemadoc.yml
        text `name` (`schema.table`, parts quoted as needed) names."""
        key = self.config.relation_key(self.snapshot, name)
        return key if key is not None and self.paths.relation(*key) else None

    @cached_property
    def schema_links(self) -> Counter[tuple[str, str]]:
        """How many foreign keys (and virtual relations) lead from one schema's tables
        to another's: (from, to) → count, each pair of distinct schemas once."""
        found: Counter[tuple[str, str]] = Counter()
        for links in self.outgoing.values():
            for fk in links:
                if fk.source[0] != fk.target[0]:
                    found[(fk.source[0], fk.target[0])] += 1
        for relation in self.virtual:
            if relation.source.schema != relation.target.schema:
                found[(relation.source.schema, relation.target.schema)] += 1
        return found

    def describe(self, kind: str, schema: str, name: str | None = None,
                 part: str | None = None) -> str | None:
        """The Markdown description schemadoc.yml gives an object, if any."""
        return self.config.description_for(kind, schema, name, part)


def _key(ref: ObjectRef) -> TableKey:
    return (ref.schema, ref.name)
