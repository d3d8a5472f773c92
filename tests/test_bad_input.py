"""What a new user sees when something is wrong: one line on stderr saying what failed
and what to do, exit code 2, no traceback, no password, and no file damaged."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from generator.cli import cli
from generator.errors import SnapshotError
from generator.model import FORMAT_VERSION, Database, Snapshot
from generator.snapshot import dumps, read_snapshot
from tests.helpers import Server, query, run_sql

APP_DDL = """
create schema app;
create table app.open_data (id int primary key, label text);
insert into app.open_data select g, 'row ' || g from generate_series(1, 3) g;
create table app.secret (id int primary key, note text check (note <> ''));
insert into app.secret select g, 'hidden ' || g from generate_series(1, 5) g;
create table app.secret_too (id int primary key references app.secret);
create index secret_note_idx on app.secret (note);
create view app.secret_view as select id from app.secret;
analyze;
"""


def run(*args: str) -> Result:
    """`schemadoc ARGS` the way a user runs it."""
    return CliRunner().invoke(cli, list(args))


def error_line(result: Result) -> str:
    """The one line a failed command prints; fails the test unless there is exactly one."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("schemadoc: error: "), lines[0]
    assert "Traceback" not in result.output
    return lines[0]


def with_login(dsn: str, user: str, password: str | None) -> str:
    """The same database, reached as another role."""
    params = conninfo_to_dict(dsn)
    params["user"] = user
    params.pop("password", None)
    if password is not None:
        params["password"] = password
    return make_conninfo(**params)


# -- the server cannot be reached ----------------------------------------------------


def test_unreachable_host_gives_up_after_the_connect_timeout() -> None:
    """Nothing listens on port 1: schemadoc retries until --connect-timeout, then says which
    server it tried and what to check, instead of hanging."""
    started = time.monotonic()
    result = run("snapshot", "--dsn", "host=127.0.0.1 port=1 user=postgres dbname=x",
                 "--connect-timeout", "2")
    elapsed = time.monotonic() - started
    line = error_line(result)
    assert "127.0.0.1:1" in line
    assert "check the DSN" in line and "server is up" in line
    assert elapsed < 10, f"hang guard: took {elapsed:.1f}s with --connect-timeout 2"


def test_missing_database_is_named(server: Server, tmp_path: Path) -> None:
    """A database that does not exist is reported at once, by name."""
    name = f"sd_missing_{uuid.uuid4().hex[:8]}"
    params = conninfo_to_dict(server.dsn)
    params["dbname"] = name
    result = run("snapshot", "--dsn", make_conninfo(**params), "-o", str(tmp_path / "s.json"))
    line = error_line(result)
    assert f'database "{name}" does not exist' in line
    assert "gave up after" not in line  # a permanent failure is not retried
    assert not (tmp_path / "s.json").exists()


# -- passwords -----------------------------------------------------------------------


@dataclass(frozen=True)
class PasswordRole:
    """A role that must give its password over the embedded server's Unix socket."""

    name: str
    password: str
    socket_dir: str


def _wait_for_hba(dsn_without_password: str, want_password: bool) -> None:
    """pg_reload_conf() only signals the postmaster: wait until new connections see it."""
    deadline = time.monotonic() + 10
    while True:
        try:
            psycopg.connect(dsn_without_password, connect_timeout=3).close()
            asks = False
        except psycopg.OperationalError as exc:
            asks = "password" in str(exc)
        if asks == want_password:
            return
        if time.monotonic() > deadline:
            raise AssertionError("pg_hba.conf change not in effect after 10s")
        time.sleep(0.05)


@pytest.fixture
def password_role(pg18: Server, db18: str) -> Iterator[PasswordRole]:
    """A fresh LOGIN role with a password, and a pg_hba.conf line that makes the embedded
    server ask for it (scram-sha-256); pg_hba.conf is restored afterwards."""
    role = PasswordRole(
        name=f"sd_pw_{uuid.uuid4().hex[:8]}",
        password=f"S3cret-{uuid.uuid4().hex[:12]}",
        socket_dir=str(conninfo_to_dict(pg18.dsn)["host"]),
    )
    hba = Path(str(query(pg18.dsn, "show hba_file")[0][0]))
    original = hba.read_bytes()
    run_sql(pg18.dsn, f"create role {role.name} login password '{role.password}'")
    probe = with_login(db18, role.name, None)
    try:
        hba.write_bytes(f"local all {role.name} scram-sha-256\n".encode() + original)
        query(pg18.dsn, "select pg_reload_conf()")
        _wait_for_hba(probe, want_password=True)
        yield role
    finally:
        hba.write_bytes(original)
        query(pg18.dsn, "select pg_reload_conf()")
        _wait_for_hba(probe, want_password=False)
        run_sql(pg18.dsn, f"drop role if exists {role.name}")


