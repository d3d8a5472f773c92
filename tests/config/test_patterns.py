"""What gets documented: include/exclude patterns, statuses, groups and descriptions."""

from __future__ import annotations

from generator.config import filter_snapshot, parse_config
from generator.model import Column, Database, Function, Schema, Snapshot, Table, View


def table() -> Table:
    return Table(oid=1, kind="table", owner="o",
                 columns={"id": Column(position=1, attnum=1, type="bigint", nullable=False)})


def function(name: str) -> Function:
    return Function(oid=1, name=name, kind="function", arguments="", returns="void",
                    language="sql", volatility="volatile", security_definer=False,
                    strict=False, parallel="unsafe", owner="o")


def snapshot() -> Snapshot:
    """marketing (2 tables, a view, a function), archive (3 tables, a function), bit (empty)."""
    return Snapshot(
        format_version=1, generated_at="2025-01-01T00:00:00Z",
        database=Database("db", None, None, "u", "18.0", 180000),
        schemas={
            "marketing": Schema(oid=1, owner="o",
                                tables={"company_master": table(), "people_master": table()},
                                views={"active_companies": View(oid=2, owner="o",
                                                                definition="select 1")},
                                functions={"touch()": function("touch")}),
            "archive": Schema(oid=2, owner="o",
                              tables={"shq_schema_registry": table(), "old_1": table(),
                                      "old_2": table()},
                              functions={"old_fn()": function("old_fn")}),
            "bit": Schema(oid=3, owner="o"),
        })


def test_the_more_specific_rule_wins() -> None:
    """Exclude archive.* but include archive.shq_schema_registry: only that table stays."""
    config = parse_config("exclude: ['archive.*']\ninclude: [archive.shq_schema_registry]\n")
    assert config.includes("archive", "shq_schema_registry")
    assert not config.includes("archive", "old_1")
    assert not config.includes("archive", "old_fn", "function")
    assert config.includes("marketing", "company_master")
    kept = filter_snapshot(snapshot(), config)
    assert list(kept.schemas["archive"].tables) == ["shq_schema_registry"]
    assert kept.schemas["archive"].functions == {}
    assert set(kept.schemas) == {"marketing", "archive", "bit"}


def test_an_excluded_schema_goes_unless_an_object_in_it_is_included() -> None:
    """Excluding a schema drops it whole; a more specific include keeps one object."""
    dropped = filter_snapshot(snapshot(), parse_config("exclude: [archive]\n"))
    assert set(dropped.schemas) == {"marketing", "bit"}
    config = parse_config("exclude: [archive]\ninclude: [archive.old_1]\n")
    assert list(filter_snapshot(snapshot(), config).schemas["archive"].tables) == ["old_1"]


def test_including_whole_schemas_documents_only_those() -> None:
    """`include: [marketing, bit]` leaves every other schema out."""
    config = parse_config("include: [marketing, bit]\n")
    assert set(filter_snapshot(snapshot(), config).schemas) == {"marketing", "bit"}
    config = parse_config("include: ['marketing.*']\n")
    assert set(filter_snapshot(snapshot(), config).schemas) == {"marketing"}


def test_including_single_objects_only_makes_exceptions() -> None:
    """An include that names one object does not narrow everything else."""
    config = parse_config("include: [archive.old_1, 'function:archive.old_fn']\n")
    assert filter_snapshot(snapshot(), config) == snapshot()


def test_a_kind_prefix_limits_a_pattern_to_one_kind_of_object() -> None:
    """`function:marketing.*` drops marketing's functions, not its tables or views."""
    kept = filter_snapshot(snapshot(), parse_config("exclude: ['function:marketing.*']\n"))
    marketing = kept.schemas["marketing"]
    assert marketing.functions == {}
    assert set(marketing.tables) == {"company_master", "people_master"}
    assert set(marketing.views) == {"active_companies"}


def test_on_a_tie_exclude_wins() -> None:
    """The same pattern in both lists: the object is left out."""
    config = parse_config("include: [marketing.people_master]\n"
                          "exclude: [marketing.people_master]\n")
    assert not config.includes("marketing", "people_master")


def test_no_patterns_keeps_the_snapshot_as_it_is() -> None:
    """Without include or exclude, nothing is filtered."""
    snap = snapshot()
    assert filter_snapshot(snap, parse_config("title: x\n")) is snap


def test_status_group_and_description_of_schemas() -> None:
    """Exact names win over globs; groups keep the order of the file."""
    config = parse_config(
        "schemas:\n"
        "  marketing: {status: active, group: Production, description: Primary data.}\n"
        "  'arch*': {status: archive, group: Archive}\n"
        "  archive: {group: Old}\n"
        "  bit: {status: reserved, group: Production}\n")
    snap = snapshot()
    assert config.status_for("marketing") == "active"
    assert config.status_for("archive") is None  # the exact entry sets no status
    assert config.status_for("archived_2024") == "archive"
    assert config.status_for("intake") is None
    assert config.groups(snap.schemas) == {"Production": ["bit", "marketing"],
                                           "Old": ["archive"]}
    assert config.status_overrides(snap.schemas) == {"marketing": "active", "bit": "reserved"}
    assert config.description_for("schema", "marketing") == "Primary data."


def test_descriptions_of_every_object_kind() -> None:
    """Tables, columns, indexes, constraints, triggers and functions can be described."""
    config = parse_config(
        "tables:\n"
        "  marketing.people_master: Central people database.\n"
        "  marketing.company_master:\n"
        "    description: Primary company records.\n"
        "    columns: {company_unique_id: Barton ID of the company.}\n"
        "    indexes: {idx_name: Name look-ups.}\n"
        "    constraints: {company_master_pkey: The key.}\n"
        "    triggers: {trg_touch: Keeps updated_at current.}\n"
        "functions:\n"
        "  marketing.make_barton_id(integer, bigint): Builds a Barton ID.\n"
        "  public.touch_updated_at: Sets updated_at.\n")
    assert config.description_for("table", "marketing", "people_master") == (
        "Central people database.")
    assert config.description_for("table", "marketing", "company_master") == (
        "Primary company records.")
    assert config.description_for("column", "marketing", "company_master",
                                  "company_unique_id") == "Barton ID of the company."
    assert config.description_for("index", "marketing", "company_master",
                                  "idx_name") == "Name look-ups."
    assert config.description_for("constraint", "marketing", "company_master",
                                  "company_master_pkey") == "The key."
    assert config.description_for("trigger", "marketing", "company_master",
                                  "trg_touch") == "Keeps updated_at current."
    assert config.description_for("function", "marketing",
                                  "make_barton_id(integer, bigint)") == "Builds a Barton ID."
    assert config.description_for("function", "public", "touch_updated_at()") == (
        "Sets updated_at.")
    assert config.description_for("column", "marketing", "people_master", "x") is None


def test_descriptions_of_missing_objects_are_warnings() -> None:
    """A description for a table or column that is not there is reported, with its line."""
    config = parse_config(
        "tables:\n"
        "  marketing.company_master:\n"
        "    columns: {nmae: typo}\n"
        "  marketing.gone: Dropped last year.\n"
        "schemas:\n"
        "  'legacy_*': {status: archive}\n")
    assert config.check(snapshot()) == [
        "schemadoc.yml:3: marketing.company_master has no column 'nmae'",
        "schemadoc.yml:4: marketing.gone is not in the database",
        "schemadoc.yml:6: no schema matches 'legacy_*'",
    ]
