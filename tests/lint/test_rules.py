"""Every lint rule on a real database: one schema that breaks each rule exactly once,
and one that breaks none."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.lint import RULE_IDS, RULES, Rule
from tests.helpers import run_sql

# Each comment names the rule the statement below it breaks; everything else is clean.
EVERY_RULE_ONCE = """
create schema shop;
create schema "Shop";                                   -- case-variant-names
create table shop.customers (
    customer_id   bigint primary key,
    email         text not null unique,
    referral_code text unique,                          -- nullable-unique-column
    nickname      text default 'NULL',                  -- text-null-default
    phone1        text,                                 -- incrementing-column-names
    phone2        text,
    verified      boolean,                              -- naming-convention (is_*)
    created_at    timestamptz not null
);
create index customers_created_at_idx on shop.customers (created_at);  -- unused-index
create table shop.orders (
    order_id    bigint primary key,
    customer_id bigint not null references shop.customers,
    created_at  timestamptz not null                    -- column-without-comment
);
create index orders_customer_id_idx on shop.orders (customer_id);      -- redundant-index
create unique index orders_customer_created_key on shop.orders (customer_id, created_at);
create table shop.tags (tag text primary key);          -- single-column-table
create table shop.products (                            -- table-without-comment
    product_id bigint primary key,
    sku        text not null unique,                    -- id-format (one bad value)
    tag        text references shop.tags
);
create index products_sku_idx on shop.products (sku);  -- duplicate-index
create index products_tag_idx on shop.products (tag);
create table shop.order_items (
    order_id   bigint references shop.orders,
    product_id integer references shop.products,        -- fk-type-mismatch
    quantity   integer not null,
    primary key (order_id, product_id)
);
create index order_items_product_id_idx on shop.order_items (product_id);
create policy everyone on shop.order_items using (true);               -- policy-rls-disabled
create table shop.events (                              -- no-primary-key
    customer_id bigint references shop.customers,
    event_at    timestamptz,
    payload     text
);
create index events_customer_id_idx on shop.events (customer_id);
alter table shop.events enable row level security;      -- rls-enabled-no-policy
create table shop.legacy_notes (                        -- no-index, fk-without-index
    customer_id bigint references shop.customers,
    note        text
);
create table shop.settings (                            -- isolated-table, too-many-columns
    setting_id bigint primary key, name text, value text, scope text, owner_name text,
    kind text, notes text, label text, category text, status text, source text
);
create schema shop_archive;
create table shop_archive.coupons (coupon_id bigint primary key, code text);
comment on table shop_archive.coupons is 'Coupons of the old shop';
comment on column shop_archive.coupons.coupon_id is 'Key';
comment on column shop_archive.coupons.code is 'What to type';
create view shop.coupon_list as select coupon_id from shop_archive.coupons;  -- reads-archived-table
create function shop.count_gone() returns bigint language plpgsql  -- function-missing-object
    as $$ begin return (select count(*) from shop.gone_table); end $$;
create function shop.run_sql(q text) returns void language plpgsql  -- dynamic-sql-security-definer
    security definer set search_path = shop as $$ begin execute q; end $$;
insert into shop.tags values ('new');
insert into shop.products values (1, 'ABC-0001', 'new'), (2, 'XYZ-0002', null),
                                 (3, 'bad sku', null);
do $$
declare r record;
begin
    for r in select c.relname from pg_class c
              where c.relnamespace = 'shop'::regnamespace and c.relkind = 'r'
                and c.relname <> 'products' loop
        execute format('comment on table shop.%I is %L', r.relname, 'The ' || r.relname);
    end loop;
    for r in select c.relname, a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid
              where c.relnamespace = 'shop'::regnamespace and c.relkind = 'r' and a.attnum > 0
                and not a.attisdropped and (c.relname, a.attname) <> ('orders', 'created_at') loop
        execute format('comment on column shop.%I.%I is %L', r.relname, r.attname, 'A column');
    end loop;
