"""Ground truth: schemas written by other projects, snapshotted and checked object by object.

Pagila, the tbls test schema and the sample Marketing DB are loaded into fresh databases
on every test server; the snapshot (read back from its JSON text, as a user would read
`schema_map.json`) must hold every table, column, constraint, index, trigger, policy,
view, function, sequence, type, extension and comment that `pg_catalog` holds, with the
same attributes, and nothing else.

The expected side is computed here with plain per-kind catalog queries, written
independently of `generator/introspect/sql/`: a query there that drops, invents or
misreads an object shows up as a set difference in the failure message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest

from generator.model import ColumnRef, ObjectRef, Snapshot
from generator.snapshot import dumps, loads
from tests.conftest import REPO, SERVER_IDS, _server, _throwaway
from tests.helpers import (
    Server,
    available_extensions,
    load_tbls,
    pagila_for_server,
    psql_file,
    query,
    snapshot_of,
)

Row = tuple[Any, ...]
SAMPLE_SQL = REPO / "generator" / "commands" / "demo" / "sql"
SAMPLE_FILES = ("marketing_schema.sql", "marketing_data.sql")
DATASETS = ("pagila", "tbls", "marketing")

# -- loading each schema once per server ---------------------------------------------------


@dataclass
class Loaded:
    """One real schema loaded into its own database, and its snapshot."""

    server: Server
    dsn: str
    snapshot: Snapshot
    changes: list[str] = field(default_factory=list)  # how the file was adapted to the server

    def catalog(self, sql: str) -> set[Row]:
        """Rows of an expected-side catalog query, as hashable tuples.

        With only pg_catalog on the search_path, as a snapshot must be taken: names
        outside it come out schema-qualified whatever the connecting role's settings.
        """
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute("select set_config('search_path', 'pg_catalog', false)")
            return {_hashable(row) for row in conn.execute(sql.encode()).fetchall()}


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    return value


def _load_pagila(dsn: str, server: Server) -> list[str]:
    text, changes = pagila_for_server(server.major, available_extensions(dsn))
    psql_file(dsn, "pagila-schema.sql", text)
    return changes


def _load_tbls(dsn: str, server: Server) -> list[str]:
    if "uuid-ossp" not in available_extensions(dsn):
        pytest.skip(f"the tbls schema needs uuid-ossp, not available on {server.id}")
    load_tbls(dsn)
    return ["ALTER ROLE ... IN DATABASE testdb left out"]


def _load_marketing(dsn: str, server: Server) -> list[str]:
    paths = [SAMPLE_SQL / name for name in SAMPLE_FILES]
    if not all(path.exists() for path in paths):
        pytest.skip("sample database files not present")
    for path in paths:
        psql_file(dsn, path)
    return []


LOADERS: dict[str, Callable[[str, Server], list[str]]] = {
    "pagila": _load_pagila,
    "tbls": _load_tbls,
    "marketing": _load_marketing,
}


class Databases:
    """The real schemas on one server, each loaded on first use and dropped at the end."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.loaded: dict[str, Loaded | BaseException] = {}
        self.cleanups: list[Any] = []

    def get(self, name: str) -> Loaded:
        """The schema `name`, loaded and snapshotted (once: a failure or skip is kept too)."""
        if name not in self.loaded:
            self.loaded[name] = self._load(name)
        result = self.loaded[name]
        if isinstance(result, pytest.skip.Exception):
            pytest.skip(result.msg)
        if isinstance(result, BaseException):
            raise result
        return result

    def _load(self, name: str) -> Loaded | BaseException:
        database = contextmanager(_throwaway)(self.server)
        dsn = database.__enter__()
        self.cleanups.append(database)
        try:
            changes = LOADERS[name](dsn, self.server)
            # Read back from its JSON text, as a user reads schema_map.json.
            snapshot = loads(dumps(snapshot_of(dsn)), "ground truth")
        except (Exception, pytest.skip.Exception) as exc:
            return exc
        return Loaded(self.server, dsn, snapshot, changes)

    def drop_all(self) -> None:
        for database in self.cleanups:
            database.__exit__(None, None, None)


@pytest.fixture(scope="module", params=SERVER_IDS)
def databases(request: pytest.FixtureRequest) -> Iterator[Databases]:
    """Each test server in turn (as the `server` fixture), holding its loaded schemas."""
    dbs = Databases(_server(request, request.param))
    yield dbs
    dbs.drop_all()


@pytest.fixture(params=DATASETS)
def loaded(request: pytest.FixtureRequest, databases: Databases) -> Loaded:
    """Each real schema in turn."""
    return databases.get(request.param)


@pytest.fixture
def pagila(databases: Databases) -> Loaded:
    """Pagila, loaded as close to verbatim as the server allows."""
    return databases.get("pagila")


@pytest.fixture
def tbls(databases: Databases) -> Loaded:
    """The tbls test schema."""
    return databases.get("tbls")


@pytest.fixture
def marketing(databases: Databases) -> Loaded:
    """The sample Marketing DB with its rows, analysed."""
    return databases.get("marketing")


# -- the expected side: plain catalog queries -----------------------------------------------

# User schemas: "pg_" names are reserved for the system (pg_catalog, pg_toast, pg_temp_N).
USER_NS = "n.nspname !~ '^pg_' and n.nspname <> 'information_schema'"


def not_in_extension(catalog: str, oid: str) -> str:
    """An object that no extension owns (pg_depend deptype 'e')."""
    return (f"not exists (select from pg_depend e where e.classid = '{catalog}'::regclass"
            f" and e.objid = {oid} and e.deptype = 'e')")


