"""PL/pgSQL bodies, which PostgreSQL does not track: parsed with its own parser
(libpg_query), every statement's tables, views, columns, functions and sequences are
listed with `source: parsed` and whether the statement reads or writes them.
Unqualified names resolve along the function's SET search_path, else (marked
`assumed`) along its own schema and public. SQL built at run time is flagged, not
guessed; a body that does not parse is reported, never a crash."""

from __future__ import annotations

from generator.introspect import IntrospectOptions, introspect
from tests.helpers import query, run_sql, snapshot_of
from tests.introspect.depends import C, P, R, W

TABLES = """
create schema app;
create schema audit;
create table app.account (id int primary key, owner text, balance numeric, closed boolean);
create table audit.log (at timestamptz default now(), account_id int, amount numeric);
create table public.settings (name text, value text);
create sequence app.transfer_no;
"""

TRANSFER = TABLES + """
create function app.transfer(p_from int, p_to int, p_amount numeric) returns bigint
language plpgsql set search_path = app, pg_temp as $$
declare
    v_balance numeric;
begin
    select balance into v_balance from account where id = p_from for update;
    if v_balance < p_amount then
        raise exception 'account % has %', p_from, v_balance;
    end if;
    update account set balance = balance - p_amount where id = p_from;
    update account set balance = balance + p_amount where id = p_to;
    insert into audit.log (account_id, amount) values (p_from, -p_amount), (p_to, p_amount);
    return nextval('transfer_no');
end $$;
"""


def test_reads_and_writes_along_its_search_path(db: str) -> None:
    """`account` is app.account by the function's own search_path (not assumed); the
    parameters are not columns; UPDATE writes the table and the column it sets and
    reads the ones in SET expressions and WHERE; nextval() writes its sequence."""
    run_sql(db, TRANSFER)
    function = snapshot_of(db).schemas["app"].functions["transfer(integer, integer, numeric)"]
    assert function.depends_on == [
        W("sequence", "app", "transfer_no"),
        R("table", "app", "account"),
        W("table", "app", "account"),
        R("table", "app", "account", "balance"),
        W("table", "app", "account", "balance"),
        R("table", "app", "account", "id"),
        W("table", "audit", "log"),
        W("table", "audit", "log", "account_id"),
        W("table", "audit", "log", "amount"),
    ]
    assert function.dynamic_sql is False
    assert function.parse_error is None


def test_without_a_search_path_names_resolve_by_assumption(db: str) -> None:
    """No SET search_path: the function's own schema first, then public, each resolution
    marked `assumed`; a qualified name is never an assumption."""
    run_sql(db, TABLES + """
        create function app.open_accounts() returns bigint language plpgsql as $$
        begin
            perform value from settings where name = 'mode';
            return (select count(*) from account a
                     where not a.closed
                       and exists (select 1 from audit.log l where l.account_id = a.id));
        end $$;
    """)
    function = snapshot_of(db).schemas["app"].functions["open_accounts()"]
    assert function.depends_on == [
        R("table", "app", "account", assumed=True),
        R("table", "app", "account", "closed", assumed=True),
        R("table", "app", "account", "id", assumed=True),
        R("table", "audit", "log"),
        R("table", "audit", "log", "account_id"),
        R("table", "public", "settings", assumed=True),
        R("table", "public", "settings", "name", assumed=True),
        R("table", "public", "settings", "value", assumed=True),
    ]


def test_names_that_exist_nowhere(db: str) -> None:
    """A table the body names that is in no schema (renamed since, say) is listed as a
    `relation` where the search path would look first; an unqualified call of a
    function no schema has is a built-in one, left out; a qualified one is listed by its
    bare name."""
    run_sql(db, TABLES + """
        create function app.broken() returns void language plpgsql
        set search_path = app as $$
        begin
            delete from accounts_old where closed;
            perform upper('x'), app.gone(1);
        end $$;
    """)
    function = snapshot_of(db).schemas["app"].functions["broken()"]
    assert function.depends_on == [
        P("function", "app", "gone"),
        W("relation", "app", "accounts_old"),
        R("relation", "app", "accounts_old", "closed"),
    ]


def test_dynamic_sql_is_flagged_not_guessed(db: str) -> None:
    """EXECUTE runs a string: what it reads is unknown, the function says so; what the
    rest of the body names is still listed."""
    run_sql(db, TABLES + """
        create function app.purge(p_table text) returns void language plpgsql as $$
        begin
            execute format('delete from app.%I', p_table);
            delete from audit.log;
        end $$;
        create function app.dynamic_loop() returns setof record language plpgsql as $$
        declare r record;
        begin
            for r in execute 'select * from app.account' loop return next r; end loop;
        end $$;
    """)
    functions = snapshot_of(db).schemas["app"].functions
    assert functions["purge(text)"].dynamic_sql is True
    assert functions["purge(text)"].depends_on == [W("table", "audit", "log")]
    assert functions["dynamic_loop()"].dynamic_sql is True
    assert functions["dynamic_loop()"].depends_on == []


