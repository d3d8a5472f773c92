"""Where to connect, and how to talk about it without leaking the password.

The DSN comes from `--dsn`, else `DATABASE_URL`, else libpq's own `PG*` variables
(an empty conninfo lets libpq read them).
"""

from __future__ import annotations

import os
import re

from psycopg.conninfo import conninfo_to_dict

_URI_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?=@)", re.I)
_KV_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'|\S+)", re.I)


def resolve_dsn(dsn: str | None) -> str:
    """The connection string to use: the option, else DATABASE_URL, else libpq defaults."""
    if dsn:
        return dsn
    return os.environ.get("DATABASE_URL", "")


def secrets_of(dsn: str) -> list[str]:
    """Every password this DSN (or the environment) could carry, for redaction."""
    found: list[str] = []
    try:
        password = conninfo_to_dict(dsn).get("password")
    except Exception:  # an unparsable DSN still gets pattern-based redaction
        password = None
    for candidate in (password, os.environ.get("PGPASSWORD")):
        if candidate:
            found.append(str(candidate))
    return found


def redact(text: str, dsn: str = "") -> str:
    """Text with every password replaced by `***` (URI, key=value and known values)."""
    text = _URI_PASSWORD.sub(lambda m: m.group("head") + "***", text)
    text = _KV_PASSWORD.sub(lambda m: m.group("head") + "***", text)
    for secret in secrets_of(dsn):
        text = text.replace(secret, "***")
    return text
