"""Every command that reads a database takes the same connection options and reads it
the same way; odd values are refused in one line instead of meaning "no limit"; only
connection failures that can heal are retried."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import click
import psycopg
import pytest
from click.testing import CliRunner, Result
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from generator.cli import cli
from generator.cli.options import Interval
from generator.introspect.connection import is_transient
from generator.snapshot import write_snapshot
from tests.factories import seed_snapshot
from tests.helpers import Server, query, run_sql

CONNECTION_OPTIONS = ("--connect-timeout", "--statement-timeout", "--lock-timeout", "--jobs")
READERS = ("snapshot", "build", "lint", "diff")


def run(*args: str, cwd: Path | None = None) -> Result:
    with pytest.MonkeyPatch.context() as mp:
        if cwd is not None:
            mp.chdir(cwd)
        return CliRunner().invoke(cli, list(args))


def error_line(result: Result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("schemadoc: error: ") and "Traceback" not in result.output
    return lines[0]


@pytest.fixture(scope="module")
def old_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("old") / "old.json"
    write_snapshot(path, seed_snapshot())
    return path


def invocation(command: str, dsn: str, old: Path) -> list[str]:
    """`command` reading the database at `dsn`."""
    return {"snapshot": ["snapshot", "--dsn", dsn, "-o", "s.json"],
            "build": ["build", "--dsn", dsn, "--site-dir", "site_src"],
            "lint": ["lint", "--dsn", dsn],
            "diff": ["diff", str(old), dsn]}[command]


# -- one set of options ------------------------------------------------------------------


@pytest.mark.parametrize("command", READERS)
def test_every_reader_takes_the_same_connection_options(command: str) -> None:
    """The same options, with the same defaults and help, on every command that connects."""
    params = {opt: param for param in cli.commands[command].params
              if isinstance(param, click.Option) for opt in param.opts}
    reference = {opt: param for param in cli.commands["snapshot"].params
                 if isinstance(param, click.Option) for opt in param.opts}
    for name in CONNECTION_OPTIONS:
        assert name in params, f"schemadoc {command} lacks {name}"
        mine, theirs = params[name], reference[name]
        assert (mine.default, mine.help, type(mine.type)) == \
            (theirs.default, theirs.help, type(theirs.type))
    assert ("--dsn" in params) == (command != "diff")  # diff takes DSNs as OLD and NEW


def test_build_lint_diff_and_snapshot_read_a_database_identically(
    db: str, tmp_path: Path
) -> None:
    """build --dsn saves the same snapshot as `snapshot`; lint --dsn finds what lint of that
    file finds; diff of the file against the database sees no change."""
    run_sql(db, "create schema app; create table app.t (id int primary key, v text);"
                "create table app.u (t_id int references app.t); analyze")
    options = ["--jobs", "1", "--statement-timeout", "30s", "--connect-timeout", "5"]
    assert run(*invocation("snapshot", db, tmp_path), *options, cwd=tmp_path).exit_code == 0
    built = run(*invocation("build", db, tmp_path), *options, cwd=tmp_path)
    assert built.exit_code == 0, built.output

    def model(path: Path) -> dict[str, object]:
        data = json.loads(path.read_text())
        return {k: v for k, v in data.items() if k != "generated_at"}

    assert model(tmp_path / "s.json") == model(tmp_path / "site_src" / "schema_map.json")
    live = run("lint", "--dsn", db, "--format", "json", *options)
    offline = run("lint", "--snapshot", str(tmp_path / "s.json"), "--format", "json")
    assert json.loads(live.stdout)["findings"] == json.loads(offline.stdout)["findings"]
    same = run("diff", str(tmp_path / "s.json"), db, "--fail-on", "any", *options)
    assert same.exit_code == 0 and "no structural changes" in same.stdout, same.output


def test_build_counts_rows_exactly_as_snapshot_does(db: str, tmp_path: Path) -> None:
    """`--exact-counts` means the same on both commands that save a snapshot; with
    `--snapshot` there is no database to count in, so build refuses it."""
    run_sql(db, "create table t (id int); insert into t select generate_series(1, 7)")
    counted = ["--exact-counts", "--exact-counts-timeout", "2s", "--jobs", "1"]
    assert run("snapshot", "--dsn", db, "-o", "s.json", *counted, cwd=tmp_path).exit_code == 0
    built = run("build", "--dsn", db, "--site-dir", "site_src", *counted, cwd=tmp_path)
    assert built.exit_code == 0, built.output
    for path in (tmp_path / "s.json", tmp_path / "site_src" / "schema_map.json"):
        table = json.loads(path.read_text())["schemas"]["public"]["tables"]["t"]
        assert table["row_count"]["exact"] == 7, path
    refused = run("build", "--snapshot", str(tmp_path / "s.json"), "--exact-counts")
    assert refused.exit_code == 2 and "--exact-counts" in refused.output, refused.output


@pytest.mark.parametrize("command", READERS)
def test_lock_timeout_reaches_the_session_of_every_reader(
    command: str, db: str, old_file: Path, tmp_path: Path
) -> None:
    """A migration holds ACCESS EXCLUSIVE on a table whose CHECK constraint only the
    server can print (it opens the table): with --lock-timeout 1ms every command gives
    up at once with the lock named, because the same session settings apply."""
    run_sql(db, "create schema app; create table app.t (id int primary key check (id > 0));"
                "create index t_idx on app.t (id)")
    with psycopg.connect(db) as migration:
        migration.execute("lock table app.t in access exclusive mode")
        result = run(*invocation(command, db, old_file), "--lock-timeout", "1ms", cwd=tmp_path)
        line = error_line(result)
        assert "waited too long for a lock" in line and "--lock-timeout" in line
        migration.rollback()


# -- odd values ---------------------------------------------------------------------------


BAD_INTERVALS = ["1us", "0.5ms", "999us", "0", "0s", "0ms", "5", "nan", "inf", "-1s", "1 week",
                 "25d"]


@pytest.mark.parametrize("value", BAD_INTERVALS)
@pytest.mark.parametrize("option", ["--statement-timeout", "--lock-timeout"])
@pytest.mark.parametrize("command", READERS)
def test_odd_time_limits_are_refused(command: str, option: str, value: str,
                                     old_file: Path) -> None:
    """Below 1ms PostgreSQL would round a limit to 0, which means none at all; no unit,
    not a number or over PostgreSQL's range: one line naming the option, before connecting."""
    result = run(*invocation(command, "host=192.0.2.1", old_file), option, value)
    line = error_line(result)
    assert f"schemadoc: error: {option}: " in line
    assert "give" in line  # says what to give instead


