"""Relations the catalog lacks, and flows: checked on real databases."""

from __future__ import annotations

import pytest

from generator.config import Endpoint, VirtualRelation, parse_config
from generator.errors import ConfigError
from tests.helpers import run_sql, snapshot_of

# A shop whose tables name each other by convention only: not one foreign key.
NO_FOREIGN_KEYS = """
create table customers (customer_id bigint primary key, name text);
create table customer_profiles (customer_id bigint primary key, bio text);
create table orders (order_id bigint primary key, customer_id bigint, placed_at timestamptz);
create table products (product_id integer primary key, title text);
create table order_items (order_id bigint, product_id integer, qty integer,
                          primary key (order_id, product_id));
create table shipments (shipment_id bigint primary key, orders_id bigint);
create table company_master (company_unique_id text primary key);
create table people_master (unique_id text primary key, company_unique_id text);
create table events (event_id bigint primary key, company_unique_id text,
                     person_unique_id text, invoice_id bigint);
-- invoice_id fits two tables equally well: left alone
create table invoice (invoice_id bigint primary key);
create table invoices (invoice_id bigint primary key);
create table notes (note_id bigint primary key, customer_id bigint references customers);
"""

STRATEGIES = """
relations:
  strategies: ['{singular}_id', '{table}_id', '{referenced_table}_unique_id',
               '{singular}_unique_id']
  declared:
    - from: public.shipments(shipment_id)
      to: public.orders(order_id)
      label: ships
"""


def relation(source: str, target: str, origin: str, label: str | None = None
             ) -> VirtualRelation:
    return VirtualRelation(Endpoint.parse(source), Endpoint.parse(target), origin, label)


def test_naming_strategies_find_the_relations_a_database_without_foreign_keys_has(
        db18: str) -> None:
    """Each strategy finds its columns; keys are not references; ties and real FKs are
    skipped; declared relations come first."""
    run_sql(db18, NO_FOREIGN_KEYS)
    config = parse_config(STRATEGIES)
    found = config.virtual_relations(snapshot_of(db18))
    assert found == sorted([
        relation("public.customer_profiles(customer_id)", "public.customers(customer_id)",
                 "{singular}_id"),
        relation("public.events(company_unique_id)",
                 "public.company_master(company_unique_id)", "{referenced_table}_unique_id"),
        relation("public.events(person_unique_id)", "public.people_master(unique_id)",
                 "{singular}_unique_id"),
        relation("public.order_items(order_id)", "public.orders(order_id)", "{singular}_id"),
        relation("public.order_items(product_id)", "public.products(product_id)",
                 "{singular}_id"),
        relation("public.orders(customer_id)", "public.customers(customer_id)",
                 "{singular}_id"),
        relation("public.people_master(company_unique_id)",
                 "public.company_master(company_unique_id)", "{referenced_table}_unique_id"),
        relation("public.shipments(orders_id)", "public.orders(order_id)", "{table}_id"),
        relation("public.shipments(shipment_id)", "public.orders(order_id)", "declared",
                 "ships"),
    ], key=lambda r: (r.source.schema, r.source.table, r.source.columns))


def test_without_strategies_only_declared_relations_are_virtual(db18: str) -> None:
    """Detection is opt-in: no strategy, no guessing."""
    run_sql(db18, NO_FOREIGN_KEYS)
    config = parse_config("relations:\n  declared:\n"
                          "    - {from: 'public.orders(customer_id)', "
                          "to: 'public.customers(customer_id)'}\n")
    assert config.virtual_relations(snapshot_of(db18)) == [
        relation("public.orders(customer_id)", "public.customers(customer_id)", "declared")]


def test_a_declared_relation_to_a_missing_column_is_an_error(db18: str) -> None:
    """A relation naming a column the table lacks stops the run, naming the line."""
    run_sql(db18, NO_FOREIGN_KEYS)
    config = parse_config("relations:\n  declared:\n"
                          "    - from: public.orders(customer)\n"
                          "      to: public.customers(customer_id)\n")
    with pytest.raises(ConfigError, match=r"^schemadoc\.yml:3: relations\.declared\[0\]\.from: "
                       r"public\.orders has no column 'customer'$"):
        config.check(snapshot_of(db18))


FLOWS = """
flows:
  - name: Order to cash
    steps:
      - table: public.customers
      - table: public.orders
        label: places
      - table: public.order_items
        label: contains
      - table: public.shipments
        from: public.orders
        label: shipped as
"""


def test_flows_are_chains_of_labelled_steps(db18: str) -> None:
    """A valid flow passes the check and reads as labelled arrows."""
    run_sql(db18, NO_FOREIGN_KEYS)
    config = parse_config(FLOWS)
    assert config.check(snapshot_of(db18)) == []
    (flow,) = config.flows
    assert flow.name == "Order to cash"
    assert flow.edges() == [
        ("public.customers", "public.orders", "places"),
        ("public.orders", "public.order_items", "contains"),
        ("public.orders", "public.shipments", "shipped as"),
    ]


def test_a_flow_naming_a_missing_table_is_an_error(db18: str) -> None:
    """A misspelt table in a flow stops the run with file, line, key and a suggestion."""
    run_sql(db18, NO_FOREIGN_KEYS)
    config = parse_config(FLOWS.replace("public.order_items", "public.order_item"))
    with pytest.raises(ConfigError) as caught:
        config.check(snapshot_of(db18))
    assert str(caught.value) == (
        "schemadoc.yml:8: flows[0].steps[2].table: table public.order_item does not exist "
        "in the database (did you mean public.order_items?)")
