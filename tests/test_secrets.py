"""Secrets never print: a table of nasty connection strings given to every command that
takes one (`--dsn`, `DATABASE_URL`, diff's OLD/NEW), failing and succeeding against real
servers. Whatever the command, the password is in neither output stream, nor any file
written, nor the JSON outputs; a failure is one line with exit code 2, no traceback."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from psycopg.conninfo import conninfo_to_dict, make_conninfo

import generator.runtime.redaction
from generator.cli import cli
from generator.runtime.redaction import redact, remember_dsn
from generator.snapshot import write_snapshot
from tests.factories import seed_snapshot
from tests.helpers import Server, run_sql
from tests.test_bad_input import PasswordRole, password_role  # noqa: F401  (a fixture)

NOWHERE = "host=127.0.0.1 port=1"  # nothing listens: connection refused


@dataclass(frozen=True)
class Nasty:
    """A connection string and every piece of it that must never be printed."""

    id: str
    dsn: str
    secrets: tuple[str, ...]
    # How it fails: "invalid" (refused before connecting) or "refused" (port 1).
    fails: str


NASTY = [
    Nasty("percent-not-encoded", "postgresql://u:my%secretpw@127.0.0.1:1/db",
          ("my%secretpw", "secretpw"), "invalid"),
    Nasty("at-in-password", "postgresql://u:Hunt@r2@127.0.0.1:1/db",
          ("Hunt@r2", "Hunt", "r2@"), "invalid"),
    Nasty("slash-in-password", "postgresql://u:Sl4sh/Pw@127.0.0.1:1/db",
          ("Sl4sh", "Sl4sh/Pw"), "invalid"),
    Nasty("encoded-at-and-colon", "postgresql://u:p%40ss:w0rdZ@127.0.0.1:1/db",
          ("p%40ss:w0rdZ", "p@ss:w0rdZ", "w0rdZ"), "refused"),
    Nasty("query-and-hash-in-password", "postgresql://u:Qm?x#Fr4g@127.0.0.1:1/db",
          ("Qm?x#Fr4g", "Fr4g"), "refused"),
    Nasty("space-in-uri-password", "postgresql://u:Sp4ce%20d Pw@127.0.0.1:1/db",
          ("Sp4ce", "Sp4ce d Pw", "d Pw"), "invalid"),
    Nasty("ipv6-unterminated", "postgresql://u:V6Secr3t@[::1/db", ("V6Secr3t",), "invalid"),
    Nasty("quoted-kv", f"{NOWHERE} password='a b\\' cQu0te' user=u",
          ("a b\\' cQu0te", "a b' cQu0te", "cQu0te"), "refused"),
    Nasty("unterminated-kv", f"{NOWHERE} user=u password='Unterm1nated",
          ("Unterm1nated",), "invalid"),
    Nasty("space-in-kv", f"{NOWHERE} user=u password=Spac3d Secr3tWord",
          ("Spac3d", "Secr3tWord"), "invalid"),
    Nasty("sslpassword-kv", f"{NOWHERE} user=u sslpassword=SslKeyPw99", ("SslKeyPw99",),
          "refused"),
    Nasty("query-password", "postgresql://u@127.0.0.1:1/db?password=Qu3ryPw&sslpassword=Ssl2Pw",
          ("Qu3ryPw", "Ssl2Pw"), "refused"),
]


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run remembers only its own secrets, as a new schemadoc process would."""
    monkeypatch.setattr(generator.runtime.redaction, "_known", set())
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture(scope="module")
def old_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot file for diff's OLD side."""
    path = tmp_path_factory.mktemp("old") / "old.json"
    write_snapshot(path, seed_snapshot())
    return path


