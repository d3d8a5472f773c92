"""Triggers: timing, events, level, function, enabled state, constraint triggers and
comments; the internal triggers behind foreign keys are not listed."""

from __future__ import annotations

import pytest

from generator.model import ObjectRef
from tests.helpers import run_sql, snapshot_of

DDL = """
create schema s;
create schema audit;
create function audit.touch() returns trigger language plpgsql as $$
begin
    return new;
end $$;
create table s.parent (id int primary key);
create table s.t (id int primary key, parent_id int references s.parent, note text);
create trigger t_before_write before insert or update on s.t
    for each row execute function audit.touch();
create trigger t_after_truncate after truncate on s.t
    for each statement execute function audit.touch();
create trigger t_after_delete after delete or update of note on s.t
    for each row when (old.note is not null) execute function audit.touch();
create trigger t_disabled before insert on s.t for each row execute function audit.touch();
alter table s.t disable trigger t_disabled;
create trigger t_always before insert on s.t for each row execute function audit.touch();
alter table s.t enable always trigger t_always;
create constraint trigger t_check after insert on s.t deferrable initially deferred
    for each row execute function audit.touch();
comment on trigger t_before_write on s.t is 'Stamps every write';
create view s.v as select id, note from s.t;
create trigger v_instead instead of insert on s.v for each row execute function audit.touch();
"""


@pytest.fixture
def triggers(db: str) -> dict:
    run_sql(db, DDL)
    return snapshot_of(db).schemas["s"].tables["t"].triggers


def test_foreign_key_triggers_are_not_listed(triggers, db: str) -> None:
    """Only user triggers: the ones PostgreSQL adds for foreign keys stay hidden."""
    assert set(triggers) == {
        "t_before_write", "t_after_truncate", "t_after_delete", "t_disabled", "t_always",
        "t_check",
    }
    assert snapshot_of(db).schemas["s"].tables["parent"].triggers == {}


def test_timing_events_and_level(triggers) -> None:
    """BEFORE / AFTER, every event in a fixed order, ROW / STATEMENT."""
    write = triggers["t_before_write"]
    assert (write.timing, write.events, write.level) == ("BEFORE", ["INSERT", "UPDATE"], "ROW")
    truncate = triggers["t_after_truncate"]
    assert (truncate.timing, truncate.events, truncate.level) == (
        "AFTER", ["TRUNCATE"], "STATEMENT")
    delete = triggers["t_after_delete"]
    assert delete.events == ["UPDATE", "DELETE"]
    assert "UPDATE OF note" in delete.definition
    assert "WHEN (old.note IS NOT NULL)" in delete.definition


def test_function_and_definition(triggers) -> None:
    """The trigger function is schema-qualified; the definition is the full statement."""
    write = triggers["t_before_write"]
    assert write.function == ObjectRef("audit", "touch")
    assert write.definition == (
        "CREATE TRIGGER t_before_write BEFORE INSERT OR UPDATE ON s.t "
        "FOR EACH ROW EXECUTE FUNCTION audit.touch()"
    )
    assert write.comment == "Stamps every write"
    assert triggers["t_disabled"].comment is None


def test_enabled_state(triggers) -> None:
    """ALTER TABLE .. DISABLE / ENABLE ALWAYS TRIGGER is reflected."""
    assert triggers["t_before_write"].enabled == "enabled"
    assert triggers["t_disabled"].enabled == "disabled"
    assert triggers["t_always"].enabled == "always"


def test_constraint_trigger(triggers) -> None:
    """A CONSTRAINT TRIGGER is flagged; a plain trigger is not."""
    assert triggers["t_check"].constraint_trigger is True
    assert triggers["t_check"].definition.startswith("CREATE CONSTRAINT TRIGGER t_check")
    assert triggers["t_before_write"].constraint_trigger is False


def test_instead_of_trigger_on_a_view(db: str) -> None:
    """INSTEAD OF triggers live on views and are listed under the view."""
    run_sql(db, DDL)
    trigger = snapshot_of(db).schemas["s"].views["v"].triggers["v_instead"]
    assert trigger.timing == "INSTEAD OF"
    assert trigger.events == ["INSERT"]
    assert trigger.level == "ROW"
