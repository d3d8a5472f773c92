"""Whole sites from real databases: `mkdocs build --strict` passes with no warning, every
internal link resolves, and pages stay small enough to scale.

Pagila (a pg_dump of a real sample application) and the tbls test schema (quoted
identifiers, reserved words, multi-line comments, cross-schema keys) are loaded into
real servers, snapshotted, rendered and built with MkDocs.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.factories import seed_snapshot, wide_snapshot
from tests.helpers import REPO, available_extensions, load_pagila, load_tbls, snapshot_of
from tests.render.site_check import broken_links, mkdocs_build, project_with

MAX_PAGE_BYTES = 150 * 1024


def _check_site(project: Path) -> Path:
    mkdocs_build(project)
    site = project / "site"
    assert broken_links(site) == []
    for page in site.rglob("*.html"):
        assert page.stat().st_size <= MAX_PAGE_BYTES, page
    return site


@pytest.mark.slow
def test_pagila_site_builds_strict_with_working_links(db18: str, tmp_path: Path) -> None:
    """Pagila: partitions, views, materialized views, enums, domains, functions."""
    load_pagila(db18, 18)
    project, result = project_with(tmp_path, snapshot_of(db18))
    assert result.pages.added > 70
    site = _check_site(project)
    film = (site / "reference" / "public" / "film" / "index.html").read_text("utf-8")
    assert 'href="../language/"' in film  # film.language_id links to the language table
    payment = (site / "reference" / "public" / "payment" / "index.html").read_text("utf-8")
    assert "payment_p2022_01" in payment  # a partitioned table lists its partitions


@pytest.mark.slow
def test_tbls_site_builds_strict_with_working_links(db: str, tmp_path: Path) -> None:
    """The tbls schema: "CamelizeTable", "hyphen-table", schema `time`, \\r\\n comments."""
    if "uuid-ossp" not in available_extensions(db):
        pytest.skip("this server has no uuid-ossp extension, which the tbls schema needs")
    load_tbls(db)
    project, _ = project_with(tmp_path, snapshot_of(db))
    site = _check_site(project)
    camel = list((site / "reference" / "public").glob("camelizetable-*/index.html"))
    assert len(camel) == 1
    comments = (site / "reference" / "public" / "comments" / "index.html").read_text("utf-8")
    assert "Comment<br>Multi-line<br>column<br>comment" in comments


def test_repository_demo_site_builds_strict(tmp_path: Path) -> None:
    """This repository's mkdocs.yml and hand-written pages build with generated pages."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "site_src", tmp_path / "site_src",
                    ignore=shutil.ignore_patterns("reference", "schema_map.json"))
    project, _ = project_with(tmp_path, seed_snapshot())
    site = _check_site(project)
    assert (site / "reference" / "marketing" / "company_master" / "index.html").exists()
    assert not (site / "schema_map.json").exists()


def test_navigation_lists_schemas_not_tables(tmp_path: Path) -> None:
    """The sidebar holds the overview and schema pages; table pages stay out of it."""
    project, _ = project_with(tmp_path, seed_snapshot())
    site = _check_site(project)
    overview = (site / "reference" / "index.html").read_text("utf-8")
    nav = overview[overview.index('md-nav--primary'):overview.index('md-nav--secondary')]
    assert 'href="marketing/"' in nav
    assert "company_master" not in nav


def test_navigation_follows_the_overviews_order(tmp_path: Path) -> None:
    """The sidebar lists the overview, its schemas in its order (groups, not the
    alphabet: `archive` after the production schemas), then Health and Changelog."""
    project, _ = project_with(tmp_path, seed_snapshot())
    site = _check_site(project)
    source = (project / "site_src" / "reference" / "index.md").read_text("utf-8")
    listed = re.search(r"(?m)^  nav: \[(.*)\]$", source)
    assert listed is not None
    schemas = [name.strip(' "')[: -len(".md")] + "/" for name in listed.group(1).split(",")]
    overview = (site / "reference" / "index.html").read_text("utf-8")
    nav = overview[overview.index('md-nav--primary'):overview.index('md-nav--secondary')]
    links = re.findall(r'<a href="([^"#]+)" class="md-nav__link', nav)
    shown = links[links.index("./") + 1:]
    assert shown == [*schemas, "health/", "changelog/"]
    assert schemas.index("archive/") > schemas.index("marketing/")