@pytest.mark.parametrize("option", ["--exact-counts-timeout", "--sample-timeout"])
def test_odd_data_time_limits_are_refused(option: str) -> None:
    command = "snapshot" if option.startswith("--exact") else "lint"
    for value in ("1us", "0", "nan"):
        line = error_line(run(command, "--dsn", "host=192.0.2.1", option, value))
        assert f"{option}: " in line


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "abc", "1e9"])
@pytest.mark.parametrize("command", READERS)
def test_odd_connect_timeouts_are_refused(command: str, value: str, old_file: Path) -> None:
    """Not finite, not positive or beyond a day: refused, never a traceback or a hang."""
    result = run(*invocation(command, "host=192.0.2.1", old_file), "--connect-timeout", value)
    assert "--connect-timeout: " in error_line(result)


@pytest.mark.parametrize("args", [
    ["diff", "a.json", "b.json", "--volume-threshold", "nan"],
    ["diff", "a.json", "b.json", "--volume-threshold", "inf"],
    ["diff", "a.json", "b.json", "--volume-threshold", "-5"],
    ["snapshot", "--exact-counts-max-bytes", "-1"],
    ["lint", "--sample-rows", "0"],
    ["snapshot", "--jobs", "0"],
    ["build", "--jobs", "nan"],
])
def test_other_odd_numbers_are_refused(args: list[str]) -> None:
    """Percentages, byte counts, row counts and jobs: one line naming the option."""
    option = next(arg for arg in args if arg.startswith("--"))
    assert error_line(run(*args)).startswith(f"schemadoc: error: {option}: ")


@pytest.mark.parametrize("given, sent", [
    ("1ms", "1ms"), ("1.4ms", "1ms"), ("1.5ms", "2ms"), ("1500us", "2ms"), ("1000ms", "1s"),
    ("90s", "90s"), ("120s", "2min"), ("2 min", "2min"), ("0.5s", "500ms"), ("1d", "1d"),
    ("24h", "1d"), (".25s", "250ms"),
])
def test_time_limits_reach_postgresql_as_whole_milliseconds(given: str, sent: str) -> None:
    """What PostgreSQL gets: never less than 1ms, rounded to the nearest millisecond."""
    assert Interval().convert(given, None, None) == sent


