"""Tables: ordinary, unlogged, partitioned with their partitions, inherited, foreign."""

from __future__ import annotations

import pytest

from generator.model import ObjectRef
from tests.helpers import query, run_sql, snapshot_of

PARTITIONED = """
create schema s;
create table s.measurement (
    city_id int not null,
    logdate date not null,
    peak int
) partition by range (logdate);
create table s.measurement_2024 partition of s.measurement
    for values from ('2024-01-01') to ('2025-01-01');
create table s.measurement_2025 partition of s.measurement
    for values from ('2025-01-01') to ('2026-01-01');
create table s.measurement_other partition of s.measurement default;
"""

SUB_PARTITIONED = """
create schema s;
create table s.events (kind text not null, id int not null) partition by list (kind);
create table s.events_web partition of s.events
    for values in ('click', 'view') partition by hash (id);
create table s.events_web_0 partition of s.events_web for values with (modulus 2, remainder 0);
create table s.events_web_1 partition of s.events_web for values with (modulus 2, remainder 1);
create table s.events_mail partition of s.events for values in ('mail');
"""

INHERITANCE = """
create schema s;
create table s.cities (name text, population int);
create table s.capitals (state char(2)) inherits (s.cities);
create table s.tagged (tag text);
create table s.capital_tags () inherits (s.capitals, s.tagged);
"""

# A foreign data wrapper without handler needs no extension; the table can be
# described but not read.
FOREIGN = """
create schema s;
create foreign data wrapper sd_dummy;
create server sd_remote foreign data wrapper sd_dummy;
create foreign table s.remote_orders (id int not null, total numeric(10,2))
    server sd_remote options (table_name 'orders', schema_name 'shop');
comment on foreign table s.remote_orders is 'Orders held elsewhere';
"""


def test_plain_table(db: str) -> None:
    """An ordinary table has kind 'table', its owner and comment, logged by default."""
    run_sql(db, """
        create schema s;
        create table s.t (id int);
        comment on table s.t is 'A plain table';
    """)
    table = snapshot_of(db).schemas["s"].tables["t"]
    assert table.kind == "table"
    assert table.owner == query(db, "select current_user")[0][0]
    assert table.comment == "A plain table"
    assert table.unlogged is False
    assert table.partition_of is None and table.partition_key is None
    assert table.inherits == []
    assert table.oid == query(db, "select 's.t'::regclass::oid")[0][0]


def test_unlogged_table(db: str) -> None:
    """An UNLOGGED table is flagged as such."""
    run_sql(db, "create schema s; create unlogged table s.scratch (id int);")
    assert snapshot_of(db).schemas["s"].tables["scratch"].unlogged is True


def test_partitioned_table_and_partitions(db: str) -> None:
    """The parent carries the partition key; each partition names its parent and bound."""
    run_sql(db, PARTITIONED)
    tables = snapshot_of(db).schemas["s"].tables
    parent = tables["measurement"]
    assert parent.kind == "partitioned_table"
    assert parent.partition_key == "RANGE (logdate)"
    assert parent.partition_of is None
    part = tables["measurement_2024"]
    assert part.kind == "table"
    assert part.partition_of == ObjectRef("s", "measurement")
    assert part.partition_bound == "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
    assert tables["measurement_other"].partition_bound == "DEFAULT"
    assert part.inherits == [], "a partition is not listed as inheritance"
    assert list(part.columns) == ["city_id", "logdate", "peak"]


def test_sub_partitions(db: str) -> None:
    """A partition can itself be partitioned; list and hash keys and bounds are kept."""
    run_sql(db, SUB_PARTITIONED)
    tables = snapshot_of(db).schemas["s"].tables
    assert tables["events"].partition_key == "LIST (kind)"
    web = tables["events_web"]
    assert web.kind == "partitioned_table"
    assert web.partition_key == "HASH (id)"
    assert web.partition_of == ObjectRef("s", "events")
    assert web.partition_bound == "FOR VALUES IN ('click', 'view')"
    assert tables["events_web_1"].partition_of == ObjectRef("s", "events_web")
    assert tables["events_web_1"].partition_bound == "FOR VALUES WITH (modulus 2, remainder 1)"


