"""Turning catalog rows into the model: plain objects keyed by name."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Sequence as RowValues
from functools import partial
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple, TypeVar

from psycopg.rows import RowFactory, tuple_row

from generator.errors import ConcurrentDDL
from generator.introspect.catalog import Row
from generator.introspect.definitions import constraint_definition, index_definition, plain_keys
from generator.introspect.dependencies import (
    attach_catalog_dependencies,
    attach_constraint_dependencies,
    check_columns,
)
from generator.introspect.ref_rows import (
    Refs,
    default_of,
    ref_getter,
    values_at,
    wanted_fields,
)
from generator.model import (
    FORMAT_VERSION,
    Column,
    ColumnRef,
    Constraint,
    Database,
    Extension,
    Function,
    Index,
    ObjectRef,
    Policy,
    Reference,
    RowCount,
    Schema,
    Sequence,
    Snapshot,
    Table,
    Trigger,
    TypeAttribute,
    UserType,
    View,
)
from generator.model.canonical import canonicalise
from generator.names.sql import IdentifierQuoter

T = TypeVar("T")
R = TypeVar("R", bound=tuple[Any, ...])  # a row of a child query (a tuple, or an IndexRow)
# A child row (constraints, triggers, policies), as keyed_model_row() makes it:
# (schema_name, table_name, name, the model object). An IndexRow starts the same way;
# a column's row names its relation by oid instead: (relation_oid, name, Column, ...).
_RELATION = itemgetter(0, 1)
_NAME = itemgetter(2)
_OID = itemgetter(0)  # (of a row made by keyed_model_row with the relation's oid as key)
_MODEL = itemgetter(3)


def _printed(row: IndexRow | ConstraintRow) -> object:
    """None when the row's object vanished after our snapshot began: the server printed
    no definition of an object that the client does not print (_runs)."""
    return True if row.plain else row.definition

TABLE_KINDS = {"r": "table", "p": "partitioned_table", "f": "foreign_table"}


_FIELD_NAMES: dict[type[Any], frozenset[str]] = {}


def _field_names(cls: type[Any]) -> frozenset[str]:
    # dataclasses.fields() is slow for the 200,000 rows of a large catalog: once per class
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return names


def pick(cls: type[T], row: Row, **extra: Any) -> T:
    """Build a dataclass from the row's columns whose names are its fields."""
    names = _field_names(cls)
    values = {k: v for k, v in row.items() if k in names}
    values.update(extra)
    return cls(**values)


def _require(row: Row, column: str, what: str) -> None:
    # A NULL definition means pg_get_*def() found the object gone: it was dropped
    # after our snapshot began. The caller retries with a fresh snapshot.
    if row.get(column) is None:
        raise ConcurrentDDL(f"{what} {row.get('schema_name')}.{row.get('name')} vanished")


def row_count(row: Row, server_version_num: int) -> RowCount:
    """The planner's row estimate for one relation, labelled with where it came from."""
    reltuples = row["reltuples"]
    if row["relkind"] == "f":
        return RowCount(None, "not estimated (foreign table)")
    never = reltuples < 0 or (
        server_version_num < 140000 and reltuples == 0 and not row["analysed"]
    )
    if never:
        return RowCount(None, "never analysed")
    return RowCount(round(reltuples), "reltuples")


# query -> (singular for messages, field that must not be None): made by a row
# factory below, each row goes into the same-named dict of its relation
_CHILDREN: dict[str, tuple[str, str | None]] = {
    "triggers": ("trigger", "definition"),
    "policies": ("policy", None),
}
_CHILD_KEY = ("schema_name", "table_name", "name")


def _field_getter(
    cls: type[Any], names: list[str], fields: list[str], complete: bool = False
) -> Callable[[RowValues[Any]], tuple[Any, ...]]:
    """A getter of the values of `fields` (some of `cls`'s, in their declared order) from
    the query's columns of the same names, whatever their order in the query.

    A field the query leaves out takes its default (those after the last one it gives
    are left to the dataclass); with `complete`, the query must give them all.
    """
    missing = [f for f in fields if f not in names]
    if complete and missing:
        raise AssertionError(f"the query for {cls.__name__} must give {missing}")
    wanted = wanted_fields(fields, lambda name: name in names)
    if all(f in names for f in wanted):
        return values_at([names.index(f) for f in wanted])
    parts = [(names.index(f), None) if f in names else (-1, default_of(cls, f)) for f in wanted]
    return lambda row: tuple(row[at] if at >= 0 else default for at, default in parts)