end $$;
"""

CONFIG = r"""
conventions:
  id_formats:
    - {name: SKU, regex: '^[A-Z]{3}-[0-9]{4}$', columns: [shop.products.sku]}
  naming:
    primary_keys: ["{singular}_id", "{singular}"]
    foreign_keys: ["{referenced_column}"]
    timestamps: ["*_at"]
    booleans: ["is_*"]
lint:
  rules:
    too-many-columns: {max: 10}
    unused-index: {min_stats_days: 0}  # the database is minutes old
schemas:
  shop_archive: {status: archive}
"""

CLEAN = """
create schema app;
comment on schema app is 'The application';
create table app.customers (
    customer_id bigint primary key,
    email       text not null unique,
    is_active   boolean not null default true,
    created_at  timestamptz not null default now()
);
create table app.orders (
    order_id    bigint primary key,
    customer_id bigint not null references app.customers,
    placed_at   timestamptz not null
);
create index orders_customer_id_idx on app.orders (customer_id);
create table app.payments (
    payment_id bigint primary key,
    order_id   bigint not null references app.orders,
    amount     numeric(12, 2) not null,
    paid_at    timestamptz
);
create index payments_order_id_idx on app.payments (order_id, paid_at);
insert into app.customers (customer_id, email) values (1, 'ann@example.com');
comment on table app.customers is 'People who buy';
comment on table app.orders is 'What they buy';
comment on table app.payments is 'How they pay';
comment on column app.customers.customer_id is 'Key';
comment on column app.customers.email is 'Where to write';
comment on column app.customers.is_active is 'Still buying';
comment on column app.customers.created_at is 'Since';
comment on column app.orders.order_id is 'Key';
comment on column app.orders.customer_id is 'Buyer';
comment on column app.orders.placed_at is 'When';
comment on column app.payments.payment_id is 'Key';
comment on column app.payments.order_id is 'Order paid';
comment on column app.payments.amount is 'How much';
comment on column app.payments.paid_at is 'When';
"""

CLEAN_CONFIG = r"""
conventions:
  id_formats:
    - {name: Email, regex: '^[^@]+@[^@]+$', columns: [app.customers.email]}
  naming:
    primary_keys: ["{singular}_id"]
    foreign_keys: ["{referenced_column}"]
    timestamps: ["*_at"]
    booleans: ["is_*"]
"""


def lint_json(dsn: str, config: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["lint", "--dsn", dsn, "--config", str(config),
                                      "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_a_schema_breaking_every_rule_once_gets_each_finding_once(db: str,
                                                                  tmp_path: Path) -> None:
    """Each of the rules reports exactly one finding on this schema."""
    run_sql(db, EVERY_RULE_ONCE)
    (tmp_path / "schemadoc.yml").write_text(CONFIG)
    code, report = lint_json(db, tmp_path / "schemadoc.yml", "--sample-data")
    found = Counter(f["rule"] for f in report["findings"])
    assert found == Counter(RULE_IDS), json.dumps(report["findings"], indent=1)
    assert code == 1  # no-primary-key, no-index and id-format are errors


def test_a_clean_schema_gets_no_finding(db: str, tmp_path: Path) -> None:
    """Keys, indexed foreign keys, comments and conventions kept: nothing to report."""
    run_sql(db, CLEAN)
    (tmp_path / "schemadoc.yml").write_text(CLEAN_CONFIG)
    code, report = lint_json(db, tmp_path / "schemadoc.yml", "--sample-data", "--fail-on",
                             "info")
    assert report["findings"] == []
    assert code == 0
    coverage = report["summary"]["comment_coverage"]
    assert coverage["tables"] == {"documented": 3, "total": 3, "percent": 100.0}
    assert coverage["columns"] == {"documented": 11, "total": 11, "percent": 100.0}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_says_why_and_how_to_fix(rule: Rule) -> None:
    """A rule has an id, a severity, a one-line reason and a fix."""
    assert rule.id and rule.severity in ("error", "warning", "info")
    for text in (rule.reason, rule.fix):
        assert text.strip() and "\n" not in text
