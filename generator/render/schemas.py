"""View data for a schema's page: its tables, views, materialized views, functions,
sequences and types.

Functions, sequences and types are sections of the schema page rather than pages of
their own: they are many, small and read together, and keeping them here keeps the
site's page count (and MkDocs' build time) proportional to the number of relations.
A schema with more functions than a page holds (paths.FUNCTIONS_INLINE) lists them in
a table on its page, each linked to its section on a functions page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Function, Sequence, Table, UserType, View
from generator.model.counts import schema_counts, volume_tables
from generator.render.dependencies import (
    DepList,
    FunctionDeps,
    function_deps,
    function_link,
    type_users,
)
from generator.render.facts import Rows, SiteFacts, TableKey, rows_of, total_rows
from generator.render.links import anchor
from generator.render.long_texts import LongText, long_texts
from generator.render.paths import FUNCTIONS_PER_PAGE, TABLES_PER_PAGE, relative_link
from generator.render.status import STATUS_LABELS
from generator.render.views import LinkRef, kind_label

__all__ = ["FunctionListPage", "SchemaPage", "TableListPage", "TableRow", "function_list_page",
           "schema_page", "table_list_page", "table_row"]


@dataclass(frozen=True, slots=True)
class TableRow:
    """A table as one line of a list of tables."""

    link: LinkRef
    kind: str
    rows: Rows
    bytes: int | None
    columns: int
    indexes: int
    foreign_keys: int
    comment: str | None


@dataclass(frozen=True, slots=True)
class ViewRow:
    """A view or materialized view as one line of a list."""

    link: LinkRef
    columns: int
    rows: Rows | None
    bytes: int | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class TableList:
    """One page's share of a schema's tables, and links to the other shares."""

    first: int
    last: int
    total: int
    tables: list[TableRow]
    parts: list[LinkRef]


@dataclass(frozen=True, slots=True)
class TableListPage:
    """A continuation page of a long table list."""

    path: str
    name: str
    schema_link: str
    table_list: TableList


@dataclass(frozen=True, slots=True)
class SchemaPage:
    """Everything a schema's page shows."""

    path: str
    name: str
    comment: str | None
    owner: str
    status: str
    overview_link: str
    table_count: int
    rows: Rows
    bytes: int
    table_list: TableList
    views: list[ViewRow]
    materialized_views: list[ViewRow]
    functions: list[tuple[str, Function]]
    sequences: list[tuple[str, Sequence]]
    types: dict[str, list[tuple[str, UserType]]]
    description: str | None = None
    function_descriptions: dict[str, str] = field(default_factory=dict)
    identity_sequences: int = 0
    # Per table of the page ("sequences", "domains", "ranges"): texts too long for a cell.
    in_full: dict[str, list[LongText]] = field(default_factory=dict)
    # Dependencies: each function's reads, writes and callers, each type's users, each
    # sequence's owning column (linked), and the ids other pages link to ("function",
    # "type" → name → id).
    function_deps: dict[str, FunctionDeps] = field(default_factory=dict)
    # Sections of functions shown on this page (all of `functions`, or none when they
    # have pages of their own: `function_pages`, each function's row then linking to
    # its section; past TABLES_PER_PAGE rows, `more_functions` counts the rest).
    function_sections: list[tuple[str, Function]] = field(default_factory=list)
    function_pages: list[LinkRef] = field(default_factory=list)
    function_links: dict[str, LinkRef] = field(default_factory=dict)
    function_total: int = 0
    more_functions: int = 0
    type_users: dict[str, DepList] = field(default_factory=dict)
    sequence_owners: dict[str, LinkRef] = field(default_factory=dict)
    anchors: dict[str, dict[str, str]] = field(default_factory=dict)
    # Other schemas its tables' keys lead to, and those whose keys lead to it, with how
    # many keys, most first: the whole list the overview's schema map may abridge.
    links_to: list[tuple[LinkRef, int]] = field(default_factory=list)
    links_from: list[tuple[LinkRef, int]] = field(default_factory=list)


def table_row(facts: SiteFacts, source: str, key: TableKey, table: Table) -> TableRow:
    """One table as a line of a list on page `source`."""
    return TableRow(
        link=LinkRef(key[1], facts.link(source, key)),
        kind=kind_label(table),
        rows=rows_of(table.row_count),
        bytes=table.total_bytes,
        columns=len(table.columns),
        indexes=len(table.indexes),
        foreign_keys=len(facts.outgoing.get(key, [])),
        comment=table.comment,
    )