USER_REL = f"{USER_NS} and {not_in_extension('pg_class', 'c.oid')}"

# Attribute names of a key (conkey, confkey, ...) in key order.
def key_names(relid: str, key: str) -> str:
    return (f"array(select a.attname::text from unnest({key}) with ordinality k(num, ord)"
            f" join pg_attribute a on a.attrelid = {relid} and a.attnum = k.num"
            " order by k.ord)")


EXPECTED_SCHEMAS = f"""
select n.nspname, pg_get_userbyid(n.nspowner)
  from pg_namespace n
 where {USER_NS} and {not_in_extension('pg_namespace', 'n.oid')}
"""

EXPECTED_TABLES = f"""
select n.nspname, c.relname, c.relkind::text, pg_get_userbyid(c.relowner),
       c.relrowsecurity, c.relforcerowsecurity, c.relpersistence = 'u',
       (select array[pn.nspname::text, p.relname::text]
          from pg_inherits i
          join pg_class p on p.oid = i.inhparent
          join pg_namespace pn on pn.oid = p.relnamespace
         where i.inhrelid = c.oid and c.relispartition),
       pg_get_expr(c.relpartbound, c.oid),
       case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end,
       array(select array[pn.nspname::text, p.relname::text]
               from pg_inherits i
               join pg_class p on p.oid = i.inhparent
               join pg_namespace pn on pn.oid = p.relnamespace
              where i.inhrelid = c.oid and not c.relispartition
              order by i.inhseqno)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p', 'f') and {USER_REL}
"""

EXPECTED_COLUMNS = f"""
select n.nspname, c.relname, a.attname,
       (row_number() over (partition by c.oid order by a.attnum))::int,
       format_type(a.atttypid, a.atttypmod), a.attnotnull,
       case when a.attgenerated = '' then pg_get_expr(d.adbin, d.adrelid) end,
       a.attidentity::text, a.attgenerated::text,
       case when a.attgenerated <> '' then pg_get_expr(d.adbin, d.adrelid) end
  from pg_attribute a
  join pg_class c on c.oid = a.attrelid
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
 where a.attnum > 0 and not a.attisdropped
   and c.relkind in ('r', 'p', 'f', 'v', 'm') and {USER_REL}
"""

# NOT NULL constraints (catalogued since 18) are the columns' nullability; constraint
# triggers ('t') are triggers. A foreign key to a partitioned table has hidden clones
# with its name on the same table: keep the one whose parent is not on that table.
_CONSTRAINT_FROM = f"""
  from pg_constraint con
  join pg_class c on c.oid = con.conrelid
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_class fc on fc.oid = con.confrelid
  left join pg_namespace fn on fn.oid = fc.relnamespace
 where con.contype in ('p', 'f', 'u', 'c', 'x') and {USER_REL}
 order by con.conrelid, con.conname,
          (select p.conrelid from pg_constraint p where p.oid = con.conparentid)
              is not distinct from con.conrelid
"""

EXPECTED_CONSTRAINTS = f"""
select distinct on (con.conrelid, con.conname)
       n.nspname, c.relname, con.conname, con.contype::text,
       {key_names('con.conrelid', 'con.conkey')}, pg_get_constraintdef(con.oid, true),
       con.condeferrable, con.condeferred, con.convalidated
{_CONSTRAINT_FROM}
"""

EXPECTED_FOREIGN_KEYS = f"""
select * from (
select distinct on (con.conrelid, con.conname)
       n.nspname, c.relname, con.conname, con.contype::text,
       fn.nspname as ref_schema, fc.relname as ref_table,
       {key_names('con.conrelid', 'con.conkey')} as columns,
       {key_names('con.confrelid', 'con.confkey')} as ref_columns,
       con.confdeltype::text, con.confupdtype::text
{_CONSTRAINT_FROM}) fk
 where contype = 'f'
"""

EXPECTED_INDEXES = f"""
select n.nspname, c.relname, i.relname, pg_get_indexdef(x.indexrelid), am.amname,
       x.indisunique, x.indisprimary, x.indisvalid,
       array(select pg_get_indexdef(x.indexrelid, k, true)
               from generate_series(1, x.indnatts) k where k <= x.indnkeyatts order by k),
       array(select pg_get_indexdef(x.indexrelid, k, true)
               from generate_series(1, x.indnatts) k where k > x.indnkeyatts order by k),
       pg_get_expr(x.indpred, x.indrelid, true)
  from pg_index x
  join pg_class i on i.oid = x.indexrelid
  join pg_am am on am.oid = i.relam
  join pg_class c on c.oid = x.indrelid
  join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p', 'm') and {USER_REL}
"""

EXPECTED_TRIGGERS = f"""
select n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled::text,
       t.tgconstraint <> 0,
       -- tgtype bits (pg_trigger.h): 1 row, 2 before, 64 instead of; 4 insert,
       -- 8 delete, 16 update, 32 truncate
       case when t.tgtype & 2 > 0 then 'BEFORE' when t.tgtype & 64 > 0 then 'INSTEAD OF'
            else 'AFTER' end,
       array(select e.name from (values (4, 'INSERT'), (8, 'DELETE'), (16, 'UPDATE'),
                                        (32, 'TRUNCATE')) e(bit, name)
              where t.tgtype & e.bit > 0 order by e.name),
       case when t.tgtype & 1 > 0 then 'ROW' else 'STATEMENT' end,
       array[pn.nspname::text, p.proname::text]
  from pg_trigger t
  join pg_class c on c.oid = t.tgrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_proc p on p.oid = t.tgfoid
  join pg_namespace pn on pn.oid = p.pronamespace
 where not t.tgisinternal and {USER_REL}
"""

