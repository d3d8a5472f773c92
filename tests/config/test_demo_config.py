"""The sample Marketing DB's schemadoc.yml reproduces the seed document and fits the database."""

from __future__ import annotations

from importlib.resources import as_file, files

from generator.config import Config, load_config
from generator.model import Snapshot
from tests.helpers import REPO, psql_file, snapshot_of

SAMPLE_SQL = REPO / "generator" / "commands" / "demo" / "sql"


def demo_config() -> Config:
    with as_file(files("generator.commands.demo").joinpath("schemadoc.yml")) as path:
        return load_config(path)


def sample_snapshot(dsn: str) -> Snapshot:
    psql_file(dsn, SAMPLE_SQL / "marketing_schema.sql")
    psql_file(dsn, SAMPLE_SQL / "marketing_data.sql")
    return snapshot_of(dsn)


def test_the_demo_config_fits_the_sample_database(db18: str) -> None:
    """Every table, column and schema the config names exists: no error, no warning."""
    snapshot = sample_snapshot(db18)
    config = demo_config()
    assert config.check(snapshot) == []
    named = {step.table for flow in config.flows for step in flow.steps}
    named |= {name for name in config.tables}
    tables = {f"{s}.{t}" for s, schema in snapshot.schemas.items() for t in schema.tables}
    assert named <= tables


def test_the_demo_config_has_the_seed_groups_statuses_and_title(db18: str) -> None:
    """Production, Archive and Utility as in the seed; BIT/PLE/company/people reserved."""
    snapshot = sample_snapshot(db18)
    config = demo_config()
    assert config.title == "Marketing DB"
    assert config.introduction and "Barton" in config.introduction
    assert config.groups(snapshot.schemas) == {
        "Production": ["bit", "intake", "marketing", "ple", "public"],
        "Archive": ["archive"],
        "Utility": ["BIT", "PLE", "company", "neon_auth", "people"],
    }
    assert config.status_overrides(snapshot.schemas) == {
        "marketing": "active", "intake": "active", "bit": "active", "ple": "active",
        "public": "active", "archive": "archive", "BIT": "reserved", "PLE": "reserved",
        "company": "reserved", "people": "reserved", "neon_auth": "platform"}


def test_the_demo_config_has_the_seed_flows() -> None:
    """Company → People, Enrichment and Intent Tracking, with the seed's labels."""
    flows = {flow.name: flow.edges() for flow in demo_config().flows}
    assert flows == {
        "Company → People": [
            ("intake.company_raw_intake", "marketing.company_master", "validation & promotion"),
            ("marketing.company_master", "marketing.company_slots", "slot creation"),
            ("marketing.company_slots", "marketing.people_master", "filled with"),
        ],
        "Enrichment": [
            ("marketing.people_master", "marketing.contact_enrichment", "enrichment needed"),
            ("marketing.contact_enrichment", "marketing.people_master",
             "external APIs: Apify, Abacus, Firecrawl"),
        ],
        "Intent Tracking": [
            ("bit.bit_signal", "bit.bit_company_score", "aggregation"),
            ("bit.bit_signal", "bit.bit_contact_score", "aggregation"),
        ],
    }


def test_the_demo_config_states_the_seed_conventions(db18: str) -> None:
    """Barton IDs on the ID columns; the seed's key, timestamp and boolean names."""
    snapshot = sample_snapshot(db18)
    config = demo_config()
    (barton,) = config.id_formats
    assert barton.name == "Barton ID" and barton.example and barton.matches(barton.example)
    for column in ("company_master.company_unique_id", "company_slots.company_slot_unique_id",
                   "people_master.unique_id", "pipeline_errors.error_unique_id"):
        table, name = column.split(".")
        assert config.id_format_for("marketing", table, name) == barton
    naming = config.naming
    assert {"{table}_id", "unique_id"} <= set(naming.primary_keys)
    assert "{referenced_table}_unique_id" in naming.foreign_keys
    assert {"created_at", "updated_at", "deleted_at"} <= set(naming.timestamps)
    assert "is_*" in naming.booleans
    relations = {(str(r.source), str(r.target)) for r in config.virtual_relations(snapshot)}
    assert ("marketing.pipeline_events(company_unique_id)",
            "marketing.company_master(company_unique_id)") in relations
    assert ("marketing.pipeline_events(person_unique_id)",
            "marketing.people_master(unique_id)") in relations
