"""Constraints (foreign key, unique, check, NOT VALID then validated) and indexes."""

from __future__ import annotations

from tests.diff.conftest import Changer, describe, find, only

BASE = """
create schema app;
create table app.company (id int primary key, code text, amount numeric);
create table app.person (id int primary key, company_id int, email text);
"""
PERSON = "app.person"


def test_foreign_key_added_is_breaking(before_after: Changer) -> None:
    """A new foreign key refuses rows that pointed nowhere: breaking."""
    result = before_after(BASE, "alter table app.person add constraint person_company_fk "
                                "foreign key (company_id) references app.company")
    change = only(result)
    assert (change.kind, change.path, change.action) == (
        "constraint", PERSON + ".constraints.person_company_fk", "added")
    assert change.classes == ("breaking",)
    assert change.after["references"] == {"schema": "app", "table": "company",
                                          "columns": ["id"]}


def test_unique_and_check_added_are_breaking(before_after: Changer) -> None:
    """Unique and check constraints are new rules for data: breaking."""
    result = before_after(BASE, """
        alter table app.company add constraint company_code_key unique (code);
        alter table app.company add constraint amount_positive check (amount > 0);
    """)
    unique = find(result, "app.company.constraints.company_code_key")
    check = find(result, "app.company.constraints.amount_positive")
    assert unique.classes == check.classes == ("breaking",)
    # The unique constraint's index is an index too, and also refuses duplicates.
    assert find(result, "app.company.indexes.company_code_key").classes == ("breaking",)


def test_not_valid_then_validated(before_after: Changer) -> None:
    """Validating a NOT VALID constraint checks existing rows: breaking."""
    setup = BASE + ("alter table app.company add constraint amount_positive "
                    "check (amount > 0) not valid;")
    result = before_after(setup, "alter table app.company validate constraint amount_positive")
    change = only(result)
    assert (change.attribute, change.before, change.after) == ("validated", False, True)
    assert change.classes == ("breaking",)
    assert change.detail == "validated"


def test_constraint_dropped_is_compatible(before_after: Changer) -> None:
    """Dropping a check relaxes the rules: every write that worked still works."""
    setup = BASE + "alter table app.company add constraint amount_positive check (amount > 0);"
    result = before_after(setup, "alter table app.company drop constraint amount_positive")
    change = only(result)
    assert (change.action, change.classes) == ("removed", ("compatible",))


def test_check_expression_changed_is_breaking(before_after: Changer) -> None:
    """A check replaced by a stricter one under the same name is a changed definition."""
    setup = BASE + "alter table app.company add constraint amount_ok check (amount > 0);"
    result = before_after(setup, """
        alter table app.company drop constraint amount_ok;
        alter table app.company add constraint amount_ok check (amount > 10);
    """)
    change = only(result)
    assert (change.attribute, change.classes) == ("definition", ("breaking",))
    assert change.after == "CHECK (amount > 10::numeric)"


def test_foreign_key_on_delete_is_compatible(before_after: Changer) -> None:
    """ON DELETE CASCADE instead of NO ACTION changes behaviour, not the interface."""
    setup = BASE + ("alter table app.person add constraint fk foreign key (company_id) "
                    "references app.company;")
    result = before_after(setup, """
        alter table app.person drop constraint fk;
        alter table app.person add constraint fk foreign key (company_id)
            references app.company on delete cascade;
    """)
    change = only(result)
    assert (change.attribute, change.classes) == ("on_delete", ("compatible",))


def test_constraint_renamed_is_cosmetic(before_after: Changer) -> None:
    """Clients never name a check constraint: a rename is cosmetic."""
    setup = BASE + "alter table app.company add constraint amount_ok check (amount > 0);"
    result = before_after(setup, "alter table app.company rename constraint amount_ok "
                                 "to amount_positive")
    change = only(result)
    assert (change.action, change.before, change.after, change.classes) == (
        "renamed", "amount_ok", "amount_positive", ("cosmetic",))


def test_index_added_dropped_changed_renamed(before_after: Changer) -> None:
    """Index added: additive; dropped or redefined: compatible; renamed: cosmetic."""
    setup = BASE + """
    create index person_email on app.person (email);
    create index person_company on app.person (company_id);
    create index company_code on app.company (code);
    """
    result = before_after(setup, """
        create index person_email_lower on app.person (lower(email));
        drop index app.person_email;
        drop index app.person_company;
        create index person_company on app.person (company_id) where company_id is not null;
        alter index app.company_code rename to company_code_idx;
    """)
    assert find(result, PERSON + ".indexes.person_email_lower").classes == ("additive",)
    assert find(result, PERSON + ".indexes.person_email").classes == ("compatible",)
    changed = find(result, PERSON + ".indexes.person_company", "predicate")
    assert changed.classes == ("compatible",)
    assert changed.after == "company_id IS NOT NULL"
    renamed = find(result, "app.company.indexes.company_code_idx")
    assert (renamed.action, renamed.classes) == ("renamed", ("cosmetic",))
    assert len(result.changes) == 4, describe(result)


def test_index_made_unique_is_breaking(before_after: Changer) -> None:
    """An index that becomes unique refuses duplicates."""
    setup = BASE + "create index person_email on app.person (email);"
    result = before_after(setup, """
        drop index app.person_email;
        create unique index person_email on app.person (email);
    """)
    change = only(result)
    assert (change.attribute, change.classes) == ("unique", ("breaking",))
