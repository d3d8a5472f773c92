"""schemadoc through a transaction-mode pooler (Neon's is one): a real pgbouncer with
`pool_mode = transaction`, where consecutive transactions of one client may run on
different server connections and a server connection serves many clients. A snapshot
through it must equal a direct one, and leave no session state behind."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from generator.cli import cli
from tests.helpers import run_sql

SCHEMADOC = Path(sys.executable).with_name("schemadoc")

DDL = """
create schema marketing;
create type marketing.stage as enum ('lead', 'prospect', 'customer');
create table marketing.company (
    id bigint generated always as identity primary key,
    name text not null unique,
    stage marketing.stage not null default 'lead'
);
create table marketing.contact (
    id serial primary key,
    company_id bigint not null references marketing.company on delete cascade,
    email text check (email like '%@%')
);
create index contact_company_idx on marketing.contact (company_id);
create view marketing.customers as
    select id, name from marketing.company where stage = 'customer';
create function marketing.touch() returns trigger language plpgsql as 'begin return new; end';
create trigger contact_touch before update on marketing.contact for each row
    execute function marketing.touch();
insert into marketing.company (name) select 'company ' || g from generate_series(1, 20) g;
analyze;
"""

# Settings a leaked session-level SET (or PREPARE) would change on a pooled server connection.
SESSION_STATE = """
select current_setting('statement_timeout'), current_setting('lock_timeout'),
       current_setting('idle_in_transaction_session_timeout'), current_setting('search_path'),
       current_setting('default_transaction_read_only'),
       current_setting('default_transaction_isolation'),
       (select count(*) from pg_prepared_statements)
"""


def pgbouncer_binary() -> str:
    """The pgbouncer executable, or a skip saying how to get it."""
    found = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not os.access(found, os.X_OK):
        pytest.skip("pgbouncer is not installed: `make test` installs the Debian package "
                    "through scripts/system-deps (or run `bash scripts/system-deps` as root)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Pooler:
    """A running pgbouncer in transaction mode, on 127.0.0.1 only."""

    port: int
    user: str
    log: Path

    def dsn(self, dbname: str) -> str:
        return make_conninfo(host="127.0.0.1", port=str(self.port), user=self.user,
                             dbname=dbname)


@contextmanager
def pgbouncer(tmp_path: Path, server_dsn: str, pool_size: int) -> Iterator[Pooler]:
    """Start pgbouncer in front of the server of `server_dsn`; stop it afterwards."""
    binary = pgbouncer_binary()
    target = conninfo_to_dict(server_dsn)
    host = str(target.get("host") or "127.0.0.1")
    user = str(target.get("user") or "postgres")
    port = free_port()
    folder = tmp_path / "pgbouncer"
    folder.mkdir()
    (folder / "userlist.txt").write_text(f'"{user}" ""\n')
    (folder / "pgbouncer.ini").write_text(f"""\
[databases]
* = host={host} port={target.get("port") or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder / "userlist.txt"}
pool_mode = transaction
default_pool_size = {pool_size}
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = 100
""")
    args = [binary]
    if os.geteuid() == 0:
        # pgbouncer refuses to run as root. It reads its files first, then switches to a
        # user that can reach the server: the owner of the embedded server's socket folder.
        owner = pwd.getpwuid(Path(host).stat().st_uid).pw_name if host.startswith("/") \
            else "nobody"
        args += ["-u", owner]
    log = folder / "pgbouncer.log"
    with open(log, "wb") as log_file:
        proc = subprocess.Popen([*args, str(folder / "pgbouncer.ini")], stdout=log_file,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        pooler = Pooler(port, user, log)
        _wait_until_accepting(proc, pooler, str(target.get("dbname") or "postgres"))
        yield pooler
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_accepting(proc: subprocess.Popen[bytes], pooler: Pooler, dbname: str) -> None:
    deadline = time.monotonic() + 15
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"pgbouncer exited: {pooler.log.read_text()[-2000:]}")
        try:
            with psycopg.connect(pooler.dsn(dbname), connect_timeout=2,
                                 prepare_threshold=None) as conn:
                conn.execute("select 1")
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"pgbouncer not accepting after 15s: {pooler.log.read_text()[-2000:]}"
                ) from None
            time.sleep(0.1)


def structure(path: Path) -> dict[str, Any]:
    """A snapshot file without what depends on the route taken: where the client connected
    (pgbouncer or the server), whether that route used TLS, and when."""
    data = json.loads(path.read_text())
    data.pop("generated_at")
    for key in ("host", "port", "ssl"):
        data["database"].pop(key)
    return dict(data)


def test_snapshot_through_pgbouncer_equals_a_direct_one(db: str, tmp_path: Path) -> None:
    """Two snapshots through pgbouncer (transaction mode) and one direct: all succeed and
    describe the same database, object for object."""
    run_sql(db, DDL)
    dbname = str(conninfo_to_dict(db)["dbname"])
    runner = CliRunner()
    direct = tmp_path / "direct.json"
    assert runner.invoke(cli, ["snapshot", "--dsn", db, "-o", str(direct)]).exit_code == 0
    with pgbouncer(tmp_path, db, pool_size=2) as pooler:
        pooled = [tmp_path / "pooled1.json", tmp_path / "pooled2.json"]
        for path in pooled:
            result = runner.invoke(cli, ["snapshot", "--dsn", pooler.dsn(dbname),
                                         "-o", str(path)])
            assert result.exit_code == 0, result.output
            assert json.loads(path.read_text())["database"]["port"] == pooler.port
    expected = structure(direct)
    assert sorted(expected["schemas"]["marketing"]["tables"]) == ["company", "contact"]
    assert structure(pooled[0]) == expected
    assert structure(pooled[1]) == expected


@pytest.mark.parametrize("pool_size", [1, 2])
def test_concurrent_snapshots_share_a_small_pool_without_leaking_state(
    db: str, tmp_path: Path, pool_size: int
) -> None:
    """Six schemadoc processes at once through a pool of one or two server connections (with
    --exact-counts, so with savepoints): all succeed with the same result, and the pooled
    server connection afterwards has the server's defaults and no prepared statement."""
    run_sql(db, DDL)
    dbname = str(conninfo_to_dict(db)["dbname"])
    with psycopg.connect(db, autocommit=True) as conn:
        defaults = conn.execute(SESSION_STATE).fetchone()
    with pgbouncer(tmp_path, db, pool_size=pool_size) as pooler:
        paths = [tmp_path / f"run{i}.json" for i in range(6)]
        procs = [
            subprocess.Popen(
                [str(SCHEMADOC), "snapshot", "--dsn", pooler.dsn(dbname), "-o", str(path),
                 "--exact-counts", "-q"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                text=True,
            )
            for path in paths
        ]
        for proc in procs:
            _, stderr = proc.communicate(timeout=120)
            assert proc.returncode == 0, stderr
            assert stderr == ""
        with psycopg.connect(pooler.dsn(dbname), autocommit=True,
                             prepare_threshold=None) as conn:
            after = conn.execute(SESSION_STATE).fetchone()
    first = structure(paths[0])
    company = first["schemas"]["marketing"]["tables"]["company"]
    assert company["row_count"]["exact"] == 20
    assert all(structure(path) == first for path in paths[1:])
    assert after == defaults
