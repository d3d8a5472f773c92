"""Pointing schemadoc at a production database is safe: one short read-only REPEATABLE
READ transaction that writes nothing, holds no lock on a table, waits on a lock no longer
than --lock-timeout, runs a fixed number of catalog queries, and survives a migration
that drops objects while it reads."""

from __future__ import annotations

import logging
import os
import pty
import re
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from psycopg.errors import ReadOnlySqlTransaction

from generator.cli import cli
from generator.errors import ConcurrentDDL, SchemadocError
from generator.introspect import IntrospectOptions, introspect
from generator.introspect.catalog import ALL_QUERIES, Timeouts, read_catalog
from generator.introspect.connection import connect
from tests.helpers import query, run_sql

SCHEMADOC = Path(sys.executable).with_name("schemadoc")

# Tables with everything PostgreSQL deparses (keys, checks, defaults, partial index,
# trigger with WHEN, policy) but no view: see test_only_views_and_what_they_read_are_locked.
APP_DDL = """
create schema app;
create table app.customer (
    id int primary key,
    email text not null unique check (email like '%@%'),
    created timestamptz not null default now()
);
create table app.orders (
    id bigint generated always as identity primary key,
    customer_id int not null references app.customer on delete cascade,
    total numeric(10, 2) check (total >= 0)
);
create index orders_customer_idx on app.orders (customer_id) where total > 0;
create function app.touch() returns trigger language plpgsql as 'begin return new; end';
create trigger orders_touch before update on app.orders for each row
    when (old.total is distinct from new.total) execute function app.touch();
alter table app.orders enable row level security;
create policy big_orders on app.orders using (total > 100);
"""

ACTIVITY = """
select pid, backend_type, state, xact_start, backend_xid, backend_xmin
  from pg_stat_activity
 where application_name = 'schemadoc' and datname = current_database()
"""

# Relation locks a backend holds on anything outside the system schemas.
USER_LOCKS = """
select n.nspname || '.' || c.relname, l.mode
  from pg_locks l
  join pg_class c on c.oid = l.relation
  join pg_namespace n on n.oid = c.relnamespace
 where l.pid = %s and l.locktype = 'relation'
   and l.database = (select oid from pg_database where datname = current_database())
   and n.nspname <> 'pg_catalog' and n.nspname <> 'information_schema'
   and n.nspname !~ '^pg_toast'
 order by 1
"""


def _attempts(names: list[str]) -> int:
    """How many times introspect() began: each attempt starts with the `session` query."""
    return names.count("session")


# -- one transaction, read only ------------------------------------------------------


def test_snapshot_is_one_read_only_transaction_seen_from_outside(db: str) -> None:
    """Watched from another session between every catalog query: the same backend and the
    same transaction throughout, idle in transaction, no transaction id (it never wrote),
    a snapshot held (xmin), and no lock on any table of a user schema. A table created
    mid-way is not in the result: the transaction is REPEATABLE READ."""
    run_sql(db, APP_DDL)
    seen: list[tuple[str, tuple[Any, ...], list[tuple[Any, ...]]]] = []
    with psycopg.connect(db, autocommit=True) as observer:

        def look(name: str, seconds: float, rows: int) -> None:
            (activity,) = observer.execute(ACTIVITY).fetchall()
            seen.append((name, activity, observer.execute(USER_LOCKS, [activity[0]]).fetchall()))
            if name == "schemas":
                run_sql(db, "create table app.born_later (id int primary key)")

        snap = introspect(db, on_query=look)
        # The server ends a backend shortly after its client leaves: poll for it.
        deadline = time.monotonic() + 10
        while observer.execute(ACTIVITY).fetchall() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert observer.execute(ACTIVITY).fetchall() == [], "connection left open"

    assert [name for name, _, _ in seen] == list(ALL_QUERIES)
    activities = [activity for _, activity, _ in seen]
    assert len({a[0] for a in activities}) == 1, "one connection"
    assert len({a[3] for a in activities}) == 1, "one transaction (same xact_start)"
    for _, backend_type, state, _, xid, xmin in activities:
        assert backend_type == "client backend"
        assert state == "idle in transaction"
        assert xid is None, "a transaction id means something was written"
        assert xmin is not None
    assert all(locks == [] for _, _, locks in seen), seen
    assert sorted(snap.schemas["app"].tables) == ["customer", "orders"]