EXPECTED_POLICIES = f"""
select n.nspname, c.relname, p.polname, p.polcmd::text, p.polpermissive,
       array(select case when r = 0 then 'public' else pg_get_userbyid(r)::text end
               from unnest(p.polroles) r),
       pg_get_expr(p.polqual, p.polrelid, true), pg_get_expr(p.polwithcheck, p.polrelid, true)
  from pg_policy p
  join pg_class c on c.oid = p.polrelid
  join pg_namespace n on n.oid = c.relnamespace
 where {USER_REL}
"""

EXPECTED_VIEWS = f"""
select n.nspname, c.relname, c.relkind::text, pg_get_viewdef(c.oid, true),
       array(select a.attname::text from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
              order by a.attnum),
       case when c.relkind = 'm' then c.relispopulated end
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('v', 'm') and {USER_REL}
"""

# Keyed as in `DROP FUNCTION name(input types)`: the input argument types, in order.
SIGNATURE = """p.proname || '(' || coalesce(
       (select string_agg(format_type(a.type, null), ', ' order by a.ord)
          from unnest(p.proargtypes::oid[]) with ordinality a(type, ord)), '') || ')'"""

EXPECTED_FUNCTIONS = f"""
select n.nspname, {SIGNATURE}, p.proname, pg_get_function_arguments(p.oid),
       p.prokind::text, pg_get_function_result(p.oid), l.lanname, p.provolatile::text,
       p.prosecdef, p.proisstrict, p.proparallel::text
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_language l on l.oid = p.prolang
 where {USER_NS} and {not_in_extension('pg_proc', 'p.oid')}
"""

EXPECTED_SEQUENCES = f"""
select n.nspname, c.relname, format_type(s.seqtypid, null), s.seqstart, s.seqincrement,
       s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
       (select array[tn.nspname::text, t.relname::text, a.attname::text]
          from pg_depend d
          join pg_class t on t.oid = d.refobjid
          join pg_namespace tn on tn.oid = t.relnamespace
          join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
         where d.classid = 'pg_class'::regclass and d.objid = c.oid
           and d.refclassid = 'pg_class'::regclass and d.refobjsubid > 0
           and d.deptype in ('a', 'i'))
  from pg_sequence s
  join pg_class c on c.oid = s.seqrelid
  join pg_namespace n on n.oid = c.relnamespace
 where {USER_REL}
"""

# Table row types, array types and the multirange made with each range follow from
# other objects; every other type a user can create is expected.
EXPECTED_TYPES = f"""
select n.nspname, t.typname, t.typtype::text,
       array(select e.enumlabel::text from pg_enum e
              where e.enumtypid = t.oid order by e.enumsortorder),
       case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end,
       t.typnotnull,
       array(select con.conname || ': ' || pg_get_constraintdef(con.oid, true)
               from pg_constraint con where con.contypid = t.oid and con.contype = 'c'
              order by con.conname),
       (select format_type(r.rngsubtype, null) from pg_range r where r.rngtypid = t.oid),
       array(select array[a.attname::text, format_type(a.atttypid, a.atttypmod)]
               from pg_attribute a
              where t.typtype = 'c' and a.attrelid = t.typrelid and a.attnum > 0
                and not a.attisdropped
              order by a.attnum)
  from pg_type t
  join pg_namespace n on n.oid = t.typnamespace
  left join pg_class rc on rc.oid = t.typrelid
 where {USER_NS} and {not_in_extension('pg_type', 't.oid')}
   and (t.typtype in ('e', 'd', 'r')
        or (t.typtype = 'c' and rc.relkind = 'c')
        or (t.typtype = 'b' and not (t.typcategory = 'A' and t.typelem <> 0)))
"""

EXPECTED_EXTENSIONS = """
select e.extname, e.extversion, n.nspname,
       array(select pg_describe_object(d.classid, d.objid, d.objsubid)
               from pg_depend d
              where d.refclassid = 'pg_extension'::regclass and d.refobjid = e.oid
                and d.deptype = 'e'
                -- less the implicit array type of each of its types (18 records it too)
                and d.objid not in (select typarray from pg_type
                                     where d.classid = 'pg_type'::regclass))
  from pg_extension e join pg_namespace n on n.oid = e.extnamespace
"""


def _described(kind: str, schema: str, parent: str, name: str, joins: str, where: str) -> str:
    return f"""
select '{kind}', {schema}, {parent}, {name}, d.description
  from pg_description d {joins}
 where {where}"""


