"""A synthetic database of N tables for the snapshot benchmark (bench/run.py).

The shape follows a large application database: about 20 schemas, each table with
about 14 columns of mixed types (integers, text, varchar, numeric, timestamptz,
boolean, jsonb, an enum, arrays), a primary key, about one foreign key to an earlier
table, one to three secondary indexes (some partial, some on expressions), comments
on every table and on some columns, some check constraints, one view and one trigger
(sharing one trigger function) per ten tables. The same N and seed give the same SQL.

The whole database is one psql script run in a few transactions. The database is
named `schemadoc_bench_<N>` and, once complete, carries a marker in its comment, so a
later run reuses it instead of loading it again.

Run it as a script to see the DDL: `python bench/synthetic.py --tables 20`.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

# Bump when the generated SQL changes, so that cached databases are rebuilt.
GENERATOR_VERSION = 1
SEED = 20_251_127
SCHEMA_COUNT = 20
# CREATE TABLE locks every relation it creates until commit (table, TOAST table and
# index, primary key, indexes, sequence): a few hundred tables per transaction stay
# well inside the default lock table (max_locks_per_transaction = 64).
TABLES_PER_TRANSACTION = 250
COMMON_SCHEMA = "bench_common"

SCHEMAS = (
    "sales", "billing", "inventory", "crm", "hr", "finance", "logistics", "marketing",
    "support", "catalog", "analytics", "audit", "payments", "shipping", "procurement",
    "content", "identity", "reporting", "operations", "partners",
)
NOUNS = (
    "account", "address", "invoice", "order", "order_line", "product", "price", "customer",
    "supplier", "shipment", "parcel", "payment", "refund", "ticket", "message", "campaign",
    "lead", "contact", "employee", "contract", "asset", "location", "warehouse", "stock",
    "event", "session", "document", "report", "budget", "ledger_entry", "tax_rate", "discount",
    "subscription", "plan", "voucher", "review", "category", "tag", "note", "task",
)
STATUS_VALUES = ("draft", "active", "on_hold", "archived", "deleted")
ON_DELETE = ("no action", "no action", "cascade", "set null", "restrict")

# Optional columns: (name, type, constraint clause). Each table draws some of them, in
# this order, so that it has 12 to 16 columns in all.
OPTIONAL_COLUMNS = (
    ("code", "varchar({n})", " not null"),
    ("description", "text", ""),
    ("status", "{schema}.record_status", " not null default 'active'"),
    ("quantity", "integer", " not null default 0"),
    ("amount", "numeric(12,2)", ""),
    ("is_active", "boolean", " not null default true"),
    ("attributes", "jsonb", " not null default '{{}}'::jsonb"),
    ("tags", "text[]", " not null default '{{}}'"),
    ("scores", "integer[]", ""),
    ("external_id", "bigint", ""),
    ("email", "varchar(255)", ""),
    ("priority", "smallint", " not null default 3"),
    ("valid_from", "timestamptz", ""),
    ("valid_to", "timestamptz", ""),
    ("notes", "text", ""),
    ("version", "integer", " not null default 1"),
    ("updated_at", "timestamptz", ""),
)
COLUMN_COMMENTS = (
    "Set by the application; never edited by hand.",
    "Shown to customers on invoices and e-mails.",
    "Free text; may hold personal data.",
    "Denormalised for reporting; the source of truth is the parent row.",
    "Null until the record's first review.",
    "Kept for the legacy import; it's read by nightly jobs only.",
)


def marker(tables: int, seed: int = SEED) -> str:
    """The database comment that says a complete synthetic database of `tables` is here."""
    return f"schemadoc bench synthetic v{GENERATOR_VERSION} tables={tables} seed={seed}"


def database_name(tables: int, shape: str = "app") -> str:
    """Name of the cached benchmark database for `tables` tables of a shape."""
    return f"schemadoc_bench_{tables}" if shape == "app" else f"schemadoc_bench_{shape}_{tables}"


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


@dataclass
class Script:
    """The generated SQL and what it creates."""

    sql: str
    counts: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class TableSpec:
    """One generated table: where it lives and what other objects may refer to."""

    schema: str
    name: str

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


class Generator:
    """Writes the DDL of the synthetic database, one table at a time."""

    SHAPE = "app"
    # one view (and, at another offset, one trigger) per this many tables
    VIEW_EVERY = 10
    TRIGGER_EVERY = 10

    def __init__(self, tables: int, seed: int) -> None:
        self.tables = tables
        self.seed = seed
        self.rng = random.Random(seed)
        self.schemas = SCHEMAS[: max(1, min(SCHEMA_COUNT, tables))]
        self.created: list[TableSpec] = []
        self.by_schema: dict[str, list[TableSpec]] = {s: [] for s in self.schemas}
        self.counts: Counter[str] = Counter()
        self.out: list[str] = []

    def emit(self, statement: str) -> None:
        self.out.append(statement)

    def prelude(self) -> None:
        """Schemas, one enum per schema and the shared trigger function."""
        self.emit("set client_min_messages = warning;")
        self.emit("set synchronous_commit = off;")
        self.emit("begin;")
        self.emit(f"create schema {COMMON_SCHEMA};")
        self.emit(
            f"create function {COMMON_SCHEMA}.touch_updated_at() returns trigger\n"
            "language plpgsql as $$\nbegin\n  new.updated_at := now();\n  return new;\nend\n$$;"
        )
        self.emit(f"comment on function {COMMON_SCHEMA}.touch_updated_at() is "
                  "'Sets updated_at on every update; shared by all audited tables.';")
        values = ", ".join(quote(v) for v in STATUS_VALUES)
        for schema in self.schemas:
            self.emit(f"create schema {schema};")
            self.emit(f"comment on schema {schema} is {quote(f'The {schema} domain.')};")
            self.emit(f"create type {schema}.record_status as enum ({values});")
        self.counts.update(schemas=len(self.schemas) + 1, enums=len(self.schemas), functions=1)
        self.emit("commit;")

    def schema_for(self, index: int) -> str:
        """Contiguous blocks of tables per schema, as applications tend to have."""
        return self.schemas[index * len(self.schemas) // self.tables]

    def fk_targets(self, schema: str) -> list[TableSpec]:
        """About one foreign key per table, mostly within the schema, always backwards."""
        if not self.created:
            return []
        wanted = self.rng.choice((0, 1, 1, 1, 2))
        targets: list[TableSpec] = []
        for _ in range(wanted):
            local = self.by_schema[schema]
            pool = local if local and self.rng.random() < 0.8 else self.created
            target = self.rng.choice(pool[-200:])
            if target not in targets:
                targets.append(target)
        return targets

    def table(self, index: int) -> None:
        """CREATE TABLE with its keys and checks, then indexes, comments, view, trigger."""
        rng = self.rng
        schema = self.schema_for(index)
        spec = TableSpec(schema, f"{rng.choice(NOUNS)}_{index:05d}")
        targets = self.fk_targets(schema)
        has_trigger = index % self.TRIGGER_EVERY == 4
        has_view = index % self.VIEW_EVERY == self.VIEW_EVERY - 1

        fixed = 3 + len(targets)  # id, name, created_at, the foreign key columns
        optional = rng.sample(OPTIONAL_COLUMNS, max(0, rng.randint(12, 16) - fixed))
        if has_trigger and not any(c[0] == "updated_at" for c in optional):
            optional.append(OPTIONAL_COLUMNS[-1])
        optional.sort(key=OPTIONAL_COLUMNS.index)
        names = {c[0] for c in optional}

        lines = ["id bigint generated by default as identity primary key",
                 "name text not null"]
        fk_columns = []
        for target in targets:
            column = f"{target.name}_id"
            fk_columns.append(column)
            lines.append(f"{column} bigint references {target.qualified} (id) "
                         f"on delete {rng.choice(ON_DELETE)}")
        for name, type_, clause in optional:
            type_ = type_.format(n=rng.choice((16, 32, 64)), schema=schema)
            lines.append(f"{name} {type_}{clause.format()}")
        lines.append("created_at timestamptz not null default now()")
        checks = self.checks(spec, names)
        lines += checks
        if "code" in names and rng.random() < 0.25:
            lines.append(f"constraint {spec.name}_code_key unique (code)")
            self.counts["unique"] += 1
        self.emit(f"create table {spec.qualified} (\n  " + ",\n  ".join(lines) + "\n);")
        self.counts.update(tables=1, columns=3 + len(targets) + len(optional),
                           foreign_keys=len(targets), checks=len(checks))

        self.indexes(spec, names, fk_columns)
        self.comments(spec, ["id", "name", *fk_columns, *(c[0] for c in optional)])
        if has_trigger:
            self.emit(f"create trigger {spec.name}_touch before update on {spec.qualified}\n"
                      f"  for each row execute function {COMMON_SCHEMA}.touch_updated_at();")
            self.counts["triggers"] += 1
        if has_view:
            self.view(spec, targets, fk_columns, names)
        self.created.append(spec)
        self.by_schema[schema].append(spec)
        self.after_table(index, spec, targets, fk_columns)

    def after_table(self, index: int, spec: TableSpec, targets: list[TableSpec],
                    fk_columns: list[str]) -> None:
        """More objects once a table exists (another shape adds functions here)."""

    def checks(self, spec: TableSpec, names: set[str]) -> list[str]:
        """Check constraints on some tables, where their columns exist."""
        if self.rng.random() >= 0.35:
            return []
        checks = []
        if "quantity" in names:
            checks.append(f"constraint {spec.name}_quantity_check check (quantity >= 0)")
        if "amount" in names:
            checks.append(f"constraint {spec.name}_amount_check check (amount >= 0)")
        if {"valid_from", "valid_to"} <= names:
            checks.append(f"constraint {spec.name}_validity_check "
                          "check (valid_to is null or valid_to > valid_from)")
        if not checks:
            checks.append(f"constraint {spec.name}_name_check check (length(name) > 0)")
        return checks

    def indexes(self, spec: TableSpec, names: set[str], fk_columns: list[str]) -> None:
        """One to three secondary indexes: plain, partial, expression, GIN."""
        candidates = [f"({column})" for column in fk_columns]
        candidates.append("(created_at)")
        candidates.append("(lower(name))")
        if "is_active" in names:
            candidates.append("(created_at) where is_active")
        if "status" in names:
            candidates.append("(status) where status <> 'archived'")
        if "attributes" in names:
            candidates.append("using gin (attributes)")
        if "email" in names:
            candidates.append("(lower(email::text))")
        chosen = self.rng.sample(candidates, min(len(candidates), self.rng.randint(1, 3)))
        for number, body in enumerate(chosen, 1):
            self.emit(f"create index {spec.name}_ix{number} on {spec.qualified} {body};")
        self.counts["indexes"] += len(chosen)

    def comments(self, spec: TableSpec, columns: list[str]) -> None:
        """A comment on every table and on about a quarter of the columns."""
        noun = spec.name.rsplit("_", 1)[0].replace("_", " ")
        self.emit(f"comment on table {spec.qualified} is "
                  f"{quote(f'One row per {noun} in {spec.schema}; loaded by the nightly sync.')};")
        for column in columns:
            if self.rng.random() < 0.25:
                text = self.rng.choice(COLUMN_COMMENTS)
                self.emit(f"comment on column {spec.qualified}.{column} is {quote(text)};")
                self.counts["column_comments"] += 1
        self.counts["table_comments"] += 1

    def view(self, spec: TableSpec, targets: list[TableSpec], fk_columns: list[str],
             names: set[str]) -> None:
        """A reporting view over the table, joined to its first parent when it has one."""
        where = " where t.is_active" if "is_active" in names else ""
        if targets:
            parent, column = targets[0], fk_columns[0]
            body = (f"select t.id, t.name, t.created_at, p.name as {parent.name}_name\n"
                    f"  from {spec.qualified} t\n"
                    f"  left join {parent.qualified} p on p.id = t.{column}{where};")
        else:
            body = f"select t.id, t.name, t.created_at\n  from {spec.qualified} t{where};"
        self.emit(f"create view {spec.schema}.v_{spec.name} as\n{body}")
        self.emit(f"comment on view {spec.schema}.v_{spec.name} is "
                  f"{quote(f'Reporting view over {spec.qualified}.')};")
        self.counts["views"] += 1

    def marker(self) -> str:
        """The completion marker of this generator's database."""
        return marker(self.tables, self.seed)

    def build(self, dbname: str | None) -> Script:
        """The whole script; with `dbname`, it ends by setting the completion marker."""
        self.prelude()
        for start in range(0, self.tables, TABLES_PER_TRANSACTION):
            self.emit("begin;")
            for index in range(start, min(start + TABLES_PER_TRANSACTION, self.tables)):
                self.table(index)
            self.emit("commit;")
            done = min(start + TABLES_PER_TRANSACTION, self.tables)
            self.emit(f"\\echo loaded {done} of {self.tables} tables")
        if dbname is not None:
            done_marker = self.marker()
            self.emit(f"comment on database {dbname} is {quote(done_marker)};")
        return Script("\n".join(self.out) + "\n", self.counts)


