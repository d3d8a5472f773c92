"""View data for the overview page: the seed's "Schema Reference", computed.

Header and totals, schemas grouped by status (or by the groups schemadoc.yml names)
with their tables, data volume, index summary, key relationships (with the flows
schemadoc.yml declares), design notes, triggers and security notes. Lists that grow
with the database (tables per schema, tables per trigger function) are capped so that
the page stays readable and small at 10,000 tables; the schema pages hold the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from generator.config import IdFormat
from generator.model import Extension, Function, ObjectRef, Snapshot, Table, View
from generator.model.counts import database_counts, schema_counts, volume_tables
from generator.model.statistics import usage_not_judged
from generator.render.design_notes import DesignNotes, design_notes
from generator.render.facts import Rows, SiteFacts, TableKey, qualified, rows_of, total_rows
from generator.render.paths import OVERVIEW
from generator.render.relationships import Relationships, relationships
from generator.render.schemas import TableRow, table_row
from generator.render.status import ARCHIVE, STATUS_LABELS, STATUS_ORDER
from generator.render.views import LinkRef, virtual_origin

__all__ = ["OverviewPage", "overview_page"]

# The overview lists at most this many tables in all (the schema pages list every
# one): spread over the schemas that have tables, between 5 and 50 each.
# 100 rows are about 40 kB of HTML: with the schema map (at most about 35 kB), the other
# sections and Material's frame (about 30 kB), the page stays under 150 KB in both bench
# shapes (bench/README.md) at 1,000 and 10,000 tables.
TABLE_BUDGET = 100
LARGEST = 10
MOST_INDEXED = 10
LISTED = 20
VIRTUAL_LISTED = 30
# Trigger functions listed (most tables first); the rest are counted.
TRIGGER_FUNCTIONS = 20


@dataclass(frozen=True, slots=True)
class SchemaSummary:
    """One schema in the overview and in the volume table."""

    name: str
    link: str
    status: str
    status_label: str
    comment: str | None
    tables: int
    views: int
    functions: int
    rows: Rows
    bytes: int
    listed: list[TableRow]
    unlisted: int
    largest_first: bool
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """Schemas of one status."""

    status: str
    label: str
    schemas: list[SchemaSummary]


@dataclass(frozen=True, slots=True)
class FlowStepRow:
    """One table of a flow, and the arrow that leads into it."""

    table: LinkRef
    rows: str | None  # "~453 rows", "never analysed"; None for a view
    label: str | None
    source: LinkRef | None
    note: str | None


@dataclass(frozen=True, slots=True)
class FlowView:
    """A flow schemadoc.yml declares: tables in order, arrows labelled."""

    name: str
    description: str | None
    steps: list[FlowStepRow]


@dataclass(frozen=True, slots=True)
class VirtualRow:
    """A relation the catalog lacks, from schemadoc.yml."""

    source: LinkRef
    source_columns: list[str]
    target: LinkRef
    target_columns: list[str]
    origin: str


@dataclass(frozen=True, slots=True)
class IndexSummary:
    """The index-summary section."""

    total: int
    unique: int
    partial: int
    methods: list[tuple[str, int]]
    bytes: int
    unused: int
    stats_reset: str | None
    most_indexed: list[tuple[LinkRef, int]]
    stats_since: str | None = None
    usage_not_judged: str | None = None  # why scans are too young to count


@dataclass(frozen=True, slots=True)
class TriggerGroup:
    """Triggers that call one function."""

    function: str
    tables: list[LinkRef]
    table_count: int
    triggers: int
    events: list[str]


@dataclass(frozen=True, slots=True)
class Security:
    """The security-notes section."""

    rls_tables: list[LinkRef]
    rls_count: int
    forced: int
    policies: int
    without_policies: list[LinkRef]
    definer_functions: list[str]
    ssl: bool | None
    # How many of each there are: the lists above show the first LISTED.
    without_policies_count: int = 0
    definer_count: int = 0


@dataclass(frozen=True, slots=True)
class OverviewPage:
    """Everything the overview page shows."""

    snapshot: Snapshot
    title: str
    introduction: str | None
    host: str
    taken: str
    totals: list[tuple[str, str]]
    groups: list[Group]
    volume: list[SchemaSummary]
    largest: list[tuple[str, TableRow]]
    indexes: IndexSummary
    relationships: Relationships
    design: DesignNotes
    triggers: list[TriggerGroup]
    trigger_count: int
    trigger_functions: int
    security: Security
    extensions: list[tuple[str, Extension]]
    flows: list[FlowView]
    virtual: list[VirtualRow]
    virtual_count: int
    declared_formats: list[IdFormat]
    # (kind of column, the name templates schemadoc.yml allows for it)
    declared_naming: list[tuple[str, tuple[str, ...]]]


def _declared_naming(facts: SiteFacts) -> list[tuple[str, tuple[str, ...]]]:
    """The naming rules of schemadoc.yml's conventions (lint's naming-convention checks them)."""
    naming = facts.config.naming
    kinds = [("Primary keys", naming.primary_keys), ("Foreign keys", naming.foreign_keys),
             ("Timestamps", naming.timestamps), ("Booleans", naming.booleans)]
    return [(kind, templates) for kind, templates in kinds if templates]


def _host(snapshot: Snapshot) -> str:
    host, port = snapshot.database.host, snapshot.database.port
    # A socket's directory is a path on the machine that took the snapshot: it says
    # nothing to a reader of the published site, and a path is not theirs to see.
    if not host or host.startswith("/"):
        return "local socket"
    return f"{host}:{port}" if port else host


def _taken(generated_at: str) -> str:
    try:
        when = datetime.fromisoformat(generated_at.replace("Z", "+00:00"))
    except ValueError:
        return generated_at
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _summary(facts: SiteFacts, name: str, limit: int) -> SchemaSummary:
    schema = facts.snapshot.schemas[name]
    status = facts.status[name]
    top = {t: table for t, table in schema.tables.items() if table.partition_of is None}
    order = sorted(top, key=lambda t: (-(top[t].total_bytes or 0), t)) if status == ARCHIVE \
        else sorted(top)
    listed = [table_row(facts, OVERVIEW, (name, t), top[t]) for t in order[:limit]]
    counts = schema_counts(schema)
    return SchemaSummary(
        name=name, link=facts.schema_link(OVERVIEW, name), status=status,
        status_label=STATUS_LABELS.get(status, status), comment=schema.comment,
        tables=counts.tables, views=counts.views, functions=counts.functions,
        rows=total_rows([rows_of(t.row_count) for t in volume_tables(schema)]),
        bytes=counts.bytes or 0,
        listed=listed, unlisted=len(top) - len(listed), largest_first=status == ARCHIVE,
        description=facts.describe("schema", name),
    )


def _indexes(facts: SiteFacts) -> IndexSummary:
    methods: dict[str, int] = defaultdict(int)
    total = unique = partial = size = unused = 0
    per_table: list[tuple[int, TableKey]] = []
    # Indexes of tables and materialized views, as generator.model.counts counts them.
    owners: list[tuple[TableKey, Table | View]] = [*facts.tables(), *(
        ((s, v), view) for s, schema in sorted(facts.snapshot.schemas.items())
        for v, view in sorted(schema.materialized_views.items()))]
    for key, table in owners:
        per_table.append((len(table.indexes), key))
        for index in table.indexes.values():
            total += 1
            unique += index.unique
            partial += index.predicate is not None
            methods[index.method] += 1
            size += index.bytes or 0
            unused += index.scans == 0 and not index.unique
    ranked = sorted(((-n, key) for n, key in per_table if n), key=lambda x: x)[:MOST_INDEXED]
    return IndexSummary(
        total=total, unique=unique, partial=partial,
        methods=sorted(methods.items(), key=lambda kv: (-kv[1], kv[0])), bytes=size,
        unused=unused, stats_reset=facts.snapshot.database.stats_reset,
        stats_since=facts.snapshot.database.stats_since,
        usage_not_judged=usage_not_judged(facts.snapshot, facts.config.lint.min_stats_age()),
        most_indexed=[(LinkRef(qualified(*key), facts.link(OVERVIEW, key)), -n)
                      for n, key in ranked],
    )


def _triggers(facts: SiteFacts) -> tuple[list[TriggerGroup], int, int]:
    """The trigger functions that most tables use (TRIGGER_FUNCTIONS of them), how many
    triggers there are, and how many functions they call."""
    by_function: dict[ObjectRef, list[tuple[TableKey, str]]] = defaultdict(list)
    for key, table in facts.tables():
        for trigger in table.triggers.values():
            events = f"{trigger.timing} {' OR '.join(trigger.events)} FOR EACH {trigger.level}"
            by_function[trigger.function].append((key, events))
    groups = []
    for function, uses in by_function.items():
        tables = sorted({key for key, _ in uses})
        groups.append(TriggerGroup(
            function=str(function),
            tables=[LinkRef(qualified(*k), facts.link(OVERVIEW, k)) for k in tables[:LISTED]],
            table_count=len(tables), triggers=len(uses),
            events=sorted({events for _, events in uses})))
    groups.sort(key=lambda g: (-g.table_count, g.function))
    return (groups[:TRIGGER_FUNCTIONS], sum(len(uses) for uses in by_function.values()),
            len(groups))


def _security(facts: SiteFacts) -> Security:
    rls = [(key, table) for key, table in facts.tables() if table.rls_enabled]
    definers = [_signature(s, sig, fn) for s, schema in sorted(facts.snapshot.schemas.items())
                for sig, fn in sorted(schema.functions.items()) if fn.security_definer]
    return Security(
        rls_tables=[LinkRef(qualified(*k), facts.link(OVERVIEW, k)) for k, _ in rls[:LISTED]],
        rls_count=len(rls),
        forced=sum(t.rls_forced for _, t in rls),
        policies=sum(len(t.policies) for _, t in facts.tables()),
        without_policies=[LinkRef(qualified(*k), facts.link(OVERVIEW, k))
                          for k, t in rls if not t.policies][:LISTED],
        definer_functions=definers[:LISTED],
        ssl=facts.snapshot.database.ssl,
        without_policies_count=sum(1 for _, t in rls if not t.policies),
        definer_count=len(definers),
    )


def _signature(schema: str, signature: str, function: Function) -> str:
    """`schema.name(argument types)`, the names quoted as needed."""
    arguments = signature[len(function.name):] if signature.startswith(function.name) else "()"
    return qualified(schema, function.name) + arguments


def _totals(facts: SiteFacts, summaries: list[SchemaSummary]) -> list[tuple[str, str]]:
    counts = database_counts(facts.snapshot)
    return [
        ("Schemas", f"{len(summaries):,}"),
        ("Tables", f"{counts.tables:,}"),
        ("Views", f"{counts.views:,}"),
        ("Functions", f"{counts.functions:,}"),
        ("Indexes", f"{counts.indexes:,}"),
        ("Rows", total_rows([s.rows for s in summaries]).text),
    ]


def _ref(facts: SiteFacts, name: str) -> tuple[LinkRef, TableKey | None]:
    key = facts.relation_key(name)
    if key is None:
        return LinkRef(name, None), None
    return LinkRef(qualified(*key), facts.link(OVERVIEW, key)), key


def _flows(facts: SiteFacts) -> list[FlowView]:
    flows = []
    for flow in facts.config.flows:
        steps = []
        for i, step in enumerate(flow.steps):
            ref, key = _ref(facts, step.table)
            table = facts.table(key) if key else None
            source = _ref(facts, step.source)[0] if step.source and i else None
            rows = rows_of(table.row_count) if table else None
            shown = None if rows is None else (
                f"{rows.text} rows" if rows.value is not None else rows.text)
            steps.append(FlowStepRow(ref, shown, step.label, source, step.note))
        flows.append(FlowView(flow.name, flow.description, steps))
    return flows


def _virtual(facts: SiteFacts) -> list[VirtualRow]:
    found = []
    for relation in facts.virtual[:VIRTUAL_LISTED]:
        source, target = relation.source, relation.target
        found.append(VirtualRow(
            LinkRef(qualified(source.schema, source.table),
                    facts.link(OVERVIEW, (source.schema, source.table))),
            list(source.columns),
            LinkRef(qualified(target.schema, target.table),
                    facts.link(OVERVIEW, (target.schema, target.table))),
            list(target.columns), virtual_origin(relation).removeprefix("virtual: ")))
    return found


def _groups(facts: SiteFacts, summaries: list[SchemaSummary]) -> list[Group]:
    """The groups schemadoc.yml names, in its order; the other schemas by status."""
    named = facts.config.groups(facts.snapshot.schemas)
    by_name = {s.name: s for s in summaries}
    groups = [Group("group", label, [by_name[n] for n in by_name if n in names])
              for label, names in named.items()]
    grouped = {name for names in named.values() for name in names}
    rest = [s for s in summaries if s.name not in grouped]
    return groups + [Group(status, STATUS_LABELS.get(status, status),
                           [s for s in rest if s.status == status])
                     for status in dict.fromkeys(s.status for s in rest)]


@lru_cache(maxsize=1)  # the overview and the home page show it: work it out once a build
def overview_page(facts: SiteFacts) -> OverviewPage:
    """View data of the overview page."""
    rank = {status: i for i, status in enumerate(STATUS_ORDER)}
    names = sorted(facts.snapshot.schemas, key=lambda n: (rank.get(facts.status[n], 9), n))
    with_tables = sum(1 for s in facts.snapshot.schemas.values() if s.tables)
    limit = max(5, min(50, TABLE_BUDGET // max(1, with_tables)))
    summaries = [_summary(facts, name, limit) for name in names]
    top = [(key, t) for key, t in facts.tables() if t.partition_of is None]
    top.sort(key=lambda kt: (-(kt[1].total_bytes or 0), -(rows_of(kt[1].row_count).value or 0),
                             kt[0]))
    triggers, trigger_count, trigger_functions = _triggers(facts)
    return OverviewPage(
        snapshot=facts.snapshot, title=facts.config.title or facts.snapshot.database.name,
        introduction=facts.config.introduction, host=_host(facts.snapshot),
        taken=_taken(facts.snapshot.generated_at), totals=_totals(facts, summaries),
        groups=_groups(facts, summaries), volume=summaries,
        largest=[(key[0], table_row(facts, OVERVIEW, key, t)) for key, t in top[:LARGEST]],
        indexes=_indexes(facts), relationships=relationships(facts, OVERVIEW),
        design=design_notes(facts), triggers=triggers, trigger_count=trigger_count,
        trigger_functions=trigger_functions,
        security=_security(facts), extensions=sorted(facts.snapshot.extensions.items()),
        flows=_flows(facts), virtual=_virtual(facts), virtual_count=len(facts.virtual),
        declared_formats=list(facts.config.id_formats),
        declared_naming=_declared_naming(facts),
    )