# Every comment on an object the snapshot documents: (kind, schema, relation or name,
# child name, text).
EXPECTED_COMMENTS = " union all ".join([
    _described(
        "schema", "n.nspname", "''", "''",
        "join pg_namespace n on d.classoid = 'pg_namespace'::regclass and d.objoid = n.oid",
        f"{USER_NS} and {not_in_extension('pg_namespace', 'n.oid')}"),
    _described(
        "relation", "n.nspname", "c.relname", "''",
        "join pg_class c on d.classoid = 'pg_class'::regclass and d.objoid = c.oid"
        " and d.objsubid = 0 join pg_namespace n on n.oid = c.relnamespace",
        f"c.relkind in ('r', 'p', 'f', 'v', 'm', 'S') and {USER_REL}"),
    _described(
        "column", "n.nspname", "c.relname", "a.attname::text",
        "join pg_class c on d.classoid = 'pg_class'::regclass and d.objoid = c.oid"
        " join pg_attribute a on a.attrelid = c.oid and a.attnum = d.objsubid"
        " join pg_namespace n on n.oid = c.relnamespace",
        f"d.objsubid > 0 and c.relkind in ('r', 'p', 'f', 'v', 'm') and {USER_REL}"),
    _described(
        "index", "n.nspname", "c.relname", "i.relname::text",
        "join pg_class i on d.classoid = 'pg_class'::regclass and d.objoid = i.oid"
        " join pg_index x on x.indexrelid = i.oid join pg_class c on c.oid = x.indrelid"
        " join pg_namespace n on n.oid = c.relnamespace",
        f"c.relkind in ('r', 'p', 'm') and {USER_REL}"),
    _described(
        "constraint", "n.nspname", "c.relname", "con.conname::text",
        "join pg_constraint con on d.classoid = 'pg_constraint'::regclass"
        " and d.objoid = con.oid join pg_class c on c.oid = con.conrelid"
        " join pg_namespace n on n.oid = c.relnamespace",
        f"con.contype in ('p', 'f', 'u', 'c', 'x') and {USER_REL}"),
    _described(
        "trigger", "n.nspname", "c.relname", "t.tgname::text",
        "join pg_trigger t on d.classoid = 'pg_trigger'::regclass and d.objoid = t.oid"
        " join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace",
        f"not t.tgisinternal and {USER_REL}"),
    _described(
        "policy", "n.nspname", "c.relname", "p.polname::text",
        "join pg_policy p on d.classoid = 'pg_policy'::regclass and d.objoid = p.oid"
        " join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace",
        USER_REL),
    _described(
        "function", "n.nspname", SIGNATURE, "''",
        "join pg_proc p on d.classoid = 'pg_proc'::regclass and d.objoid = p.oid"
        " join pg_namespace n on n.oid = p.pronamespace",
        f"{USER_NS} and {not_in_extension('pg_proc', 'p.oid')}"),
    _described(
        "type", "n.nspname", "t.typname", "''",
        "join pg_type t on d.classoid = 'pg_type'::regclass and d.objoid = t.oid"
        " join pg_namespace n on n.oid = t.typnamespace"
        " left join pg_class rc on rc.oid = t.typrelid",
        f"{USER_NS} and {not_in_extension('pg_type', 't.oid')}"
        " and (t.typtype <> 'c' or rc.relkind = 'c')"),
    _described(
        "extension", "e.extname", "''", "''",
        "join pg_extension e on d.classoid = 'pg_extension'::regclass and d.objoid = e.oid",
        "true"),
])

# -- the snapshot side, in the same shapes ----------------------------------------------------

RELKIND = {"table": "r", "partitioned_table": "p", "foreign_table": "f"}
IDENTITY = {None: "", "always": "a", "by default": "d"}
GENERATED = {None: "", "stored": "s", "virtual": "v"}
CONTYPE = {"primary_key": "p", "foreign_key": "f", "unique": "u", "check": "c",
           "exclusion": "x"}
ACTION = {"NO ACTION": "a", "RESTRICT": "r", "CASCADE": "c", "SET NULL": "n",
          "SET DEFAULT": "d"}
ENABLED = {"enabled": "O", "disabled": "D", "replica": "R", "always": "A"}
COMMAND = {"SELECT": "r", "INSERT": "a", "UPDATE": "w", "DELETE": "d", "ALL": "*"}
PROKIND = {"function": "f", "procedure": "p", "aggregate": "a", "window": "w"}
VOLATILITY = {"immutable": "i", "stable": "s", "volatile": "v"}
PARALLEL = {"safe": "s", "restricted": "r", "unsafe": "u"}
TYPTYPE = {"enum": "e", "domain": "d", "composite": "c", "range": "r", "base": "b"}


def code(mapping: dict[Any, str], value: Any) -> Any:
    """The catalog's code for a snapshot value; an unknown value stays as it is."""
    return mapping.get(value, value)


def parts(ref: ObjectRef | ColumnRef | None) -> tuple[str, ...] | None:
    """A reference as the tuple of its names (the catalog side's arrays)."""
    return None if ref is None else dataclasses.astuple(ref)


def relations(snap: Snapshot) -> Iterator[tuple[str, str, Any]]:
    """Every table, view and materialized view, with its schema name."""
    for schema_name, schema in snap.schemas.items():
        for group in (schema.tables, schema.views, schema.materialized_views):
            for name, rel in group.items():
                yield schema_name, name, rel


def snapshot_tables(snap: Snapshot) -> set[Row]:
    return {
        (s, name, code(RELKIND, t.kind), t.owner, t.rls_enabled, t.rls_forced, t.unlogged,
         parts(t.partition_of), t.partition_bound, t.partition_key,
         tuple(map(parts, t.inherits)))
        for s, schema in snap.schemas.items() for name, t in schema.tables.items()
    }


def snapshot_columns(snap: Snapshot) -> set[Row]:
    return {
        (s, rel_name, name, c.position, c.type, not c.nullable, c.default,
         code(IDENTITY, c.identity), code(GENERATED, c.generated), c.generation_expression)
        for s, rel_name, rel in relations(snap) for name, c in rel.columns.items()
    }