def _table_list(facts: SiteFacts, schema: str, source: str, part: int) -> TableList:
    tables = facts.snapshot.schemas[schema].tables
    names = sorted(tables)
    start = (part - 1) * TABLES_PER_PAGE
    chunk = names[start:start + TABLES_PER_PAGE]
    count = facts.paths.table_list_parts(schema)
    parts = [] if count == 1 else [
        LinkRef(f"{i * TABLES_PER_PAGE + 1:,}–{min((i + 1) * TABLES_PER_PAGE, len(names)):,}",
                None if i + 1 == part
                else relative_link(source, facts.paths.table_list(schema, i + 1)))
        for i in range(count)
    ]
    return TableList(start + 1, start + len(chunk), len(names),
                     [table_row(facts, source, (schema, t), tables[t]) for t in chunk], parts)


def table_list_page(facts: SiteFacts, schema: str, part: int) -> TableListPage:
    """View data of part `part` (2 or more) of a long table list."""
    path = facts.paths.table_list(schema, part)
    return TableListPage(path, schema, facts.schema_link(path, schema),
                         _table_list(facts, schema, path, part))


@dataclass(frozen=True, slots=True)
class FunctionListPage:
    """A page of a schema's function sections, for a schema with many functions; the
    fields the schema page's Functions section reads (schema.md.j2, block functions)."""

    path: str
    name: str
    schema_link: str
    first: int
    last: int
    functions: list[tuple[str, Function]]
    function_sections: list[tuple[str, Function]]
    function_pages: list[LinkRef]
    function_total: int
    function_descriptions: dict[str, str]
    function_deps: dict[str, FunctionDeps]
    anchors: dict[str, dict[str, str]]
    function_links: dict[str, LinkRef] = field(default_factory=dict)
    more_functions: int = 0


def _function_pages(facts: SiteFacts, schema: str, source: str) -> list[LinkRef]:
    """Links to the pages of a schema's function sections (none: they are on its page);
    the page `source` itself unlinked."""
    total = len(facts.snapshot.schemas[schema].functions)
    return [LinkRef(f"{i * FUNCTIONS_PER_PAGE + 1:,}–{min((i + 1) * FUNCTIONS_PER_PAGE, total):,}",
                    None if facts.paths.function_list(schema, i + 1) == source
                    else relative_link(source, facts.paths.function_list(schema, i + 1)))
            for i in range(facts.paths.function_list_parts(schema))]


def function_list_page(facts: SiteFacts, schema: str, part: int) -> FunctionListPage:
    """View data of page `part` (1, 2, ...) of a paged schema's function sections."""
    path = facts.paths.function_list(schema, part)
    functions = sorted(facts.snapshot.schemas[schema].functions.items())
    start = (part - 1) * FUNCTIONS_PER_PAGE
    chunk = functions[start:start + FUNCTIONS_PER_PAGE]
    return FunctionListPage(
        path=path, name=schema, schema_link=facts.schema_link(path, schema),
        first=start + 1, last=start + len(chunk), functions=chunk, function_sections=chunk,
        function_pages=_function_pages(facts, schema, path), function_total=len(functions),
        function_descriptions={sig: text for sig, _ in chunk
                               if (text := facts.describe("function", schema, sig))},
        function_deps={sig: function_deps(facts, path, schema, sig, fn) for sig, fn in chunk},
        anchors={"function": {sig: anchor("fn", sig) for sig, _ in chunk}})


def _view_row(facts: SiteFacts, source: str, key: TableKey, view: View,
              materialized: bool) -> ViewRow:
    return ViewRow(LinkRef(key[1], facts.link(source, key)), len(view.columns),
                   rows_of(view.row_count) if materialized else None,
                   view.total_bytes, view.comment)


def _types_by_kind(types: dict[str, UserType]) -> dict[str, list[tuple[str, UserType]]]:
    grouped: dict[str, list[tuple[str, UserType]]] = {
        "enum": [], "domain": [], "composite": [], "range": []}
    for name, user_type in sorted(types.items()):
        grouped.setdefault(user_type.kind, []).append((name, user_type))
    return grouped


