"""Masking secrets in everything schemadoc prints or writes.

`redact(text)` is the one function every message that may hold a connection string
passes through before it reaches a terminal, a log or a file: the CLI's error line,
the log handler, the progress display, the snapshot summary and the `source` labels
of `schemadoc diff`. It replaces with `***`:

- the password of a `postgresql://` or `postgres://` URI (or one a slash short or
  over): everything between
  `user:` and the last `@` of the URI, so that a password holding `@`, `:`, `/`, `?`,
  `#` or `%` (encoded or not) is masked whole;
- the value of every secret key of a key/value string (`password`, `sslpassword`,
  libpq 18's `oauth_client_secret`, `scram_client_key`, `scram_server_key`), quoted
  or not, and of the same keys in a URI's query (`?password=`, `&sslpassword=`);
- every secret value seen so far: the passwords of each connection string that
  schemadoc resolved (`remember_dsn`), as typed and as libpq decodes them, and
  `PGPASSWORD`.

Masking too much is harmless; masking too little is not: patterns err on the wide side.
"""

from __future__ import annotations

import logging
import os
import re
from urllib.parse import unquote

__all__ = ["MASK", "RedactingFilter", "redact", "remember_dsn"]

MASK = "***"
_SECRET_KEYS = r"(?:ssl)?password|oauth_client_secret|scram_(?:client|server)_key"
# User part: anything but the separators of the authority (an unencoded `@` in a user
# name is still a user name); password: up to the last `@` of the non-blank run.
# (`postgresql:/u:pw@h`, a slash short, is no URI to libpq but still holds a password.)
_URI_PASSWORD = re.compile(r"(?P<head>\bpostgres(?:ql)?:/{1,3}[^\s:/?#]*:)(?P<pw>\S*)(?=@)", re.I)
# A key/value pair (`password = 'a b\' c'`, `password=x`) or a URI query parameter; a
# quoted value may be unterminated (an invalid DSN), then the rest of the text is masked.
_KV_PASSWORD = re.compile(
    rf"(?P<head>(?:{_SECRET_KEYS})\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*(?:'|$)|\S+)", re.I | re.S)
_QUERY_SECRET = re.compile(rf"[?&](?:{_SECRET_KEYS})=(?P<pw>[^&#\s]*)", re.I)
# Secrets this short are masked only where a value stands (after `=`, `:` or a quote),
# so that a password `a` does not turn every word "a" of a message into "***".
_SHORT = 4

_known: set[str] = set()


def _quoted_values(dsn: str) -> list[str]:
    """The secret values of `dsn` as typed: URI password, key/value and query values."""
    values = [m.group("pw") for m in _URI_PASSWORD.finditer(dsn)]
    for match in _KV_PASSWORD.finditer(dsn):
        value = match.group("pw")
        if value.startswith("'"):
            inner = value[1:-1] if value.endswith("'") and len(value) > 1 else value[1:]
            values += [inner, re.sub(r"\\(.)", r"\1", inner)]
        else:
            values.append(value)
    return values + [m.group("pw") for m in _QUERY_SECRET.finditer(dsn)]


def remember_dsn(dsn: str) -> None:
    """Note the secrets of a connection string, so that `redact` masks them wherever they
    appear later, whatever libpq or the server make of them."""
    found = _quoted_values(dsn)
    found += [unquote(value) for value in found]
    try:
        from psycopg.conninfo import conninfo_to_dict

        params = conninfo_to_dict(dsn)
    except Exception:  # unparsable: the typed values above are all there is
        params = {}
    found += [str(params[key]) for key in ("password", "sslpassword", "oauth_client_secret",
                                           "scram_client_key", "scram_server_key")
              if params.get(key)]
    _known.update(value for value in found if value and value != MASK)


def _secrets() -> list[str]:
    """Known secrets, longest first (a password that holds another is masked whole)."""
    values = set(_known)
    env = os.environ.get("PGPASSWORD")
    if env:
        values.add(env)
    return sorted(values, key=len, reverse=True)


def redact(text: str) -> str:
    """`text` with every password, secret key value and known secret replaced by `***`."""
    text = _URI_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
    text = _KV_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
    for secret in _secrets():
        if len(secret) >= _SHORT:
            text = text.replace(secret, MASK)
        else:
            text = re.sub(rf"(?<=[=:\"']){re.escape(secret)}(?![\w%])", MASK, text)
    return text


class RedactingFilter(logging.Filter):
    """A log filter that passes every record's message through `redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True