def snapshot_constraints(snap: Snapshot) -> set[Row]:
    return {
        (s, t_name, name, code(CONTYPE, c.type), tuple(c.columns), c.definition,
         c.deferrable, c.initially_deferred, c.validated)
        for s, schema in snap.schemas.items() for t_name, t in schema.tables.items()
        for name, c in t.constraints.items()
    }


def snapshot_foreign_keys(snap: Snapshot) -> set[Row]:
    return {
        (s, t_name, name, code(CONTYPE, c.type),
         c.references.schema if c.references else None,
         c.references.table if c.references else None,
         tuple(c.columns), tuple(c.references.columns) if c.references else None,
         code(ACTION, c.on_delete), code(ACTION, c.on_update))
        for s, schema in snap.schemas.items() for t_name, t in schema.tables.items()
        for name, c in t.constraints.items() if c.type == "foreign_key"
    }


def snapshot_indexes(snap: Snapshot) -> set[Row]:
    return {
        (s, rel_name, name, i.definition, i.method, i.unique, i.primary, i.valid,
         tuple(i.columns), tuple(i.include), i.predicate)
        for s, rel_name, rel in relations(snap) for name, i in rel.indexes.items()
    }


def snapshot_triggers(snap: Snapshot) -> set[Row]:
    return {
        (s, rel_name, name, t.definition, code(ENABLED, t.enabled), t.constraint_trigger,
         t.timing, tuple(sorted(t.events)), t.level, parts(t.function))
        for s, rel_name, rel in relations(snap) for name, t in rel.triggers.items()
    }


def snapshot_policies(snap: Snapshot) -> set[Row]:
    return {
        (s, t_name, name, code(COMMAND, p.command), p.permissive, tuple(sorted(p.roles)),
         p.using, p.with_check)
        for s, schema in snap.schemas.items() for t_name, t in schema.tables.items()
        for name, p in t.policies.items()
    }


def snapshot_views(snap: Snapshot) -> set[Row]:
    rows: set[Row] = set()
    for s, schema in snap.schemas.items():
        for kind, group in (("v", schema.views), ("m", schema.materialized_views)):
            for name, v in group.items():
                columns = sorted(v.columns, key=lambda col: v.columns[col].position)
                rows.add((s, name, kind, v.definition, tuple(columns), v.populated))
    return rows


def snapshot_functions(snap: Snapshot) -> set[Row]:
    return {
        (s, signature, f.name, f.arguments, code(PROKIND, f.kind), f.returns, f.language,
         code(VOLATILITY, f.volatility), f.security_definer, f.strict, code(PARALLEL, f.parallel))
        for s, schema in snap.schemas.items() for signature, f in schema.functions.items()
    }


def snapshot_sequences(snap: Snapshot) -> set[Row]:
    return {
        (s, name, q.data_type, q.start, q.increment, q.min_value, q.max_value, q.cache,
         q.cycle, parts(q.owned_by))
        for s, schema in snap.schemas.items() for name, q in schema.sequences.items()
    }


def snapshot_types(snap: Snapshot) -> set[Row]:
    return {
        (s, name, code(TYPTYPE, t.kind), tuple(t.values), t.base_type, t.not_null,
         tuple(f"{check}: {definition}" for check, definition in sorted(t.checks.items())),
         t.subtype, tuple((a.name, a.type) for a in t.attributes))
        for s, schema in snap.schemas.items() for name, t in schema.types.items()
    }


def snapshot_extensions(snap: Snapshot) -> set[Row]:
    return {
        (name, e.version, e.schema, tuple(sorted(e.objects)))
        for name, e in snap.extensions.items()
    }


def snapshot_comments(snap: Snapshot) -> set[Row]:
    found: list[Row] = []
    for s, schema in snap.schemas.items():
        found.append(("schema", s, "", "", schema.comment))
        for group in (schema.tables, schema.views, schema.materialized_views):
            for rel_name, rel in group.items():
                found.append(("relation", s, rel_name, "", rel.comment))
                for kind, children in (
                    ("column", rel.columns),
                    ("index", rel.indexes),
                    ("constraint", getattr(rel, "constraints", {})),
                    ("trigger", rel.triggers),
                    ("policy", getattr(rel, "policies", {})),
                ):
                    found += [(kind, s, rel_name, name, child.comment)
                              for name, child in children.items()]
        found += [("relation", s, name, "", q.comment) for name, q in schema.sequences.items()]
        found += [("function", s, sig, "", f.comment) for sig, f in schema.functions.items()]
        found += [("type", s, name, "", t.comment) for name, t in schema.types.items()]
    found += [("extension", name, "", "", e.comment) for name, e in snap.extensions.items()]
    return {row for row in found if row[-1] is not None}


def with_sorted(rows: set[Row], index: int) -> set[Row]:
    """The rows with the list at `index` sorted (for lists whose order is not defined)."""
    return {row[:index] + (tuple(sorted(row[index])),) + row[index + 1:] for row in rows}


# -- every object, for every real schema ----------------------------------------------------


def test_database_matches_catalog(loaded: Loaded) -> None:
    """The snapshot names the database and server version it was taken from."""
    (expected,) = loaded.catalog(
        "select current_database(), current_setting('server_version_num')::int")
    database = loaded.snapshot.database
    assert (database.name, database.server_version_num) == expected


