"""What user types depend on: a domain's base type (when a user type), a range's
subtype, the types of a composite type's attributes."""

from __future__ import annotations

from tests.helpers import run_sql, snapshot_of
from tests.introspect.depends import C

DDL = """
create schema s;
create type s.mood as enum ('ok', 'sad');
create domain s.code as text;
create domain s.short_code as s.code check (length(value) < 5);
create type s.entry as (mood s.mood, moods s.mood[], code s.short_code, n int);
create type s.code_range as range (subtype = s.code);
"""


def test_type_dependencies(db: str) -> None:
    run_sql(db, DDL)
    types = snapshot_of(db).schemas["s"].types
    assert types["mood"].depends_on == []
    assert types["code"].depends_on == []
    assert types["short_code"].depends_on == [C("type", "s", "code")]
    assert types["entry"].depends_on == [C("type", "s", "mood"), C("type", "s", "short_code")]
    assert types["code_range"].depends_on == [C("type", "s", "code")]


def test_an_extensions_domain_is_no_dependent(db: str) -> None:
    """earthdistance's domain `earth` (over cube) is the extension's: it gets no list
    and nothing is reported missing; a column typed with it depends on it."""
    run_sql(db, """
        create extension if not exists cube;
        create extension if not exists earthdistance;
        create table public.place (id int, at earth);
    """)
    snapshot = snapshot_of(db)
    assert snapshot.warnings == []
    assert "earth" not in snapshot.schemas["public"].types
    place = snapshot.schemas["public"].tables["place"]
    assert place.columns["at"].depends_on == [C("type", "public", "earth")]