def test_transaction_settings_seen_from_inside(db: str) -> None:
    """Inside the connection schemadoc opens, after the catalog is read: REPEATABLE READ,
    read only, named schemadoc, with its own statement, lock and idle timeouts, a fixed
    search_path, no parallel workers and no JIT, all local to the transaction: after it
    ends the session has the server's defaults again, so a transaction-mode pooler hands
    back a clean connection."""
    with psycopg.connect(db, autocommit=True) as plain:
        defaults = plain.execute(
            "select current_setting('statement_timeout'), current_setting('lock_timeout'), "
            "current_setting('search_path')"
        ).fetchone()
    conn = connect(db)
    try:
        read_catalog(conn)

        def show(setting: str) -> str:
            return str(conn.execute(f"show {setting}").fetchone()[0])  # type: ignore[index]

        assert show("transaction_isolation") == "repeatable read"
        assert show("transaction_read_only") == "on"
        assert show("application_name") == "schemadoc"
        assert show("statement_timeout") == "1min"
        assert show("lock_timeout") == "2s"
        assert show("idle_in_transaction_session_timeout") == "1min"
        assert show("search_path") == "pg_catalog, pg_temp"
        # no parallel workers taken from the server's shared pool, no JIT compilation
        assert show("max_parallel_workers_per_gather") == "0"
        assert show("jit") == "off"
        # names print the same whatever the server's default (see identifiers.py)
        assert show("quote_all_identifiers") == "off"
        conn.rollback()
        after = (show("statement_timeout"), show("lock_timeout"), show("search_path"))
        assert after == defaults
    finally:
        conn.close()


def test_the_connection_cannot_write(db: str) -> None:
    """The connection schemadoc uses refuses writes: DDL fails as a read-only transaction."""
    conn = connect(db)
    try:
        with pytest.raises(ReadOnlySqlTransaction):
            conn.execute("create table x ()")
    finally:
        conn.close()
    assert query(db, "select to_regclass('public.x')") == [(None,)]


# -- locks ---------------------------------------------------------------------------


def test_only_views_and_what_they_read_are_locked(db: str) -> None:
    """schemadoc locks no table itself. PostgreSQL's pg_get_viewdef() takes ACCESS SHARE
    (the weakest mode, which only conflicts with ACCESS EXCLUSIVE) on a view and the tables
    it reads, until the transaction ends; a table no view reads is never locked."""
    run_sql(db, APP_DDL + "create view app.big_orders as select id, total from app.orders;")
    held: set[tuple[str, str]] = set()
    with psycopg.connect(db, autocommit=True) as observer:

        def look(name: str, seconds: float, rows: int) -> None:
            (activity,) = observer.execute(ACTIVITY).fetchall()
            held.update(observer.execute(USER_LOCKS, [activity[0]]).fetchall())

        introspect(db, on_query=look)
    # Up to PostgreSQL 15 the view itself is locked too (its rule names it).
    assert held <= {("app.big_orders", "AccessShareLock"), ("app.orders", "AccessShareLock")}
    assert ("app.orders", "AccessShareLock") in held  # the observer does see locks


def test_a_migration_is_not_blocked_by_a_running_snapshot(db: str) -> None:
    """While the snapshot's transaction is open, another session can ALTER a table (ACCESS
    EXCLUSIVE) without waiting: its lock_timeout of 1s would fail it otherwise."""
    run_sql(db, APP_DDL)
    altered: list[str] = []

    def migrate(name: str, seconds: float, rows: int) -> None:
        if name == "relations":
            with psycopg.connect(db, autocommit=True) as other:
                other.execute("set lock_timeout = '1s'")
                other.execute("alter table app.customer add column nickname text")
                other.execute("alter table app.orders add column note text")
            altered.append(name)

    snap = introspect(db, on_query=migrate)
    assert altered == ["relations"]
    assert {"customer", "orders"} <= set(snap.schemas["app"].tables)