def keyed_model_row(
    cls: type[T], key: tuple[str, ...] = _CHILD_KEY, refs: Refs | None = None,
    extra: tuple[str, ...] = (),
) -> RowFactory[tuple[Any, ...]]:
    """A psycopg row factory making `(*key columns, cls(...), *extra columns)` straight
    from the row tuple: no dict per row, which matters for 150,000 columns.

    The query's columns named like `cls`'s fields must be a prefix of them, in order;
    a field named in `refs` comes from its columns instead (None when the first is NULL).
    """

    def factory(cursor: Any) -> Callable[[RowValues[Any]], tuple[Any, ...]]:
        names = [column.name for column in cursor.description or ()]
        keys = itemgetter(*(names.index(k) for k in key))
        fields = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
        if refs:
            values = ref_getter(cls, names, fields, refs)
        else:
            values = _field_getter(cls, names, fields)
        if extra:
            more = values_at([names.index(k) for k in extra])

            def make_more(row: RowValues[Any]) -> tuple[Any, ...]:
                return (*keys(row), cls(*values(row)), *more(row))

            return make_more

        def make(row: RowValues[Any]) -> tuple[Any, ...]:
            return (*keys(row), cls(*values(row)))

        return make

    return factory


class ConstraintRow(NamedTuple):
    """A constraint as constraints.sql gives it, all but the names of its columns
    (and of a foreign key's referenced columns), which Assembler._constraints() takes
    from the tables' columns by attnum, and, for a plain one, its definition
    (definitions.py)."""

    schema_name: str
    table_name: str
    name: str
    type: str
    # None: a plain constraint (printed on the client) or one that vanished after our
    # snapshot began
    definition: str | None
    plain: bool
    columns: list[str] | None  # printed when one is a system column
    attnums: list[int] | None  # None: no columns (a CHECK on none)
    # A foreign key's target: (schema, table, its columns when the query printed them
    # (a table not read), their attnums)
    target: tuple[str, str, list[str] | None, list[int]] | None
    match: str  # a foreign key's pg_constraint.confmatchtype
    # a plain primary key's or unique constraint's index columns (key, then INCLUDE)
    # when it has INCLUDE columns, and how many are key columns
    index_attnums: list[int] | None
    index_key_count: int | None
    tail: tuple[Any, ...]  # the Constraint's fields after `references`


# The first fields of a Constraint after `references`, in order (constraint_row checks)
_CONSTRAINT_TAIL = ("on_delete", "on_update", "deferrable", "initially_deferred", "validated",
                    "nulls_not_distinct")


def constraint_row(cursor: Any) -> Callable[[RowValues[Any]], ConstraintRow]:
    """The row factory of constraints.sql: a ConstraintRow."""
    names = [column.name for column in cursor.description or ()]
    fields = [f.name for f in dataclasses.fields(Constraint)]
    at = fields.index("references")
    assert fields[:at] == ["type", "columns", "definition"]
    assert tuple(fields[at + 1 : at + 1 + len(_CONSTRAINT_TAIL)]) == _CONSTRAINT_TAIL
    keys = itemgetter(*(names.index(k) for k in _CHILD_KEY))
    head = itemgetter(*(names.index(k) for k in ("type", "definition", "plain", "columns",
                                                 "attnums")))
    tail = _field_getter(Constraint, names, fields[at + 1 :])
    target = itemgetter(*(names.index(k) for k in ("ref_schema", "ref_table", "ref_columns",
                                                   "ref_attnums")))
    index = itemgetter(*(names.index(k) for k in ("match", "index_attnums", "index_key_count")))

    def make(row: RowValues[Any]) -> ConstraintRow:
        schema_name, table_name, name = keys(row)
        kind, definition, plain, columns, attnums = head(row)
        match, index_attnums, index_key_count = index(row)
        return ConstraintRow(schema_name, table_name, name, kind, definition, plain, columns,
                             attnums, target(row) if kind == "foreign_key" else None,
                             match, index_attnums, index_key_count, tail(row))

    return make