def test_schemas_match_catalog(loaded: Loaded) -> None:
    """Every user schema is documented with its owner, and no other schema is."""
    expected = loaded.catalog(EXPECTED_SCHEMAS)
    assert {(s, schema.owner) for s, schema in loaded.snapshot.schemas.items()} == expected


def test_tables_match_catalog(loaded: Loaded) -> None:
    """Every table, partitioned and foreign table, with owner, RLS flags and partitioning."""
    assert snapshot_tables(loaded.snapshot) == loaded.catalog(EXPECTED_TABLES)


def test_columns_match_catalog(loaded: Loaded) -> None:
    """Every column of every relation: position, type, NOT NULL, default, identity,
    generation."""
    assert snapshot_columns(loaded.snapshot) == loaded.catalog(EXPECTED_COLUMNS)


def test_constraints_match_catalog(loaded: Loaded) -> None:
    """Every primary key, foreign key, unique, check and exclusion constraint, with its
    columns and definition."""
    assert snapshot_constraints(loaded.snapshot) == loaded.catalog(EXPECTED_CONSTRAINTS)


def test_foreign_keys_match_catalog(loaded: Loaded) -> None:
    """Every foreign key points at the right table and columns, with its actions."""
    assert snapshot_foreign_keys(loaded.snapshot) == loaded.catalog(EXPECTED_FOREIGN_KEYS)


def test_indexes_match_catalog(loaded: Loaded) -> None:
    """Every index (on tables, partitioned tables and materialized views), with its
    definition and access method."""
    assert snapshot_indexes(loaded.snapshot) == loaded.catalog(EXPECTED_INDEXES)


def test_triggers_match_catalog(loaded: Loaded) -> None:
    """Every user trigger with its definition; the internal ones behind foreign keys are
    not listed."""
    assert snapshot_triggers(loaded.snapshot) == loaded.catalog(EXPECTED_TRIGGERS)


def test_policies_match_catalog(loaded: Loaded) -> None:
    """Every row-level security policy, with command, roles and expressions."""
    expected = with_sorted(loaded.catalog(EXPECTED_POLICIES), 5)
    assert snapshot_policies(loaded.snapshot) == expected


def test_views_match_catalog(loaded: Loaded) -> None:
    """Every view and materialized view, with its definition and columns in order."""
    assert snapshot_views(loaded.snapshot) == loaded.catalog(EXPECTED_VIEWS)


def test_functions_match_catalog(loaded: Loaded) -> None:
    """Every function, procedure and aggregate keyed by name(input types), with its
    arguments; an extension's functions are not among them."""
    assert snapshot_functions(loaded.snapshot) == loaded.catalog(EXPECTED_FUNCTIONS)


def test_sequences_match_catalog(loaded: Loaded) -> None:
    """Every sequence with its parameters and the column that owns it."""
    assert snapshot_sequences(loaded.snapshot) == loaded.catalog(EXPECTED_SEQUENCES)


def test_types_match_catalog(loaded: Loaded) -> None:
    """Every enum (labels in declared order), domain (base type, checks), composite and
    range type."""
    assert snapshot_types(loaded.snapshot) == loaded.catalog(EXPECTED_TYPES)


def test_extensions_match_catalog(loaded: Loaded) -> None:
    """Every installed extension, with version, schema and the objects it owns (its
    types' implicit array types aside, so that 15 and 18 list the same)."""
    expected = with_sorted(loaded.catalog(EXPECTED_EXTENSIONS), 3)
    assert snapshot_extensions(loaded.snapshot) == expected


def test_comments_match_catalog(loaded: Loaded) -> None:
    """Every comment on a documented object is kept, verbatim."""
    assert snapshot_comments(loaded.snapshot) == loaded.catalog(EXPECTED_COMMENTS)


def test_row_estimates_match_catalog(loaded: Loaded) -> None:
    """Each table's and materialized view's estimate is the planner's reltuples; one never
    analysed has none (before 14 a never-analysed table shows 0, so either is accepted)."""
    rows = query(loaded.dsn, f"""
        select n.nspname, c.relname, c.reltuples::float8
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where c.relkind in ('r', 'm') and {USER_REL}""")
    old = loaded.server.version < 140000
    mismatches = []
    for schema_name, name, reltuples in rows:
        schema = loaded.snapshot.schemas[str(schema_name)]
        rel = schema.tables.get(str(name)) or schema.materialized_views[str(name)]
        got = rel.row_count.estimate if rel.row_count else None
        tuples = float(str(reltuples))
        want = round(tuples) if tuples >= 0 else None
        if got != want and not (old and want == 0 and got is None):
            mismatches.append((schema_name, name, got, want))
    assert mismatches == []


# -- Pagila ------------------------------------------------------------------------------------


def _has_pgvector(loaded: Loaded) -> bool:
    return "vector" in loaded.snapshot.extensions


def test_pagila_figures(pagila: Loaded) -> None:
    """The source's own count of objects: 71 tables (16 plus 55 monthly partitions),
    7 views, 1 materialized view, 9 functions and 1 aggregate, 13 sequences, 16 triggers,
    37 foreign keys (one table, its key and trigger fewer without pgvector)."""
    public = pagila.snapshot.schemas["public"]
    extra = 1 if _has_pgvector(pagila) else 0
    triggers = [t for table in public.tables.values() for t in table.triggers]
    fks = [c for table in public.tables.values() for c in table.constraints.values()
           if c.type == "foreign_key"]
    assert (len(public.tables), len(public.views), len(public.materialized_views)) == (
        70 + extra, 7, 1)
    kinds = sorted(f.kind for f in public.functions.values())
    assert kinds == ["aggregate"] + ["function"] * 9
    assert len(public.sequences) == 13
    assert len(triggers) == 15 + extra
    assert len(fks) == 36 + extra