def test_a_locked_table_makes_the_snapshot_give_up_after_lock_timeout(
    db: str, tmp_path: Path
) -> None:
    """A migration holds ACCESS EXCLUSIVE on a table. PostgreSQL needs a brief ACCESS SHARE
    lock to print that table's CHECK constraint, so the snapshot cannot finish; it waits
    no longer than --lock-timeout, says so in one line, and leaves the migration alone.
    Once the migration commits, the snapshot works."""
    run_sql(db, APP_DDL)
    with psycopg.connect(db) as migration:
        migration.execute("lock table app.customer in access exclusive mode")
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["snapshot", "--dsn", db, "--lock-timeout", "1s",
                                          "-o", str(tmp_path / "schema_map.json")])
        elapsed = time.monotonic() - started
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("schemadoc: error: "), result.stderr
        assert "waited too long for a lock" in lines[0] and "--lock-timeout" in lines[0]
        assert elapsed < 30, f"hang guard: {elapsed:.1f}s"
        migration.execute("insert into app.customer values (1, 'a@example.com')")
        migration.commit()
    assert not (tmp_path / "schema_map.json").exists()
    snap = introspect(db)
    assert "customer" in snap.schemas["app"].tables


def test_a_table_of_plain_keys_and_indexes_is_read_past_a_migrations_lock(db: str) -> None:
    """Definitions made only of names (plain indexes, primary, unique and foreign keys)
    are printed by schemadoc, not by PostgreSQL's functions, which would open the table:
    a migration's ACCESS EXCLUSIVE lock on such a table does not stop the snapshot,
    which reads the catalog as it was before the migration. (An expression, a predicate
    or a CHECK is still printed by the server, which waits for the lock: see above.)"""
    run_sql(db, """
        create schema app;
        create table app.parent (id int primary key, code varchar(10) unique);
        create table app.child (
            id bigint primary key,
            parent_id int references app.parent on delete cascade,
            kind text
        );
        create index child_parent_idx on app.child (parent_id, kind desc) include (id);
    """)
    with psycopg.connect(db) as migration:
        migration.execute("lock table app.child in access exclusive mode")
        migration.execute("alter table app.child add column note text")
        snap = introspect(db, IntrospectOptions(timeouts=Timeouts(lock_timeout="1s")))
        migration.rollback()
    child = snap.schemas["app"].tables["child"]
    assert list(child.columns) == ["id", "parent_id", "kind"]
    assert child.indexes["child_parent_idx"].definition == (
        "CREATE INDEX child_parent_idx ON app.child USING btree (parent_id, kind DESC) "
        "INCLUDE (id)")
    assert child.constraints["child_parent_id_fkey"].definition == (
        "FOREIGN KEY (parent_id) REFERENCES app.parent(id) ON DELETE CASCADE")


# -- a fixed number of queries -------------------------------------------------------


def _add_tables(db: str, first: int, last: int) -> None:
    """Tables app.t<first>..app.t<last>, each with a key, a foreign key, a check, a default,
    an index, a trigger and a view."""
    run_sql(db, f"""
        do $$
        begin
          for i in {first}..{last} loop
            execute format(
              'create table app.t%1$s (id int generated always as identity primary key,
                 customer_id int references app.customer, name text not null check (name <> ''''),
                 created timestamptz default now());
               create index t%1$s_name_idx on app.t%1$s (name);
               create trigger t%1$s_touch before update on app.t%1$s for each row
                 execute function app.touch();
               create view app.v%1$s as select id, name from app.t%1$s;', i);
          end loop;
        end $$;
        analyze;
    """)


def test_number_of_catalog_queries_does_not_grow_with_the_schema(db: str) -> None:
    """The same queries run, once each, for 3 tables and for 300 tables with their keys,
    indexes, triggers and views."""
    run_sql(db, APP_DDL)
    counts: dict[int, list[str]] = {}
    for first, last in ((1, 1), (2, 298)):
        _add_tables(db, first, last)
        names: list[str] = []

        def count(name: str, seconds: float, rows: int, names: list[str] = names) -> None:
            names.append(name)

        snap = introspect(db, on_query=count)
        counts[len(snap.schemas["app"].tables)] = names
    assert sorted(counts) == [3, 300]
    assert counts[3] == counts[300] == list(ALL_QUERIES)


