"""Putting a diagram into a page: links that work in the built site, the HTML block, the CSS.

MkDocs rewrites links to `.md` files in Markdown, but never inside raw HTML, and an
inlined SVG is raw HTML. So the links of a diagram are written as the built site's
URLs, relative to the URL of the page that embeds it: `page_href` computes them the
way MkDocs lays out pages (`use_directory_urls: true` puts `a/b.md` at `a/b/`,
`false` at `a/b.html`; `index.md` is its folder either way, `index.html` without
directory URLs).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from importlib import resources
from urllib.parse import quote

from mkdocs.utils import get_relative_url

from generator.diagrams.diagram import Href

__all__ = ["diagram_css", "embed_svg", "page_href", "page_url", "table_href"]

CSS_FILE = "diagrams.css"


def page_url(page: str, use_directory_urls: bool) -> str:
    """The URL (from the site root, not percent-encoded) MkDocs gives Markdown file `page`."""
    stem, _ = posixpath.splitext(page)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        if use_directory_urls:
            return f"{folder}/" if folder else "./"
        return posixpath.join(folder, "index.html")
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def page_href(source: str, target: str, use_directory_urls: bool) -> str:
    """A link, relative and percent-encoded, from the built page of Markdown file `source`
    to that of `target` (both paths from one root, e.g. the docs folder), as MkDocs
    itself would write it."""
    there = page_url(target, use_directory_urls)
    here = page_url(source, use_directory_urls)
    return quote(get_relative_url(there, here))


def table_href(page_of: Callable[[str, str], str | None], source: str,
               use_directory_urls: bool) -> Href:
    """An `href(schema, table)` for diagrams embedded in page `source`, given each table's
    Markdown page (e.g. `SitePaths.relation`); tables without one get no link."""

    def href(schema: str, table: str) -> str | None:
        target = page_of(schema, table)
        return page_href(source, target, use_directory_urls) if target else None

    return href


def embed_svg(svg: str, caption: str | None = None, wide: bool = False) -> str:
    """The Markdown (a raw HTML block, for the top level of a page) that shows an SVG.

    `markdown="0"` keeps Markdown (md_in_html) away from the SVG; the SVG has no blank
    line, which would end the HTML block. A caption, if given, must already be escaped
    for HTML. `wide` diagrams keep their size and scroll instead of shrinking to fit.
    """
    classes = "schemadoc-diagram schemadoc-diagram--wide" if wide else "schemadoc-diagram"
    figure = f'<p class="schemadoc-diagram-caption">{caption}</p>\n' if caption else ""
    return f'<div class="{classes}" markdown="0">\n{svg.strip()}\n{figure}</div>\n'


def diagram_css() -> str:
    """The stylesheet that themes inlined diagrams with Material's light or dark palette."""
    return resources.files("generator.diagrams").joinpath(CSS_FILE).read_text(encoding="utf-8")
