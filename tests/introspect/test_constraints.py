"""Constraints: primary, foreign, unique, check and exclusion, with comments.
NOT NULL is column nullability, never a listed constraint (PostgreSQL 18 catalogs it)."""

from __future__ import annotations

import pytest

from generator.introspect import IntrospectOptions
from tests.helpers import Server, run_sql, snapshot_of

DDL = """
create schema s;
create schema ref;
create table ref.country (code char(2) primary key);
create table s.customer (
    id int primary key,
    email text not null unique,
    country char(2) references ref.country on delete set null on update cascade,
    age int check (age >= 0),
    constraint customer_name_check check (email <> '')
);
comment on constraint customer_pkey on s.customer is 'Surrogate key';
create table s.orders (
    customer_id int not null,
    order_no int constraint orders_order_no_not_null not null,
    primary key (customer_id, order_no),
    constraint orders_customer_fk foreign key (customer_id) references s.customer (id)
        on delete cascade deferrable initially deferred
);
create table s.order_line (
    customer_id int,
    order_no int,
    line int,
    constraint order_line_order_fk foreign key (customer_id, order_no)
        references s.orders (customer_id, order_no) deferrable
);
create table s.booking (
    room box,
    exclude using gist (room with &&)
);
"""


@pytest.fixture
def schemas(db: str) -> dict:
    run_sql(db, DDL)
    return snapshot_of(db).schemas


def test_primary_key(schemas) -> None:
    """A primary key lists its columns, its index and its comment."""
    pk = schemas["s"].tables["customer"].constraints["customer_pkey"]
    assert pk.type == "primary_key"
    assert pk.columns == ["id"]
    assert pk.definition == "PRIMARY KEY (id)"
    assert pk.index == "customer_pkey"
    assert pk.comment == "Surrogate key"
    composite = schemas["s"].tables["orders"].constraints["orders_pkey"]
    assert composite.columns == ["customer_id", "order_no"]


def test_cross_schema_foreign_key_with_actions(schemas) -> None:
    """A foreign key into another schema, with ON DELETE / ON UPDATE actions."""
    fk = schemas["s"].tables["customer"].constraints["customer_country_fkey"]
    assert fk.type == "foreign_key"
    assert fk.columns == ["country"]
    assert (fk.references.schema, fk.references.table) == ("ref", "country")
    assert fk.references.columns == ["code"]
    assert fk.on_delete == "SET NULL"
    assert fk.on_update == "CASCADE"
    assert fk.deferrable is False and fk.initially_deferred is False
    assert fk.validated is True
    assert fk.index is None, "the referenced table's index is not this constraint's index"


def test_deferrable_foreign_key(schemas) -> None:
    """DEFERRABLE INITIALLY DEFERRED, ON DELETE CASCADE, default NO ACTION on update."""
    fk = schemas["s"].tables["orders"].constraints["orders_customer_fk"]
    assert fk.deferrable is True
    assert fk.initially_deferred is True
    assert fk.on_delete == "CASCADE"
    assert fk.on_update == "NO ACTION"
    assert fk.definition == (
        "FOREIGN KEY (customer_id) REFERENCES s.customer(id) ON DELETE CASCADE "
        "DEFERRABLE INITIALLY DEFERRED"
    )


def test_composite_foreign_key(schemas) -> None:
    """A two-column foreign key keeps both column lists in order."""
    fk = schemas["s"].tables["order_line"].constraints["order_line_order_fk"]
    assert fk.columns == ["customer_id", "order_no"]
    assert fk.references.columns == ["customer_id", "order_no"]
    assert fk.references.table == "orders"
    assert fk.deferrable is True and fk.initially_deferred is False


def test_not_valid_foreign_key(db: str) -> None:
    """A constraint added NOT VALID is reported as not validated until VALIDATE."""
    run_sql(db, """
        create schema s;
        create table s.a (id int primary key);
        create table s.b (a_id int);
        alter table s.b add constraint b_a_fk foreign key (a_id) references s.a not valid;
        alter table s.b add constraint b_positive check (a_id > 0) not valid;
    """)
    constraints = snapshot_of(db).schemas["s"].tables["b"].constraints
    assert constraints["b_a_fk"].validated is False
    assert constraints["b_positive"].validated is False
    run_sql(db, "alter table s.b validate constraint b_a_fk")
    assert snapshot_of(db).schemas["s"].tables["b"].constraints["b_a_fk"].validated is True


def test_unique_and_check(schemas) -> None:
    """UNIQUE names its backing index; CHECK keeps its expression."""
    constraints = schemas["s"].tables["customer"].constraints
    unique = constraints["customer_email_key"]
    assert unique.type == "unique"
    assert unique.columns == ["email"]
    assert unique.index == "customer_email_key"
    assert unique.nulls_not_distinct is False
    check = constraints["customer_age_check"]
    assert check.type == "check"
    assert check.columns == ["age"]
    assert check.definition == "CHECK (age >= 0)"
    assert constraints["customer_name_check"].definition == "CHECK (email <> ''::text)"


