"""Dependencies in schemas written by other projects: Pagila, the tbls test schema and
the sample Marketing DB, loaded on every test server and read back from the snapshot's
JSON. The expectations were read off their SQL by hand."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.model import Dependency, Snapshot
from tests.conftest import SERVER_IDS, _server
from tests.introspect.depends import C, P, R, W
from tests.test_ground_truth import Databases, Loaded

RELATIONS = ("table", "view", "materialized_view")


@pytest.fixture(scope="module", params=SERVER_IDS)
def databases(request: pytest.FixtureRequest) -> Iterator[Databases]:
    dbs = Databases(_server(request, request.param))
    yield dbs
    dbs.drop_all()


def read(dependencies: list[Dependency]) -> list[tuple[str, str]]:
    """The relations a list names, each once."""
    return sorted({(d.schema, d.name) for d in dependencies if d.kind in RELATIONS})


def callers(snapshot: Snapshot, schema: str, function: str) -> list[tuple[str, str, str]]:
    """(schema, table, trigger) of every trigger whose function is schema.function."""
    target = C("function", schema, function)
    return sorted((s, t, name) for s, sch in snapshot.schemas.items()
                  for t, table in sch.tables.items()
                  for name, trigger in table.triggers.items() if target in trigger.depends_on)


def test_pagila(databases: Databases) -> None:
    pagila: Loaded = databases.get("pagila")
    public = pagila.snapshot.schemas["public"]
    assert read(public.views["actor_info"].depends_on) == [
        ("public", "actor"), ("public", "category"), ("public", "film"),
        ("public", "film_actor"), ("public", "film_category"),
    ]
    assert C("table", "public", "actor", "first_name") in public.views["actor_info"].depends_on
    assert read(public.materialized_views["rental_by_category"].depends_on) == [
        ("public", "category"), ("public", "film"), ("public", "film_category"),
        ("public", "inventory"), ("public", "payment"), ("public", "rental"),
    ]
    # a SQL function: it reads inventory and calls a PL/pgSQL one, both found in public
    # by assumption (it sets no search_path)
    assert public.functions["film_in_stock(integer, integer)"].depends_on == [
        P("function", "public", "inventory_in_stock(integer)", assumed=True),
        R("table", "public", "inventory", assumed=True),
        R("table", "public", "inventory", "film_id", assumed=True),
        R("table", "public", "inventory", "inventory_id", assumed=True),
        R("table", "public", "inventory", "store_id", assumed=True),
    ]
    # the trigger function names no table; the tables whose trigger calls it say so
    # (film_embedding needs pgvector, which not every server has)
    assert public.functions["last_updated()"].depends_on == []
    assert [t for _, t, _ in callers(pagila.snapshot, "public", "last_updated()")] == [
        "actor", "address", "category", "city", "country", "customer", "film", "film_actor",
        "film_category", *(["film_embedding"] if "film_embedding" in public.tables else []),
        "inventory", "language", "rental", "staff", "store",
    ]
    # runs SQL it builds, and returns rows of customer
    rewards = public.functions["rewards_report(integer, numeric)"]
    assert rewards.dynamic_sql is True
    assert C("table", "public", "customer") in rewards.depends_on
    assert public.functions["group_concat(text)"].depends_on == [
        C("function", "public", "_group_concat(text, text)")
    ]
    assert public.tables["film"].columns["rating"].depends_on == [
        C("type", "public", "mpaa_rating")
    ]
    assert not [f for f in public.functions.values() if f.parse_error]


def test_tbls(databases: Databases) -> None:
    tbls = databases.get("tbls")
    public = tbls.snapshot.schemas["public"]
    assert read(public.views["post_comments"].depends_on) == [
        ("public", "comments"), ("public", "posts"), ("public", "users"),
    ]
    assert read(public.materialized_views["post_comment_stars"].depends_on) == [
        ("public", "comment_stars"), ("public", "comments"), ("public", "users"),
    ]
    # `set comment = "updated"`: a quoted identifier is a column, not a string
    assert public.functions["reset_comment(integer)"].depends_on == [
        W("table", "public", "comments", assumed=True),
        W("table", "public", "comments", "comment", assumed=True),
        R("table", "public", "comments", "id", assumed=True),
        R("table", "public", "comments", "updated", assumed=True),
    ]
    assert [t for _, t, _ in callers(tbls.snapshot, "public", "update_updated()")] == [
        "posts", "users"
    ]
    # a default calling an extension's function (uuid-ossp)
    assert public.tables["logs"].columns["id"].depends_on == [
        C("function", "public", "uuid_generate_v4()")
    ]


def test_marketing(databases: Databases) -> None:
    marketing = databases.get("marketing")
    schemas = marketing.snapshot.schemas
    assert read(schemas["marketing"].views["v_people_outreach_ready"].depends_on) == [
        ("marketing", "company_master"), ("marketing", "company_slots"),
        ("marketing", "people_master"),
    ]
    assert read(schemas["marketing"].materialized_views["mv_industry_summary"].depends_on) == [
        ("marketing", "company_master"), ("marketing", "people_master"),
    ]
    assert len(callers(marketing.snapshot, "public", "touch_updated_at()")) == 17
    # qualified names and its own search_path: nothing assumed
    assert schemas["marketing"].functions["log_pipeline_event()"].depends_on == [
        W("table", "marketing", "pipeline_events"),
        W("table", "marketing", "pipeline_events", "company_unique_id"),
        W("table", "marketing", "pipeline_events", "emitted_by"),
        W("table", "marketing", "pipeline_events", "event_type"),
        W("table", "marketing", "pipeline_events", "payload"),
        W("table", "marketing", "pipeline_events", "person_unique_id"),
    ]
    assert schemas["marketing"].sequences["pipeline_error_seq"].depends_on == [
        C("table", "marketing", "pipeline_errors", "error_unique_id")
    ]
    assert marketing.snapshot.warnings == []


@pytest.mark.parametrize("name", ["pagila", "tbls", "marketing"])
def test_every_catalog_dependency_is_an_object_of_the_snapshot(
    databases: Databases, name: str
) -> None:
    """What the catalog names is in the snapshot, down to the column, unless an
    extension owns it (listed under the extension)."""
    snapshot = databases.get(name).snapshot
    owned = " ".join(o for e in snapshot.extensions.values() for o in e.objects)
    missing = []
    for dependency in _catalog_dependencies(snapshot):
        if dependency.name.split("(")[0] in owned:
            continue
        schema = snapshot.schemas.get(dependency.schema)
        collection = getattr(schema, {"table": "tables", "view": "views",
                                      "materialized_view": "materialized_views",
                                      "function": "functions", "sequence": "sequences",
                                      "type": "types"}[dependency.kind], {})
        found = collection.get(dependency.name)
        if found is None or (dependency.column and dependency.column not in found.columns):
            missing.append(dependency)
    assert missing == []


def _catalog_dependencies(snapshot: Snapshot) -> Iterator[Dependency]:
    for schema in snapshot.schemas.values():
        owners: list = [*schema.views.values(), *schema.materialized_views.values(),
                        *schema.functions.values(), *schema.sequences.values(),
                        *schema.types.values()]
        for relation in (*schema.tables.values(), *schema.views.values(),
                         *schema.materialized_views.values()):
            for attribute in ("columns", "constraints", "indexes", "triggers", "policies"):
                owners.extend(getattr(relation, attribute, {}).values())
        for owner in owners:
            yield from (d for d in owner.depends_on if d.source == "catalog")
