-- A database whose names and comments are hostile input, for tests/hostile/.
-- Every object kind schemadoc prints carries a payload in its name: schemas, tables,
-- views, columns, indexes, constraints, policies, triggers, functions, types, enum
-- values and sequences; comments carry them too. Beside them, names that are only
-- awkward: dots, quotes, spaces, backslashes, control characters and case variants.
-- Each payload would show an alert (or add an element) if it ever reached a page as
-- markup; tests/hostile/payloads.py lists them with the word typed into search.

create schema "</title><svg onload=alert(7)>";
comment on schema "</title><svg onload=alert(7)>" is '<img src=x onerror=alert(31)> schema comment';

create schema "Mixed";
create schema mixed;
create schema "a.b";

set search_path = "</title><svg onload=alert(7)>";

-- Tables: a payload per kind of trick.
create table "</title><script>alert(9)</script>" (
    id integer primary key,
    "<img src=x onerror=alert(3)>" text,
    "{: onclick=alert(6) }" text,
    "it's ""quoted"" & <b>bold</b>" text,
    "back\slash \N \G" text,
    U&"tab\0009and\000Anewline" text,
    U&"esc \001B[31mred\001B[0m bell\0007" text,
    U&"carriage\000Dreturn" text,
    U&"bidi \202Eevil\202C" text,
    " padded " text,
    "UPPER" text,
    upper text
);
comment on table "</title><script>alert(9)</script>" is
    '<script>alert(32)</script> a table comment | with | pipes and [link](javascript:alert(33))';
comment on column "</title><script>alert(9)</script>"."<img src=x onerror=alert(3)>" is
    '--><script>alert(34)</script> ]]><script>alert(35)</script>';

create table "<details open ontoggle=alert(13)>" (
    id integer primary key,
    parent integer,
    constraint "<svg onload=alert(4)>" foreign key (parent)
        references "</title><script>alert(9)</script>" (id),
    constraint "[x](javascript:alert(5))" check (id > 0)
);
comment on table "<details open ontoggle=alert(13)>" is '{: onclick=alert(36) }';

create table "x.y ""dotted"" and spaced" (
    id integer primary key,
    ref integer references "<details open ontoggle=alert(13)>" (id)
);
create table "Dup" (id integer primary key);
create table dup (id integer primary key);
create table "DUP" (id integer primary key, dup_id integer references dup (id));

create index "--><img src=x onerror=alert(15)>"
    on "</title><script>alert(9)</script>" ("<img src=x onerror=alert(3)>");
create index "]]><script>alert(16)</script>"
    on "<details open ontoggle=alert(13)>" (parent);
create index "dup ""index"" \ copy"
    on "<details open ontoggle=alert(13)>" (parent);
comment on index "]]><script>alert(16)</script>" is '<iframe srcdoc="<script>alert(37)</script>">';

create sequence "<script>alert(17)</script>_seq";
comment on sequence "<script>alert(17)</script>_seq" is '<b onmouseover=alert(38)>seq</b>';

create type "<svg onload=alert(18)>" as enum (
    '<script>alert(19)</script>', '{: onclick=alert(20) }', '"><img src=x onerror=alert(21)>'
);
create domain "'><img src=x onerror=alert(22)>" as text check (value <> '<script>');
create type "<b>composite</b>" as ("<i>attr</i>" integer);

create function "<img src=x onerror=alert(23)>"(
    "<script>arg</script>" integer) returns integer
    language sql immutable as $$ select 1 /* <script>alert(39)</script> */ $$;
comment on function "<img src=x onerror=alert(23)>"(integer) is '<svg onload=alert(40)>';

create function "--><svg onload=alert(24)>"() returns trigger
    language plpgsql as $$ begin return new; end $$;
create trigger "<script>alert(25)</script>"
    before insert on "</title><script>alert(9)</script>"
    for each row execute function "--><svg onload=alert(24)>"();
