"""Identifiers as SQL: in the SQL schemadoc shows people (a lint finding's fix), and as
a given server prints them (`IdentifierQuoter`).

In SQL shown to people each name names exactly the object it was made from, and reads
as what it names.

`quote_ident` follows PostgreSQL's quote_ident(): a name stays bare only when it is a
plain lower-case identifier and no keyword PostgreSQL reserves in any way; otherwise it
is double-quoted, its quotes doubled. A name holding characters that a reader cannot
see or that move text around (control characters such as a carriage return or an
escape, line breaks, bidirectional overrides, zero-width and non-breaking spaces) is
written as a Unicode escape identifier, `U&"tmp\\000Dorders"`, where each such character
is `\\XXXX` and a backslash `\\\\`: pasted into psql it names the same object, and
printed on a terminal or a page it cannot pass for another name (a raw carriage return
would let `tmp<CR>orders` print as `orders`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from generator.names.identifiers import double_quoted, is_plain
from generator.names.visible import hidden

__all__ = ["QUOTED_KEYWORDS", "IdentifierQuoter", "hidden", "qualified_ident", "quote_ident"]

# `select word from pg_get_keywords() where catcode <> 'U'` on PostgreSQL 18: the
# keywords quote_ident() quotes. Each release only adds some; quoting one a server does
# not reserve is harmless (tests/test_sql_ident.py checks each test server's list).
QUOTED_KEYWORDS = frozenset("""
all analyse analyze and any array as asc asymmetric authorization between bigint binary
bit boolean both case cast char character check coalesce collate collation column
concurrently constraint create cross current_catalog current_date current_role
current_schema current_time current_timestamp current_user dec decimal default
deferrable desc distinct do else end except exists extract false fetch float for foreign
freeze from full grant greatest group grouping having ilike in initially inner inout int
integer intersect interval into is isnull join json json_array json_arrayagg json_exists
json_object json_objectagg json_query json_scalar json_serialize json_table json_value
lateral leading least left like limit localtime localtimestamp merge_action national
natural nchar none normalize not notnull null nullif numeric offset on only or order out
outer overlaps overlay placing position precision primary real references returning
right row select session_user setof similar smallint some substring symmetric
system_user table tablesample then time timestamp to trailing treat trim true union
unique user using values varchar variadic verbose when where window with xmlattributes
xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot
xmlserialize xmltable
""".split())



def _unicode_escape(char: str) -> str:
    if char == "\\":
        return "\\\\"
    if char == '"':
        return '""'
    if not hidden(char):
        return char
    code = ord(char)
    return f"\\{code:04X}" if code <= 0xFFFF else f"\\+{code:06X}"


@lru_cache(maxsize=1 << 12)
def quote_ident(name: str) -> str:
    """The name as SQL that names exactly it, quoted as PostgreSQL's quote_ident() does
    (or as a U&"..." identifier when it holds characters a reader cannot see)."""
    if is_plain(name) and name not in QUOTED_KEYWORDS:
        return name
    if any(hidden(char) for char in name):
        return 'U&"' + "".join(_unicode_escape(char) for char in name) + '"'
    return double_quoted(name)


def qualified_ident(*names: str) -> str:
    """schema.table[.column] as SQL, each part quoted on its own."""
    return ".".join(quote_ident(name) for name in names)


class IdentifierQuoter(dict[str, str]):
    """quote_ident() exactly as one server prints it, with the keywords it quotes (from
    its pg_get_keywords()), for names assembled on the client that must read like the
    server's own output (an index's key columns, see introspect/sql/indexes.sql); no
    escapes of hidden characters, which the server does not make either.

    Called, or indexed, with a name. It is the dict of the names quoted so far: the
    same few names recur across tables, and a name seen before is quoted without a
    Python call (a 10,000-table snapshot quotes 150,000 of them)."""

    __call__ = dict.__getitem__

    def __init__(self, quoted_keywords: Iterable[str]) -> None:
        super().__init__()
        self._keywords = frozenset(quoted_keywords)

    def __missing__(self, name: str) -> str:
        plain = is_plain(name) and name not in self._keywords
        quoted = self[name] = name if plain else double_quoted(name)
        return quoted
