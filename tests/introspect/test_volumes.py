"""Data volumes: row estimates labelled with their source, sizes in bytes, and the
opt-in exact counts with their size limit."""

from __future__ import annotations

from generator.introspect import IntrospectOptions
from generator.introspect.exact_counts import ExactCountOptions
from tests.helpers import run_sql, snapshot_of

# Each `big` value is 6,400 characters of md5 hex: too random to compress below the
# TOAST threshold, so it is moved out of line.
DDL = """
create schema s;
create table s.docs (id int primary key, big text);
insert into s.docs
select g.g, (select string_agg(md5(g.g::text || '-' || h.h), '')
               from generate_series(1, 200) h(h))
  from generate_series(1, 300) g(g);
create table s.small (id int);
insert into s.small select generate_series(1, 10);
"""


def test_never_analysed(db: str) -> None:
    """Before ANALYZE the planner knows nothing: no estimate, and the label says why."""
    run_sql(db, DDL)
    table = snapshot_of(db).schemas["s"].tables["small"]
    assert table.row_count.estimate is None
    assert table.row_count.source == "never analysed"
    assert table.row_count.exact is None


def test_estimate_after_analyze(db: str) -> None:
    """After ANALYZE the estimate is pg_class.reltuples, labelled so."""
    run_sql(db, DDL + "analyze s.docs; analyze s.small;")
    tables = snapshot_of(db).schemas["s"].tables
    assert tables["docs"].row_count.estimate == 300
    assert tables["docs"].row_count.source == "reltuples"
    assert tables["small"].row_count.estimate == 10


def test_empty_table_after_analyze(db: str) -> None:
    """An analysed empty table has an estimate of 0, not 'never analysed'."""
    run_sql(db, "create schema s; create table s.empty (id int); analyze s.empty;")
    row_count = snapshot_of(db).schemas["s"].tables["empty"].row_count
    assert (row_count.estimate, row_count.source) == (0, "reltuples")


def test_sizes_after_analyze(db: str) -> None:
    """Heap, index and TOAST sizes are known after ANALYZE; the total is their sum."""
    run_sql(db, DDL + "analyze s.docs;")
    table = snapshot_of(db).schemas["s"].tables["docs"]
    assert table.table_bytes > 0
    assert table.index_bytes > 0
    # 300 values of 6,400 bytes in chunks of about 2,000 bytes, four to a page.
    assert table.toast_bytes >= 300 * 6400 * 0.9
    assert table.total_bytes == table.table_bytes + table.index_bytes + table.toast_bytes
    assert table.indexes["docs_pkey"].bytes == table.index_bytes


def test_exact_counts(db: str) -> None:
    """--exact-counts runs count(*) and keeps the estimate beside it."""
    run_sql(db, DDL + "analyze s.small; insert into s.small select generate_series(1, 5);")
    snap = snapshot_of(db, IntrospectOptions(exact_counts=ExactCountOptions()))
    small = snap.schemas["s"].tables["small"].row_count
    assert small.exact == 15
    assert small.estimate == 10
    assert snap.schemas["s"].tables["docs"].row_count.exact == 300
    assert snapshot_of(db).schemas["s"].tables["small"].row_count.exact is None


def test_exact_count_skips_tables_over_max_bytes(db: str) -> None:
    """A table bigger than max_bytes keeps only its estimate, and a warning names it."""
    run_sql(db, DDL + "analyze s.docs; analyze s.small;")
    options = IntrospectOptions(exact_counts=ExactCountOptions(max_bytes=100_000))
    snap = snapshot_of(db, options)
    docs = snap.schemas["s"].tables["docs"]
    assert docs.total_bytes > 100_000
    assert docs.row_count.exact is None
    assert docs.row_count.estimate == 300
    assert [w for w in snap.warnings if "s.docs" in w] == [
        f"exact count of s.docs skipped: {docs.total_bytes} bytes is over "
        "--exact-counts-max-bytes 100000"
    ]
    assert snap.schemas["s"].tables["small"].row_count.exact == 10


def test_exact_counts_of_partitions(db: str) -> None:
    """Partitions are counted; the partitioned parent keeps the sum of estimates."""
    run_sql(db, """
        create schema s;
        create table s.p (id int) partition by range (id);
        create table s.p1 partition of s.p for values from (0) to (100);
        create table s.p2 partition of s.p for values from (100) to (200);
        insert into s.p select generate_series(0, 149);
        analyze s.p;
    """)
    snap = snapshot_of(db, IntrospectOptions(exact_counts=ExactCountOptions()))
    tables = snap.schemas["s"].tables
    assert (tables["p1"].row_count.exact, tables["p2"].row_count.exact) == (100, 50)
    assert tables["p"].row_count.estimate == 150
    assert tables["p"].row_count.source == "sum of partitions"
