"""The overview computes what the seed document states by hand."""

from __future__ import annotations

import dataclasses

from generator.model import RowCount, Schema, Snapshot
from generator.render.design_notes import name_pattern
from generator.render.env import make_environment
from generator.render.facts import SiteFacts, rows_of, total_rows
from generator.render.overview import overview_page
from generator.render.pages import render_overview
from generator.render.relationships import relationships
from generator.render.status import StatusRules, schema_status
from tests.factories import columns, fk, pk, seed_snapshot, table


def test_schema_statuses_follow_the_built_in_rules() -> None:
    """Empty is reserved, archive-like names archive, platform schemas platform, else active."""
    facts = SiteFacts(seed_snapshot())
    assert facts.status == {
        "marketing": "active", "intake": "active", "public": "active",
        "archive": "archive", "neon_auth": "platform",
        "bit": "reserved", "BIT": "reserved", "people": "reserved",
    }


def test_archive_names_match_whole_words_only() -> None:
    """`legacy_2023` and `backup` are archives; `golden` and `bold` are not."""
    busy = Schema(oid=1, owner="x", tables={"t": table(columns(("id", "integer")))})
    assert schema_status("legacy_2023", busy) == "archive"
    assert schema_status("backup", busy) == "archive"
    assert schema_status("golden", busy) == "active"
    assert schema_status("bold", busy) == "active"
    assert schema_status("supabase_functions", busy) == "platform"


def test_a_users_override_wins() -> None:
    """A schema the user names outright gets that status (the hook for schemadoc.yml)."""
    rules = StatusRules(overrides={"archive": "active"})
    assert SiteFacts(seed_snapshot(), rules).status["archive"] == "active"


def test_row_counts_say_estimate_exact_or_never_analysed() -> None:
    """~ marks an estimate and names its source; never analysed is shown as such."""
    assert rows_of(RowCount(453, "reltuples")).text == "~453"
    assert "pg_class.reltuples" in rows_of(RowCount(453, "reltuples")).label
    assert rows_of(RowCount(453, "reltuples", exact=455)).text == "455"
    assert rows_of(RowCount(None, "never analysed")).text == "never analysed"
    total = total_rows([rows_of(RowCount(10, "reltuples")),
                        rows_of(RowCount(None, "never analysed"))])
    assert total.text == "~10+"


def test_overview_header_names_the_host_but_no_credentials() -> None:
    """Host, server version, snapshot time and totals; never the user or a password."""
    text = render_overview(make_environment(), SiteFacts(seed_snapshot()))
    assert "ep-example-pooler.us-east-1.aws.neon.tech:5432" in text
    assert "PostgreSQL 18.1" in text
    assert "2025-11-07 09:30 UTC" in text
    assert "docs_reader" not in text


def test_triggers_are_grouped_by_function() -> None:
    """touch_updated_at on two tables is one line, not two."""
    page = overview_page(SiteFacts(seed_snapshot()))
    (group,) = page.triggers
    assert group.function == "public.touch_updated_at"
    assert group.table_count == 2
    assert [t.text for t in group.tables] == ["marketing.company_master",
                                              "marketing.people_master"]


def test_security_notes_count_rls_policies_and_ssl() -> None:
    """RLS tables, policies, SECURITY DEFINER functions and the snapshot connection's SSL."""
    sec = overview_page(SiteFacts(seed_snapshot())).security
    assert (sec.rls_count, sec.forced, sec.policies) == (1, 0, 1)
    assert sec.definer_functions == ["public.touch_updated_at()"]
    assert sec.ssl is True


