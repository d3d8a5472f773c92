-- Orders and their lines.
create type order_status as enum ('open', 'paid', 'shipped', 'cancelled');

create table "order" (
    id bigint generated always as identity primary key,
    customer_id bigint not null references customer (id),
    status order_status not null default 'open',
    placed_at timestamptz not null default now()
);
create index order_customer_id_idx on "order" (customer_id);
comment on table "order" is 'What a customer bought, as one checkout.';

create table order_line (
    order_id bigint not null references "order" (id) on delete cascade,
    line_no int not null,
    sku text not null,
    quantity int not null check (quantity > 0),
    primary key (order_id, line_no)
);
comment on table order_line is 'One product and its quantity within an order.';
