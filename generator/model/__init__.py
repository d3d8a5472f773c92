"""The database-neutral model of one snapshot.

Introspection builds it, `snapshot.py` writes and reads it, everything else reads it.
Collections are dicts keyed by name (as in `schema_map.json`), in a stable order:
columns by position, everything else by name. Objects carry their catalog identity
(`oid`, `attnum`) so that two snapshots of one database can tell a rename from a
drop plus an add.

Two choices here are for speed at 10,000 tables (bench/README.md):
- No `__slots__`: orjson writes an instance's `__dict__` as it writes a dict, twice
  as fast as it reads a slotted instance field by field (0.19 s against 0.40 s for
  the 134 MB snapshot of the benchmark, plus 0.08 s to make the dicts on first use).
- The objects made by the tens of thousands (columns, indexes, constraints, tables,
  sequences and what they hold) are not frozen: a frozen dataclass's `__init__` sets
  each field through `object.__setattr__`, three times as slow (0.2 s of a snapshot).
  They are read-only all the same: nothing changes them after introspection, which
  replaces (`dataclasses.replace`) rather than edits. A Dependency, made by the tens
  of thousands too, is hashable all the same (`unsafe_hash`: sets of them are sorted,
  and equal ones may be one object); the few references (ObjectRef, ColumnRef) stay
  frozen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.names.identifiers import qualified

# 2: references between objects (a partition's parent, inherited tables, a trigger's
# function, a sequence's column) are objects of names, no longer dotted strings.
FORMAT_VERSION = 2

# A table (or view, or any relation) by its schema and name, as every stage keys them.
TableKey = tuple[str, str]


@dataclass(frozen=True, order=True)
class ObjectRef:
    """A reference to a schema object: (schema, name), never a dotted string, since
    names may hold dots. As text it is the quoted form, `"a.b".c`."""

    schema: str
    name: str

    def __str__(self) -> str:
        return qualified(self.schema, self.name)


@dataclass(frozen=True, order=True)
class ColumnRef:
    """A reference to a column: (schema, table, column); as text `schema.table.column`,
    each part quoted as needed."""

    schema: str
    table: str
    column: str

    def __str__(self) -> str:
        return qualified(self.schema, self.table, self.column)


@dataclass
class RowCount:
    """Rows in a table: the planner's estimate (labelled with its source) and, if asked, exact."""

    estimate: int | None
    source: str
    exact: int | None = None


@dataclass(unsafe_hash=True)
class Dependency:
    """Something an object depends on: a relation (down to a column where known), a
    function, a sequence or a type, referred to by (schema, name[, column]).

    `source` says how it is known: `catalog` (recorded by PostgreSQL in pg_depend:
    exact) or `parsed` (named in a function body that PostgreSQL does not track).
    Parsed ones also say whether the statement reads or writes it (`access`), and
    whether an unqualified name was resolved against an assumed search_path
    (`assumed`), because the function sets none. Lists of them are sorted by all
    fields in this order ("used by" is derived from them, never stored).
    """

    kind: str
    schema: str
    name: str
    column: str | None = None
    source: str = "catalog"
    access: str | None = None
    assumed: bool = False


@dataclass
class Column:
    """A column of a table, view, materialized view or foreign table."""

    position: int
    attnum: int
    type: str
    nullable: bool
    default: str | None = None
    identity: str | None = None
    generated: str | None = None
    generation_expression: str | None = None
    collation: str | None = None
    type_schema: str | None = None
    type_name: str | None = None
    comment: str | None = None
    depends_on: list[Dependency] = field(default_factory=list)


@dataclass
class Reference:
    """The target of a foreign key."""

    schema: str
    table: str
    columns: list[str]


@dataclass
class Constraint:
    """A primary key, foreign key, unique, check or exclusion constraint."""

    type: str
    columns: list[str]
    definition: str
    references: Reference | None = None
    on_delete: str | None = None
    on_update: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    validated: bool = True
    nulls_not_distinct: bool = False
    index: str | None = None
    comment: str | None = None
    depends_on: list[Dependency] = field(default_factory=list)


@dataclass
class Index:
    """An index with its key columns or expressions, INCLUDE columns and predicate."""

    definition: str
    unique: bool
    primary: bool
    method: str
    columns: list[str]
    include: list[str] = field(default_factory=list)
    predicate: str | None = None
    valid: bool = True
    constraint: str | None = None
    nulls_not_distinct: bool = False
    bytes: int | None = None
    scans: int | None = None
    comment: str | None = None
    depends_on: list[Dependency] = field(default_factory=list)


@dataclass(frozen=True)
class Trigger:
    """A user trigger (internal triggers behind foreign keys are left out)."""

    timing: str
    events: list[str]
    level: str
    function: ObjectRef
    enabled: str
    definition: str
    constraint_trigger: bool = False
    comment: str | None = None
    depends_on: list[Dependency] = field(default_factory=list)