# The fields of an Index between `definition` and `columns` (index_row checks)
_INDEX_HEAD = ("unique", "primary", "method")


class IndexRow(NamedTuple):
    """An index as indexes.sql gives it, all but its column names, which
    Assembler._indexes() takes from the table's columns by attnum, and, for a plain
    one, its definition (definitions.py)."""

    schema_name: str
    table_name: str
    name: str
    # None: a plain index (printed on the client) or one that vanished after our
    # snapshot began
    definition: str | None
    plain: bool
    oid: int
    head: tuple[Any, ...]  # the Index's fields between `definition` and `columns`
    columns: list[str] | None  # the key columns when some are expressions, printed
    attnums: list[int]  # the key columns', then the INCLUDE columns'
    key_count: int
    # a plain index's key columns' operator classes, collations and indoption
    opclasses: list[int] | None
    collations: list[int] | None
    options: list[int] | None
    nulls_not_distinct: bool
    where_clause: str | None  # a plain partial index's predicate, not pretty-printed
    tail: tuple[Any, ...]  # the Index's fields after `include`


def index_row(cursor: Any) -> Callable[[RowValues[Any]], IndexRow]:
    """The row factory of indexes.sql: an IndexRow."""
    names = [column.name for column in cursor.description or ()]
    fields = [f.name for f in dataclasses.fields(Index)]
    at = fields.index("columns")
    assert fields[:at] == ["definition", *_INDEX_HEAD] and fields[at + 1] == "include"
    keys = itemgetter(*(names.index(k) for k in _CHILD_KEY))
    first = itemgetter(*(names.index(k) for k in ("definition", "plain", "oid")))
    head = _field_getter(Index, names, fields[1:at], complete=True)
    middle = itemgetter(*(names.index(k) for k in (
        "columns", "attnums", "key_count", "opclasses", "collations", "options",
        "nulls_not_distinct", "where_clause")))
    tail = _field_getter(Index, names, fields[at + 2 :])

    def make(row: RowValues[Any]) -> IndexRow:
        schema_name, table_name, name = keys(row)
        definition, plain, oid = first(row)
        columns, attnums, key_count, opclasses, collations, options, nnd, where = middle(row)
        return IndexRow(schema_name, table_name, name, definition, plain, oid, head(row),
                        columns, attnums, key_count, opclasses, collations, options, nnd,
                        where, tail(row))

    return make


# the psycopg row factory of each query whose rows are not plain dicts
ROW_FACTORIES: dict[str, RowFactory[Any]] = {
    # with each column's type and collation, for definitions.plain_keys()
    "columns": keyed_model_row(Column, key=("relation_oid", "name"),
                               extra=("type_oid", "collation_oid")),
    "constraints": constraint_row,
    "indexes": index_row,
    "triggers": keyed_model_row(
        Trigger, refs={"function": (ObjectRef, ("function_schema", "function_name"))}),
    "policies": keyed_model_row(Policy),
    "sequences": keyed_model_row(Sequence, key=("schema_name", "name"), refs={
        "owned_by": (ColumnRef, ("owned_by_schema", "owned_by_table", "owned_by_column"))}),
    "depends": tuple_row,  # named from the model (dependencies.py)
}


