"""Diagrams on the pages `schemadoc build` writes: each table page shows its neighbourhood,
each schema page its tables, the overview the schema map and the configured flows; every
node links to a page that exists; a rerun draws nothing; without Graphviz the build stops
before writing anything, or draws Mermaid, or no diagrams, as schemadoc.yml says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.build import CACHE_DIR, BuildOptions, BuildResult, build
from generator.commands.scaffold import scaffold
from generator.snapshot import write_snapshot
from tests.diagrams.conftest import require_dot
from tests.factories import seed_snapshot
from tests.render.site_check import broken_links, internal_links, mkdocs_build

CONFIGURED = Path(__file__).parent.parent / "golden" / "configured" / "schemadoc.yml"


def _project(tmp_path: Path, config: str | None = None) -> Path:
    scaffold(tmp_path, "Diagrams")
    write_snapshot(tmp_path / "schema_map.json", seed_snapshot())
    if config is not None:
        (tmp_path / "schemadoc.yml").write_text(config, "utf-8")
    return tmp_path


def _build(project: Path) -> BuildResult:
    return build(BuildOptions(snapshot=project / "schema_map.json",
                              site_dir=project / "site_src", quiet=True))


def _page(project: Path, path: str) -> str:
    return (project / "site_src" / "reference" / path).read_text("utf-8")


def test_pages_show_their_diagrams(tmp_path: Path) -> None:
    """A table page has a Diagram section with an inline SVG; so has a schema page; the
    overview draws the schema map and each configured flow."""
    require_dot()
    config = CONFIGURED.read_text("utf-8").replace("engine: mermaid", "engine: graphviz")
    project = _project(tmp_path, config)
    result = _build(project)
    assert result.diagrams.total > 10 and result.diagrams.rendered == result.diagrams.total
    table = _page(project, "marketing/company_master.md")
    assert "## Diagram" in table and table.count("<svg") == 1
    assert table.index("## Diagram") < table.index("## Columns")
    assert "<svg" in _page(project, "marketing.md")
    overview = _page(project, "index.md")
    assert overview.count("<svg") == 2  # the schema map and the one flow
    assert "stroke-dasharray" in overview  # the flow's promotion step is not a foreign key
    assert (project / CACHE_DIR).is_dir()


def test_second_build_renders_no_diagram_and_writes_no_page(tmp_path: Path) -> None:
    """With nothing changed, a rebuild takes every SVG from the cache and writes nothing."""
    require_dot()
    project = _project(tmp_path)
    first = _build(project)
    again = _build(project)
    assert first.diagrams.rendered > 0
    assert again.diagrams.rendered == 0 and again.diagrams.total == first.diagrams.total
    assert again.pages.added == again.pages.changed == again.pages.removed == 0


@pytest.mark.parametrize("directory_urls", [True, False])
def test_diagram_links_open_built_pages(tmp_path: Path, directory_urls: bool) -> None:
    """In the built site every link inside a diagram opens an existing page, with
    `use_directory_urls` true and false."""
    require_dot()
    project = _project(tmp_path)
    if not directory_urls:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text("utf-8") + "use_directory_urls: false\n", "utf-8")
    _build(project)
    mkdocs_build(project)
    site = project / "site"
    assert broken_links(site) == []
    page = (site / "reference" / "marketing" / ("company_master/index.html" if directory_urls
                                                else "company_master.html"))
    html = page.read_text("utf-8")
    start = html.index('class="schemadoc-diagram"')
    svg = html[start:html.index("</svg>", start)]
    assert "xlink:href" in svg
    assert any(link in svg for link in internal_links(page) if "company_slots" in link)


def test_missing_dot_fails_the_build_before_writing_pages(tmp_path: Path) -> None:
    """`schemadoc build` with no `dot` on PATH: one error line naming Graphviz, exit 2,
    and no page written."""
    project = _project(tmp_path)
    empty = tmp_path / "no-dot"
    empty.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--snapshot", "schema_map.json", "-q"],
        cwd=project, env={**os.environ, "PATH": str(empty)}, capture_output=True, text=True,
        timeout=120, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("schemadoc: error:"), done.stderr
    assert "Graphviz" in lines[0] and "mermaid" in lines[0]
    assert not list((project / "site_src").glob("reference/**/*.md"))


def test_mermaid_engine_needs_no_graphviz(tmp_path: Path) -> None:
    """`diagrams: {engine: mermaid}`: pages carry ```mermaid blocks, which the site's
    superfences turn into Material's client-side diagrams."""
    project = _project(tmp_path, "diagrams:\n  engine: mermaid\n")
    result = _build(project)
    assert result.diagrams.rendered == 0
    table = _page(project, "marketing/company_master.md")
    assert "## Diagram" in table and "```mermaid" in table and "<svg" not in table
    mkdocs_build(project)
    built = (project / "site" / "reference" / "marketing" / "company_master" / "index.html")
    assert 'class="mermaid"' in built.read_text("utf-8")


def test_engine_none_draws_nothing(tmp_path: Path) -> None:
    """`diagrams: {engine: none}`: no Diagram section, no SVG, no cache."""
    project = _project(tmp_path, "diagrams:\n  engine: none\n")
    result = _build(project)
    assert result.diagrams.total == 0
    table = _page(project, "marketing/company_master.md")
    assert "## Diagram" not in table and "<svg" not in table
    assert not (project / CACHE_DIR).exists()


def test_site_stylesheet_themes_diagrams() -> None:
    """The style sheet the plugin serves holds the diagram CSS (light and dark)."""
    from generator.diagrams import diagram_css
    from generator.render.assets import STYLESHEETS, asset_text

    assert diagram_css().strip() in asset_text(STYLESHEETS[0])