def test_unique_nulls_not_distinct(db: str, server: Server) -> None:
    """UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+) is flagged on constraint and index."""
    if server.major < 15:
        pytest.skip("NULLS NOT DISTINCT needs PostgreSQL 15")
    run_sql(db, """
        create schema s;
        create table s.t (a int, constraint t_a_key unique nulls not distinct (a));
    """)
    table = snapshot_of(db).schemas["s"].tables["t"]
    assert table.constraints["t_a_key"].nulls_not_distinct is True
    assert table.constraints["t_a_key"].definition == "UNIQUE NULLS NOT DISTINCT (a)"
    assert table.indexes["t_a_key"].nulls_not_distinct is True


def test_exclusion_constraint(schemas) -> None:
    """An exclusion constraint on a box column, with its gist index."""
    constraints = schemas["s"].tables["booking"].constraints
    (name,) = constraints
    exclusion = constraints[name]
    assert exclusion.type == "exclusion"
    assert exclusion.columns == ["room"]
    assert exclusion.definition == "EXCLUDE USING gist (room WITH &&)"
    assert exclusion.index == name
    assert schemas["s"].tables["booking"].indexes[name].method == "gist"


def test_not_null_is_not_a_constraint(schemas) -> None:
    """The same DDL gives the same constraint names on every server version."""
    assert set(schemas["s"].tables["customer"].constraints) == {
        "customer_pkey", "customer_email_key", "customer_country_fkey",
        "customer_age_check", "customer_name_check",
    }
    assert set(schemas["s"].tables["orders"].constraints) == {
        "orders_pkey", "orders_customer_fk",
    }
    assert schemas["s"].tables["orders"].columns["order_no"].nullable is False


def test_constraint_comments(db: str) -> None:
    """Comments on any kind of constraint are kept."""
    run_sql(db, DDL + """
        comment on constraint orders_customer_fk on s.orders is 'Owner of the order';
        comment on constraint customer_age_check on s.customer is 'No negative ages';
    """)
    tables = snapshot_of(db).schemas["s"].tables
    assert tables["orders"].constraints["orders_customer_fk"].comment == "Owner of the order"
    assert tables["customer"].constraints["customer_age_check"].comment == "No negative ages"
    assert tables["customer"].constraints["customer_email_key"].comment is None


def test_foreign_key_to_partitioned_table_is_listed_once(db: str) -> None:
    """A foreign key to a partitioned table is one constraint, not one per partition."""
    run_sql(db, """
        create schema s;
        create table s.p (id int primary key) partition by range (id);
        create table s.p1 partition of s.p for values from (0) to (10);
        create table s.p2 partition of s.p for values from (10) to (20);
        create table s.child (p_id int references s.p);
    """)
    constraints = snapshot_of(db).schemas["s"].tables["child"].constraints
    assert list(constraints) == ["child_p_id_fkey"]
    assert constraints["child_p_id_fkey"].references.table == "p"


@pytest.mark.parametrize("jobs", [1, 2])
def test_columns_are_named_by_attnum_whatever_the_table(db: str, jobs: int) -> None:
    """Constraint columns are named on the client from the tables' columns by attnum:
    right after dropped columns (attnums with gaps), in a table of another schema, and
    for what the client does not read: a system column (a CHECK on tableoid) and a
    referenced table of a schema left out of the snapshot."""
    run_sql(db, """
        create schema s;
        create schema ref;
        create table ref.country (gone int, code char(2) primary key, name text,
                                  unique (name, code));
        alter table ref.country drop column gone;
        create table s.site (
            dropped_a int, dropped_b int,
            id int primary key,
            country char(2), country_name text,
            constraint site_country_fk foreign key (country_name, country)
                references ref.country (name, code),
            constraint site_home check (tableoid <> 0 and id > 0),
            constraint site_always check (true)
        );
        alter table s.site drop column dropped_a, drop column dropped_b;
    """)
    for keep in (lambda name: True, lambda name: name != "ref"):
        site = snapshot_of(db, IntrospectOptions(keep_schema=keep, jobs=jobs)).schemas[
            "s"].tables["site"]
        fk = site.constraints["site_country_fk"]
        assert fk.columns == ["country_name", "country"]
        assert (fk.references.schema, fk.references.table) == ("ref", "country")
        assert fk.references.columns == ["name", "code"]
        assert site.constraints["site_pkey"].columns == ["id"]
        assert site.constraints["site_home"].columns == ["tableoid", "id"]
        assert site.constraints["site_always"].columns == []