def test_partitioned_row_estimate_is_sum_of_partitions(db: str) -> None:
    """After ANALYZE the parent's estimate is the sum of its partitions', labelled so."""
    run_sql(db, PARTITIONED + """
        insert into s.measurement
        select g % 10, date '2024-03-01' + (g % 500), g from generate_series(1, 3000) g;
        analyze s.measurement;
    """)
    tables = snapshot_of(db).schemas["s"].tables
    parts = [tables[n] for n in ("measurement_2024", "measurement_2025", "measurement_other")]
    assert all(p.row_count.source == "reltuples" for p in parts)
    parent = tables["measurement"]
    assert parent.row_count.source == "sum of partitions"
    assert parent.row_count.estimate == sum(p.row_count.estimate or 0 for p in parts)
    assert parent.row_count.estimate == 3000
    assert parent.table_bytes == sum(p.table_bytes or 0 for p in parts) > 0


def test_partitioned_estimate_says_when_partitions_were_never_analysed(db: str) -> None:
    """A partition never analysed is counted and named in the parent's source."""
    run_sql(db, PARTITIONED + """
        insert into s.measurement_2024 values (1, '2024-05-01', 1), (2, '2024-06-01', 2);
        analyze s.measurement_2024;
    """)
    parent = snapshot_of(db).schemas["s"].tables["measurement"]
    assert parent.row_count.estimate == 2
    assert parent.row_count.source == "sum of partitions (2 never analysed)"


def test_inheritance(db: str) -> None:
    """Classic inheritance lists every parent in declared order."""
    run_sql(db, INHERITANCE)
    tables = snapshot_of(db).schemas["s"].tables
    assert tables["capitals"].inherits == [ObjectRef("s", "cities")]
    assert tables["capital_tags"].inherits == [ObjectRef("s", "capitals"), ObjectRef("s", "tagged")]
    assert tables["cities"].inherits == []
    assert tables["capitals"].partition_of is None
    assert list(tables["capitals"].columns) == ["name", "population", "state"]


def test_foreign_table(db: str) -> None:
    """A foreign table names its server and options; rows are not estimated."""
    run_sql(db, FOREIGN)
    table = snapshot_of(db).schemas["s"].tables["remote_orders"]
    assert table.kind == "foreign_table"
    assert table.foreign_server == "sd_remote"
    assert table.foreign_options == ["table_name=orders", "schema_name=shop"]
    assert table.comment == "Orders held elsewhere"
    assert table.row_count.estimate is None
    assert table.row_count.source == "not estimated (foreign table)"
    assert table.columns["total"].type == "numeric(10,2)"
    assert table.columns["id"].nullable is False


def test_file_fdw_foreign_table(db: str) -> None:
    """A foreign table through file_fdw (a contrib wrapper with a handler) is read too."""
    if not query(db, "select 1 from pg_available_extensions where name = 'file_fdw'"):
        pytest.skip("file_fdw is not installed on this server")
    run_sql(db, """
        create extension file_fdw;
        create server files foreign data wrapper file_fdw;
        create schema s;
        create foreign table s.passwd (line text) server files
            options (filename '/etc/hostname', format 'text');
    """)
    snap = snapshot_of(db)
    table = snap.schemas["s"].tables["passwd"]
    assert table.kind == "foreign_table"
    assert table.foreign_server == "files"
    assert "filename=/etc/hostname" in table.foreign_options
    assert "file_fdw" in snap.extensions


def test_foreign_partition_is_not_called_never_analysed(db: str) -> None:
    """A foreign partition has no estimate; the parent's source says why, truthfully."""
    run_sql(db, """
        create schema s;
        create foreign data wrapper sd_dummy;
        create server sd_remote foreign data wrapper sd_dummy;
        create table s.q (id int) partition by list (id);
        create foreign table s.q_remote partition of s.q for values in (1) server sd_remote;
        create table s.q_local partition of s.q for values in (2);
        insert into s.q_local values (2), (2);
        analyze s.q_local;
    """)
    tables = snapshot_of(db).schemas["s"].tables
    assert tables["q_remote"].partition_of == ObjectRef("s", "q")
    assert tables["q_remote"].kind == "foreign_table"
    assert tables["q"].row_count.estimate == 2
    assert tables["q"].row_count.source == "sum of partitions (1 foreign, not estimated)"