def test_a_body_that_does_not_parse_is_reported(db: str) -> None:
    """Bodies accepted with check_function_bodies off may not parse: the function says
    why and lists nothing parsed (PL/pgSQL is parsed whole, a statement in error spoils
    it all), the snapshot warns, and the rest of the snapshot is taken as usual."""
    run_sql(db, TABLES + """
        set check_function_bodies = off;
        create function app.typo() returns void language plpgsql as $$
        begin
            selec 1;
        end $$;
        create function app.half() returns void language plpgsql as $$
        begin
            delete from audit.log;
            perform (select from where);
        end $$;
    """)
    snapshot = snapshot_of(db)
    functions = snapshot.schemas["app"].functions
    assert functions["typo()"].parse_error == 'syntax error at or near "selec"'
    assert functions["typo()"].depends_on == []
    assert functions["half()"].parse_error == 'syntax error at or near "where"'
    assert functions["half()"].depends_on == []
    assert snapshot.warnings == [
        "function app.half(): its body does not parse (syntax error at or near "
        '"where"); what it reads is listed only in part',
        "function app.typo(): its body does not parse (syntax error at or near "
        '"selec"); what it reads is listed only in part',
    ]
    assert set(snapshot.schemas["app"].tables) == {"account"}


def test_declared_types_and_record_fields(db: str) -> None:
    """%ROWTYPE and %TYPE name a table and a column (no access: a declaration neither
    reads nor writes); fields of such variables are no columns. libpg_query cannot look
    up types outside public (`app.state`) nor the fields of %ROWTYPE variables
    (`v_row.closed := true`): schemadoc parses such bodies with those types made
    records."""
    run_sql(db, TABLES + """
        create type app.state as enum ('open', 'closed');
        create function app.close_account(p_id int) returns app.state
        language plpgsql as $$
        declare
            v_row app.account%ROWTYPE;
            v_owner app.account.owner%TYPE;
            v_state app.state := 'open';
        begin
            select * into v_row from app.account where id = p_id;
            v_row.closed := true;
            v_owner := v_row.owner;
            update app.account set closed = v_row.closed where id = v_row.id;
            v_state := 'closed';
            return v_state;
        end $$;
    """)
    function = snapshot_of(db).schemas["app"].functions["close_account(integer)"]
    assert function.parse_error is None
    assert function.depends_on == [
        P("table", "app", "account"),
        R("table", "app", "account"),
        W("table", "app", "account"),
        W("table", "app", "account", "closed"),
        R("table", "app", "account", "id"),
        P("table", "app", "account", "owner"),
        C("type", "app", "state"),  # its result type; declaring a variable adds nothing
    ]


def test_what_is_not_a_dependency(db: str) -> None:
    """A trigger's NEW and OLD, a record's fields, CTEs, a temporary table the body
    creates, set-returning functions in FROM: none of them is a table of the database."""
    run_sql(db, TABLES + """
        create function app.touch() returns trigger language plpgsql as $$
        begin
            new.closed := coalesce(new.closed, old.closed, false);
            return new;
        end $$;
        create function app.report() returns bigint language plpgsql as $$
        declare
            r record;
            n bigint := 0;
        begin
            create temporary table seen (id int);
            for r in select id from app.account loop
                insert into seen values (r.id);
                n := n + r.id;
            end loop;
            with recent as (select account_id from audit.log)
            select count(*) into n from recent join seen on seen.id = recent.account_id;
            perform g from generate_series(1, 3) g;
            return n;
        end $$;
    """)
    functions = snapshot_of(db).schemas["app"].functions
    assert functions["touch()"].depends_on == []
    assert functions["report()"].depends_on == [
        R("table", "app", "account"),
        R("table", "app", "account", "id"),
        R("table", "audit", "log"),
        R("table", "audit", "log", "account_id"),
    ]


def test_calls_pick_the_overload_by_argument_count(db: str) -> None:
    """A call names the user function it can be: the overload taking that many
    arguments; a function calling itself does not depend on itself."""
    run_sql(db, TABLES + """
        create function app.fee(amount numeric) returns numeric language sql
            return amount * 0.01;
        create function app.fee(amount numeric, rate numeric) returns numeric
            language sql return amount * rate;
        create function app.countdown(n int) returns int language plpgsql as $$
        begin
            if n <= 0 then return app.fee(1); end if;
            return app.countdown(n - 1);
        end $$;
    """)
    function = snapshot_of(db).schemas["app"].functions["countdown(integer)"]
    assert function.depends_on == [P("function", "app", "fee(numeric)")]


def test_bodies_are_parsed_after_the_transaction_has_ended(db: str) -> None:
    """When parsing starts, schemadoc has no transaction open on the server: however
    long the bodies take, they hold no snapshot and no lock."""
    run_sql(db, TRANSFER)
    open_transactions: list[int] = []

    def stage(name: str) -> None:
        if name == "bodies":
            (count,) = query(db, "select count(*) from pg_stat_activity"
                                 " where application_name = 'schemadoc'"
                                 " and datname = current_database() and xact_start is not null")[0]
            open_transactions.append(int(count))  # type: ignore[call-overload]

    snapshot = introspect(db, IntrospectOptions(jobs=2), on_stage=stage)
    assert open_transactions == [0]
    assert snapshot.schemas["app"].functions["transfer(integer, integer, numeric)"].depends_on