def test_design_notes_detect_the_seeds_conventions() -> None:
    """{table}_unique_id keys, {referenced_table}_unique_id FKs, is_ flags, the ID regex."""
    notes = overview_page(SiteFacts(seed_snapshot())).design
    pk_patterns = {p.pattern: p.count for p in notes.primary_keys}
    assert pk_patterns["{table}_unique_id"] == 2
    fk_patterns = {p.pattern: p.count for p in notes.foreign_keys}
    assert fk_patterns["{referenced_table}_unique_id"] == 2
    assert {p.pattern: p.count for p in notes.timestamps} == {
        "created_at": 3, "updated_at": 2, "deleted_at": 1}
    assert notes.booleans[0].pattern == "is_" and notes.booleans[0].count == 3
    assert notes.id_formats[0].regex == "^04\\.04\\.02\\.04\\.30000\\.[0-9]{3}$"


def test_name_patterns() -> None:
    """Key column names relative to their table."""
    assert name_pattern("id", "users") == "id"
    assert name_pattern("user_id", "users") == "{table}_id"
    assert name_pattern("company_unique_id", "company_master") == "{table}_unique_id"
    assert name_pattern("slot_id", "company_slots") == "{table}_id"
    assert name_pattern("owner_id", "users") == "*_id"
    assert name_pattern("email", "users") == "other"


def _chain_snapshot() -> Snapshot:
    """a -> b -> c -> d, plus a cycle c -> e -> c and a self-reference on d."""
    def t(name: str, *targets: str) -> object:
        cons = [fk(name, f"{target}_id", "s", target, "id") for target in targets]
        cols = columns(("id", "integer", False), *((f"{x}_id", "integer") for x in targets))
        return table(cols, pk(name, "id"), *cons)

    tables = {"a": t("a", "b"), "b": t("b", "c"), "c": t("c", "d", "e"), "d": t("d", "d"),
              "e": t("e", "c")}
    base = seed_snapshot()
    return dataclasses.replace(base, schemas={"s": Schema(oid=1, owner="x",
                                                          tables=tables)})  # type: ignore[arg-type]


def test_longest_foreign_key_chain_survives_cycles() -> None:
    """The chain a -> b -> c -> ... is found although c and e reference each other."""
    rel = relationships(SiteFacts(_chain_snapshot()), "index.md")
    first = [ref.text for ref in rel.chains[0].tables]
    assert first[:3] == ["s.a", "s.b", "s.c"]
    assert len(first) == 4
    assert [ref.text for ref in rel.self_references] == ["s.d"]
    assert rel.junctions[0].table.text == "s.c"


def test_a_link_table_is_one_a_database_person_would_call_so() -> None:
    """Its primary key is made of foreign keys, or nearly all its columns are in them;
    a wide entity table with two foreign keys (like people_master) is not one."""
    people = table(columns(("id", "integer", False), ("company_id", "integer"),
                           ("slot_id", "integer"), ("first_name", "text"),
                           ("last_name", "text"), ("email", "text"), ("title", "text")),
                   pk("people", "id"), fk("people", "company_id", "s", "company", "id"),
                   fk("people", "slot_id", "s", "slot", "id"))
    items = table(columns(("order_id", "integer", False), ("product_id", "integer", False),
                          ("quantity", "integer"), ("price", "numeric")),
                  pk("items", "order_id", "product_id"),
                  fk("items", "order_id", "s", "orders", "id"),
                  fk("items", "product_id", "s", "product", "id"))
    tagged = table(columns(("id", "integer", False), ("post_id", "integer"),
                           ("tag_id", "integer"), ("created_at", "timestamptz")),
                   pk("tagged", "id"), fk("tagged", "post_id", "s", "post", "id"),
                   fk("tagged", "tag_id", "s", "tag", "id"))
    plain = table(columns(("id", "integer", False)), pk("x", "id"))
    tables = {"people": people, "items": items, "tagged": tagged, "company": plain,
              "slot": plain, "orders": plain, "product": plain, "post": plain, "tag": plain}
    snapshot = dataclasses.replace(seed_snapshot(), schemas={"s": Schema(
        oid=1, owner="x", tables=tables)})  # type: ignore[arg-type]
    rel = relationships(SiteFacts(snapshot), "index.md")
    assert sorted(j.table.text for j in rel.junctions) == ["s.items", "s.tagged"]