def test_wrong_password_is_refused_without_echoing_it(
    password_role: PasswordRole, db18: str, tmp_path: Path
) -> None:
    """A wrong password fails at once with the server's reason; the password tried is not
    repeated. The right one works."""
    wrong = f"Wr0ng-{uuid.uuid4().hex[:12]}"
    out = tmp_path / "schema_map.json"
    result = run("snapshot", "--dsn", with_login(db18, password_role.name, wrong),
                 "-o", str(out))
    line = error_line(result)
    assert "password authentication failed" in line
    assert password_role.name in line
    assert wrong not in result.output
    assert not out.exists()

    right = with_login(db18, password_role.name, password_role.password)
    result = run("snapshot", "--dsn", right, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["database"]["user"] == password_role.name


@pytest.mark.parametrize("correct", [False, True], ids=["wrong-password", "right-password"])
def test_password_in_a_uri_never_appears_anywhere(
    password_role: PasswordRole, db18: str, tmp_path: Path, correct: bool
) -> None:
    """The password of a postgresql:// URI is in neither output stream (even with -v) nor
    the snapshot, whether the connection fails or succeeds."""
    password = password_role.password if correct else f"Wr0ng-{uuid.uuid4().hex[:12]}"
    dbname = conninfo_to_dict(db18)["dbname"]
    uri = (f"postgresql://{password_role.name}:{password}@/{dbname}"
           f"?host={password_role.socket_dir}")
    out = tmp_path / "schema_map.json"
    result = run("snapshot", "--dsn", uri, "-o", str(out), "-v")
    assert password not in result.stdout
    assert password not in result.stderr
    if correct:
        assert result.exit_code == 0, result.output
        text = out.read_text()
        assert password not in text
        assert json.loads(text)["database"]["name"] == dbname
    else:
        assert "password authentication failed" in error_line(result)
        assert not out.exists()


# -- a role that may read the catalog but not the data ---------------------------------


@pytest.fixture
def reader(server: Server, db: str) -> Iterator[str]:
    """DSN of a LOGIN role that may read app.open_data only: every table of schema app
    is revoked from it and from PUBLIC first."""
    name = f"sd_reader_{uuid.uuid4().hex[:8]}"
    password = f"R3ader-{uuid.uuid4().hex[:8]}"
    run_sql(db, APP_DDL)
    run_sql(server.dsn, f"create role {name} login password '{password}'")
    try:
        run_sql(db, f"""
            revoke all on all tables in schema app from {name}, public;
            grant usage on schema app to {name};
            grant select on app.open_data to {name};
        """)
        yield with_login(db, name, password)
    finally:
        run_sql(db, f"drop owned by {name}")
        run_sql(server.dsn, f"drop role if exists {name}")


def test_role_without_table_privileges_still_sees_every_table(
    reader: str, db: str, tmp_path: Path
) -> None:
    """The catalog is readable by every role: a role that may not SELECT from the tables
    gets the same schema description as the owner."""
    mine, theirs = tmp_path / "reader.json", tmp_path / "owner.json"
    result = run("snapshot", "--dsn", reader, "-o", str(mine))
    assert result.exit_code == 0, result.output
    assert run("snapshot", "--dsn", db, "-o", str(theirs)).exit_code == 0
    as_reader, as_owner = json.loads(mine.read_text()), json.loads(theirs.read_text())
    app = as_reader["schemas"]["app"]
    assert sorted(app["tables"]) == ["open_data", "secret", "secret_too"]
    assert list(app["views"]) == ["secret_view"]
    assert "secret_note_idx" in app["tables"]["secret"]["indexes"]
    assert as_reader["warnings"] == []
    assert as_reader["schemas"] == as_owner["schemas"]


def test_exact_counts_warn_about_tables_the_role_may_not_read(
    reader: str, tmp_path: Path
) -> None:
    """--exact-counts counts what it may and lists the rest as warnings, in the summary
    and in the snapshot, instead of failing."""
    out = tmp_path / "schema_map.json"
    result = run("snapshot", "--dsn", reader, "-o", str(out), "--exact-counts")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    tables = data["schemas"]["app"]["tables"]
    assert tables["open_data"]["row_count"]["exact"] == 3
    assert tables["secret"]["row_count"]["exact"] is None
    assert tables["secret"]["row_count"]["estimate"] == 5
    for table in ("app.secret", "app.secret_too"):
        warning = next(w for w in data["warnings"] if table + " " in w)
        assert "not allowed" in warning
        assert f"warning: {warning}" in result.stdout
    assert not any("open_data" in w for w in data["warnings"])


def test_exact_count_is_not_filtered_by_row_level_security(
    reader: str, db: str, tmp_path: Path
) -> None:
    """A table with row-level security: count(*) by a role the policy filters would see
    fewer rows than the table has. The snapshot must not call that number exact."""
    role = conninfo_to_dict(reader)["user"]
    run_sql(db, f"""
        create table app.notes (id int primary key, owner name not null);
        insert into app.notes select g, case when g <= 2 then '{role}' else 'other' end
          from generate_series(1, 10) g;
        alter table app.notes enable row level security;
        create policy own_notes on app.notes using (owner = current_user);
        grant select on app.notes to {role};
        analyze app.notes;
    """)
    out = tmp_path / "schema_map.json"
    result = run("snapshot", "--dsn", reader, "-o", str(out), "--exact-counts")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    exact = data["schemas"]["app"]["tables"]["notes"]["row_count"]["exact"]
    warned = any("app.notes " in w for w in data["warnings"])
    assert exact == 10 or (exact is None and warned), (exact, data["warnings"])


# -- output files --------------------------------------------------------------------


@pytest.mark.parametrize(
    "good_first",
    [
        False,
        True,
    ],
    ids=["unwritable-path-first", "unwritable-path-last"],
)
def test_unwritable_output_fails_and_leaves_the_other_snapshot_as_it_was(
    db: str, tmp_path: Path, good_first: bool
) -> None:
    """An -o path that cannot be written (its folder is a file, which fails even for root)
    gives one line naming it; the previous snapshot at the other -o path keeps its bytes."""
    good = tmp_path / "docs" / "schema_map.json"
    good.parent.mkdir()
    run_sql(db, "create table before_change (id int primary key)")
    assert run("snapshot", "--dsn", db, "-o", str(good)).exit_code == 0
    previous = good.read_bytes()

    run_sql(db, "create table after_change (id int primary key)")
    (tmp_path / "not_a_folder").write_text("a file, not a folder\n")
    bad = tmp_path / "not_a_folder" / "schema_map.json"
    outputs = [good, bad] if good_first else [bad, good]
    result = run("snapshot", "--dsn", db, *(arg for p in outputs for arg in ("-o", str(p))))
    line = error_line(result)
    assert str(bad) in line
    assert "previous file is unchanged" in line
    assert good.read_bytes() == previous
    assert sorted(p.name for p in good.parent.iterdir()) == ["schema_map.json"]


def test_corrupt_snapshot_is_not_overwritten_without_force(db: str, tmp_path: Path) -> None:
    """A file at the output path that is not a snapshot may be something the user wants:
    schemadoc refuses to replace it, says so, and suggests --force, which does replace it."""
    out = tmp_path / "schema_map.json"
    out.write_bytes(b"{not json")
    result = run("snapshot", "--dsn", db, "-o", str(out))
    line = error_line(result)
    assert "is not a readable snapshot" in line
    assert "--force" in line
    assert out.read_bytes() == b"{not json"

    result = run("snapshot", "--dsn", db, "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert read_snapshot(out).database.name == conninfo_to_dict(db)["dbname"]


def _snapshot_file(tmp_path: Path, format_version: int) -> Path:
    snap = Snapshot(
        format_version=FORMAT_VERSION,
        generated_at="2024-01-01T00:00:00Z",
        database=Database("shop", "db.example.com", 5432, "reader", "16.2", 160002),
    )
    data = json.loads(dumps(snap))
    data["format_version"] = format_version
    path = tmp_path / "schema_map.json"
    path.write_text(json.dumps(data))
    return path


def test_snapshot_of_an_older_format_is_refused_with_the_format_named(tmp_path: Path) -> None:
    """A snapshot written by an older schemadoc (format 0) is not misread: the error names
    both formats and says to regenerate it."""
    with pytest.raises(SnapshotError) as caught:
        read_snapshot(_snapshot_file(tmp_path, 0))
    message = str(caught.value)
    assert "format 0" in message and f"formats 1 to {FORMAT_VERSION}" in message
    assert "regenerate" in message


def test_snapshot_of_a_newer_format_asks_for_an_upgrade(tmp_path: Path) -> None:
    """A snapshot from a newer schemadoc tells the user to upgrade, not to regenerate."""
    with pytest.raises(SnapshotError, match="upgrade schemadoc"):
        read_snapshot(_snapshot_file(tmp_path, FORMAT_VERSION + 1))


def test_current_format_reads_back(tmp_path: Path) -> None:
    """The control for the two tests above: the same file at the current format reads."""
    assert read_snapshot(_snapshot_file(tmp_path, FORMAT_VERSION)).database.name == "shop"
