"""A schema too big for one picture is split into parts, none left out: every table in
exactly one part (or in the list of tables without foreign keys), every foreign key
drawn in some part, each part within the size limit, and a map of the parts whose
boxes link to them, drawn by the real Graphviz and built by a strict `mkdocs build`."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.diagrams import (
    Limits,
    SchemaGraph,
    draw_svgs,
    neighbourhood,
    schema_diagrams,
    split_schema,
    to_mermaid,
)
from tests.chromium import WAIT, chromium, serving
from tests.chromium import require_chromium as _require_chromium
from tests.diagrams.conftest import require_dot, svg_edges, svg_nodes
from tests.factories import big_schema_snapshot
from tests.render.site_check import broken_links, mkdocs_build, project_with

SIZE = 40  # the site's parts: at most 40 boxes (render/diagrams.py SITE_NAMES_TABLES)


def require_chromium() -> None:
    """Skip this test (not the module) without Chromium."""
    try:
        _require_chromium()
    except pytest.skip.Exception as skipped:
        pytest.skip(str(skipped))


def _href(schema: str, table: str) -> str:
    return f"app/{table}/"


def _foreign_keys(graph: SchemaGraph) -> set[str]:
    """Every foreign key between two tables of schema `app`, by name."""
    return {r.name for key in graph.schema_tables("app") for r in graph.outgoing.get(key, ())
            if r.target[0] == "app" and r.target != key}


def test_every_table_is_in_exactly_one_part_or_listed() -> None:
    """400 tables: a hub with 45 tables of its own referencing it (and more elsewhere),
    300 linked tables, 15 pairs and 24 lone tables. Each table is in one part or lone,
    each part draws at most 40 boxes, and the split is the same on every run."""
    graph = SchemaGraph(big_schema_snapshot())
    split = split_schema(graph, "app", SIZE, 40)
    placed = [key for part in split.parts for key in part.tables] + list(split.lone)
    assert sorted(placed) == graph.schema_tables("app")
    assert len(placed) == len(set(placed)) == 400
    assert [key[1] for key in split.lone] == [f"zz_alone_{i:02d}" for i in range(24)]
    assert all(part.boxes <= SIZE for part in split.parts)
    assert split.hidden_parts == 0 and split.hidden_tables == 0
    assert split.parts[0].busiest == ("app", "users")  # the busiest table's part first
    # The hub is a dashed box in every other part that references it.
    assert sum(("app", "users") in part.externals for part in split.parts) >= 2
    assert split == split_schema(SchemaGraph(big_schema_snapshot()), "app", SIZE, 40)


def test_every_foreign_key_is_drawn_once_and_the_map_counts_the_rest(tmp_path: Path) -> None:
    """In the real SVGs: each foreign key is an edge of exactly one part (the part of the
    table holding it); the map's numbers add up to the keys between parts, and its boxes
    link to the parts."""
    require_dot()
    graph = SchemaGraph(big_schema_snapshot())
    limits = Limits(keys_tables=12, names_tables=SIZE)
    first, *parts = schema_diagrams(graph, "app", _href, limits)
    svgs = draw_svgs([first, *parts], tmp_path / "cache")
    assert first.kind == "map"
    assert sorted(n.href or "" for n in svg_nodes(svgs[first.name])) == sorted(
        f"#part-{i}" for i in range(1, len(parts) + 1))
    for part in parts:
        assert len(svg_nodes(svgs[part.name])) == len(part.nodes) <= SIZE
        assert len(svg_edges(svgs[part.name])) == len(part.edges)
    # An edge's tooltip starts with its foreign key's name.
    drawn = [e.tooltip.split(":", 1)[0] for p in parts for e in p.edges]
    assert sorted(drawn) == sorted(_foreign_keys(graph))
    split = split_schema(graph, "app", SIZE, 40)
    crossing = sum(split.crossing(graph).values())
    assert sum(int(e.label) for e in first.edges) == crossing > 0
    assert len(svg_edges(svgs[first.name])) == len(first.edges)
    # Lone tables: said once, on the map, not on every part.
    assert first.notes == ("24 tables without foreign keys to or from other tables of this "
                           "schema not drawn.",)
    assert all("without foreign keys" not in " ".join(p.notes) for p in parts)


def test_a_cap_on_parts_is_said_once() -> None:
    """At most 3 parts: the others are counted on the map, once, and named nowhere else."""
    graph = SchemaGraph(big_schema_snapshot())
    first, *parts = schema_diagrams(graph, "app", _href, Limits(names_tables=SIZE,
                                                                 max_groups=3))
    assert len(parts) == 3
    hidden = 376 - sum(len(p.tables) for p in parts)
    found = re.match(r"(\d+) more tables in (\d+) more parts not drawn \(at most 3 parts "
                     r"are\); the Tables list names them all\.$", first.notes[0])
    assert found and int(found.group(1)) == hidden
    assert all("more tables" not in " ".join(p.notes) for p in parts)


def test_a_cap_on_the_maps_links_keeps_the_strongest_and_counts_the_rest() -> None:
    """At most 3 lines on the map: the 3 with the most keys, and a note counting the
    others (their keys are drawn in the parts, so nothing is lost)."""
    graph = SchemaGraph(big_schema_snapshot())
    split = split_schema(graph, "app", SIZE, 40)
    between = split.crossing(graph)
    assert len(between) > 3
    first, *_ = schema_diagrams(graph, "app", _href, Limits(names_tables=SIZE, map_links=3))
    drawn = sorted(int(e.label) for e in first.edges)
    assert drawn == sorted(between.values())[-3:]
    found = re.search(rf"Drawn: the 3 strongest of {len(between)} links between parts; the "
                      rf"other {len(between) - 3} \((\d+) keys?\) are drawn in the parts "
                      r"themselves\.", " ".join(first.notes))
    assert found and int(found.group(1)) == sum(between.values()) - sum(drawn)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`schemadoc init` + `schemadoc build --snapshot` of the 400-table schema, then
    `mkdocs build --strict`."""
    require_dot()
    project, _ = project_with(tmp_path_factory.mktemp("parts-site"), big_schema_snapshot())
    mkdocs_build(project)
    return project