def test_pagila_payment_is_partitioned_by_month(pagila: Loaded) -> None:
    """`payment` is RANGE-partitioned on payment_date into 55 monthly partitions, each
    with its bounds."""
    tables = pagila.snapshot.schemas["public"].tables
    payment = tables["payment"]
    assert payment.kind == "partitioned_table"
    assert payment.partition_key == "RANGE (payment_date)"
    months = [f"{year}_{month:02d}" for year in range(2022, 2027) for month in range(1, 13)]
    expected = {f"payment_p{m}" for m in months if m <= "2026_07"}
    parent = ObjectRef("public", "payment")
    partitions = {name for name, t in tables.items() if t.partition_of == parent}
    assert partitions == expected
    for name in partitions:
        bound = tables[name].partition_bound or ""
        assert bound.startswith("FOR VALUES FROM ('"), (name, bound)
        assert tables[name].kind == "table"


def test_pagila_types(pagila: Loaded) -> None:
    """The enum keeps its declared order; the domains, one with a non-ASCII name, keep
    their base types and checks."""
    types = pagila.snapshot.schemas["public"].types
    assert types["mpaa_rating"].kind == "enum"
    assert types["mpaa_rating"].values == ["G", "PG", "PG-13", "R", "NC-17"]
    assert (types["bıgınt"].kind, types["bıgınt"].base_type) == ("domain", "bigint")
    assert types["year"].base_type == "integer"
    assert types["year"].checks == {"year_check": "CHECK (VALUE >= 1901 AND VALUE <= 2155)"}


def test_pagila_fulltext(pagila: Loaded) -> None:
    """film.fulltext is a tsvector with a GiST index and the trigger that fills it."""
    film = pagila.snapshot.schemas["public"].tables["film"]
    assert film.columns["fulltext"].type == "tsvector"
    index = film.indexes["film_fulltext_idx"]
    assert (index.method, index.columns, index.unique) == ("gist", ["fulltext"], False)
    trigger = film.triggers["film_fulltext_trigger"]
    assert (trigger.timing, trigger.events, trigger.level) == (
        "BEFORE", ["INSERT", "UPDATE"], "ROW")
    assert trigger.function == ObjectRef("pg_catalog", "tsvector_update_trigger")


def test_pagila_generated_column(pagila: Loaded) -> None:
    """film.length_hours is generated: VIRTUAL on 18, STORED where the file was adapted."""
    column = pagila.snapshot.schemas["public"].tables["film"].columns["length_hours"]
    assert column.generated == ("virtual" if pagila.server.major >= 18 else "stored")
    assert column.generation_expression and "60.0" in column.generation_expression
    assert column.default is None


def test_pagila_aggregate_and_materialized_view(pagila: Loaded) -> None:
    """group_concat is an aggregate over _group_concat; rental_by_category is a
    materialized view created WITH NO DATA, with its unique index."""
    public = pagila.snapshot.schemas["public"]
    aggregate = public.functions["group_concat(text)"]
    assert aggregate.kind == "aggregate"
    assert aggregate.definition and "_group_concat" in aggregate.definition
    view = public.materialized_views["rental_by_category"]
    assert list(view.columns) == ["category", "total_sales"]
    assert view.populated is False
    assert view.indexes["rental_category"].unique
    assert "rental_by_category" not in public.views


def test_pagila_pgvector_objects_stay_with_the_extension(pagila: Loaded) -> None:
    """pgvector lives in schema public, yet its type, functions and operators are listed
    under the extension, not among Pagila's own objects."""
    if not _has_pgvector(pagila):
        pytest.skip(f"pgvector is not available on {pagila.server.id}")
    extension = pagila.snapshot.extensions["vector"]
    assert extension.schema == "public"
    assert "type public.vector" in extension.objects
    assert any(o.startswith("function public.vector_in(") for o in extension.objects)
    public = pagila.snapshot.schemas["public"]
    assert not [sig for sig in public.functions if sig.startswith(("vector", "l2_distance"))]
    assert "vector" not in public.types
    embedding = public.tables["film_embedding"]
    assert embedding.columns["embedding"].type == "public.vector(20)"
    assert embedding.indexes["film_embedding_embedding_hnsw_idx"].method == "hnsw"


# -- tbls ------------------------------------------------------------------------------------


def test_tbls_names_that_need_quoting(tbls: Loaded) -> None:
    """Mixed-case and hyphenated names and the reserved word `time` are kept as written;
    the same table name lives in two schemas."""
    schemas = tbls.snapshot.schemas
    assert {"administrator", "backup", "time", "public"} <= set(schemas)
    assert {"CamelizeTable", "hyphen-table"} <= set(schemas["public"].tables)
    assert list(schemas["public"].tables["hyphen-table"].columns) == [
        "id", "hyphen-column", "CamelizeTableId", "created"]
    assert set(schemas["time"].tables) == {"bar", "hyphenated-table", "referencing"}
    assert "blogs" in schemas["administrator"].tables and "blogs" in schemas["backup"].tables
    assert list(schemas["administrator"].tables["blogs"].columns) != list(
        schemas["backup"].tables["blogs"].columns)
    fk = schemas["time"].tables["referencing"].constraints["referencing_ht_id"]
    assert fk.references and (fk.references.schema, fk.references.table) == (
        "time", "hyphenated-table")


