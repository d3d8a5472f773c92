-- The shop's customers.
create table customer (
    id bigint generated always as identity primary key,
    email text not null unique,
    name text not null,
    created_at timestamptz not null default now()
);
comment on table customer is 'One row per person who can place an order.';
comment on column customer.email is 'Login and contact address; unique.';