@dataclass(frozen=True)
class Policy:
    """A row-level security policy."""

    command: str
    permissive: bool
    roles: list[str]
    using: str | None = None
    with_check: str | None = None
    comment: str | None = None
    depends_on: list[Dependency] = field(default_factory=list)


@dataclass
class Table:
    """A table: ordinary, partitioned, foreign, or a partition of another."""

    oid: int
    kind: str
    owner: str
    comment: str | None = None
    unlogged: bool = False
    rls_enabled: bool = False
    rls_forced: bool = False
    partition_of: ObjectRef | None = None
    partition_bound: str | None = None
    partition_key: str | None = None
    inherits: list[ObjectRef] = field(default_factory=list)
    foreign_server: str | None = None
    foreign_options: list[str] = field(default_factory=list)
    row_count: RowCount = field(default_factory=lambda: RowCount(None, "unknown"))
    total_bytes: int | None = None
    table_bytes: int | None = None
    toast_bytes: int | None = None
    index_bytes: int | None = None
    columns: dict[str, Column] = field(default_factory=dict)
    constraints: dict[str, Constraint] = field(default_factory=dict)
    indexes: dict[str, Index] = field(default_factory=dict)
    triggers: dict[str, Trigger] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)


@dataclass
class View:
    """A view or materialized view; a materialized one also has rows, size and indexes."""

    oid: int
    owner: str
    definition: str
    comment: str | None = None
    populated: bool | None = None
    row_count: RowCount | None = None
    total_bytes: int | None = None
    columns: dict[str, Column] = field(default_factory=dict)
    indexes: dict[str, Index] = field(default_factory=dict)
    triggers: dict[str, Trigger] = field(default_factory=dict)
    depends_on: list[Dependency] = field(default_factory=list)


@dataclass(frozen=True)
class Function:
    """A function, procedure, aggregate or window function, keyed by its signature."""

    oid: int
    name: str
    kind: str
    arguments: str
    returns: str | None
    language: str
    volatility: str
    security_definer: bool
    strict: bool
    parallel: str
    owner: str
    definition: str | None = None
    comment: str | None = None
    depends_on: list[Dependency] = field(default_factory=list)
    # what parsing the body found: it runs SQL it builds at run time (EXECUTE), or
    # the body could not be parsed (why), so `depends_on` lacks its parsed part
    dynamic_sql: bool = False
    parse_error: str | None = None


@dataclass
class Sequence:
    """A sequence; `owned_by` names the column it feeds (serial or identity)."""

    oid: int
    data_type: str
    start: int
    increment: int
    min_value: int
    max_value: int
    cache: int
    cycle: bool
    owner: str
    owned_by: ColumnRef | None = None
    identity: bool = False
    comment: str | None = None
    depends_on: list[Dependency] = field(default_factory=list)


@dataclass(frozen=True)
class TypeAttribute:
    """An attribute of a composite type."""

    name: str
    type: str


@dataclass(frozen=True)
class UserType:
    """An enum (values in declared order), domain, composite or range type."""

    oid: int
    kind: str
    owner: str
    comment: str | None = None
    values: list[str] = field(default_factory=list)
    base_type: str | None = None
    not_null: bool = False
    default: str | None = None
    checks: dict[str, str] = field(default_factory=dict)
    attributes: list[TypeAttribute] = field(default_factory=list)
    subtype: str | None = None
    depends_on: list[Dependency] = field(default_factory=list)


@dataclass(frozen=True)
class Schema:
    """A schema and every object the user owns in it."""

    oid: int
    owner: str
    comment: str | None = None
    tables: dict[str, Table] = field(default_factory=dict)
    views: dict[str, View] = field(default_factory=dict)
    materialized_views: dict[str, View] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    sequences: dict[str, Sequence] = field(default_factory=dict)
    types: dict[str, UserType] = field(default_factory=dict)


@dataclass(frozen=True)
class Extension:
    """An installed extension; the objects it owns are listed here, not under schemas,
    as PostgreSQL describes them (`pg_describe_object`: names quoted and qualified)."""

    version: str
    schema: str
    comment: str | None = None
    objects: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Database:
    """Where the snapshot came from. Never holds a password."""

    name: str
    host: str | None
    port: int | None
    user: str
    server_version: str
    server_version_num: int
    encoding: str | None = None
    collation: str | None = None
    ssl: bool | None = None
    stats_reset: str | None = None
    comment: str | None = None
    # Since when usage statistics (index scans) are counted, UTC; None: not known
    # (a snapshot written before schemadoc recorded it).
    stats_since: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """One snapshot of one database: the content of `schema_map.json`."""

    format_version: int
    generated_at: str
    database: Database
    size_source: str = "pg_class.relpages"
    extensions: dict[str, Extension] = field(default_factory=dict)
    schemas: dict[str, Schema] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