comment on trigger "<script>alert(25)</script>" on "</title><script>alert(9)</script>" is
    '<img src=x onerror=alert(41)>';

alter table "</title><script>alert(9)</script>" enable row level security;
create policy "<img src=x onerror=alert(26)>" on "</title><script>alert(9)</script>"
    for select using ("<img src=x onerror=alert(3)>" <> '<script>alert(42)</script>');

create view "<script>alert(27)</script>" as
    select id, "<img src=x onerror=alert(3)>" as "<svg onload=alert(28)>"
    from "</title><script>alert(9)</script>";
comment on view "<script>alert(27)</script>" is '<script>alert(43)</script>';

create materialized view "javascript:alert(29)" as select 1 as "<b>one</b>";

-- Case variants and dots side by side, in other schemas.
create table "Mixed"."T" (id integer primary key);
create table mixed."T" (id integer primary key, t_id integer references "Mixed"."T" (id));
create table mixed.t (id integer primary key);
create table "a.b"."c" (id integer primary key, mixed_t integer references mixed.t (id));
comment on table "a.b"."c" is 'a table in a schema whose name holds a dot';

-- Names that print as other names: a carriage return sends a terminal back to the
-- start of the line, so `tmp<CR>orders` shows as `orders`; a lint fix must still name
-- exactly this table and index.
set search_path = "</title><svg onload=alert(7)>";
create table orders (id integer primary key);
create table U&"tmp\000Dorders" (id integer primary key, note text);
create index U&"tmp\000Dorders_idx" on orders (id);

-- Long texts: a comment of thousands of lines of markup and Markdown, on a table and on
-- a column, and a long CHECK definition.
do $$
declare
    long_text text := (select string_agg(i || ' <b>x</b> | <script>alert(44)</script> *y* _z_',
                                         E'\n') from generate_series(1, 5000) i);
begin
    execute format('comment on table %I is %L', 'tmp' || chr(13) || 'orders', long_text);
    execute format('comment on column %I.note is %L', 'tmp' || chr(13) || 'orders', long_text);
    execute format('alter table orders add constraint %I check (id not in (%s))',
                   '<script>alert(45)</script>',
                   (select string_agg(i::text, ', ') from generate_series(-2000, -1) i));
end $$;

-- Every lint rule with SQL in its fix, on names that need quoting: a keyword, quotes, a
-- backslash, markup. Policies without row-level security, a foreign key of another type
-- with no index, a text 'NULL' default, a column named like a keyword.
create table "policy ""off"" \ <i>here</i>" (
    id integer primary key,
    "dup id" bigint references dup (id),
    "<i>status</i>" text default 'NULL'
);
create policy "<b>inert</b>" on "policy ""off"" \ <i>here</i>" using (true);
create table "user" ("select" integer references dup (id), id integer primary key);

-- Names that pass for other names on a page: a right-to-left override (U+202E) shows
-- `rlo<U+202E>sredro` as `rloorders`, a zero-width space (U+200B) and a soft hyphen
-- (U+00AD) are invisible, a tab looks like a blank and a newline like a line break.
-- Every output must show each as an escape (`\u202e`, `\u200b`, `\xad`, `\t`, `\n`).
create schema spoof;
comment on schema spoof is U&'a comment with an override \202Eenil siht\202C and a zero\200Bwidth space';
create table spoof.U&"rlo\202Esredro" (id integer primary key);
create table spoof.U&"ord\200Bers" (id integer primary key, U&"bi\00ADlled" integer);
create table spoof.U&"tab\0009bed" (id integer primary key);
create table spoof.U&"new\000Aline" (id integer primary key,
    rlo_id integer references spoof.U&"rlo\202Esredro" (id));
create table spoof.orders (id integer primary key);

-- Two tables that are both `a.b.c` as a dotted string: schema "a.b" table c (above)
-- and schema a table "b.c". Each page, title and diagram must tell them apart.
create schema a;
create table a."b.c" (id integer primary key);