def _in_full(sequences: list[tuple[str, Sequence]],
             types: dict[str, list[tuple[str, UserType]]]) -> dict[str, list[LongText]]:
    """The long texts of the schema page's sequences, domains and range types."""
    domains = [(name, {"default": t.default, "comment": t.comment,
                       **{f"check {check}": text for check, text in t.checks.items()}})
               for name, t in types.get("domain", [])]
    return {
        "sequences": long_texts("Sequence", ((n, {"comment": s.comment}) for n, s in sequences)),
        "domains": long_texts("Domain", domains,
                              sql={w for _, fields in domains for w in fields if w != "comment"}),
        "ranges": long_texts("Range type", ((n, {"comment": t.comment})
                                            for n, t in types.get("range", []))),
    }


def schema_page(facts: SiteFacts, name: str) -> SchemaPage:
    """View data of one schema's page."""
    schema = facts.snapshot.schemas[name]
    path = facts.paths.schema(name)
    counts = schema_counts(schema)  # as every page counts (generator.model.counts)
    identity = {(name, seq_name) for (s, _, _), (seq_name, _) in facts.identity.items()
                if s == name}
    sequences = sorted((n, s) for n, s in schema.sequences.items() if (name, n) not in identity)
    types = _types_by_kind(schema.types)
    functions = sorted(schema.functions.items())
    pages = _function_pages(facts, name, path)
    return SchemaPage(
        path=path, name=name, comment=schema.comment, owner=schema.owner,
        status=STATUS_LABELS.get(facts.status[name], facts.status[name]),
        overview_link=facts.overview_link(path),
        table_count=counts.tables,
        rows=total_rows([rows_of(t.row_count) for t in volume_tables(schema)]),
        bytes=counts.bytes or 0,
        table_list=_table_list(facts, name, path, 1),
        views=[_view_row(facts, path, (name, v), view, False)
               for v, view in sorted(schema.views.items())],
        materialized_views=[_view_row(facts, path, (name, v), view, True)
                            for v, view in sorted(schema.materialized_views.items())],
        functions=functions[:TABLES_PER_PAGE] if pages else functions,
        function_sections=[] if pages else functions,
        function_pages=pages, function_total=len(functions),
        more_functions=max(0, len(functions) - TABLES_PER_PAGE) if pages else 0,
        function_links={sig: LinkRef(sig, function_link(facts, path, name, sig))
                        for sig, _ in functions[:TABLES_PER_PAGE]} if pages else {},
        # Identity sequences show with their columns (one per identity column: with
        # thousands of tables, listing them here would outgrow the page).
        sequences=sequences, identity_sequences=len(identity), types=types,
        description=facts.describe("schema", name),
        function_descriptions={sig: text for sig in schema.functions
                               if (text := facts.describe("function", name, sig))},
        in_full=_in_full(sequences, types),
        function_deps={} if pages else {sig: function_deps(facts, path, name, sig, fn)
                                        for sig, fn in schema.functions.items()},
        type_users={t: type_users(facts, path, name, t) for t in schema.types},
        sequence_owners={n: _owner_link(facts, path, s) for n, s in sequences
                         if s.owned_by is not None},
        anchors={"function": {sig: anchor("fn", sig) for sig in schema.functions},
                 "type": {t: anchor("type", t) for t in schema.types}},
        links_to=_schema_links(facts, path, name, 0),
        links_from=_schema_links(facts, path, name, 1),
    )


def _schema_links(facts: SiteFacts, source: str, schema: str, end: int
                  ) -> list[tuple[LinkRef, int]]:
    """The schemas at the other end of keys whose `end` (0: from, 1: to) is `schema`."""
    found = [(pair[1 - end], n) for pair, n in facts.schema_links.items()
             if pair[end] == schema]
    return [(LinkRef(other, facts.schema_link(source, other)
                     if other in facts.snapshot.schemas else None), n)
            for other, n in sorted(found, key=lambda on: (-on[1], on[0]))]


def _owner_link(facts: SiteFacts, source: str, sequence: Sequence) -> LinkRef:
    """The column that owns a sequence, linked to its table's page."""
    owner = sequence.owned_by
    assert owner is not None
    return LinkRef(str(owner), facts.link(source, (owner.schema, owner.table)))