def test_tbls_foreign_keys(tbls: Loaded) -> None:
    """A composite key, a cross-schema key, and ON DELETE SET NULL (col) kept in the
    definition."""
    public = tbls.snapshot.schemas["public"]
    composite = public.tables["comment_stars"].constraints["comment_stars_user_id_post_id_fk"]
    assert composite.columns == ["comment_post_id", "comment_user_id"]
    assert composite.references and (
        composite.references.table, composite.references.columns) == (
        "comments", ["post_id", "user_id"])
    posts_fk = public.tables["posts"].constraints["posts_user_id_fk"]
    assert posts_fk.on_delete == "SET NULL"
    assert "ON DELETE SET NULL (user_id)" in posts_fk.definition
    cross = tbls.snapshot.schemas["administrator"].tables["blogs"].constraints["blogs_user_id_fk"]
    assert cross.references and (cross.references.schema, cross.references.table) == (
        "public", "users")
    assert cross.on_delete == "CASCADE"


def test_tbls_comments_verbatim(tbls: Loaded) -> None:
    """Multi-line comments keep \\n, \\r\\n and \\r as written; comments on constraints,
    indexes and triggers are kept."""
    public = tbls.snapshot.schemas["public"]
    comments = public.tables["comments"]
    assert comments.comment == "Comments\nMulti-line\r\ntable\rcomment"
    assert comments.columns["comment"].comment == "Comment\nMulti-line\r\ncolumn\rcomment"
    posts = public.tables["posts"]
    assert posts.constraints["posts_user_id_fk"].comment == "posts -> users"
    assert posts.indexes["posts_user_id_idx"].comment == "posts.user_id index"
    assert public.tables["users"].triggers["update_users_updated"].comment == (
        "Update updated when users insert or update")


def test_tbls_triggers_and_procedure(tbls: Loaded) -> None:
    """The constraint trigger is marked as one; the procedure is of kind 'procedure'."""
    public = tbls.snapshot.schemas["public"]
    constraint_trigger = public.tables["posts"].triggers["update_posts_updated"]
    assert constraint_trigger.constraint_trigger
    assert "CONSTRAINT TRIGGER" in constraint_trigger.definition
    assert not public.tables["users"].triggers["update_users_updated"].constraint_trigger
    procedure = public.functions["reset_comment(integer)"]
    assert (procedure.kind, procedure.arguments, procedure.returns) == (
        "procedure", "IN comment_id integer", None)
    assert public.functions["update_updated()"].returns == "trigger"


def test_tbls_extension_functions_listed_under_the_extension(tbls: Loaded) -> None:
    """uuid-ossp's functions are the extension's objects, not the public schema's."""
    extension = tbls.snapshot.extensions["uuid-ossp"]
    assert extension.schema == "public"
    assert {"function public.uuid_generate_v4()", "function public.uuid_nil()"} <= set(
        extension.objects)
    public = tbls.snapshot.schemas["public"]
    assert set(public.functions) == {"update_updated()", "reset_comment(integer)"}
    assert public.types["post_types"].values == ["public", "private", "draft"]


# -- the sample Marketing DB ----------------------------------------------------------------

MARKETING_TABLES = {"marketing": 9, "intake": 1, "bit": 3, "ple": 3, "public": 1,
                    "archive": 46, "neon_auth": 1}
MARKETING_EMPTY = {"BIT", "PLE", "company", "people"}


def test_marketing_schemas_and_tables(marketing: Loaded) -> None:
    """The seed's 11 schemas (lower and upper case bit/ple both exist) and 64 tables."""
    schemas = marketing.snapshot.schemas
    assert set(schemas) == set(MARKETING_TABLES) | MARKETING_EMPTY
    counts = {name: len(schema.tables) for name, schema in schemas.items()}
    assert counts == MARKETING_TABLES | dict.fromkeys(MARKETING_EMPTY, 0)
    assert sum(counts.values()) == 64


def test_marketing_key_tables(marketing: Loaded) -> None:
    """The seed's figures for its main tables: columns, indexes and foreign keys."""
    tables = marketing.snapshot.schemas["marketing"].tables

    def shape(name: str) -> tuple[int, int, int]:
        t = tables[name]
        fks = [c for c in t.constraints.values() if c.type == "foreign_key"]
        return len(t.columns), len(t.indexes), len(fks)

    assert shape("company_master")[:2] == (29, 5)
    assert shape("people_master")[:2] == (29, 10)
    assert shape("people_resolution_queue") == (17, 6, 2)
    slots_fks = [c for c in tables["company_slots"].constraints.values()
                 if c.type == "foreign_key"]
    assert [(fk.references.schema, fk.references.table) for fk in slots_fks
            if fk.references] == [("marketing", "company_master")]


@pytest.mark.parametrize(("schema", "table", "rows"), [
    ("marketing", "company_master", 453),
    ("marketing", "company_slots", 1359),
    ("marketing", "people_master", 170),
    ("archive", "public_storage_evaluation_state_county_zip_v2", 41551),
])
def test_marketing_row_estimates(marketing: Loaded, schema: str, table: str, rows: int) -> None:
    """After the data file's ANALYZE, the estimates are the seed's row counts (within 1%)."""
    count = marketing.snapshot.schemas[schema].tables[table].row_count
    assert count.source == "reltuples"
    assert count.estimate is not None
    assert abs(count.estimate - rows) <= rows / 100, (count.estimate, rows)
