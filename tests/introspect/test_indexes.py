"""Indexes: definition, method, key columns and expressions, INCLUDE, predicate,
size, scans, comment and the constraint an index backs."""

from __future__ import annotations

import time

import psycopg
import pytest

from tests.helpers import Server, query, run_sql, snapshot_of

DDL = """
create schema s;
create table s.docs (
    id int primary key,
    title text not null,
    body text,
    tags text[],
    area box,
    created date,
    deleted boolean default false,
    constraint docs_title_key unique (title)
);
create index docs_lower_title_idx on s.docs (lower(title));
create index docs_created_incl_idx on s.docs (created desc) include (title, body);
create index docs_live_idx on s.docs (created) where not deleted;
create index docs_tags_idx on s.docs using gin (tags);
create index docs_area_idx on s.docs using gist (area);
create index docs_title_hash_idx on s.docs using hash (title);
create index docs_created_brin_idx on s.docs using brin (created);
create index docs_multi_idx on s.docs (created, lower(body), id);
comment on index s.docs_live_idx is 'Only documents not deleted';
"""


@pytest.fixture
def indexes(db: str) -> dict:
    run_sql(db, DDL)
    return snapshot_of(db).schemas["s"].tables["docs"].indexes


def test_every_index_is_listed(indexes) -> None:
    """Indexes behind constraints and plain ones alike."""
    assert set(indexes) == {
        "docs_pkey", "docs_title_key", "docs_lower_title_idx", "docs_created_incl_idx",
        "docs_live_idx", "docs_tags_idx", "docs_area_idx", "docs_title_hash_idx",
        "docs_created_brin_idx", "docs_multi_idx",
    }


def test_primary_and_unique_indexes_name_their_constraint(indexes) -> None:
    """The primary key's index is primary and unique and names its constraint."""
    pk = indexes["docs_pkey"]
    assert pk.primary is True and pk.unique is True
    assert pk.constraint == "docs_pkey"
    assert pk.definition == "CREATE UNIQUE INDEX docs_pkey ON s.docs USING btree (id)"
    assert indexes["docs_title_key"].constraint == "docs_title_key"
    assert indexes["docs_title_key"].primary is False
    assert indexes["docs_title_key"].unique is True
    assert indexes["docs_live_idx"].constraint is None
    assert indexes["docs_live_idx"].unique is False


def test_methods(indexes) -> None:
    """btree, hash, gin, gist and brin."""
    assert {name: ix.method for name, ix in indexes.items() if not name.startswith("docs_p")} == {
        "docs_title_key": "btree",
        "docs_lower_title_idx": "btree",
        "docs_created_incl_idx": "btree",
        "docs_live_idx": "btree",
        "docs_tags_idx": "gin",
        "docs_area_idx": "gist",
        "docs_title_hash_idx": "hash",
        "docs_created_brin_idx": "brin",
        "docs_multi_idx": "btree",
    }


def test_key_columns_and_expressions(indexes) -> None:
    """Key columns in order; an expression is shown as an expression."""
    assert indexes["docs_lower_title_idx"].columns == ["lower(title)"]
    assert indexes["docs_multi_idx"].columns == ["created", "lower(body)", "id"]
    assert indexes["docs_tags_idx"].columns == ["tags"]


def test_include_columns(indexes) -> None:
    """INCLUDE columns are kept apart from the key columns."""
    ix = indexes["docs_created_incl_idx"]
    assert ix.columns == ["created"]
    assert ix.include == ["title", "body"]
    assert ix.definition.endswith("USING btree (created DESC) INCLUDE (title, body)")
    assert indexes["docs_pkey"].include == []


def test_partial_index(indexes) -> None:
    """A partial index keeps its WHERE predicate and its comment."""
    ix = indexes["docs_live_idx"]
    assert ix.predicate == "NOT deleted"
    assert ix.definition.endswith("WHERE (NOT deleted)")
    assert ix.comment == "Only documents not deleted"
    assert indexes["docs_pkey"].predicate is None
    assert indexes["docs_pkey"].comment is None


def test_index_size(db: str) -> None:
    """An index's size in bytes is known once it has pages."""
    run_sql(db, DDL + """
        insert into s.docs (id, title, created)
        select g, 'title ' || g, date '2024-01-01' + g % 300 from generate_series(1, 5000) g;
        analyze s.docs;
    """)
    indexes = snapshot_of(db).schemas["s"].tables["docs"].indexes
    assert indexes["docs_pkey"].bytes > 8192
    assert indexes["docs_title_key"].bytes > 8192
    assert all(ix.bytes is not None and ix.bytes >= 0 for ix in indexes.values())