def test_every_generated_page_has_one_trail(tmp_path: Path) -> None:
    """Every page of the reference opens with its breadcrumbs: the overview is the
    trail's root (the database, not a link), Health and the Changelog sit under it."""
    project, _ = project_with(tmp_path, seed_snapshot())
    site = _check_site(project) / "reference"
    trail = re.compile(r'<p class="schemadoc-crumbs">(.*?)</p>', re.S)
    for page in site.rglob("*.html"):
        assert len(trail.findall(page.read_text("utf-8"))) == 1, page
    (overview,) = trail.findall((site / "index.html").read_text("utf-8"))
    assert overview == "marketing"  # the seed database's name (no title configured)
    for name, title in (("health", "Schema health"), ("changelog", "Changelog")):
        (found,) = trail.findall((site / name / "index.html").read_text("utf-8"))
        assert found == f'<a href="../">marketing</a> › {title}'


def test_the_plugin_serves_the_style_sheet_and_script(tmp_path: Path) -> None:
    """Every page loads schemadoc's style sheet (tables and diagrams) and table-sorting
    script, made from the installed package: none of it is copied into site_src/."""
    from generator.render.assets import SCRIPTS, STYLESHEETS, asset_text

    project, _ = project_with(tmp_path, seed_snapshot())
    assert not list((project / "site_src").rglob("*.css"))
    site = _check_site(project)
    for uri in (*STYLESHEETS, *SCRIPTS):
        assert (site / uri).read_text("utf-8") == asset_text(uri)
    page = (site / "reference" / "marketing" / "company_master" / "index.html").read_text()
    assert page.count("assets/schemadoc/schemadoc.css") == 1
    assert page.count("assets/schemadoc/tablesort.js") == 1


def test_a_site_loading_its_own_copies_keeps_them(tmp_path: Path) -> None:
    """A mkdocs.yml that lists its own schemadoc.css and tablesort.js (as `init` wrote
    them before the plugin served them) gets no second copy: the script would sort
    every table twice on each click."""
    project, _ = project_with(tmp_path, seed_snapshot())
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra_css: [stylesheets/schemadoc.css]\n"
                      "extra_javascript: [javascripts/tablesort.js]\n", "utf-8")
    for name, text in (("stylesheets/schemadoc.css", "/* own */\n"),
                       ("javascripts/tablesort.js", "/* own */\n")):
        (project / "site_src" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "site_src" / name).write_text(text, "utf-8")
    site = _check_site(project)
    page = (site / "reference" / "index.html").read_text("utf-8")
    assert "assets/schemadoc/schemadoc.css" not in page
    assert "assets/schemadoc/tablesort.js" not in page
    assert "stylesheets/schemadoc.css" in page and "javascripts/tablesort.js" in page


@pytest.mark.slow
def test_long_table_lists_are_split_into_pages(tmp_path: Path) -> None:
    """600 tables in one schema: the list spans six pages, each small, all linked."""
    project, _ = project_with(tmp_path, wide_snapshot(600))
    reference = project / "site_src" / "reference"
    assert (reference / "wide" / "tables.2.md").exists()
    assert (reference / "wide" / "tables.6.md").exists()
    assert not (reference / "wide" / "tables.7.md").exists()
    site = _check_site(project)
    schema_page = (site / "reference" / "wide" / "index.html").read_text("utf-8")
    assert 'href="tables.2/"' in schema_page and "t00099" in schema_page
    assert "t00100" not in schema_page
    overview = (site / "reference" / "index.html").read_text("utf-8")
    assert "588 more tables" in overview  # the 600-table chain shows its first 12