def generate(tables: int, seed: int = SEED, dbname: str | None = None,
             generator: type[Generator] = Generator) -> Script:
    """The DDL of a synthetic database of `tables` tables (deterministic for a seed)."""
    if tables < 1:
        raise ValueError("the synthetic database needs at least one table")
    return generator(tables, seed).build(dbname)


def with_dbname(dsn: str, dbname: str) -> str:
    """The same server, another database."""
    params = conninfo_to_dict(dsn)
    params["dbname"] = dbname
    return make_conninfo("", **params)


def current_marker(admin_dsn: str, dbname: str) -> str | None:
    """The comment of database `dbname`, '' when it has none, None when it does not exist."""
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        row = conn.execute(
            "select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database "
            "where datname = %s", (dbname,)).fetchone()
    return None if row is None else str(row[0])


def ensure_database(
    admin_dsn: str,
    tables: int,
    psql: Path,
    say: Callable[[str], None] = print,
    seed: int = SEED,
    generator: type[Generator] = Generator,
) -> tuple[str, float | None]:
    """DSN of a complete synthetic database of `tables` tables of the generator's shape,
    loading it if needed.

    Returns the DSN and the load time in seconds (None when a cached one was reused).
    A database of that name without the current marker (an interrupted load, an older
    generator) is dropped and loaded again.
    """
    dbname = database_name(tables, generator.SHAPE)
    found = current_marker(admin_dsn, dbname)
    if found == generator(tables, seed).marker():
        say(f"reusing database {dbname} ({found})")
        return with_dbname(admin_dsn, dbname), None
    started = time.perf_counter()
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if found is not None:
            say(f"database {dbname} is incomplete or from another generator; rebuilding it")
            conn.execute(sql.SQL("drop database {} with (force)").format(sql.Identifier(dbname)))
        conn.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))
    script = generate(tables, seed, dbname, generator)
    megabytes = len(script.sql) / 1e6
    say(f"loading {dbname}: {script.counts['tables']} tables, {megabytes:.1f} MB of SQL "
        "(once; later runs reuse it)")
    dsn = with_dbname(admin_dsn, dbname)
    run_psql(psql, dsn, script.sql, say)
    return dsn, time.perf_counter() - started