def command_lines(dsn: str, work: Path, old: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Every way of handing `dsn` to schemadoc: the arguments and the environment."""
    env = {"DATABASE_URL": dsn}
    site = str(work / "site_src")
    return {
        "snapshot --dsn": (["snapshot", "--dsn", dsn, "-o", str(work / "s.json")], {}),
        "snapshot $DATABASE_URL": (["snapshot", "-o", str(work / "s.json")], env),
        "build --dsn": (["build", "--dsn", dsn, "--site-dir", site], {}),
        "build $DATABASE_URL": (["build", "--site-dir", site], env),
        "lint --dsn": (["lint", "--dsn", dsn, "--format", "json"], {}),
        "lint $DATABASE_URL": (["lint", "--format", "json"], env),
        "diff OLD DSN": (["diff", str(old), dsn, "--format", "json"], {}),
        "diff OLD -": (["diff", str(old), "-", "--format", "markdown"], env),
    }


def run(args: list[str], env: dict[str, str], work: Path) -> Result:
    """schemadoc as a user runs it, in `work`, with a short connect timeout."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        return CliRunner().invoke(cli, [*args, "--connect-timeout", "0.5"], env=env)


def written(work: Path) -> str:
    """The text of every file under `work`."""
    return "\n".join(p.read_text("utf-8", errors="replace") for p in work.rglob("*")
                     if p.is_file())


def assert_hidden(secrets: tuple[str, ...], *texts: str) -> None:
    for secret in secrets:
        for text in texts:
            assert secret not in text, f"{secret!r} printed: {text[:600]}"


def one_error_line(result: Result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("schemadoc: error: ")
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    return lines[0]


@pytest.mark.parametrize("nasty", NASTY, ids=[n.id for n in NASTY])
def test_nasty_dsn_fails_in_one_line_on_every_command(
    nasty: Nasty, old_snapshot: Path, tmp_path: Path
) -> None:
    """Each command, given the DSN by option, environment or argument, fails in one line
    that names where the DSN came from, and prints or writes no part of the password."""
    for name, (args, env) in command_lines(nasty.dsn, tmp_path, old_snapshot).items():
        result = run(args, env, tmp_path)
        line = one_error_line(result)
        assert_hidden(nasty.secrets, result.stdout, result.stderr, written(tmp_path))
        if nasty.fails == "invalid":
            origin = ("DATABASE_URL" if "$" in name or name.endswith("-")
                      else "NEW" if name.startswith("diff") else "--dsn")
            assert f"invalid connection string in {origin}: " in line, (name, line)
            assert "check its quoting" in line
        else:
            assert "cannot connect to" in line and "127.0.0.1:1" in line, (name, line)
        assert not (tmp_path / "s.json").exists()


def test_libpq_parse_errors_never_echo_the_token() -> None:
    """libpq quotes the offending token, often the password itself; schemadoc's message
    keeps libpq's words and option names only."""
    result = CliRunner().invoke(cli, ["snapshot", "--dsn", "postgresql://u:my%secretpw@h/db"])
    assert one_error_line(result) == (
        "schemadoc: error: invalid connection string in --dsn: invalid percent-encoded token; "
        "check its quoting (in a URI, write @ as %40, / as %2F, % as %25 and a space as %20 "
        "inside a user name or password)")


@pytest.mark.parametrize("text, secret", [
    ("postgresql://u:Hunt@r2@host/db", "Hunt@r2"),
    ("postgres://u:a/b?c#d@host/db", "a/b?c#d"),
    ("host=h password='a b\\' c' user=u", "a b\\' c"),
    ("host=h password = spaced user=u", "spaced"),
    ("host=h sslpassword=k3y", "k3y"),
    ("postgresql://h/db?sslmode=require&password=qp&x=1", "qp"),
    ("host=h oauth_client_secret=0auth", "0auth"),
    ("cannot connect to postgresql://me:pw@h:5432/db: refused", "pw@"),
])
def test_redaction_masks_every_password_form(text: str, secret: str) -> None:
    """The patterns alone, with nothing remembered: URI passwords (up to the last `@`),
    key/value and query values of every secret key."""
    assert secret not in redact(text)
    assert "***" in redact(text)


def test_remembered_secrets_are_masked_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """A password seen in a DSN (typed or decoded) or in PGPASSWORD is masked in any text,
    whatever form a library later gives it in; a short one only where a value stands."""
    remember_dsn("postgresql://u:p%40ss%3Aword@h/db")
    monkeypatch.setenv("PGPASSWORD", "EnvPassw0rd")
    assert redact("host 'p@ss:word' said EnvPassw0rd, p%40ss%3Aword") == \
        "host '***' said ***, ***"
    remember_dsn("host=h password=ab")
    assert redact("a table about tabs; password was \"ab\"") == \
        "a table about tabs; password was \"***\""


# -- reachable servers: the right password (trust) and a wrong one (scram) ---------------


@pytest.fixture
def login(server: Server, db: str) -> Iterator[tuple[str, str]]:
    """A LOGIN role with a password on `server`, and its database's DSN as that role.
    The test servers trust local connections, so any password given is accepted: this
    is the run that succeeds with a password in the DSN."""
    name = f"sd_secret_{uuid.uuid4().hex[:8]}"
    run_sql(server.dsn, f"create role {name} login password 'Unused-{name}'")
    run_sql(db, f"create schema app authorization {name};"
                "create table app.t (id int primary key, note text)")
    try:
        yield name, db
    finally:
        run_sql(db, "drop schema app cascade")
        run_sql(server.dsn, f"drop role if exists {name}")


def _uri(db: str, user: str, encoded_password: str) -> str:
    params = conninfo_to_dict(db)
    host, port, dbname = params.get("host", ""), params.get("port", "5432"), params["dbname"]
    if host.startswith("/"):  # a Unix socket folder goes into the query
        return f"postgresql://{user}:{encoded_password}@/{dbname}?host={host}&port={port}"
    return f"postgresql://{user}:{encoded_password}@{host}:{port}/{dbname}"


def _query(uri: str, parameter: str) -> str:
    return f"{uri}{'&' if '?' in uri else '?'}{parameter}"


def _kv(db: str, user: str, **secret: str) -> str:
    params = conninfo_to_dict(db)
    params.update(user=user, **secret)
    return make_conninfo(**params)


def test_a_working_dsn_with_a_password_leaves_no_trace(
    login: tuple[str, str], old_snapshot: Path, tmp_path: Path
) -> None:
    """Every command succeeds with nasty passwords in the DSN (URI with @ % : / ? # encoded;
    key/value with quotes and backslashes; sslpassword; a query password), even with
    -v: not one byte of them in stdout, stderr, the snapshot, the pages or the JSON."""
    user, db = login
    cases = {
        "uri": (_uri(db, user, "Hunt%40r2%25x%3Ay%2Fz%3F%23"), ("Hunt@r2%x:y/z?#", "Hunt")),
        "kv": (_kv(db, user, password="a b' c\\Quoted9", sslpassword="SslPw-9z"),
               ("Quoted9", "SslPw-9z")),
        "query": (_query(_uri(db, user, "Pl4in"), "sslpassword=Qsslpw7"), ("Pl4in", "Qsslpw7")),
    }
    for case, (dsn, secrets) in cases.items():
        work = tmp_path / case
        work.mkdir()
        for name, (args, env) in command_lines(dsn, work, old_snapshot).items():
            verbose = ["-v"] if args[0] in ("snapshot", "build") else []
            result = run([*args, *verbose], env, work)
            assert result.exit_code == 0, (case, name, result.output)
            assert_hidden(secrets, result.stdout, result.stderr)
            if "json" in args:
                assert json.loads(result.stdout)  # the JSON outputs are whole, and clean
        assert json.loads((work / "s.json").read_text())["database"]["user"] == user
        assert (work / "site_src" / "reference").is_dir()
        assert_hidden(secrets, written(work))


def test_diff_source_of_a_dsn_is_shown_without_its_secrets(
    login: tuple[str, str], old_snapshot: Path, tmp_path: Path
) -> None:
    """diff names a database side by its DSN, masked, in text, JSON and markdown."""
    user, db = login
    dsn = _kv(db, user, password="Diff-Pw-1", sslpassword="Diff-Ssl-2")
    for fmt in ("text", "json", "markdown"):
        result = run(["diff", str(old_snapshot), dsn, "--format", fmt], {}, tmp_path)
        assert result.exit_code == 0, result.output
        assert "Diff-Pw-1" not in result.stdout and "Diff-Ssl-2" not in result.stdout
        if fmt == "json":
            source = json.loads(result.stdout)["new"]["source"]
            assert "password=***" in source and "sslpassword=***" in source
            assert f"user={user}" in source


def test_wrong_password_with_nasty_characters_fails_at_once(
    password_role: PasswordRole, db18: str, tmp_path: Path  # noqa: F811
) -> None:
    """Authentication failure: one line with the server's reason, no retry, no password."""
    dbname = conninfo_to_dict(db18)["dbname"]
    wrong = "Wr0ng%40x%25y%3Az"
    uri = (f"postgresql://{password_role.name}:{wrong}@/{dbname}"
           f"?host={password_role.socket_dir}")
    for args, env in ((["snapshot", "--dsn", uri], {}), (["lint"], {"DATABASE_URL": uri}),
                      (["build", "--dsn", uri, "--site-dir", "s"], {})):
        result = run(args, env, tmp_path)
        line = one_error_line(result)
        assert "password authentication failed" in line
        assert "gave up after" not in line
        assert_hidden(("Wr0ng", "x%y:z", "%40x"), result.stdout, result.stderr,
                      written(tmp_path))
