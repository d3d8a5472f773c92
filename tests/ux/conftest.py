"""Built sites for the reader tests, each made once per session: the demo (`make demo`'s
site, the sample Marketing DB) and the two ../shared/fixtures databases (Pagila and the
tbls test schema), each with the page of its widest table (most columns)."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from generator.commands.demo import run_demo
from generator.model import Snapshot
from generator.render.facts import SiteFacts
from generator.snapshot import read_snapshot
from tests.conftest import EXTRA_DSNS
from tests.helpers import (
    REPO,
    available_extensions,
    database_dsn,
    fixture_path,
    load_pagila,
    load_tbls,
    snapshot_of,
)
from tests.render.site_check import mkdocs_build, project_with


@dataclass(frozen=True)
class Site:
    """A built site: its folder and the URLs (from the site's root) of pages to look at."""

    name: str
    folder: Path
    table_url: str  # the widest table's page
    table_name: str  # that table's name, as a reader would search for it
    search_name: str  # a table name that others start with (the hard case for search)
    search_url: str  # its page
    schema_url: str  # that table's schema page
    enum: tuple[str, str] | None  # (an enum's name, its schema page), if the site has one


def _url(page: str) -> str:
    """The built URL of a generated page (directory URLs), from the site root."""
    stem = page[: -len(".md")]
    return f"reference/{stem}/" if not stem.endswith("index") else "reference/"


def _site(name: str, folder: Path, snapshot: Snapshot) -> Site:
    facts = SiteFacts(snapshot)
    tables = [(key, t) for key, t in facts.tables() if facts.paths.relation(*key)]
    (schema, table), _ = max(tables, key=lambda kt: (len(kt[1].columns), kt[0]))
    names = [key[1] for key, _ in tables]
    # The name most others start with (`film`: film_actor, film_category), else the widest.
    prefixes = {n: sum(1 for other in names if other != n and other.startswith(n))
                for n in names}
    search = max(names, key=lambda n: (prefixes[n], -len(n))) if any(prefixes.values()) \
        else table
    key = next(key for key, _ in tables if key[1] == search)
    page, found = facts.paths.relation(schema, table), facts.paths.relation(*key)
    assert page is not None and found is not None
    enums = sorted((n, s) for s, found_schema in snapshot.schemas.items()
                   for n, t in found_schema.types.items() if t.kind == "enum")
    enum = (enums[0][0], _url(facts.paths.schema(enums[0][1]))) if enums else None
    return Site(name, folder, _url(page), table, search, _url(found),
                _url(facts.paths.schema(schema)), enum)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """`schemadoc demo` in a copy of this repository's site files."""
    project = tmp_path_factory.mktemp("ux-demo")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "site_src", project / "site_src",
                    ignore=shutil.ignore_patterns("reference", "schema_map.json"))
    result = run_demo(project, quiet=True)
    snapshot = read_snapshot(result.snapshot_path)
    return _site("demo", project / "site", snapshot)


@pytest.fixture(scope="session")
def embedded_db(embedded_dsn: str) -> Iterator[Iterator[str]]:
    """Makes throwaway databases on the embedded PostgreSQL 18 (dropped at the end)."""
    yield from _databases(embedded_dsn)


def _databases(admin: str) -> Iterator[Iterator[str]]:
    made: list[str] = []

    def make() -> Iterator[str]:
        while True:
            name = f"sd_ux_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
            made.append(name)
            yield database_dsn(admin, name)

    yield make()
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in made:
            conn.execute(sql.SQL("drop database if exists {} with (force)").format(
                sql.Identifier(name)))


def _built(tmp_path_factory: pytest.TempPathFactory, name: str, snapshot: Snapshot) -> Site:
    project, _ = project_with(tmp_path_factory.mktemp(f"ux-{name}"), snapshot)
    mkdocs_build(project)
    return _site(name, project / "site", snapshot)


@pytest.fixture(scope="session")
def pagila_site(tmp_path_factory: pytest.TempPathFactory,
                embedded_db: Iterator[str]) -> Site:
    """Pagila on PostgreSQL 18 (skips without ../shared/fixtures)."""
    fixture_path("pagila", "pagila-schema.sql")
    dsn = next(embedded_db)
    load_pagila(dsn, 18)
    return _built(tmp_path_factory, "pagila", snapshot_of(dsn))


@pytest.fixture(scope="session")
def tbls_site(tmp_path_factory: pytest.TempPathFactory, embedded_dsn: str) -> Iterator[Site]:
    """The tbls test schema, on the first test server that has uuid-ossp (skips without
    one, or without ../shared/fixtures)."""
    fixture_path("tbls", "postgres.sql")
    for admin in (embedded_dsn, *EXTRA_DSNS):
        if "uuid-ossp" in available_extensions(admin):
            break
    else:
        pytest.skip("no test server has the uuid-ossp extension, which the tbls schema "
                    "needs (SCHEMADOC_TEST_DSNS can name one that has it)")
    for databases in _databases(admin):
        dsn = next(databases)
        load_tbls(dsn)
        yield _built(tmp_path_factory, "tbls", snapshot_of(dsn))