@pytest.mark.slow
def test_the_map_links_every_part_page_in_a_strict_build(site: Path) -> None:
    """The schema page shows the map; each part has a page of its own, every link of
    the site resolves, and each page stays under 150 KB."""
    built = site / "site" / "reference" / "app"
    page = (built / "index.html").read_text("utf-8")
    assert broken_links(site / "site") == []
    map_links = re.findall(r'<a xlink:href="(diagram\.\d+/)"', page)
    parts = sorted((site / "site_src" / "reference" / "app").glob("diagram.*.md"))
    assert len(map_links) == len(parts) >= 8
    for link in map_links:
        part_page = (built / link / "index.html").read_text("utf-8")
        assert len(re.findall(r'class="schemadoc-diagram[ "]', part_page)) == 1
        assert part_page.count("Dashed: ") <= 1  # the caption once, not in the text too
    sizes = [p.stat().st_size for p in (site / "site" / "reference").rglob("*.html")]
    assert max(sizes) < 150_000
    # The tables without foreign keys: listed once, each linked to its page.
    assert page.count("Without foreign keys") == 1
    assert all(f'href="zz_alone_{i:02d}/"' in page for i in range(24))


@pytest.mark.slow
def test_a_small_split_schema_draws_its_parts_on_its_page(tmp_path: Path) -> None:
    """A schema of 50 tables drawing at most 80 boxes: the map and the parts on the schema
    page, the map's boxes jumping to the parts' headings there."""
    require_dot()
    project, _ = project_with(tmp_path, big_schema_snapshot(linked=30, spokes=12, pairs=2,
                                                            alone=3))
    mkdocs_build(project)
    page = (project / "site" / "reference" / "app" / "index.html").read_text("utf-8")
    targets = re.findall(r'<a xlink:href="#(part-\d+)"', page)
    assert len(targets) >= 2
    assert all(f'id="{target}"' in page for target in targets)
    assert not list((project / "site_src" / "reference" / "app").glob("diagram.*.md"))


