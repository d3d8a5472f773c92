"""Snapshots built in memory, without a database, for render tests (as tbls' testutil).

`seed_snapshot()` is a small Marketing DB shaped like the seed document: active,
archive, platform-managed and empty schemas (`bit` and `BIT`), foreign-key chains, a
touch_updated_at trigger, an ID format enforced by a CHECK regex, a view, a
materialized view, functions, types and sequences. `odd_snapshot()` holds hostile and
odd names and comments: markup in comments, names that collide case-blind, 63-byte
names, slashes, quotes, unicode.
"""

from __future__ import annotations

import itertools

from generator.model import (
    FORMAT_VERSION,
    Column,
    ColumnRef,
    Constraint,
    Database,
    Dependency,
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

GENERATED_AT = "2025-11-07T09:30:00Z"
HOSTILE = ("<script>alert(1)</script> | pipes | `ticks` [link](http://x) *star* _under_\n"
           "# not a heading\n- not a list {#id} ??? note")

_counter = itertools.count(20000)


def _oid() -> int:
    return next(_counter)


def _reset_oids() -> None:
    """Each snapshot numbers its objects from the same start: the same input every run."""
    global _counter
    _counter = itertools.count(20000)


def column(position: int, type_: str = "text", nullable: bool = True, **extra: object) -> Column:
    """A column; attnum follows position."""
    return Column(position=position, attnum=position, type=type_, nullable=nullable,
                  **extra)  # type: ignore[arg-type]


def columns(*specs: tuple[str, str] | tuple[str, str, bool]) -> dict[str, Column]:
    """Columns from (name, type[, nullable]) in order."""
    return {spec[0]: column(i, spec[1], spec[2] if len(spec) > 2 else True)  # type: ignore[misc]
            for i, spec in enumerate(specs, start=1)}


def pk(table: str, *cols: str) -> tuple[str, Constraint]:
    """A primary key named like PostgreSQL names it."""
    return f"{table}_pkey", Constraint("primary_key", list(cols),
                                        f"PRIMARY KEY ({', '.join(cols)})", index=f"{table}_pkey")


def fk(table: str, col: str, schema: str, target: str, target_col: str,
       on_delete: str = "NO ACTION") -> tuple[str, Constraint]:
    """A single-column foreign key."""
    return f"{table}_{col}_fkey", Constraint(
        "foreign_key", [col],
        f"FOREIGN KEY ({col}) REFERENCES {schema}.{target}({target_col})",
        references=Reference(schema, target, [target_col]), on_delete=on_delete,
        on_update="NO ACTION")


def index(schema: str, table: str, name: str, cols: list[str], unique: bool = False,
          primary: bool = False, scans: int = 0, predicate: str | None = None) -> Index:
    """A btree index with its definition."""
    where = f" WHERE {predicate}" if predicate else ""
    kind = "UNIQUE INDEX" if unique else "INDEX"
    return Index(definition=f"CREATE {kind} {name} ON {schema}.{table} USING btree "
                 f"({', '.join(cols)}){where}", unique=unique, primary=primary,
                 method="btree", columns=cols, predicate=predicate, bytes=16384, scans=scans)


def table(cols: dict[str, Column], *constraints: tuple[str, Constraint], rows: int | None = 0,
          exact: int | None = None, indexes: dict[str, Index] | None = None,
          **extra: object) -> Table:
    """A table; `rows=None` means never analysed."""
    count = RowCount(rows, "reltuples" if rows is not None else "never analysed", exact)
    size = 8192 * (1 + (rows or 0) // 100)
    return Table(oid=_oid(), kind=str(extra.pop("kind", "table")), owner="app",
                 row_count=count, total_bytes=size + 16384 * len(indexes or {}),
                 table_bytes=size, toast_bytes=0, index_bytes=16384 * len(indexes or {}),
                 columns=cols, constraints=dict(constraints), indexes=indexes or {},
                 **extra)  # type: ignore[arg-type]


def touch(schema: str, table_name: str, dependencies: bool = False) -> dict[str, Trigger]:
    """The usual updated_at trigger (with its `depends_on` when `dependencies`)."""
    return {f"{table_name}_touch": Trigger(
        timing="BEFORE", events=["UPDATE"], level="ROW",
        function=ObjectRef("public", "touch_updated_at"), enabled="enabled",
        depends_on=[Dependency("function", "public", "touch_updated_at()")]
        if dependencies else [],
        definition=f"CREATE TRIGGER {table_name}_touch BEFORE UPDATE ON {schema}.{table_name} "
        "FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at()")}


def database(name: str = "marketing") -> Database:
    """Where the snapshot came from (no password, ever)."""
    return Database(name=name, host="ep-example-pooler.us-east-1.aws.neon.tech", port=5432,
                    user="docs_reader", server_version="18.1", server_version_num=180001,
                    encoding="UTF8", collation="C.UTF-8", ssl=True,
                    stats_reset="2025-11-01T00:00:00Z", stats_since="2025-11-01T00:00:00Z")


def _marketing(deps: bool = False) -> Schema:
    s = "marketing"
    barton = ("company_unique_id_format", Constraint(
        "check", ["company_unique_id"],
        "CHECK (company_unique_id ~ '^04\\.04\\.02\\.04\\.30000\\.[0-9]{3}$'::text)"))
    company = table(
        columns(("company_unique_id", "text", False), ("company_name", "text", False),
                ("industry", "text"), ("is_active", "boolean", False),
                ("created_at", "timestamp with time zone", False),
                ("updated_at", "timestamp with time zone", False)),
        pk("company_master", "company_unique_id"), barton, rows=453,
        indexes={"company_master_pkey": index(s, "company_master", "company_master_pkey",
                                              ["company_unique_id"], True, True, 1200),
                 "company_master_name_idx": index(s, "company_master", "company_master_name_idx",
                                                  ["company_name"], scans=0)},
        comment="Primary company records. Main source of truth for company data.",
        triggers=touch(s, "company_master", deps))
    people = table(
        columns(("people_unique_id", "text", False), ("full_name", "text"), ("email", "text"),
                ("is_verified", "boolean"), ("created_at", "timestamp with time zone", False),
                ("updated_at", "timestamp with time zone"),
                ("deleted_at", "timestamp with time zone")),
        pk("people_master", "people_unique_id"), rows=170,
        indexes={"people_master_pkey": index(s, "people_master", "people_master_pkey",
                                             ["people_unique_id"], True, True),
                 "people_master_email_key": index(s, "people_master", "people_master_email_key",
                                                  ["email"], True),
                 "people_master_live_idx": index(s, "people_master", "people_master_live_idx",
                                                 ["full_name"], predicate="deleted_at IS NULL")},
        comment="Contact/executive records.", triggers=touch(s, "people_master", deps),
        rls_enabled=True, policies={"own_rows": Policy(
            "SELECT", True, ["app_reader"], using="(owner = CURRENT_USER)")})
    slots = table(
        columns(("slot_id", "bigint", False), ("company_unique_id", "text", False),
                ("people_unique_id", "text"), ("slot_type", "marketing.slot_type", False),
                ("is_filled", "boolean", False)),
        pk("company_slots", "slot_id"),
        fk("company_slots", "company_unique_id", s, "company_master", "company_unique_id",
           "CASCADE"),
        fk("company_slots", "people_unique_id", s, "people_master", "people_unique_id"),
        rows=1359, comment="Executive position tracking (CEO, CFO, HR, etc.)",
        triggers={"company_slots_log": Trigger(
            timing="AFTER", events=["UPDATE"], level="ROW",
            function=ObjectRef(s, "log_slot_event"), enabled="enabled",
            definition="CREATE TRIGGER company_slots_log AFTER UPDATE ON marketing."
            "company_slots FOR EACH ROW EXECUTE FUNCTION marketing.log_slot_event()",
            depends_on=[Dependency("function", s, "log_slot_event()")])} if deps else {},
        indexes={"company_slots_pkey": index(s, "company_slots", "company_slots_pkey",
                                             ["slot_id"], True, True)})
    slots.columns["slot_id"] = column(1, "bigint", False, identity="always")
    if deps:
        slots.columns["slot_type"].depends_on.append(Dependency("type", s, "slot_type"))
    events = table(
        columns(("event_id", "bigint", False), ("slot_id", "bigint", False),
                ("event_type", "text", False), ("payload", "jsonb"),
                ("created_at", "timestamp with time zone", False)),
        pk("pipeline_events", "event_id"),
        fk("pipeline_events", "slot_id", s, "company_slots", "slot_id"), rows=None,
        comment="Event tracking for the data pipeline")
    return Schema(
        oid=_oid(), owner="app", comment="Primary data",
        tables={"company_master": company, "company_slots": slots, "people_master": people,
                "pipeline_events": events},
        views={"active_companies": View(
            oid=_oid(), owner="app",
            definition=" SELECT company_unique_id,\n    company_name\n   FROM marketing."
            "company_master\n  WHERE is_active;",
            columns=columns(("company_unique_id", "text"), ("company_name", "text")),
            comment="Companies still in play",
            depends_on=[Dependency("table", s, "company_master", c)
                        for c in ("company_name", "company_unique_id", "is_active") if deps])},
        materialized_views={"company_counts": View(
            oid=_oid(), owner="app", populated=True, row_count=RowCount(12, "reltuples"),
            total_bytes=16384,
            definition="\n".join([" SELECT industry,"] + [f"    {n} AS c{n}," for n in range(16)]
                                 + ["    count(*) AS n", "   FROM marketing.company_master",
                                    "  GROUP BY industry;"]),
            columns=columns(("industry", "text"), ("n", "bigint")),
            depends_on=[Dependency("table", s, "company_master", "industry"),
                        Dependency("table", s, "company_master")] if deps else [])},
        functions={"slot_label(slot marketing.slot_type)": Function(
            oid=_oid(), name="slot_label", kind="function",
            arguments="slot marketing.slot_type", returns="text", language="sql",
            volatility="immutable", security_definer=False, strict=True, parallel="safe",
            owner="app", comment="Human label of a slot",
            definition="CREATE OR REPLACE FUNCTION marketing.slot_label(slot marketing.slot_"
            "type)\n RETURNS text\n LANGUAGE sql\n IMMUTABLE STRICT\nAS $$ SELECT initcap("
            "slot::text) $$",
            depends_on=[Dependency("type", s, "slot_type")] if deps else []),
            **({"log_slot_event()": Function(
            oid=_oid(), name="log_slot_event", kind="function", arguments="",
            returns="trigger", language="plpgsql", volatility="volatile",
            security_definer=False, strict=False, parallel="unsafe", owner="app",
            comment="Records a change of slot as an event",
            definition="CREATE OR REPLACE FUNCTION marketing.log_slot_event()\n RETURNS "
            "trigger\n LANGUAGE plpgsql\nAS $$ BEGIN INSERT INTO pipeline_events (slot_id, "
            "event_type) SELECT slot_id, 'slot.' || TG_OP FROM company_slots WHERE slot_id = "
            "NEW.slot_id; RETURN NEW; END $$",
            depends_on=[
                Dependency("table", s, "company_slots", "slot_id", "parsed", "read", True),
                Dependency("table", s, "pipeline_events", None, "parsed", "write", True),
                Dependency("table", s, "pipeline_events", "event_type", "parsed", "write",
                           True),
                Dependency("table", s, "pipeline_events", "slot_id", "parsed", "write", True),
            ])} if deps else {})},
        sequences={"pipeline_events_event_id_seq": Sequence(
            oid=_oid(), data_type="bigint", start=1, increment=1, min_value=1,
            max_value=9223372036854775807, cache=1, cycle=False, owner="app",
            owned_by=ColumnRef("marketing", "pipeline_events", "event_id"),
            depends_on=[Dependency("table", s, "pipeline_events", "event_id")] if deps else [])},
        types={
            "slot_type": UserType(oid=_oid(), kind="enum", owner="app",
                                  values=["ceo", "cfo", "hr", "abacus"]),
            "email": UserType(oid=_oid(), kind="domain", owner="app", base_type="text",
                              checks={"email_check": "CHECK (VALUE ~ '^[^@]+@[^@]+$'::text)"}),
            "money_pair": UserType(oid=_oid(), kind="composite", owner="app",
                                   attributes=[TypeAttribute("amount", "numeric(12,2)"),
                                               TypeAttribute("currency", "text")]),
        })


def _public() -> Schema:
    touch_fn = Function(
        oid=_oid(), name="touch_updated_at", kind="function", arguments="",
        returns="trigger", language="plpgsql", volatility="volatile", security_definer=True,
        strict=False, parallel="unsafe", owner="app",
        definition="CREATE OR REPLACE FUNCTION public.touch_updated_at()\n RETURNS trigger\n"
        " LANGUAGE plpgsql\n SECURITY DEFINER\nAS $$ BEGIN NEW.updated_at := now(); "
        "RETURN NEW; END $$")
    log = table(columns(("id", "integer", False), ("message", "text")), pk("shq_validation_log",
                "id"), rows=0, comment="Validation operation logs")
    return Schema(oid=_oid(), owner="pg_database_owner", comment="standard public schema",
                  tables={"shq_validation_log": log},
                  functions={"touch_updated_at()": touch_fn})


def seed_snapshot(dependencies: bool = False) -> Snapshot:
    """The seed's Marketing DB, small; with `dependencies`, its objects' `depends_on` too
    (views, triggers, a type's column, a sequence's owner) and a trigger function whose
    parsed body reads one table and writes another."""
    _reset_oids()
    intake = Schema(oid=_oid(), owner="app", comment="Data ingestion", tables={
        "company_raw_intake": table(columns(("id", "bigint", False), ("company_name", "text")),
                                    pk("company_raw_intake", "id"), rows=453, exact=453,
                                    comment="CSV upload staging area")})
    archive = Schema(oid=_oid(), owner="app", comment="Archived tables", tables={
        f"old_table_{i}": table(columns(("id", "integer", False)), rows=1000 * i)
        for i in range(1, 4)})
    neon = Schema(oid=_oid(), owner="neon_service", tables={"users_sync": table(
        columns(("id", "text", False), ("raw_json", "jsonb", False)), pk("users_sync", "id"),
        rows=0)})
    empty = {name: Schema(oid=_oid(), owner="app") for name in ("bit", "BIT", "people")}
    return Snapshot(
        format_version=FORMAT_VERSION, generated_at=GENERATED_AT, database=database(),
        extensions={"plpgsql": Extension("1.0", "pg_catalog", "PL/pgSQL procedural language")},
        schemas={"marketing": _marketing(dependencies), "intake": intake, "archive": archive,
                 "neon_auth": neon, "public": _public(), **empty},
    )


def odd_snapshot() -> Snapshot:
    """Hostile comments and names that are hard to turn into file names."""
    _reset_oids()
    long_name = "x" * 63
    unicode_long = "é" * 31  # 62 bytes
    names = ["T", "t", "my table", 'quo"te', "a/b", "index", "café", long_name, unicode_long,
             "dots.in.name"]
    tables = {name: table(columns(("id", "integer", False), ("note", "text")), pk("x", "id"),
                          rows=1, comment=HOSTILE) for name in names}
    tables["t"] = table(
        {"id": column(1, "integer", False, comment=HOSTILE), "T": column(2, "integer")},
        pk("t", "id"), fk("t", "T", "BIT", "T", "id"), rows=5, comment=HOSTILE)
    # Dependencies between hostile names: a view, a function and a trigger.
    fn_sig = "f|<b>x</b>[y](z)()"
    tables["a/b"] = table(columns(("id", "integer", False), ("note", "text")), pk("x", "id"),
                          rows=1, triggers={"tg|<i>": Trigger(
                              timing="BEFORE", events=["UPDATE"], level="ROW",
                              function=ObjectRef("bit", "f|<b>x</b>[y](z)"), enabled="enabled",
                              definition="CREATE TRIGGER ...",
                              depends_on=[Dependency("function", "bit", fn_sig)])})
    views = {"v<script>|`x`": View(
        oid=_oid(), owner="app", definition=' SELECT note FROM bit."quo""te";',
        columns=columns(("note", "text")),
        depends_on=[Dependency("table", "bit", 'quo"te', "note")])}
    functions = {fn_sig: Function(
        oid=_oid(), name="f|<b>x</b>[y](z)", kind="function", arguments="", returns="trigger",
        language="plpgsql", volatility="volatile", security_definer=False, strict=False,
        parallel="unsafe", owner="app", dynamic_sql=True,
        depends_on=[Dependency("table", "bit", "my table", "note", "parsed", "read")])}
    hostile_schema = Schema(oid=_oid(), owner="app", comment=HOSTILE, tables={
        "T": table(columns(("id", "integer", False)), pk("T", "id"), rows=2, comment=HOSTILE)})
    return Snapshot(
        format_version=FORMAT_VERSION, generated_at=GENERATED_AT,
        database=database("odd <db>"),
        schemas={"bit": Schema(oid=_oid(), owner="app", comment=HOSTILE, tables=tables,
                               views=views, functions=functions),
                 "BIT": hostile_schema,
                 "index": Schema(oid=_oid(), owner="app", comment="schema named index",
                                 tables={"t": table(columns(("id", "integer")), rows=None)})},
    )


def big_schema_snapshot(linked: int = 300, spokes: int = 45, pairs: int = 15,
                        alone: int = 24) -> Snapshot:
    """Schema `app` of an application's shape (400 tables by default): a hub `users`
    referenced by `spokes` tables of its own and by some of `linked` tables that each
    reference one or two earlier ones (seeded, so the same every run), `pairs` small
    parent/child groups and `alone` tables without foreign keys."""
    import random

    _reset_oids()
    rng = random.Random(12)
    specs: dict[str, list[str]] = {"users": []}
    specs.update({f"user_{i:02d}_detail": ["users"] for i in range(spokes)})
    made: list[str] = []
    for i in range(linked):
        name = f"{('order', 'invoice', 'stock', 'ticket', 'event')[i % 5]}_{i:03d}"
        pool = made[-40:]
        targets = sorted(set(rng.sample(pool, min(len(pool), rng.choice((1, 1, 1, 2))))))
        if i % 9 == 0:
            targets.append("users")
        specs[name] = targets
        made.append(name)
    for i in range(pairs):
        specs[f"pair_{i:02d}_parent"] = []
        specs[f"pair_{i:02d}_child"] = [f"pair_{i:02d}_parent"]
    specs.update({f"zz_alone_{i:02d}": [] for i in range(alone)})
    tables = {}
    for name, targets in specs.items():
        cols = [("id", "bigint", False)] + [(f"{t}_id", "bigint") for t in targets]
        tables[name] = table(columns(*cols), pk(name, "id"),
                             *(fk(name, f"{t}_id", "app", t, "id") for t in targets))
    return Snapshot(format_version=FORMAT_VERSION, generated_at=GENERATED_AT,
                    database=database(), schemas={"app": Schema(oid=_oid(), owner="app",
                                                                tables=tables)})


def wide_snapshot(count: int) -> Snapshot:
    """One schema of `count` tables, each referencing the previous one: a long list and a
    long foreign-key chain."""
    _reset_oids()
    tables = {}
    for i in range(count):
        name = f"t{i:05d}"
        cons = [pk(name, "id")] + ([fk(name, "prev_id", "wide", f"t{i - 1:05d}", "id")]
                                   if i else [])
        tables[name] = table(columns(("id", "bigint", False), ("prev_id", "bigint"),
                                     ("note", "text")), *cons, rows=i,
                             comment=f"Table number {i}, with a comment of some length.")
    return Snapshot(format_version=FORMAT_VERSION, generated_at=GENERATED_AT,
                    database=database(), schemas={"wide": Schema(oid=_oid(), owner="app",
                                                                 tables=tables)})


def crossed_snapshot(schemas: int, per_schema: int) -> Snapshot:
    """`schemas` schemas of `per_schema` tables whose keys lead everywhere: each table
    references a table of the previous one and one of another schema (spread over every
    pair), has a trigger calling a function of its own, and every tenth has row-level
    security without a policy. What makes an overview grow with the tables."""
    _reset_oids()
    names = [f"s{i:02d}" for i in range(schemas)]
    found: dict[str, Schema] = {}
    for i, schema in enumerate(names):
        tables = {}
        for j in range(per_schema):
            name = f"t{j:05d}"
            near, far = names[i - 1], names[(i + 1 + j) % schemas]
            cons = [pk(name, "id"), fk(name, "near_id", near, f"t{j:05d}", "id"),
                    fk(name, "far_id", far, f"t{(j * 7) % per_schema:05d}", "id")]
            trigger = Trigger(timing="BEFORE", events=["UPDATE"], level="ROW",
                              function=ObjectRef(schema, f"touch_{name}"), enabled="enabled",
                              definition=f"CREATE TRIGGER {name}_touch BEFORE UPDATE ON "
                              f"{schema}.{name} FOR EACH ROW EXECUTE FUNCTION "
                              f"{schema}.touch_{name}()")
            tables[name] = table(columns(("id", "bigint", False), ("near_id", "bigint"),
                                         ("far_id", "bigint")), *cons, rows=j,
                                 comment=f"Table {j} of {schema}.",
                                 triggers={f"{name}_touch": trigger},
                                 rls_enabled=j % 10 == 0)
        found[schema] = Schema(oid=_oid(), owner="app", tables=tables)
    return Snapshot(format_version=FORMAT_VERSION, generated_at=GENERATED_AT,
                    database=database("crossed"), schemas=found)


def busy_functions_snapshot(tables: int, functions: int, reads: int) -> Snapshot:
    """One schema of `tables` tables and `functions` functions, each reading `reads`
    of the tables, writing as many and called by a trigger on each of them: what makes
    a schema page's function sections grow (the bench's "cross" shape at 10,000)."""
    _reset_oids()
    names = [f"t{j:05d}" for j in range(tables)]
    found: dict[str, Table] = {}
    for j, name in enumerate(names):
        triggers = {f"{name}_f{k:04d}": Trigger(
            timing="AFTER", events=["INSERT"], level="ROW",
            function=ObjectRef("busy", f"f{k:04d}"), enabled="enabled",
            definition=f"CREATE TRIGGER {name}_f{k:04d} AFTER INSERT ON busy.{name} "
                       f"FOR EACH ROW EXECUTE FUNCTION busy.f{k:04d}()",
            depends_on=[Dependency("function", "busy", f"f{k:04d}()")])
            for k in range(functions) if (j + k) % tables < reads}
        found[name] = table(columns(("id", "bigint", False)), pk(name, "id"), rows=j,
                            triggers=triggers)
    fns = {}
    for k in range(functions):
        picked = [names[(k * 3 + n) % tables] for n in range(reads)]
        fns[f"f{k:04d}()"] = Function(
            oid=_oid(), name=f"f{k:04d}", kind="function", arguments="", returns="trigger",
            language="plpgsql", volatility="volatile", security_definer=False,
            strict=False, parallel="unsafe", owner="app",
            definition=f"CREATE FUNCTION busy.f{k:04d}() RETURNS trigger AS $$ ... $$",
            depends_on=[Dependency("table", "busy", t, source="parsed", access=access)
                        for t in sorted(picked) for access in ("read", "write")])
    return Snapshot(format_version=FORMAT_VERSION, generated_at=GENERATED_AT,
                    database=database("busy"),
                    schemas={"busy": Schema(oid=_oid(), owner="app", tables=found,
                                            functions=fns)})
