"""Where to connect, checked before anything talks to the server.

The DSN comes from `--dsn`, else `DATABASE_URL`, else libpq's own `PG*` variables
(an empty conninfo lets libpq read them). Every DSN is parsed here first, so that a
malformed one is reported by schemadoc in its own words: libpq's parse errors quote
the offending token, which is often the password itself (`invalid percent-encoded
token: "my%secretpw"`). Its secrets are remembered for `generator.runtime.redaction`.
"""

from __future__ import annotations

import os
import re
from functools import cache

from psycopg import pq
from psycopg.conninfo import conninfo_to_dict

from generator.errors import InvalidConnectionString
from generator.runtime.redaction import remember_dsn

__all__ = ["check_dsn", "conninfo_problem", "describe_target", "resolve_dsn"]

_URI = re.compile(r"^\s*postgres(?:ql)?://", re.I)
# What libpq writes after a quoted value, when the value is not at the end.
_TAILS = (re.compile(r'" in connection info string$'),
          re.compile(r'", use percent-encoded spaces \(%20\) instead$'),
          re.compile(r'" for connection option "(\w+)"$'))
_URI_HINT = (" (in a URI, write @ as %40, / as %2F, % as %25 and a space as %20 inside a "
             "user name or password)")
_KV_HINT = (" (in key=value form, put a value holding spaces in single quotes and write ' "
            "and \\ inside it as \\' and \\\\)")


def resolve_dsn(dsn: str | None) -> str:
    """The connection string to use, checked: the option, else DATABASE_URL, else libpq
    defaults (the empty string)."""
    if dsn:
        return check_dsn(dsn, "--dsn")
    from_env = os.environ.get("DATABASE_URL", "")
    return check_dsn(from_env, "DATABASE_URL") if from_env else ""


@cache
def _keywords() -> frozenset[str]:
    return frozenset(o.keyword.decode() for o in pq.Conninfo.get_defaults())


def _safe(word: str) -> bool:
    """Whether a word libpq quotes may be shown: an option name or punctuation."""
    return word in _keywords() or not re.search(r"\w", word)


def conninfo_problem(message: str) -> str:
    """libpq's complaint about a connection string, on one line and without the value it
    quotes (often the password, and possibly holding quotes itself): option names,
    punctuation and libpq's own words after the value stay."""
    rest, out = " ".join(message.split()), ""
    while (quote := rest.find('"')) >= 0:
        out, rest = out + rest[:quote], rest[quote:]
        word = re.match(r'"([^"]*)"', rest)
        if word and _safe(word.group(1)):
            out, rest = out + word.group(0), rest[word.end():]
            continue
        tail = next((m for m in (p.search(rest) for p in _TAILS) if m), None)
        keep = tail is not None and all(_safe(w) for w in tail.groups())
        return (out + ('"…"' + tail.group(0)[1:] if keep and tail else "")).rstrip(": .")
    return (out + rest).rstrip(": .")


def _misplaced_at(dsn: str) -> bool:
    """Whether a URI holds an `@` that libpq would not read as the end of the user info.

    libpq ends the user info at the first `@` (or `/`): in `postgresql://u:Hunt@r2@host`
    the password is `Hunt` and the host `r2@host`; in `postgresql://u:pa/ss@host/db`
    there is no password at all and `ss@host/db` is the database. Either way part of the
    password ends up where messages print it.
    """
    start = _URI.match(dsn)
    if not start:
        return False
    rest = dsn[start.end():]
    end_of_userinfo = re.search(r"[@/]", rest)
    if end_of_userinfo is None:
        return False
    if end_of_userinfo.group() == "@":
        host = re.split(r"[/?]", rest[end_of_userinfo.end():], maxsplit=1)[0]
        return "@" in host
    return "@" in rest.split("?", 1)[0]


def check_dsn(dsn: str, origin: str) -> str:
    """`dsn` if libpq can read it unambiguously; else InvalidConnectionString naming
    `origin` (`--dsn`, `DATABASE_URL`, `NEW`...) and never any value of the DSN."""
    remember_dsn(dsn)
    uri = bool(_URI.match(dsn))
    try:
        conninfo_to_dict(dsn)
    except Exception as exc:  # psycopg raises ProgrammingError with libpq's message
        hint = _URI_HINT if uri else _KV_HINT
        raise InvalidConnectionString(
            f"invalid connection string in {origin}: {conninfo_problem(str(exc))}; "
            f"check its quoting{hint}") from None
    if _misplaced_at(dsn):
        raise InvalidConnectionString(
            f"invalid connection string in {origin}: an '@' or '/' inside the user name or "
            f"password ends it early; check its quoting{_URI_HINT}")
    return dsn


def describe_target(dsn: str) -> str:
    """`user@host:port/dbname` for messages, from the DSN and libpq defaults; no password."""
    try:
        params = conninfo_to_dict(dsn)
    except Exception:
        return "the database (unparsable connection string)"
    host = params.get("host") or os.environ.get("PGHOST") or "localhost"
    port = params.get("port") or os.environ.get("PGPORT") or "5432"
    user = params.get("user") or os.environ.get("PGUSER") or ""
    dbname = params.get("dbname") or os.environ.get("PGDATABASE") or user
    who = f"{user}@" if user else ""
    return f"{who}{host}:{port}/{dbname}"
