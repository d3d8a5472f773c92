"""View data for the table and view pages: rows, links and flags computed here, so
that templates only loop and format (as tbls' makeTableTemplateData does).

Every `href` is a relative link to another generated page, or None when the target is
not documented (a foreign key into a schema the snapshot left out): templates then
show the name without a link rather than a broken one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Column, Index, Policy, Table, Trigger, View
from generator.render.facts import KIND_LABELS, Rows, SiteFacts, TableKey, qualified, rows_of

__all__ = ["ColumnRow", "LinkRef", "RelationPage", "table_page", "view_page"]

# Definitions longer than this are folded away (pymdownx.details) on the page.
LONG_SQL_LINES = 15


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A name, and the page it links to when that page exists."""

    text: str
    href: str | None


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
    referenced_by: list[tuple[LinkRef, str, list[str], list[str]]] = field(default_factory=list)
    parent: LinkRef | None = None
    partitions: list[tuple[LinkRef, str | None, Rows, int | None]] = field(default_factory=list)
    inherits: list[LinkRef] = field(default_factory=list)
    definition: str | None = None
    definition_folded: bool = False
    sizes: dict[str, int | None] = field(default_factory=dict)


def generated_text(column: Column) -> str | None:
    """Identity or generated-column clause, as in the DDL."""
    if column.identity:
        return f"GENERATED {column.identity.upper()} AS IDENTITY"
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


def _column_rows(facts: SiteFacts, path: str, key: TableKey, table: Table) -> list[ColumnRow]:
    markers = _key_markers(table)
    references: dict[str, list[LinkRef]] = {}
    for link in facts.outgoing.get(key, []):
        ref = link.constraint.references
        assert ref is not None
        href = facts.link(path, link.target)
        for column, ref_column in zip(link.constraint.columns, ref.columns, strict=False):
            text = f"{qualified(ref.schema, ref.table)}.{ref_column}"
            references.setdefault(column, []).append(LinkRef(text, href))
    return [
        ColumnRow(c.position, name, c.type, c.nullable, c.default, generated_text(c),
                  markers.get(name, []), references.get(name, []), c.comment)
        for name, c in sorted(table.columns.items(), key=lambda kv: kv[1].position)
    ]


def _constraint_rows(facts: SiteFacts, path: str, table: Table) -> list[ConstraintRow]:
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
                                  con.definition, target, notes, con.comment))
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


def _partitions(facts: SiteFacts, path: str, key: TableKey
                ) -> list[tuple[LinkRef, str | None, Rows, int | None]]:
    parent = qualified(*key)
    found = []
    for child_key, child in facts.children.get(parent, []):
        found.append((LinkRef(qualified(*child_key), facts.link(path, child_key)),
                      child.partition_bound, rows_of(child.row_count), child.total_bytes))
    return found


def _ref_by_name(facts: SiteFacts, path: str, qualified_name: str) -> LinkRef:
    key = facts.split_parent(qualified_name)
    return LinkRef(qualified_name, facts.link(path, key) if key else None)


def table_page(facts: SiteFacts, key: TableKey, table: Table) -> RelationPage:
    """View data of one table's page."""
    path = facts.paths.relation(*key)
    assert path is not None
    referenced_by = [
        (LinkRef(qualified(*link.source), facts.link(path, link.source)), link.name,
         link.constraint.columns, link.constraint.references.columns
         if link.constraint.references else [])
        for link in facts.incoming.get(key, [])
    ]
    return RelationPage(
        path=path, schema=key[0], name=key[1], kind=kind_label(table), comment=table.comment,
        owner=table.owner, schema_link=facts.schema_link(path, key[0]),
        facts=_table_facts(table), rows=rows_of(table.row_count),
        columns=_column_rows(facts, path, key, table),
        constraints=_constraint_rows(facts, path, table),
        indexes=sorted(table.indexes.items()), triggers=sorted(table.triggers.items()),
        policies=sorted(table.policies.items()), referenced_by=referenced_by,
        parent=_ref_by_name(facts, path, table.partition_of) if table.partition_of else None,
        partitions=_partitions(facts, path, key),
        inherits=[_ref_by_name(facts, path, name) for name in table.inherits],
        sizes=_sizes(table),
    )


def view_page(facts: SiteFacts, key: TableKey, view: View, materialized: bool) -> RelationPage:
    """View data of one view's or materialized view's page."""
    path = facts.paths.relation(*key)
    assert path is not None
    columns = [ColumnRow(c.position, name, c.type, c.nullable, c.default, None, [], [],
                         c.comment)
               for name, c in sorted(view.columns.items(), key=lambda kv: kv[1].position)]
    view_facts = [("Owner", view.owner)]
    if materialized and view.populated is False:
        view_facts.append(("Populated", "no (REFRESH MATERIALIZED VIEW has not run)"))
    definition = view.definition.strip()
    return RelationPage(
        path=path, schema=key[0], name=key[1],
        kind="materialized view" if materialized else "view", comment=view.comment,
        owner=view.owner, schema_link=facts.schema_link(path, key[0]), facts=view_facts,
        rows=rows_of(view.row_count) if materialized else None, columns=columns,
        indexes=sorted(view.indexes.items()), triggers=sorted(view.triggers.items()),
        definition=definition,
        definition_folded=definition.count("\n") + 1 > LONG_SQL_LINES,
        sizes={"total": view.total_bytes} if materialized else {},
    )