def test_index_scans(db: str, server: Server) -> None:
    """After a query that uses the index, its scan count is at least 1."""
    run_sql(db, DDL + "insert into s.docs (id, title) select g, 't' || g "
                      "from generate_series(1, 100) g;")
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("set enable_seqscan = off")
        conn.execute("select title from s.docs where id = 42").fetchall()
        if server.major >= 15:
            conn.execute("select pg_stat_force_next_flush()")
    deadline = time.monotonic() + 10  # PostgreSQL 13 and 14 send stats with a delay
    while True:
        indexes = snapshot_of(db).schemas["s"].tables["docs"].indexes
        if indexes["docs_pkey"].scans or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert indexes["docs_pkey"].scans >= 1
    assert indexes["docs_area_idx"].scans == 0


def test_materialized_view_index(db: str) -> None:
    """Indexes on a materialized view are listed under it."""
    run_sql(db, """
        create schema s;
        create materialized view s.mv as select g as id from generate_series(1, 10) g;
        create unique index mv_id_idx on s.mv (id);
    """)
    mv = snapshot_of(db).schemas["s"].materialized_views["mv"]
    assert mv.indexes["mv_id_idx"].unique is True
    assert mv.indexes["mv_id_idx"].columns == ["id"]


def test_partitioned_table_index(db: str) -> None:
    """An index on a partitioned table is listed on the parent and on each partition."""
    run_sql(db, """
        create schema s;
        create table s.p (id int, at date) partition by range (at);
        create table s.p1 partition of s.p for values from ('2024-01-01') to ('2025-01-01');
        create index p_at_idx on s.p (at);
    """)
    tables = snapshot_of(db).schemas["s"].tables
    assert tables["p"].indexes["p_at_idx"].columns == ["at"]
    assert [ix.columns for ix in tables["p1"].indexes.values()] == [["at"]]


ODD_NAMES_DDL = """
create schema q;
create table q.t (
    gone int,
    "Mixed" int, "select" int, "user" int, name int, "café" int, "with space" int,
    "a""b" int, "2nd" int, "order" int, "_ok1" int, "between" int, "Select" int
);
alter table q.t drop column gone;
create index t_keys_idx on q.t ("Mixed", "select", "user", name, "café", "with space");
create index t_incl_idx on q.t ("a""b") include ("2nd", "order", "_ok1", "between", "Select");
"""


def test_column_names_quoted_as_the_server_quotes_them(db: str) -> None:
    """Key and INCLUDE columns are named on the client from their attnums; each reads
    exactly as pg_get_indexdef() prints it: reserved words, capitals, spaces, quotes,
    non-ASCII and a leading digit quoted, an unreserved keyword (`name`) not; a dropped
    column before them does not shift them."""
    run_sql(db, ODD_NAMES_DDL)
    server = dict(query(db, """
        select c.relname, array(select pg_get_indexdef(i.indexrelid, k, true)
                                  from generate_series(1, i.indnatts) k order by k)
          from pg_index i join pg_class c on c.oid = i.indexrelid
         where c.relnamespace = 'q'::regnamespace"""))
    indexes = snapshot_of(db).schemas["q"].tables["t"].indexes
    for name, printed in server.items():
        assert [*indexes[name].columns, *indexes[name].include] == printed, name
    assert indexes["t_keys_idx"].columns == [
        '"Mixed"', '"select"', '"user"', "name", '"café"', '"with space"']
    assert indexes["t_incl_idx"].include == ['"2nd"', '"order"', "_ok1", '"between"', '"Select"']


def test_a_database_quoting_every_identifier_gives_the_same_names(db: str) -> None:
    """With `quote_all_identifiers` on for the database, schemadoc's transaction turns it
    off: definitions and column names read as on any other server."""
    run_sql(db, ODD_NAMES_DDL)
    before = snapshot_of(db).schemas["q"].tables["t"].indexes
    (name,) = query(db, "select current_database()")[0]
    run_sql(db, f'alter database "{name}" set quote_all_identifiers = on')
    assert query(db, "show quote_all_identifiers") == [("on",)]
    after = snapshot_of(db).schemas["q"].tables["t"].indexes
    assert after == before
    assert after["t_keys_idx"].columns[3] == "name"
