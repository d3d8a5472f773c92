"""Identifiers in SQL that schemadoc shows (lint fixes): quoted as PostgreSQL's
quote_ident() quotes them, and naming exactly the object they were made from, on each
test server."""

from __future__ import annotations

from generator.names.sql import QUOTED_KEYWORDS, hidden, qualified_ident, quote_ident
from tests.helpers import Server, query, run_sql

NAMES = [
    "plain", "Mixed", "user", "select", "json_table", "_under", "café", "a.b", "with space",
    ' padded ', 'it\'s "quoted"', "back\\slash", "\\", '"', "1starts_with_digit",
    "tmp\rorders", "tab\there", "new\nline", "esc\x1b[31m", "bidi \u202eevil\u202c",
    "zero\u200bwidth", "nb\u00a0space", "<script>alert(1)</script>", "emoji \U0001f600",
    "$dollar", "a$b",
]


def test_plain_names_stay_bare_and_the_rest_is_quoted() -> None:
    """Bare only when PostgreSQL would print it bare: lower case, no keyword."""
    assert quote_ident("company_master") == "company_master"
    assert quote_ident("Company") == '"Company"'
    assert quote_ident("user") == '"user"'
    assert quote_ident('say "hi"') == '"say ""hi"""'
    assert quote_ident("back\\slash") == '"back\\slash"'
    assert qualified_ident("a.b", "c") == '"a.b".c'


def test_hidden_characters_are_written_as_unicode_escapes() -> None:
    """A carriage return, an escape or a bidirectional override becomes \\XXXX in a
    U&"..." identifier, with backslashes doubled; what is left is all visible."""
    assert quote_ident("tmp\rorders") == 'U&"tmp\\000Dorders"'
    assert quote_ident('a\\b"\x1b') == 'U&"a\\\\b""\\001B"'
    assert quote_ident("x\U000e0001") == 'U&"x\\+0E0001"'
    for name in NAMES:
        assert not any(hidden(char) for char in quote_ident(name)), name


def test_quoted_keywords_cover_the_servers(server: Server) -> None:
    """Every keyword the server's quote_ident() quotes is in the shipped list."""
    words = {str(row[0]) for row in query(
        server.dsn, "select word from pg_get_keywords() where catcode <> 'U'")}
    assert words <= QUOTED_KEYWORDS, sorted(words - QUOTED_KEYWORDS)


def test_quoting_matches_the_server(server: Server) -> None:
    """For names without hidden characters, the same text as the server's quote_ident(),
    but for keywords only a later release reserves (json_table before 17), which are
    quoted anyway."""
    for name in NAMES:
        if not any(hidden(char) for char in name):
            (expected,) = query(server.dsn, "select quote_ident(%s)", (name,))[0]
            if expected == name and name in QUOTED_KEYWORDS:
                expected = f'"{name}"'
            assert quote_ident(name) == expected, name


def test_each_quoted_name_names_exactly_its_object(db: str) -> None:
    """A schema and table created through each quoted name have exactly that name in the
    catalog, and the same text finds the table again."""
    run_sql(db, "; ".join(f"create schema {quote_ident(name)}; "
                          f"create table {qualified_ident(name, name)} (id int)"
                          for name in NAMES))
    rows = query(db, "select n.nspname, c.relname from pg_class c join pg_namespace n "
                     "on n.oid = c.relnamespace where c.relkind = 'r' and n.nspname = c.relname")
    assert sorted(rows) == sorted((name, name) for name in NAMES)
    for name in NAMES:
        assert query(db, f"select count(*) from {qualified_ident(name, name)}") == [(0,)]
