"""The style sheet and script every schemadoc site needs, served by the MkDocs plugin.

They are made from the installed package at each `mkdocs build`, never copied into a
team's repository: an upgraded schemadoc brings its own, matching the pages it writes.
The style sheet is the tables' rules (`templates/assets/schemadoc.css`) followed by
the diagrams' (`generator/diagrams/diagrams.css`).
"""

from __future__ import annotations

from importlib import resources

from generator.diagrams import diagram_css

__all__ = ["SCRIPTS", "STYLESHEETS", "asset_text"]

# Where the site serves them, under its own folder so that no page of a team's clashes.
STYLESHEETS = ("assets/schemadoc/schemadoc.css",)
SCRIPTS = ("assets/schemadoc/tablesort.js", "assets/schemadoc/diagramzoom.js",
           "assets/schemadoc/searchsection.js")


def asset_text(uri: str) -> str:
    """The text of the asset the site serves at `uri` (one of STYLESHEETS or SCRIPTS)."""
    name = uri.rsplit("/", 1)[-1]
    text = resources.files("generator.templates").joinpath("assets", name).read_text("utf-8")
    if uri in STYLESHEETS:
        text += "\n" + diagram_css()
    return text
