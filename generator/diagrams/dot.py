"""DOT text of a diagram, from the templates `templates/diagram_*.dot.j2`.

Names reach DOT in two places, each with its own escaping filter:
- `dot_escape`: text inside an HTML-like label (`<TABLE>...`): XML-escaped
  (`& < > " '`), and each backslash doubled, since Graphviz reads `\\N` (the node's
  name), `\\G`, `\\\\` in labels as escapes after the XML entities are decoded (so
  `&#92;` would not help). Characters a reader cannot see are shown as escapes
  (`\\n`, `\\x01`, `\\u202e`, see `generator.names.visible`): XML cannot hold most control
  characters, and a box should show that they are there (a bidirectional override
  would make one name pass for another);
- `dot_quote`: a whole double-quoted DOT string (tooltips): quotes escaped and
  each backslash written four times, as these strings lose one level of backslashes
  when read and another when their escapes are expanded (as Graphviz 2.43 does);
- `dot_url`: a link, percent-encoded where a URL may not hold a character, then quoted.

Node ids are generated (`n1`, `n2`, ...) and the graph is named by the diagram's
`dom_id`, never by a name (a graph's name is read with different rules again), so no
name can break the syntax, and the SVG's element ids stay short. Colours in the
templates double as hooks for `diagrams.css` (see the package docstring): change them
together.
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2

from generator.diagrams.diagram import Diagram
from generator.names.visible import visible
from generator.templating import template_environment

__all__ = ["DotRenderer", "dot_escape", "dot_quote", "dot_url"]

_URL_SAFE = "/:?#[]@!$&'()*+,;=%~"
TEMPLATES = {"er": "diagram_er.dot.j2", "flow": "diagram_er.dot.j2",
             "lineage": "diagram_er.dot.j2",
             "overview": "diagram_overview.dot.j2", "map": "diagram_map.dot.j2"}


def dot_escape(value: object) -> str:
    """Text that shows literally inside an HTML-like label."""
    return _dot_escaped("" if value is None else str(value))


@lru_cache(maxsize=1 << 16)  # column names and types recur in every diagram
def _dot_escaped(text: str) -> str:
    text = visible(text)
    return html.escape(text, quote=True).replace("\\", "\\\\")


def dot_quote(value: object) -> str:
    """A double-quoted DOT string (an escString: tooltip, URL) that Graphviz shows as
    exactly this text."""
    text = visible("" if value is None else str(value))
    return '"' + text.replace("\\", "\\" * 4).replace('"', '\\"') + '"'


def dot_url(value: object) -> str:
    """A quoted DOT string for a link: characters a URL cannot hold are percent-encoded
    (Graphviz writes a URL into the SVG without escaping its quotes), `%xx` are kept."""
    return dot_quote(quote(str(value or ""), safe=_URL_SAFE))


def make_environment(templates: Path | None = None) -> jinja2.Environment:
    """An environment with the DOT filters only, for drawing diagrams on their own; a
    build passes the one environment of every output (`render.env`) instead. User
    templates first (see `generator.templating`), the
    built-ins also as `builtin/diagram_er.dot.j2`, to extend one and override a block."""
    return template_environment(
        templates, dict(dot_escape=dot_escape, dot_quote=dot_quote, dot_url=dot_url)
    )


class DotRenderer:
    """Turns diagrams into DOT text; templates are loaded once."""

    def __init__(self, templates: Path | None = None,
                 env: jinja2.Environment | None = None) -> None:
        self.env = env or make_environment(templates)
        self._templates = {kind: self.env.get_template(name) for kind, name in TEMPLATES.items()}

    def render(self, diagram: Diagram) -> str:
        """The DOT source of one diagram."""
        return self._templates[diagram.kind].render(d=diagram)
