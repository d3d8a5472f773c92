"""The same diagrams as Mermaid text, for `diagrams: mermaid` (no Graphviz needed).

Material for MkDocs draws Mermaid in the browser from a fenced block, once
`pymdownx.superfences` declares the fence:

    markdown_extensions:
      - pymdownx.superfences:
          custom_fences:
            - name: mermaid
              class: mermaid
              format: !!python/name:pymdownx.superfences.fence_code_format

Table diagrams become an `erDiagram` (crow's-foot ends as in the SVG, virtual
relations dotted); the overview and flows become a `flowchart`. Mermaid's limits, so
that the text always parses: entities are `n1`, `n2` ... with the real name as their
label; column names and types keep letters, digits, `_` and `-` (others become `_`,
the real name then goes into the attribute's comment); in labels, quotes, `<`, `>`,
`&`, `#`, backticks and backslashes become Mermaid entity codes (`#quot;`, `#92;`),
which Mermaid shows as the characters. Material runs Mermaid with its default
`securityLevel: strict`, where `click` links are ignored: the nodes of a Mermaid
diagram are not links (the page's tables of relations are). Material also loads
Mermaid from a CDN, so a site read offline shows the text instead.
"""

from __future__ import annotations

import re

from generator.diagrams.diagram import ColumnLine, Diagram, Edge, Node
from generator.names.visible import visible

__all__ = ["mermaid_fence", "mermaid_label", "to_mermaid"]

_WORD = re.compile(r"[^A-Za-z0-9_-]")
# A backtick too (a label between backticks is Markdown to Mermaid: "`**bold**`"), and
# a backslash, which Mermaid's grammar refuses inside a quoted label.
_ENTITIES = {"&": "#amp;", "<": "#lt;", ">": "#gt;", "#": "#35;", '"': "#quot;",
             "`": "#96;", "\\": "#92;"}
_LABEL = re.compile("[&<>#\"`\\\\\\x00-\\x1f]")
# (tail at the child, head at the parent): Mermaid writes the left entity's end first.
_LEFT = {"zero_or_many": "}o", "zero_or_one": "|o"}
_RIGHT = {"exactly_one": "||", "zero_or_one": "o|"}


def mermaid_label(text: str) -> str:
    """Text for a quoted Mermaid label: shown as it is, never read as markup; characters
    a reader cannot see as escapes (`generator.names.visible`), their backslashes as entities."""
    return _LABEL.sub(lambda m: _ENTITIES.get(m.group(0), " "), visible(text))


def _word(text: str) -> str:
    word = _WORD.sub("_", text) or "_"
    return f"_{word}" if not word[0].isalpha() and word[0] != "_" else word


def _attribute(column: ColumnLine) -> str:
    name = _word(column.name)
    line = f"        {_word(column.type)} {name}"
    if column.keys:
        line += " " + ", ".join(column.keys)
    if name != column.name:
        line += f' "{mermaid_label(column.name)}"'
    return line


def _entity(node: Node) -> list[str]:
    head = f'    {node.id}["{mermaid_label(node.title)}"]'
    if not node.columns:
        return [head]
    lines = [head + " {", *(_attribute(c) for c in node.columns)]
    if node.hidden_columns:
        lines.append(f'        more hidden_columns "{node.hidden_columns:,} more columns"')
    return lines + ["    }"]


def _relationship(edge: Edge) -> str:
    line = ".." if edge.style in ("virtual", "dependency") else "--"
    ends = f"{_LEFT.get(edge.tail, '}o')}{line}{_RIGHT.get(edge.head, '||')}"
    return f'    {edge.source} {ends} {edge.target} : "{mermaid_label(edge.label)}"'


def _er(diagram: Diagram) -> str:
    lines = ["erDiagram"]
    for node in diagram.nodes:
        lines += _entity(node)
    lines += [_relationship(edge) for edge in diagram.edges]
    return "\n".join(lines) + "\n"


def _flowchart(diagram: Diagram) -> str:
    lines = [f"flowchart {diagram.direction}"]
    for node in diagram.nodes:
        sub = f"<br/>{mermaid_label(node.subtitle)}" if node.subtitle else ""
        lines.append(f'    {node.id}["{mermaid_label(node.title)}{sub}"]')
    for edge in diagram.edges:
        arrow = "-.->" if edge.style in ("flow", "virtual", "count_virtual", "dependency") \
            else "-->"
        if edge.head == edge.tail == "none":  # no direction (the map of a schema's parts)
            arrow = "---"
        label = f'|"{mermaid_label(edge.label)}"|' if edge.label else ""
        lines.append(f"    {edge.source} {arrow}{label} {edge.target}")
    for node in diagram.nodes:
        if node.href:
            href = node.href.replace('"', "%22")
            lines.append(f'    click {node.id} href "{href}" _top')
    return "\n".join(lines) + "\n"


def to_mermaid(diagram: Diagram) -> str:
    """Mermaid text of a diagram: `erDiagram` for tables, `flowchart` for the others."""
    return _er(diagram) if diagram.kind == "er" else _flowchart(diagram)


def mermaid_fence(diagram: Diagram) -> str:
    """The diagram as a fenced ```mermaid block for a Markdown page."""
    return f"```mermaid\n{to_mermaid(diagram)}```\n"
