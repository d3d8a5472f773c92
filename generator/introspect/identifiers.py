"""Quoting identifiers exactly as PostgreSQL prints them (its `quote_ident()`).

Some names are assembled on the client rather than printed by the server (an index's
key columns, see indexes.sql); they must read the same as the server's own output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# quote_identifier() in PostgreSQL's ruleutils.c: lower-case ASCII letters, digits and
# underscores, not starting with a digit, and not a keyword other than an unreserved one.
_PLAIN = re.compile(r"[a-z_][a-z0-9_]*")


class IdentifierQuoter:
    """quote_ident() for one server, whose quoted keywords come from pg_get_keywords()."""

    def __init__(self, quoted_keywords: Iterable[str]) -> None:
        self._keywords = frozenset(quoted_keywords)
        self._seen: dict[str, str] = {}  # the same few names recur across tables

    def __call__(self, name: str) -> str:
        quoted = self._seen.get(name)
        if quoted is None:
            if _PLAIN.fullmatch(name) and name not in self._keywords:
                quoted = name
            else:
                quoted = '"' + name.replace('"', '""') + '"'
            self._seen[name] = quoted
        return quoted
