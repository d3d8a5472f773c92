"""ER diagrams: clickable SVGs of each table's neighbourhood, each schema, the schema map
and declared flows, drawn by Graphviz `dot` (or as Mermaid text), fast on big databases.

Stages, one module each:

    Snapshot ─► relations.SchemaGraph ─► graph.neighbourhood / schema_diagrams /
    overview / flow ─► Diagram ─► dot.DotRenderer (templates/diagram_*.dot.j2) ─► DOT
    ─► svg.render_svgs (parallel, batched, cached by hash) ─► SVG ─► embed.embed_svg
                                             └─► mermaid.to_mermaid (no Graphviz)

How the page renderer uses it (one build):

    from generator.diagrams import (SchemaGraph, draw_svgs, embed_svg, neighbourhood,
                                    schema_diagrams, overview, table_href, page_href)

    graph = SchemaGraph(snapshot, virtual=[VirtualRelation(...), ...])  # once (config's)
    href = table_href(paths.relation, page, use_directory_urls)       # per page
    diagram = neighbourhood(graph, (schema, table), href)             # distance=1
    svgs = draw_svgs(all_diagrams, cache_dir)                         # all at once
    markdown += embed_svg(svgs[diagram.name])

- `href(schema, table)` must return the built site's URL of the table's page relative
  to the page the SVG is inlined in (`table_href` and `page_href` do it from Markdown
  paths: MkDocs does not rewrite links inside raw HTML). `overview` takes
  `schema_href(schema)` likewise. `use_directory_urls` is MkDocs' setting (default true).
- Inline the SVG: `embed_svg` wraps it in `<div class="schemadoc-diagram"
  markdown="0">`, at the top level of the Markdown (not indented in an admonition,
  where Markdown would not treat it as an HTML block). `markdown="0"` keeps it raw even
  inside a `markdown="1"` container; MkDocs leaves the attribute in the HTML, where it
  is harmless. Inline, the links resolve relative to the page, work with
  `use_directory_urls` true and false and in `mkdocs serve`, survive Material's instant
  navigation (`target="_top"` also makes them leave an `<object>` frame), and the
  site's CSS reaches the SVG. Use `embed_svg(svg, wide=True)` for schema diagrams of
  names only (they scroll rather than shrink).
- Theme: boxes have a light fill of their own, lines and edge labels are mid grey, the
  background is transparent, so an SVG reads on Material's light and dark palettes
  even as a plain file. Inlined, `diagrams.css` (`diagram_css()`; the `schemadoc`
  MkDocs plugin serves it, see render/assets.py) recolours it from the palette variables
  (`--md-default-fg-color`, `--md-default-bg-color`, `--md-primary-fg-color`...): it
  selects the templates' colour values, so change those together.
- Sizes: `graph.Limits` (neighbours, columns per box, tables per schema picture or
  part, parts per schema). A neighbourhood SVG is about 10 kB; a 150-table schema
  picture about 120 kB, a 40-box part about 30 kB. A bigger schema is split into parts
  (`parts.split_schema`, `graph.part_diagram`, `graph.parts_map`), none left out.
- `render_svgs` raises `DiagramError` (a SchemadocError) when `dot` is missing, naming
  the install command and the `diagrams: mermaid` / `diagrams: none` choices.
"""

from generator.diagrams.diagram import ColumnLine, Diagram, Edge, Href, Node
from generator.diagrams.dot import DotRenderer, dot_escape, dot_quote
from generator.diagrams.draw import draw_svgs
from generator.diagrams.embed import diagram_css, embed_svg, page_href, page_url, table_href
from generator.diagrams.graph import (
    FlowStep,
    Limits,
    flow,
    hidden_note,
    neighbourhood,
    overview,
    part_diagram,
    part_label,
    parts_map,
    schema_diagrams,
)
from generator.diagrams.lineage import LineageSource, lineage
from generator.diagrams.mermaid import mermaid_fence, to_mermaid
from generator.diagrams.parts import Part, SchemaSplit, split_schema
from generator.diagrams.relations import Relation, SchemaGraph, TableKey
from generator.diagrams.svg import (
    DiagramError,
    RenderedSvgs,
    clean_svg,
    dot_version,
    render_svgs,
)

__all__ = [
    "ColumnLine", "Diagram", "DiagramError", "DotRenderer", "Edge", "FlowStep", "Href",
    "Limits", "LineageSource", "Node", "Part", "Relation", "RenderedSvgs", "SchemaGraph",
    "SchemaSplit", "TableKey", "clean_svg", "diagram_css", "dot_escape", "dot_quote",
    "dot_version", "draw_svgs", "embed_svg", "flow", "hidden_note", "lineage",
    "mermaid_fence", "neighbourhood", "overview", "page_href", "page_url", "part_diagram",
    "part_label", "parts_map", "render_svgs", "schema_diagrams", "split_schema",
    "table_href", "to_mermaid",
]
