"""Row-level security: enabled / forced flags and every policy with its command,
mode, roles and expressions."""

from __future__ import annotations

from tests.helpers import run_sql, snapshot_of

DDL = """
create schema s;
create table s.accounts (id int, owner_name text, tenant int, balance numeric);
alter table s.accounts enable row level security;
create policy everyone_reads on s.accounts for select using (true);
comment on policy everyone_reads on s.accounts is 'Public balances';
create table s.open (id int);
"""


def test_rls_flags(db: str) -> None:
    """ENABLE and FORCE ROW LEVEL SECURITY are separate flags."""
    run_sql(db, DDL + "create table s.forced (id int);"
                      "alter table s.forced enable row level security;"
                      "alter table s.forced force row level security;")
    tables = snapshot_of(db).schemas["s"].tables
    assert (tables["accounts"].rls_enabled, tables["accounts"].rls_forced) == (True, False)
    assert (tables["forced"].rls_enabled, tables["forced"].rls_forced) == (True, True)
    assert (tables["open"].rls_enabled, tables["open"].rls_forced) == (False, False)
    assert tables["open"].policies == {}


def test_policy_for_public(db: str) -> None:
    """A policy without TO applies to PUBLIC; USING is kept, WITH CHECK is absent."""
    run_sql(db, DDL)
    policy = snapshot_of(db).schemas["s"].tables["accounts"].policies["everyone_reads"]
    assert policy.command == "SELECT"
    assert policy.permissive is True
    assert policy.roles == ["public"]
    assert policy.using == "true"
    assert policy.with_check is None
    assert policy.comment == "Public balances"


def test_policies_with_roles_commands_and_modes(db: str, new_role) -> None:
    """Every command, permissive or restrictive, for named roles (sorted)."""
    clerk, auditor = new_role(), new_role()
    run_sql(db, DDL + f"""
        create policy own_rows on s.accounts for all to {clerk}, {auditor}
            using (owner_name = current_user) with check (balance >= 0);
        create policy tenant_only on s.accounts as restrictive to {clerk}
            using (tenant = 1);
        create policy add_rows on s.accounts for insert to {clerk} with check (tenant = 1);
        create policy change_rows on s.accounts for update to {clerk}
            using (tenant = 1) with check (tenant = 1);
        create policy remove_rows on s.accounts for delete to {auditor} using (false);
    """)
    policies = snapshot_of(db).schemas["s"].tables["accounts"].policies
    assert set(policies) == {
        "everyone_reads", "own_rows", "tenant_only", "add_rows", "change_rows", "remove_rows",
    }
    own = policies["own_rows"]
    assert own.command == "ALL"
    assert own.roles == sorted([clerk, auditor])
    assert own.using == "owner_name = CURRENT_USER"
    assert own.with_check == "balance >= 0::numeric"
    assert policies["tenant_only"].permissive is False
    assert policies["tenant_only"].command == "ALL"
    assert (policies["add_rows"].command, policies["add_rows"].using) == ("INSERT", None)
    assert policies["add_rows"].with_check == "tenant = 1"
    assert policies["change_rows"].command == "UPDATE"
    assert policies["remove_rows"].command == "DELETE"
    assert policies["remove_rows"].roles == [auditor]
