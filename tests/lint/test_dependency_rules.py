"""The lint rules that read dependencies, on real functions: a body naming a table or
column that is gone, a reader of an archived table, dynamic SQL with definer rights."""

from __future__ import annotations

from pathlib import Path

from generator.config import Config, load_config
from generator.lint import lint_snapshot
from tests.helpers import run_sql, snapshot_of

SETUP = """
create schema app;
create schema legacy_2023;
create table app.people (id int primary key, email text, name text);
create table legacy_2023.people_old (id int primary key, email text);
create function app.mail_of(p_id int) returns text language plpgsql
    set search_path = app as $$
    begin return (select p.email from people p where p.id = p_id); end $$;
create function app.old_mail(p_id int) returns text language sql
    as $$ select email from legacy_2023.people_old where id = p_id $$;
create function app.fine() returns bigint language plpgsql security definer
    set search_path = app as $$ begin return (select count(*) from people); end $$;
create function app.dyn(t text) returns bigint language plpgsql security definer
    set search_path = app as $$
    declare n bigint; begin execute format('select count(*) from %I', t) into n; return n; end $$;
create function app.dyn_invoker(t text) returns void language plpgsql
    as $$ begin execute 'truncate ' || quote_ident(t); end $$;
"""


def _findings(db: str, rule: str, config: Config | None = None) -> list[tuple[str, str]]:
    result = lint_snapshot(snapshot_of(db), config or Config())
    return [(f.object, f.message) for f in result.findings if f.rule == rule]


def test_a_function_left_broken_by_a_rename_is_an_error(db: str) -> None:
    """Renaming the column a PL/pgSQL body reads: PostgreSQL accepts it, lint does not."""
    run_sql(db, SETUP)
    assert _findings(db, "function-missing-object") == []
    run_sql(db, "alter table app.people rename column email to mail")
    assert _findings(db, "function-missing-object") == [(
        "app.mail_of(integer)", "the function body names column app.people.email, which "
        "does not exist (it fails when it runs)")]
    run_sql(db, "alter table app.people rename to persons")
    found = _findings(db, "function-missing-object")
    assert [o for o, _ in found] == ["app.fine()", "app.mail_of(integer)"]
    assert "app.people" in found[0][1]


def test_reading_an_archived_table_is_a_warning(db: str, tmp_path: Path) -> None:
    """legacy_* is configured as archive; objects in it are not flagged themselves."""
    run_sql(db, SETUP + "create view legacy_2023.v as select id from legacy_2023.people_old;")
    assert _findings(db, "reads-archived-table") == []  # nothing configured
    (tmp_path / "schemadoc.yml").write_text("schemas:\n  legacy_*: {status: archive}\n")
    config = load_config(tmp_path / "schemadoc.yml")
    assert _findings(db, "reads-archived-table", config) == [
        ("app.old_mail(integer)", "function reads legacy_2023.people_old, in an archive "
         "schema")]


def test_dynamic_sql_in_a_security_definer_function_is_a_security_warning(db: str) -> None:
    """Only the definer function that EXECUTEs is flagged, not the invoker one."""
    run_sql(db, SETUP)
    found = _findings(db, "dynamic-sql-security-definer")
    assert [o for o, _ in found] == ["app.dyn(text)"]
    assert found[0][1].startswith("security: ")
