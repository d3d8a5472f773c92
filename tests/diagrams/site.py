"""A throwaway MkDocs Material site whose pages inline diagrams, for link and browser tests.

Pages are laid out as schemadoc lays them out (`generator.render.paths.SitePaths` under
`reference/`): one page per schema with its diagrams, one per table with its
neighbourhood, the overview with the schema map. The diagram stylesheet is in
`extra_css`; instant navigation and the light/dark toggle are on, as in the demo site.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

from generator.diagrams import (
    SchemaGraph,
    diagram_css,
    draw_svgs,
    embed_svg,
    neighbourhood,
    overview,
    page_href,
    schema_diagrams,
    table_href,
)
from generator.model import Snapshot
from generator.names.identifiers import qualified
from generator.render.paths import OVERVIEW, SitePaths

MKDOCS_YML = """\
site_name: diagrams test
site_url: {site_url}
use_directory_urls: {use_directory_urls}
theme:
  name: material
  features: [navigation.instant]
  palette:
    - scheme: default
      toggle: {{icon: material/brightness-7, name: dark}}
    - scheme: slate
      toggle: {{icon: material/brightness-4, name: light}}
markdown_extensions: [md_in_html, attr_list, tables]
extra_css: [stylesheets/diagrams.css]
"""


def write_site(project: Path, snapshot: Snapshot, use_directory_urls: bool,
               site_url: str = "http://127.0.0.1/") -> dict[str, str]:
    """Write docs/ and mkdocs.yml; returns each page's Markdown path (from docs/) by title."""
    docs = project / "docs"
    (docs / "stylesheets").mkdir(parents=True, exist_ok=True)
    (docs / "stylesheets" / "diagrams.css").write_text(diagram_css(), "utf-8")
    (project / "mkdocs.yml").write_text(MKDOCS_YML.format(
        site_url=site_url, use_directory_urls=str(use_directory_urls).lower()), "utf-8")
    (docs / "index.md").write_text("# Home\n", "utf-8")
    paths, graph = SitePaths(snapshot), SchemaGraph(snapshot)

    def page_of(schema: str, table: str) -> str | None:
        path = paths.relation(schema, table)
        return f"reference/{path}" if path else None

    pages: dict[str, list[str]] = {}
    diagrams = []
    overview_page = f"reference/{OVERVIEW}"
    diagram = overview(graph, lambda s: page_href(
        overview_page, f"reference/{paths.schema(s)}", use_directory_urls))
    diagrams.append(diagram)
    pages[overview_page] = ["Overview", diagram.name]
    for schema in graph.schemas():
        page = f"reference/{paths.schema(schema)}"
        found = schema_diagrams(graph, schema, table_href(page_of, page, use_directory_urls))
        diagrams += found
        pages[page] = [schema] + [d.name for d in found]
    for key in graph.tables:
        page = f"reference/{paths.relation(*key)}"
        diagram = neighbourhood(graph, key, table_href(page_of, page, use_directory_urls))
        diagrams.append(diagram)
        pages[page] = [qualified(*key), diagram.name]
    svgs = draw_svgs(diagrams, project / "svg-cache")
    for page, (title, *names) in pages.items():
        target = docs / page
        target.parent.mkdir(parents=True, exist_ok=True)
        body = "".join(f"\n{embed_svg(svgs[name])}" for name in names)
        heading = html.escape(title).replace("_", "&#95;").replace("*", "&#42;")
        target.write_text(f"# {heading}\n\nText before.\n{body}\nText after.\n", "utf-8")
    return {title: page for page, (title, *_) in pages.items()}


def mkdocs_build(project: Path) -> None:
    """`mkdocs build --strict`; raises with MkDocs' output when it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