@pytest.mark.slow
@pytest.mark.parametrize("width", [1400, 400])
def test_the_map_and_a_part_read_at_10_px_and_a_click_opens_the_part(
        site: Path, tmp_path: Path, width: int) -> None:
    """In headless Chromium at a desktop's and a phone's width: the map's and a part's
    smallest text is 10 px or more as first shown (a frame too narrow scrolls), the
    page itself never scrolls sideways, and clicking a box of the map opens its part."""
    require_chromium()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.ux.test_reading import DIAGRAM_TEXT, LEGIBLE_PX

    with serving(site / "site") as url, chromium(tmp_path / "profile", width, 800) as driver:
        for page in ("reference/app/", "reference/app/diagram.2/"):
            driver.get(url + page)
            WebDriverWait(driver, WAIT).until(ec.presence_of_element_located(
                (By.CSS_SELECTOR, "article .schemadoc-diagram svg")))
            found = driver.execute_script(DIAGRAM_TEXT)
            assert found and all(d["smallest"] >= LEGIBLE_PX - 0.05 for d in found), found
            scroll, client = driver.execute_script(
                "return [document.documentElement.scrollWidth,"
                " document.documentElement.clientWidth]")
            assert scroll <= client, (page, scroll, client)
        driver.get(url + "reference/app/")
        box = driver.find_element(By.XPATH, "//div[contains(@class, 'schemadoc-diagram')]"
                                  "//*[local-name()='a'][@*[local-name()='title']"
                                  "='part 3: " + _part_size(site, 3) + "']")
        driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', "
                              "{bubbles: true, cancelable: true}))", box)
        WebDriverWait(driver, WAIT).until(ec.text_to_be_present_in_element(
            (By.CSS_SELECTOR, "article h1"), "diagram, part 3 of"))
        assert urlsplit(driver.current_url).path == "/reference/app/diagram.3/"


def _part_size(site: Path, number: int) -> str:
    """"32 tables": how many tables part `number` has, as its page says."""
    text = (site / "site_src" / "reference" / "app" / f"diagram.{number}.md").read_text("utf-8")
    found = re.search(r"^(\d+) tables of schema", text, re.MULTILINE)
    assert found, text[:800]
    return f"{found.group(1)} tables"


def test_the_map_in_mermaid_has_lines_without_direction() -> None:
    """`diagrams: mermaid`: the map is a flowchart whose lines carry the numbers and no
    arrowheads (the foreign keys between two parts go both ways)."""
    graph = SchemaGraph(big_schema_snapshot())
    first = schema_diagrams(graph, "app", _href, Limits(names_tables=SIZE))[0]
    text = to_mermaid(first)
    assert text.startswith("flowchart") and "-->" not in text
    assert text.count(" ---|") == len(first.edges)
    assert 'click n1 href "#part-1" _top' in text


def test_the_map_draws_the_same_in_a_batch_and_leaves_the_others_alone(
        tmp_path: Path) -> None:
    """The map picks its own layout engine (fdp); drawn in one call with smaller
    diagrams (which `dot` reads from one input in batches, longest first), those keep
    dot's layout, and each SVG is the same as drawn alone."""
    require_dot()
    graph = SchemaGraph(big_schema_snapshot())
    the_map = schema_diagrams(graph, "app", _href, Limits(names_tables=SIZE))[0]
    small = [neighbourhood(graph, ("app", name), _href)
             for name in ("pair_00_child", "pair_01_child", "zz_alone_00")]
    together = draw_svgs([the_map, *small], tmp_path / "together")
    for diagram in [the_map, *small]:
        alone = draw_svgs([diagram], tmp_path / f"alone-{diagram.dom_id}")
        assert together[diagram.name] == alone[diagram.name], diagram.name
