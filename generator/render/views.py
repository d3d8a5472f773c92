"""View data for the table and view pages: rows, links and flags computed here, so
that templates only loop and format (as tbls' makeTableTemplateData does).

Every `href` is a relative link to another generated page, or None when the target is
not documented (a foreign key into a schema the snapshot left out): templates then
show the name without a link rather than a broken one. Relations schemadoc.yml adds
(no foreign key in the catalog) are marked `virtual`; descriptions it gives travel
beside the catalog's comments, never in their place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.config import TableNotes, VirtualRelation
from generator.model import Column, Index, ObjectRef, Policy, Sequence, Table, Trigger, View
from generator.render.dependencies import DepList, reads_from, trigger_function, used_by
from generator.render.env import brief
from generator.render.facts import KIND_LABELS, Rows, SiteFacts, TableKey, qualified, rows_of
from generator.render.links import LinkRef
from generator.render.long_texts import LongText, long_texts

__all__ = ["ColumnRow", "LinkRef", "RelationPage", "table_page", "view_page"]

# Definitions longer than this are folded away (pymdownx.details) on the page.
LONG_SQL_LINES = 15


@dataclass(frozen=True, slots=True)
class ColumnRow:
    """One line of a columns table."""

    position: int
    name: str
    type: str
    nullable: bool
    default: str | None
    generated: str | None
    keys: list[str]
    references: list[LinkRef]
    comment: str | None
    description: str | None = None
    # how many objects outside the relation name this column (views, functions, ...)
    read_by: int = 0


@dataclass(frozen=True, slots=True)
class ConstraintRow:
    """One line of the constraints table; `target` for foreign keys."""

    name: str
    type: str
    columns: list[str]
    definition: str
    target: LinkRef | None
    notes: list[str]
    comment: str | None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class IncomingRow:
    """A foreign key (or a virtual relation) of another table into this one."""

    table: LinkRef
    constraint: str
    columns: list[str]
    ref_columns: list[str]


@dataclass(frozen=True, slots=True)
class PartitionRow:
    """One partition of a partitioned table: its bound, rows and size."""

    table: LinkRef
    bound: str | None
    rows: Rows
    bytes: int | None


@dataclass(frozen=True, slots=True)
class RelationPage:
    """Everything a table, view or materialized view page shows."""

    path: str
    schema: str
    name: str
    kind: str
    comment: str | None
    owner: str
    schema_link: str
    facts: list[tuple[str, str]]
    rows: Rows | None
    columns: list[ColumnRow]
    constraints: list[ConstraintRow] = field(default_factory=list)
    indexes: list[tuple[str, Index]] = field(default_factory=list)
    triggers: list[tuple[str, Trigger]] = field(default_factory=list)
    policies: list[tuple[str, Policy]] = field(default_factory=list)
    referenced_by: list[IncomingRow] = field(default_factory=list)
    parent: LinkRef | None = None
    partitions: list[PartitionRow] = field(default_factory=list)
    inherits: list[LinkRef] = field(default_factory=list)
    definition: str | None = None
    definition_folded: bool = False
    sizes: dict[str, int | None] = field(default_factory=dict)
    description: str | None = None
    descriptions: TableNotes = field(default_factory=TableNotes)
    search_text: str = ""
    # Per table of the page ("columns", "indexes", ...): its texts too long for a cell.
    in_full: dict[str, list[LongText]] = field(default_factory=dict)
    # Dependencies: what a view reads, what reads this relation, each trigger's function.
    reads_from: DepList = field(default_factory=DepList)
    used_by: DepList = field(default_factory=DepList)
    trigger_functions: dict[str, LinkRef] = field(default_factory=dict)


# (minimum, maximum) of the types a sequence can have.
SEQUENCE_RANGES = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}


def identity_options(name: str, sequence: Sequence, table: str, column: str) -> list[str]:
    """The sequence options of an identity column that differ from PostgreSQL's defaults,
    as `pg_dump` writes them (`START WITH 100`, ...)."""
    low, high = SEQUENCE_RANGES.get(sequence.data_type, (None, None))
    ascending = sequence.increment > 0
    default_min, default_max = (1, high) if ascending else (low, -1)
    options = [] if name == f"{table}_{column}_seq" else [f"SEQUENCE NAME {name}"]
    checks = [
        ("START WITH", sequence.start, default_min if ascending else default_max),
        ("INCREMENT BY", sequence.increment, 1),
        ("MINVALUE", sequence.min_value, default_min),
        ("MAXVALUE", sequence.max_value, default_max),
        ("CACHE", sequence.cache, 1),
    ]
    options += [f"{label} {value}" for label, value, default in checks if value != default]
    return options + (["CYCLE"] if sequence.cycle else [])


def generated_text(column: Column, options: list[str] | None = None) -> str | None:
    """Identity or generated-column clause, as in the DDL (with the identity's options)."""
    if column.identity:
        clause = f"GENERATED {column.identity.upper()} AS IDENTITY"
        return f"{clause} ({' '.join(options)})" if options else clause
    if column.generated:
        return f"GENERATED ALWAYS AS ({column.generation_expression}) {column.generated.upper()}"
    return None


def _key_markers(table: Table) -> dict[str, list[str]]:
    markers: dict[str, list[str]] = {}
    order = {"primary_key": "PK", "foreign_key": "FK", "unique": "UQ"}
    for kind, marker in order.items():
        for con in table.constraints.values():
            for column in con.columns if con.type == kind else []:
                if marker not in markers.setdefault(column, []):
                    markers[column].append(marker)
    return markers


def _column_rows(facts: SiteFacts, path: str, key: TableKey, table: Table,
                 notes: TableNotes) -> list[ColumnRow]:
    markers = _key_markers(table)
    readers = facts.usage.readers_by_column(*key)
    references: dict[str, list[LinkRef]] = {}
    for link in facts.outgoing.get(key, []):
        ref = link.constraint.references
        assert ref is not None
        href = facts.link(path, link.target)
        for column, ref_column in zip(link.constraint.columns, ref.columns, strict=False):
            text = qualified(ref.schema, ref.table, ref_column)
            references.setdefault(column, []).append(LinkRef(text, href))
    for relation in facts.virtual_out.get(key, []):
        target = relation.target
        href = facts.link(path, (target.schema, target.table))
        for column, ref_column in zip(relation.source.columns, target.columns, strict=False):
            text = qualified(target.schema, target.table, ref_column)
            references.setdefault(column, []).append(LinkRef(text, href, virtual=True))
    return [
        ColumnRow(c.position, name, c.type, c.nullable, c.default,
                  generated_text(c, _identity(facts, key, name)),
                  markers.get(name, []), references.get(name, []), c.comment,
                  notes.columns.get(name), readers.get(name, 0))
        for name, c in sorted(table.columns.items(), key=lambda kv: kv[1].position)
    ]


def _identity(facts: SiteFacts, key: TableKey, column: str) -> list[str]:
    found = facts.identity.get((*key, column))
    return identity_options(found[0], found[1], key[1], column) if found else []


def virtual_origin(relation: VirtualRelation) -> str:
    """Where a virtual relation comes from, in words."""
    if relation.origin == "declared":
        return "virtual: declared in schemadoc.yml" + (f" ({relation.label})"
                                                       if relation.label else "")
    return f"virtual: naming rule {relation.origin}"


def _constraint_rows(facts: SiteFacts, path: str, table: Table,
                     described: TableNotes) -> list[ConstraintRow]:
    rows = []
    for name, con in sorted(table.constraints.items()):
        target, notes = None, []
        if con.references is not None:
            ref = con.references
            target = LinkRef(qualified(ref.schema, ref.table),
                             facts.link(path, (ref.schema, ref.table)))
            notes += [f"ON DELETE {con.on_delete}"] if con.on_delete not in (None, "NO ACTION") \
                else []
            notes += [f"ON UPDATE {con.on_update}"] if con.on_update not in (None, "NO ACTION") \
                else []
        if con.deferrable:
            notes.append("deferrable" + (", initially deferred" if con.initially_deferred else ""))
        if not con.validated:
            notes.append("NOT VALID")
        rows.append(ConstraintRow(name, con.type.replace("_", " "), con.columns,
                                  con.definition, target, notes, con.comment,
                                  described.constraints.get(name)))
    return rows


def _sizes(table: Table) -> dict[str, int | None]:
    return {"total": table.total_bytes, "table": table.table_bytes,
            "TOAST": table.toast_bytes, "indexes": table.index_bytes}


def kind_label(table: Table) -> str:
    """What kind of table this is, in words: table, partition, foreign table, ..."""
    kind = KIND_LABELS.get(table.kind, table.kind)
    if table.partition_of:
        kind = "partition" if table.kind == "table" else f"partitioned {kind} (sub-partition)"
    return ("unlogged " if table.unlogged else "") + kind


def _table_facts(table: Table) -> list[tuple[str, str]]:
    facts = [("Owner", table.owner)]
    if table.partition_key:
        facts.append(("Partition key", table.partition_key))
    if table.partition_bound:
        facts.append(("Partition bound", table.partition_bound))
    if table.foreign_server:
        facts.append(("Foreign server", table.foreign_server))
    if table.foreign_options:
        facts.append(("Foreign options", ", ".join(table.foreign_options)))
    if table.rls_enabled:
        facts.append(("Row-level security", "enabled" + (", forced" if table.rls_forced else "")))
    return facts


def _partitions(facts: SiteFacts, path: str, key: TableKey) -> list[PartitionRow]:
    return [PartitionRow(LinkRef(qualified(*child_key), facts.link(path, child_key)),
                         child.partition_bound, rows_of(child.row_count), child.total_bytes)
            for child_key, child in facts.children.get(key, [])]


def _link_to(facts: SiteFacts, path: str, ref: ObjectRef) -> LinkRef:
    """A table another one names (its parent, say): linked when documented."""
    return LinkRef(str(ref), facts.link(path, (ref.schema, ref.name)))


def search_text(name: str, kind: str, schema: str, comment: str | None,
                description: str | None, columns: list[ColumnRow]) -> str:
    """What search finds a relation's page by: its name, kind, schema, comment and column
    names. The bare name comes first: Material's default search splits words at blanks
    and hyphens, not dots, so the title `schema.name` alone would not match a search for
    the name (the mkdocs.yml `schemadoc init` writes also splits at dots)."""
    about = " ".join(" ".join(text.split()) for text in (comment, description) if text)
    names = " ".join(c.name for c in columns)
    return f"{name}: {kind} in schema {schema}. {brief(about, 300)} Columns: {names}".replace(
        "  ", " ")


def _in_full(columns: list[ColumnRow], constraints: list[ConstraintRow],
             indexes: list[tuple[str, Index]], triggers: list[tuple[str, Trigger]],
             policies: list[tuple[str, Policy]],
             partitions: list[PartitionRow]) -> dict[str, list[LongText]]:
    """The long texts of each table of a relation's page."""
    return {
        "columns": long_texts("Column", ((c.name, {"default": c.generated or c.default,
                                                   "comment": c.comment}) for c in columns),
                              sql={"default"}),
        "constraints": long_texts("Constraint", ((c.name, {"definition": c.definition,
                                                           "comment": c.comment})
                                                 for c in constraints), sql={"definition"}),
        "indexes": long_texts("Index", ((n, {"definition": ix.definition,
                                             "predicate": ix.predicate, "comment": ix.comment})
                                        for n, ix in indexes),
                              sql={"definition", "predicate"}),
        "triggers": long_texts("Trigger", ((n, {"definition": tg.definition,
                                                "comment": tg.comment}) for n, tg in triggers),
                               sql={"definition"}),
        "policies": long_texts("Policy", ((n, {"using": p.using, "with check": p.with_check,
                                               "comment": p.comment}) for n, p in policies),
                               sql={"using", "with check"}),
        "partitions": long_texts("Partition", ((p.table.text, {"bound": p.bound})
                                               for p in partitions), sql={"bound"}),
    }


def table_page(facts: SiteFacts, key: TableKey, table: Table) -> RelationPage:
    """View data of one table's page."""
    path = facts.paths.relation(*key)
    assert path is not None
    notes = facts.config.notes_for(*key)
    columns = _column_rows(facts, path, key, table, notes)
    referenced_by = [
        IncomingRow(LinkRef(qualified(*link.source), facts.link(path, link.source)), link.name,
                    link.constraint.columns, link.constraint.references.columns
                    if link.constraint.references else [])
        for link in facts.incoming.get(key, [])
    ] + [
        IncomingRow(LinkRef(qualified(r.source.schema, r.source.table),
                            facts.link(path, (r.source.schema, r.source.table))),
                    virtual_origin(r), list(r.source.columns), list(r.target.columns))
        for r in facts.virtual_in.get(key, [])
    ]
    constraints = _constraint_rows(facts, path, table, notes)
    indexes, triggers = sorted(table.indexes.items()), sorted(table.triggers.items())
    policies = sorted(table.policies.items())
    partitions = _partitions(facts, path, key)
    return RelationPage(
        path=path, schema=key[0], name=key[1], kind=kind_label(table), comment=table.comment,
        owner=table.owner, schema_link=facts.schema_link(path, key[0]),
        facts=_table_facts(table), rows=rows_of(table.row_count),
        columns=columns, constraints=constraints, indexes=indexes, triggers=triggers,
        policies=policies, referenced_by=referenced_by,
        parent=_link_to(facts, path, table.partition_of) if table.partition_of else None,
        partitions=partitions,
        inherits=[_link_to(facts, path, ref) for ref in table.inherits],
        sizes=_sizes(table), description=notes.description, descriptions=notes,
        search_text=search_text(key[1], kind_label(table), key[0], table.comment,
                                notes.description, columns),
        in_full=_in_full(columns, constraints, indexes, triggers, policies, partitions),
        used_by=used_by(facts, path, facts.usage.of("relation", *key)),
        trigger_functions={n: trigger_function(facts, path, tg) for n, tg in triggers},
    )


def view_page(facts: SiteFacts, key: TableKey, view: View, materialized: bool) -> RelationPage:
    """View data of one view's or materialized view's page."""
    path = facts.paths.relation(*key)
    assert path is not None
    notes = facts.config.notes_for(*key)
    readers = facts.usage.readers_by_column(*key)
    columns = [ColumnRow(c.position, name, c.type, c.nullable, c.default, None, [], [],
                         c.comment, notes.columns.get(name), readers.get(name, 0))
               for name, c in sorted(view.columns.items(), key=lambda kv: kv[1].position)]
    view_facts = [("Owner", view.owner)]
    if materialized and view.populated is False:
        view_facts.append(("Populated", "no (REFRESH MATERIALIZED VIEW has not run)"))
    definition = view.definition.strip()
    indexes, triggers = sorted(view.indexes.items()), sorted(view.triggers.items())
    return RelationPage(
        path=path, schema=key[0], name=key[1],
        kind="materialized view" if materialized else "view", comment=view.comment,
        owner=view.owner, schema_link=facts.schema_link(path, key[0]), facts=view_facts,
        rows=rows_of(view.row_count) if materialized else None, columns=columns,
        indexes=indexes, triggers=triggers, definition=definition,
        definition_folded=definition.count("\n") + 1 > LONG_SQL_LINES,
        sizes={"total": view.total_bytes} if materialized else {},
        description=notes.description, descriptions=notes,
        search_text=search_text(key[1], "materialized view" if materialized else "view",
                                key[0], view.comment, notes.description, columns),
        in_full=_in_full(columns, [], indexes, triggers, [], []),
        reads_from=reads_from(facts, path, view.depends_on),
        used_by=used_by(facts, path, facts.usage.of("relation", *key)),
        trigger_functions={n: trigger_function(facts, path, tg) for n, tg in triggers},
    )