def run_psql(psql: Path, dsn: str, script: str, say: Callable[[str], None]) -> None:
    """Run a script with psql, stopping at the first error; relay its progress lines."""
    args = [str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn]
    with (tempfile.TemporaryFile("w+") as errors,
          subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=errors, text=True) as proc):
        assert proc.stdin is not None and proc.stdout is not None
        # Feed the script from a thread so that psql's progress lines show as they come.
        feeder = threading.Thread(target=_feed, args=(proc.stdin, script), daemon=True)
        feeder.start()
        for line in proc.stdout:
            say(f"  {line.rstrip()}")
        code = proc.wait()
        feeder.join()
        errors.seek(0)
        message = errors.read()
    if code != 0:
        raise RuntimeError(f"psql failed loading the synthetic database: {message[-2000:]}")


def _feed(stream: IO[str], text: str) -> None:
    try:
        stream.write(text)
        stream.close()
    except BrokenPipeError:  # psql stopped at an error; its message tells why
        pass


def main() -> None:
    """Print the DDL (and its object counts on stderr)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=10_000, help="number of tables")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--shape", choices=("app", "cross"), default="app",
                        help="app: tables mostly within their schema (default); cross: "
                        "tables, views and functions across schemas (synthetic_cross.py)")
    args = parser.parse_args()
    generator = Generator
    if args.shape == "cross":
        import synthetic_cross

        generator = synthetic_cross.CrossGenerator
    script = generate(args.tables, args.seed, None, generator)
    sys.stdout.write(script.sql)
    print(dict(sorted(script.counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
