"""Text as the server prints it, reduced to what matters for a comparison.

Two snapshots print the same object the same way when they come from the same major
version; across versions some definitions differ in form only. Measured on the same
DDL (tbls, Pagila and a schema of every object kind) loaded on PostgreSQL 15 and 18:
`pg_get_viewdef()` of 16 and later leaves out the relation name before a column when
a query level reads a single relation (`company.status` became `status`); every
other definition (functions, constraints, indexes, triggers, policies, defaults,
partition bounds) printed identically. Whitespace is also made irrelevant for views.

Renames make definitions that mention the renamed object differ too (an index on a
renamed table, a check on a renamed column): `RenameMap` rewrites the old text with
the new names before comparing, so a rename is reported once, not once per dependant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.names.identifiers import quote_ident  # as PostgreSQL prints it, keywords aside

_WHITESPACE = re.compile(r"\s+")
# An identifier followed by a dot and another identifier: a qualifier.
_QUALIFIER = re.compile(r'(?<![\w$".])("(?:[^"]|"")+"|[A-Za-z_][\w$]*)\.(?=["A-Za-z_])')


def squash(text: str) -> str:
    """Whitespace runs made one space, ends trimmed, a final semicolon dropped."""
    return _WHITESPACE.sub(" ", text).strip().rstrip(";").rstrip()


def strip_qualifiers(text: str, schemas: Iterable[str]) -> str:
    """A view definition without range-table qualifiers (`c.id` -> `id`); schema names stay.

    Only used across major versions, where PostgreSQL 16+ omits some qualifiers.
    """
    keep = {quote_ident(name) for name in schemas} | {"pg_catalog"}
    return _QUALIFIER.sub(lambda m: m.group(0) if m.group(1) in keep else "", text)


_ALIAS = re.compile(r'\s+AS\s+(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?=\s*(?:,|$|\bFROM\b))')


def strip_aliases(text: str) -> str:
    """A view definition without output-column aliases (`expr AS name,` -> `expr,`)."""
    return _ALIAS.sub("", text)


def index_body(definition: str, name: str) -> str:
    """An index definition without its own name (a renamed index is the same index)."""
    return definition.replace(f"INDEX {quote_ident(name)} ON ", "INDEX ON ", 1)


def trigger_body(definition: str, name: str) -> str:
    """A trigger definition without its own name."""
    return definition.replace(f"TRIGGER {quote_ident(name)} ", "TRIGGER ", 1)


def function_parts(definition: str | None) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(body, SET lines, other options) of a `pg_get_functiondef()` text.

    The header's RETURNS, LANGUAGE, volatility, STRICT, SECURITY DEFINER and PARALLEL
    lines are compared as the function's own fields; SET lines (e.g. search_path) and
    the remaining options (COST, ROWS, LEAKPROOF, SUPPORT, WINDOW) apart from the body.
    """
    if not definition or not definition.startswith("CREATE"):
        return definition or "", (), ()
    lines = definition.split("\n")
    end = 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    header = [line.strip() for line in lines[1:end]]
    settings = tuple(line for line in header if line.startswith("SET "))
    options = tuple(sorted(
        word for line in header if not line.startswith(("SET ", "RETURNS ", "LANGUAGE "))
        for word in _options(line)
    ))
    return "\n".join(lines[end:]).rstrip(), settings, options


_STRUCTURED_WORDS = {
    "IMMUTABLE", "STABLE", "VOLATILE", "STRICT", "SECURITY", "DEFINER", "PARALLEL", "SAFE",
    "RESTRICTED", "UNSAFE",
}


def _options(line: str) -> list[str]:
    """Option words of a header line not covered by a function field (`COST 1`, `LEAKPROOF`)."""
    words = line.split()
    kept: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in ("COST", "ROWS", "SUPPORT") and i + 1 < len(words):
            kept.append(f"{words[i]} {words[i + 1]}")
            i += 2
            continue
        if words[i] not in _STRUCTURED_WORDS:
            kept.append(words[i])
        i += 1
    return kept


class RenameMap:
    """Old names -> new names of renamed schemas, relations and columns, for texts."""

    def __init__(self) -> None:
        self._pairs: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None

    def add(self, old: str, new: str) -> None:
        """Record that identifier `old` is now `new`."""
        if old != new:
            self._pairs[quote_ident(old)] = quote_ident(new)
            self._names[old] = new
            self._pattern = None

    def __bool__(self) -> bool:
        return bool(self._pairs)

    def apply(self, text: str) -> str:
        """`text` with every old identifier replaced by its new one."""
        if not self._pairs:
            return text
        if self._pattern is None:
            names = sorted(self._pairs, key=len, reverse=True)
            alternatives = "|".join(re.escape(name) for name in names)
            self._pattern = re.compile(rf'(?<![\w$"])(?:{alternatives})(?![\w$"])')
        return self._pattern.sub(lambda m: self._pairs[m.group(0)], text)

    def apply_any(self, text: str) -> str:
        """A bare name (as in a list of column names) mapped whole, else `apply(text)`."""
        return self._names.get(text) or self.apply(text)