# -- concurrent DDL ------------------------------------------------------------------

DOOMED_DDL = """
create table app.doomed (
    id int primary key,
    customer_id int references app.customer,
    amount int default 1 check (amount > 0),
    code text unique
);
create index doomed_amount_idx on app.doomed (amount) where amount > 5;
create trigger doomed_touch before update on app.doomed for each row
    when (old.amount is distinct from new.amount) execute function app.touch();
alter table app.doomed enable row level security;
create policy doomed_policy on app.doomed using (amount > 1);
comment on table app.doomed is 'dropped by a migration while it is read';
"""


def test_table_dropped_mid_snapshot_gives_one_clean_retry(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A migration drops a table with keys, indexes, a trigger and a policy right after the
    snapshot listed it. The snapshot notices, starts again once, and the result has no
    trace of the dropped table."""
    run_sql(db, APP_DDL + DOOMED_DDL)
    names: list[str] = []

    def drop_once(name: str, seconds: float, rows: int) -> None:
        names.append(name)
        if name == "relations" and _attempts(names) == 1:
            run_sql(db, "drop table app.doomed")

    with caplog.at_level(logging.WARNING, logger="schemadoc"):
        snap = introspect(db, on_query=drop_once)
    assert _attempts(names) == 2
    assert any("retrying once" in r.getMessage() for r in caplog.records)
    app = snap.schemas["app"]
    assert sorted(app.tables) == ["customer", "orders"]
    assert "doomed_touch" not in str(snap) and "doomed_policy" not in str(snap)
    assert snap.warnings == []


def test_view_dropped_mid_snapshot_gives_one_clean_retry(db: str) -> None:
    """A migration drops a view and its table after the snapshot began but before it read
    the views (later, the snapshot's own lock on the view would make the migration wait):
    the snapshot starts again once and has neither."""
    run_sql(db, APP_DDL + DOOMED_DDL + "create view app.doomed_view as select id from app.doomed;")
    names: list[str] = []

    def drop_once(name: str, seconds: float, rows: int) -> None:
        names.append(name)
        if name == "schemas" and _attempts(names) == 1:
            run_sql(db, "drop view app.doomed_view; drop table app.doomed")

    snap = introspect(db, on_query=drop_once)
    assert _attempts(names) == 2
    assert sorted(snap.schemas["app"].tables) == ["customer", "orders"]
    assert snap.schemas["app"].views == {}


def test_schema_changing_on_every_attempt_is_reported(db: str) -> None:
    """When the table is dropped and created again during every attempt, introspect()
    gives up after the retry with ConcurrentDDL, a SchemadocError (the CLI prints its one
    line and exits 2) that says to retry when migrations are done."""
    run_sql(db, APP_DDL + DOOMED_DDL)
    names: list[str] = []

    def churn(name: str, seconds: float, rows: int) -> None:
        names.append(name)
        if name == "relations":
            run_sql(db, "drop table app.doomed;" + DOOMED_DDL)

    with pytest.raises(ConcurrentDDL) as caught:
        introspect(db, on_query=churn)
    assert isinstance(caught.value, SchemadocError)
    assert _attempts(names) == 2
    assert "kept changing" in str(caught.value) and "retry" in str(caught.value)


# -- what the terminal shows ---------------------------------------------------------

QUERY_LOG = re.compile(r"query (\w+)\s+\d+ rows in \d+\.\d{3}s")
PROGRESS_MARKS = ("\x1b[", "\u2501", "\u280b")  # escape sequences, bar, spinner


def _schemadoc(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real `schemadoc` process with stdout and stderr on pipes (not a terminal)."""
    return subprocess.run([str(SCHEMADOC), *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_verbose_logs_each_catalog_query_with_its_duration(db: str, tmp_path: Path) -> None:
    """-v logs one line per catalog query, with rows and seconds, on stderr."""
    run_sql(db, APP_DDL)
    proc = _schemadoc(tmp_path, "snapshot", "--dsn", db, "-o", "schema_map.json", "-v")
    assert proc.returncode == 0, proc.stderr
    logged = [m.group(1) for m in QUERY_LOG.finditer(proc.stderr)]
    # by default a second connection shares the snapshot: its session settings show too
    assert sorted(logged) == sorted([*ALL_QUERIES, "session_2"]), proc.stderr
    assert "query" not in proc.stdout
    proc = _schemadoc(tmp_path, "snapshot", "--dsn", db, "-o", "one.json", "-v", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert [m.group(1) for m in QUERY_LOG.finditer(proc.stderr)] == list(ALL_QUERIES)


def test_quiet_prints_only_the_summary(db: str, tmp_path: Path) -> None:
    """-q: nothing on stderr; stdout is the summary, ending with the file written."""
    proc = _schemadoc(tmp_path, "snapshot", "--dsn", db, "-o", "schema_map.json", "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Database ")
    assert lines[-1] == "wrote schema_map.json"


def test_no_progress_display_off_a_terminal(db: str, tmp_path: Path) -> None:
    """Without a terminal (CI, a pipe, a file) there is no progress bar, spinner or escape
    sequence in either stream, even without -q."""
    proc = _schemadoc(tmp_path, "snapshot", "--dsn", db, "-o", "schema_map.json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    for mark in PROGRESS_MARKS:
        assert mark not in proc.stdout


def test_progress_display_on_a_terminal(db: str, tmp_path: Path) -> None:
    """The control for the test above: with stderr on a terminal, the progress bar is drawn
    there (and the summary on stdout stays plain)."""
    main, child = pty.openpty()
    proc = subprocess.Popen([str(SCHEMADOC), "snapshot", "--dsn", db, "-o", "schema_map.json"],
                            cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=child)
    os.close(child)
    drawn = b""
    try:
        while select.select([main], [], [], 60)[0]:
            chunk = os.read(main, 65536)
            if not chunk:
                break
            drawn += chunk
    except OSError:  # the terminal closes when the process exits
        pass
    finally:
        os.close(main)
    stdout = proc.communicate(timeout=60)[0].decode()
    assert proc.returncode == 0
    text = drawn.decode(errors="replace")
    assert "\u2501" in text and "\x1b[" in text, text
    assert "\x1b[" not in stdout


def test_second_connection_reads_the_same_snapshot(db: str) -> None:
    """With --jobs 2 a second read-only connection imports the first one's snapshot: a
    table created in between (after the first connection began, before the second read
    anything) is in neither, and no row arrives without its table."""
    run_sql(db, APP_DDL)
    helper_ready = threading.Event()
    ran_on: dict[str, str] = {}

    def hook(name: str, seconds: float, rows: int) -> None:
        ran_on[name] = threading.current_thread().name
        if name == "session_2":
            run_sql(db, "create table app.latecomer (id int primary key, note text)")
            helper_ready.set()
        if name == "relations":  # hold the first connection until the second is ready
            assert helper_ready.wait(30), "the second connection never started"

    snap = introspect(db, IntrospectOptions(jobs=2), on_query=hook)
    helper_queries = [q for q, thread in ran_on.items() if thread == "schemadoc-helper"]
    assert set(helper_queries) - {"session_2"}, ran_on  # it did read catalog queries
    assert "latecomer" not in snap.schemas["app"].tables
    assert snap.warnings == []
    assert sorted(snap.schemas["app"].tables) == ["customer", "orders"]
    assert list(snap.schemas["app"].tables["orders"].columns) == ["id", "customer_id", "total"]


def test_a_second_connection_that_must_queue_is_not_waited_for(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the second connection cannot start (a pooler with one server connection makes
    it queue behind ours), the first reads everything itself and does not wait."""
    run_sql(db, APP_DDL)
    names: list[str] = []

    def hook(name: str, seconds: float, rows: int) -> None:
        names.append(name)

    # the real export runs, but the second connection is handed an id the server never
    # exported, so it cannot start (as when a pooler routes it elsewhere)
    import generator.introspect as introspect_module

    real_export = introspect_module.export_snapshot
    monkeypatch.setattr(
        introspect_module, "export_snapshot", lambda conn: (real_export(conn), "00000BAD-1")[1]
    )
    snap = introspect(db, IntrospectOptions(jobs=2), on_query=hook)
    assert "session_2" not in names
    assert sorted(snap.schemas["app"].tables) == ["customer", "orders"]