class Assembler:
    """Builds the model from catalog rows as each query's rows arrive (so that only one
    query's rows are in memory at a time); warnings gather what could not be placed."""

    def __init__(self, host: str | None, port: int | None) -> None:
        self.host = host
        self.port = port
        self.warnings: list[str] = []
        self.schemas: dict[str, Schema] = {}
        self.database: Database | None = None
        self.extensions: dict[str, Extension] = {}
        self.extension_relations: list[int] = []  # oids of the relations they own
        self.version = 0
        self.views_read: set[tuple[str, str]] = set()
        self.quote = IdentifierQuoter(())  # the server's keywords come with `database`
        self.default_opclasses: set[tuple[int, int]] = set()  # (see definitions.plain_keys)
        # (schema, table) -> {attnum: name}, and {attnum: (type oid, collation oid)}:
        # indexes and constraints name their columns by attnum (until `finish`)
        self._attnames: dict[tuple[str, str], dict[int, str]] = {}
        self._column_types: dict[tuple[str, str], dict[int, tuple[int, int]]] = {}
        # index oid -> (schema, table, index) of those the server prints (FOLLOW_UPS)
        self._unprinted: dict[int, tuple[str, str, str]] = {}
        # relation oid -> (schema, name), for the rows that name relations by oid
        self._relation_oids: dict[int, tuple[str, str]] = {}
        # the columns of each relation with a dropped column (see _number_columns)
        self._renumbered: list[dict[str, Column]] = []
        self._partitioned = False  # whether a table is (see _sum_partitions)
        # the rows of depends.sql whose dependents are constraints (placed by `finish`)
        self._constraint_dependencies: list[tuple[Any, ...]] = []
        # catalog query -> what takes its rows
        self._handlers: dict[str, Callable[[Any], None]] = {
            "database": self._database,
            "schemas": self._schemas,
            "extensions": self._extensions,
            "relations": self._relations,
            "types": self._types,
            "functions": self._functions,
            "sequences": self._sequences,
            "columns": self._columns,
            "indexes": self._indexes,
            "index_definitions": self._index_definitions,
            "constraints": self._constraints,
            "view_definitions": self._view_definitions,
            "depends": self._depends,
            **{query: partial(self._children, query, *child)
               for query, child in _CHILDREN.items()},
        }

    def add(self, query: str, rows: list[Any]) -> None:
        """Take the rows of one catalog query; `relations` must come before its children,
        `columns` before `indexes` and `constraints`, and every other query but
        constraints and view_definitions before `depends` (catalog.PREREQUISITE)."""
        handler = self._handlers.get(query)
        if handler is None:
            raise AssertionError(f"no handler for the catalog query {query!r}")
        handler(rows)

    def _database(self, rows: list[Row]) -> None:
        self.database = pick(Database, rows[0], host=self.host, port=self.port)
        self.version = self.database.server_version_num
        self.quote = IdentifierQuoter(rows[0]["quoted_keywords"])
        self.default_opclasses = {(opclass, type_oid)
                                  for opclass, type_oid in rows[0]["default_opclasses"]}

    def _schemas(self, rows: list[Row]) -> None:
        self.schemas = {row["name"]: pick(Schema, row) for row in rows}

    def _extensions(self, rows: list[Row]) -> None:
        self.extensions = {row["name"]: pick(Extension, row) for row in rows}
        self.extension_relations = [oid for row in rows for oid in row["relation_oids"]]

    def follow_up(self, query: str) -> dict[str, Any]:
        """The parameters of a query that follows another (catalog.FOLLOW_UPS)."""
        assert query == "index_definitions", query
        return {"index_oids": list(self._unprinted)}

    def finish(self, generated_at: str) -> Snapshot:
        """The whole snapshot, once every query's rows were added."""
        assert self.database is not None, "the database query was not added"
        assert not self._unprinted, "the index_definitions query was not added"
        attach_constraint_dependencies(self.schemas, self._constraint_dependencies,
                                       self.warnings)
        self._attnames.clear()
        self._number_columns()
        if self._partitioned:
            self._sum_partitions()
        snapshot = Snapshot(
            format_version=FORMAT_VERSION,
            generated_at=generated_at,
            database=self.database,
            extensions=self.extensions,
            schemas=self.schemas,
            warnings=sorted(self.warnings),
        )
        canonicalise(snapshot)  # not every query sorts its rows
        return snapshot

    def _view_definitions(self, rows: Iterable[Row]) -> None:
        for row in rows:
            key = (row["schema_name"], row["name"])
            schema = self.schemas[key[0]]
            views = schema.views if key[1] in schema.views else schema.materialized_views
            if row["definition"] is None or key[1] not in views:
                raise ConcurrentDDL(f"view {key[0]}.{key[1]} vanished")
            views[key[1]] = dataclasses.replace(views[key[1]], definition=row["definition"])
            self.views_read.add(key)
        listed = {(s, v) for s, schema in self.schemas.items()
                  for v in (*schema.views, *schema.materialized_views)}
        if listed != self.views_read:
            raise ConcurrentDDL("a view appeared or vanished while it was read")

    def _depends(self, rows: list[tuple[Any, ...]]) -> None:
        # the constraints' own wait for finish(): they may come after these rows
        self._constraint_dependencies = attach_catalog_dependencies(
            self.schemas, rows, self.warnings, self._attnames)

    def _relations(self, rows: Iterable[Row]) -> None:
        for row in rows:
            schema = self.schemas[row["schema_name"]]
            self._relation_oids[row["oid"]] = (row["schema_name"], row["name"])
            kind = row["relkind"]
            if kind in ("v", "m"):
                # the definition comes last, from view_definitions.sql
                view = pick(View, row, definition="")
                if kind == "m":
                    view = dataclasses.replace(
                        view,
                        row_count=row_count(row, self.version),
                        total_bytes=row["table_bytes"] + row["toast_bytes"] + row["index_bytes"],
                    )
                    schema.materialized_views[row["name"]] = view
                else:
                    schema.views[row["name"]] = dataclasses.replace(view, populated=None)
                continue
            self._partitioned |= kind == "p"
            parent = row["partition_of_schema"]
            schema.tables[row["name"]] = pick(
                Table,
                row,
                kind=TABLE_KINDS[kind],
                partition_of=None if parent is None
                else ObjectRef(parent, row["partition_of_name"]),
                inherits=[ObjectRef(*pair) for pair in row["inherits"]],
                row_count=row_count(row, self.version),
                total_bytes=row["table_bytes"] + row["toast_bytes"] + row["index_bytes"],
            )

    def _relation(self, schema_name: str, table: str) -> Table | View | None:
        schema = self.schemas.get(schema_name)
        if schema is None:
            return None
        return (
            schema.tables.get(table)
            or schema.materialized_views.get(table)
            or schema.views.get(table)
        )

    def _runs(
        self, what: str, rows: Iterable[R], required: Callable[[R], object] | None = None,
    ) -> Iterator[tuple[Table | View, list[R]]]:
        """Rows of (schema_name, table_name, name, ...) with their relation, a run of one
        relation's rows at a time (they mostly come one after another: it is looked up
        once for them). A row whose `required` part is None was dropped after our
        snapshot began (see _require()); rows of a relation not read are left out with
        a warning each."""
        for (schema_name, table), grouped in groupby(rows, key=_RELATION):
            run = list(grouped)
            if required is not None:
                for row in run:
                    if required(row) is None:
                        raise ConcurrentDDL(f"{what} {schema_name}.{table}.{_NAME(row)} vanished")
            owner = self._relation(schema_name, table)
            if owner is None:
                self.warnings.extend(
                    f"{what} {schema_name}.{table}.{_NAME(row)}: its table was not read; "
                    "left out"
                    for row in run
                )
            else:
                yield owner, run

    def _children(
        self, attr: str, what: str, require: str | None, rows: Iterable[Any]
    ) -> None:
        """Rows of the query named `attr` (made by its row factory) into the same-named
        dict of their relation."""
        field = attrgetter(require) if require else None
        required = (lambda row: field(_MODEL(row))) if field else None
        for owner, run in self._runs(what, rows, required):
            target = getattr(owner, attr, None)
            if target is not None:
                target.update((name, obj) for _, _, name, obj in run)

    def _columns(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Rows made by keyed_model_row(Column, key=(relation oid, name), extra=...):
        each Column into its relation; its name, type and collation by attnum aside,
        for indexes and constraints."""
        pairs: dict[tuple[int, int], tuple[int, int]] = {}  # one of each, shared
        for oid, grouped in groupby(rows, key=_OID):
            if oid not in self._relation_oids:  # (both queries read one snapshot)
                self.warnings.extend(f"column {name} of the relation with oid {oid}: the "
                                     "relation was not read; left out" for _, name, *_ in grouped)
                continue
            key = self._relation_oids[oid]
            owner = self._relation(*key)
            assert owner is not None
            names = self._attnames.setdefault(key, {})
            types = self._column_types.setdefault(key, {})
            columns = owner.columns
            for _, name, column, type_oid, collation in grouped:
                columns[name] = column
                names[column.attnum] = name
                pair = (type_oid, collation)
                types[column.attnum] = pairs.setdefault(pair, pair)
            if column.attnum != len(columns):  # the highest attnum: a column was dropped
                self._renumbered.append(columns)

    def _indexes(self, rows: Iterable[IndexRow]) -> None:
        """Rows made by index_row(): name the key and INCLUDE columns from the attnums
        (so `columns` must have been added first), print a plain one's definition, then
        make each Index. One the client cannot print waits for index_definitions."""
        quote = self.quote
        defaults = self.default_opclasses
        for owner, run in self._runs("index", rows, _printed):
            relation = _RELATION(run[0])
            attnames = self._attnames.get(relation, {})
            types = self._column_types.get(relation, {})
            table = f"{quote(relation[0])}.{quote(relation[1])}"
            for row in run:
                # (both queries read one snapshot: every attnum is among the columns)
                # (map(): no Python call per name, see IdentifierQuoter)
                columns = row.columns
                keys = row.attnums[: row.key_count]
                if columns is None:
                    columns = list(map(quote, map(attnames.__getitem__, keys)))
                include: list[str] = []
                if len(row.attnums) > row.key_count:
                    include = list(map(quote, map(attnames.__getitem__,
                                                  row.attnums[row.key_count :])))
                definition = row.definition
                if definition is None:  # plain (_runs: else it vanished)
                    assert row.opclasses is not None and row.collations is not None
                    assert row.options is not None
                    if plain_keys(row.opclasses, row.collations, keys, types, defaults):
                        unique, _, method = row.head
                        definition = index_definition(
                            quote, row.name, table, unique, method, columns, row.options,
                            include, row.nulls_not_distinct, row.where_clause)
                    else:
                        definition = ""
                        self._unprinted[row.oid] = (*relation, row.name)
                values = (definition, *row.head, columns, include, *row.tail)
                owner.indexes[row.name] = Index(*values)
        self._column_types.clear()  # only indexes need them

    def _index_definitions(self, rows: Iterable[Row]) -> None:
        """The definitions the server printed of the indexes _indexes() could not."""
        for row in rows:
            schema, table, name = self._unprinted.pop(row["oid"])
            if row["definition"] is None:
                raise ConcurrentDDL(f"index {schema}.{table}.{name} vanished")
            owner = self._relation(schema, table)
            assert owner is not None
            owner.indexes[name] = dataclasses.replace(owner.indexes[name],
                                                      definition=row["definition"])

    def _constraints(self, rows: Iterable[ConstraintRow]) -> None:
        """Rows made by constraint_row(): name the columns from the attnums (so
        `columns` must have been added first), print a plain one's definition, then
        make each Constraint."""
        for owner, run in self._runs("constraint", rows, _printed):
            attnames = self._attnames.get(_RELATION(run[0]), {})
            for row in run:
                columns = row.columns
                if columns is None:
                    columns = list(map(attnames.__getitem__, row.attnums or ()))
                reference = None
                if row.target is not None:
                    schema, table, names, attnums = row.target
                    if names is None:  # a table that is read: named from its columns
                        referenced = self._relation(schema, table)
                        if referenced is None:
                            raise ConcurrentDDL(f"table {schema}.{table}, which "
                                                f"{row.schema_name}.{row.table_name}."
                                                f"{row.name} references, vanished")
                        by_attnum = self._attnames[(schema, table)]
                        names = list(map(by_attnum.__getitem__, attnums))
                    reference = Reference(schema, table, names)
                definition = row.definition
                if definition is None:  # plain (_runs: else it vanished)
                    definition = self._constraint_definition(row, columns, reference, attnames)
                assert isinstance(owner, Table)  # constraints are on tables only
                constraint = Constraint(row.type, columns, definition, reference, *row.tail)
                if row.type == "check" and columns:
                    constraint.depends_on = check_columns(row.schema_name, row.table_name,
                                                          columns)
                owner.constraints[row.name] = constraint

    def _constraint_definition(self, row: ConstraintRow, columns: list[str],
                               reference: Reference | None, attnames: dict[int, str]) -> str:
        on_delete, on_update, deferrable, deferred, validated, nulls_not_distinct = (
            row.tail[: len(_CONSTRAINT_TAIL)])
        include: list[str] = []
        if row.index_attnums is not None and row.index_key_count is not None:
            include = [attnames[a] for a in row.index_attnums[row.index_key_count :]]
        return constraint_definition(
            self.quote, row.type, columns, include, nulls_not_distinct,
            None if reference is None
            else (reference.schema, reference.table, reference.columns),
            row.match, on_update, on_delete, deferrable, deferred, validated)

    def _functions(self, rows: Iterable[Row]) -> None:
        for row in rows:
            if row["kind"] != "aggregate":
                _require(row, "definition", "function")
            self.schemas[row["schema_name"]].functions[row["signature"]] = pick(Function, row)

    def _sequences(self, rows: Iterable[tuple[str, str, Sequence]]) -> None:
        for schema_name, name, sequence in rows:
            self.schemas[schema_name].sequences[name] = sequence

    def _types(self, rows: Iterable[Row]) -> None:
        for row in rows:
            attributes = [TypeAttribute(a["name"], a["type"]) for a in row["attributes"]]
            checks = dict(sorted(row["checks"].items()))
            self.schemas[row["schema_name"]].types[row["name"]] = pick(
                UserType, row, attributes=attributes, checks=checks
            )

    def _number_columns(self) -> None:
        """Columns come with their attnum as position; where columns were dropped
        (_columns() lists those relations), the live ones are renumbered 1..n in attnum
        order (the order psql shows)."""
        for columns in self._renumbered:
            ordered = sorted(columns.items(), key=lambda item: item[1].attnum)
            columns.clear()
            for position, (name, column) in enumerate(ordered, 1):
                columns[name] = dataclasses.replace(column, position=position)

    def _sum_partitions(self) -> None:
        """A partitioned table's rows and bytes are those of its partitions, recursively."""
        tables = {
            ObjectRef(schema_name, name): (schema, name, table)
            for schema_name, schema in self.schemas.items()
            for name, table in schema.tables.items()
        }
        children: dict[ObjectRef, list[ObjectRef]] = {}
        for key, (_, _, table) in tables.items():
            if table.partition_of:
                children.setdefault(table.partition_of, []).append(key)

        def total(key: ObjectRef) -> Table:
            schema, name, table = tables[key]
            if table.kind != "partitioned_table":
                return table
            parts = [total(child) for child in sorted(children.get(key, []))]
            known = [p.row_count.estimate for p in parts if p.row_count.estimate is not None]
            unknown = [p for p in parts if p.row_count.estimate is None]
            foreign = sum(1 for p in unknown if p.kind == "foreign_table")
            notes = []
            if len(unknown) > foreign:
                notes.append(f"{len(unknown) - foreign} never analysed")
            if foreign:
                notes.append(f"{foreign} foreign, not estimated")
            source = "sum of partitions" + (f" ({', '.join(notes)})" if notes else "")
            summed = dataclasses.replace(
                table,
                row_count=RowCount(sum(known) if known or not parts else None, source),
                table_bytes=sum(p.table_bytes or 0 for p in parts),
                toast_bytes=sum(p.toast_bytes or 0 for p in parts),
                index_bytes=(table.index_bytes or 0) + sum(p.index_bytes or 0 for p in parts),
            )
            summed = dataclasses.replace(
                summed,
                total_bytes=(summed.table_bytes or 0)
                + (summed.toast_bytes or 0)
                + (summed.index_bytes or 0),
            )
            schema.tables[name] = summed
            tables[key] = (schema, name, summed)
            return summed

        for key in list(tables):
            total(key)