# -- which failures are retried -------------------------------------------------------------


def _tcp(server: Server) -> str:
    host = conninfo_to_dict(server.dsn).get("host", "")
    if host.startswith("/") or not host:
        pytest.skip("needs a server reached over TCP (SCHEMADOC_TEST_DSNS)")
    return server.dsn


def _with(dsn: str, **params: str) -> str:
    merged = conninfo_to_dict(dsn)
    merged.update(params)
    return make_conninfo(**merged)


def test_ssl_required_but_not_offered_fails_at_once(server: Server) -> None:
    """sslmode=require against a server without SSL cannot heal: no retries, so the
    message comes at once instead of after --connect-timeout, with no "gave up after"."""
    dsn = _tcp(server)
    if query(dsn, "show ssl")[0][0] == "on":
        pytest.skip("this server offers SSL")
    started = time.monotonic()
    line = error_line(run("snapshot", "--dsn", _with(dsn, sslmode="require"),
                          "--connect-timeout", "60"))
    assert "SSL was required" in line and "gave up after" not in line
    assert time.monotonic() - started < 30  # hang guard: a retry loop would take 60 s


@pytest.mark.parametrize("params, reason", [
    ({"user": "sd_no_such_role"}, 'role "sd_no_such_role" does not exist'),
    ({"options": "-c sd_no.such=1 -c no_such_setting=1"}, "unrecognized configuration parameter"),
    ({"dbname": "sd_no_such_db"}, 'database "sd_no_such_db" does not exist'),
])
def test_permanent_failures_are_not_retried(server: Server, params: dict[str, str],
                                            reason: str) -> None:
    line = error_line(run("snapshot", "--dsn", _with(server.dsn, **params),
                          "--connect-timeout", "60"))
    assert reason in line and "gave up after" not in line


@pytest.fixture
def limited_role(server: Server) -> Iterator[str]:
    """DSN of a role allowed no connection at all (CONNECTION LIMIT 0)."""
    name = f"sd_full_{uuid.uuid4().hex[:8]}"
    run_sql(server.dsn, f"create role {name} login connection limit 0")
    try:
        yield _with(server.dsn, user=name)
    finally:
        run_sql(server.dsn, f"drop role {name}")


def test_too_many_connections_is_retried_until_the_timeout(limited_role: str) -> None:
    """"too many connections" heals when others disconnect: retried until --connect-timeout."""
    line = error_line(run("snapshot", "--dsn", limited_role, "--connect-timeout", "1.5"))
    assert "too many connections" in line and "gave up after" in line


@pytest.mark.parametrize("message", [
    'connection to server at "h", port 5432 failed: Connection refused\n\tIs the server '
    "running on that host and accepting TCP/IP connections?",
    'connection to server on socket "/tmp/.s.PGSQL.5432" failed: No such file or directory\n'
    "\tIs the server running locally and accepting connections on that socket?",
    "connection to server at \"h\", port 5432 failed: timeout expired",
    "FATAL:  the database system is starting up",
    "FATAL:  the database system is not yet accepting connections",
    "FATAL:  sorry, too many clients already",
    "FATAL:  remaining connection slots are reserved for roles with the SUPERUSER attribute",
    "server closed the connection unexpectedly",
    "ERROR:  Couldn't connect to compute node",
])
def test_failures_that_heal(message: str) -> None:
    """Server and libpq messages of failures that waiting can cure (PostgreSQL's own
    wording, libpq's and Neon's proxy's)."""
    assert is_transient(message)


@pytest.mark.parametrize("message", [
    "FATAL:  password authentication failed for user \"u\"",
    "server does not support SSL, but SSL was required",
    "FATAL:  database \"x\" does not exist",
    "FATAL:  no pg_hba.conf entry for host \"1.2.3.4\", user \"u\", database \"d\", no encryption",
    "failed to resolve host 'nowhere.invalid': [Errno -2] Name or service not known",
    "connection is bad: invalid sslmode value: \"bogus\"",
    "FATAL:  unrecognized configuration parameter \"foo\"",
])
def test_failures_that_do_not_heal(message: str) -> None:
    assert not is_transient(message)
