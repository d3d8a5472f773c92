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
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from urllib.parse import quote

from mkdocs.utils import get_relative_url

from generator.diagrams.diagram import Href

__all__ = ["diagram_css", "embed_svg", "page_href", "page_url", "table_href"]

CSS_FILE = "diagrams.css"
# Text smaller than this many CSS pixels is hard to read: a diagram is never shown
# narrower than the width at which its smallest text renders at this size.
LEGIBLE_PX = 10
# A diagram whose legible width passes this (a desktop column) is shown in a framed,
# scrolling box, and says so.
WIDE_PX = 1000
_VIEWBOX = re.compile(r'<svg\b[^>]*?\bviewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"')
_FONT_SIZE = re.compile(r'font-size="([\d.]+)"')


@lru_cache(maxsize=65536)  # every diagram links its tables' pages: the same ones often
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
    legible = legible_width(svg)
    wide = wide or legible > WIDE_PX
    classes = "schemadoc-diagram schemadoc-diagram--wide" if wide else "schemadoc-diagram"
    style = f' style="--schemadoc-legible:{legible}px"' if legible else ""
    figure = f'<p class="schemadoc-diagram-caption">{caption}</p>\n' if caption else ""
    return (f'<div class="{classes}"{style} markdown="0">\n{svg.strip()}\n{figure}'
            '</div>\n')


def legible_width(svg: str) -> int:
    """The narrowest width, in CSS pixels, at which the SVG's smallest text renders at
    LEGIBLE_PX (the style sheet keeps the diagram at least this wide, in a frame that
    scrolls); 0 when the SVG has no text or no viewBox."""
    box = _VIEWBOX.search(svg)
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    smallest = min((size for size in sizes if size > 0), default=0.0)
    if box is None or not smallest:
        return 0
    return int(float(box.group(1)) * LEGIBLE_PX / smallest + 0.999)


def diagram_css() -> str:
    """The stylesheet that themes inlined diagrams with Material's light or dark palette."""
    return resources.files("generator.diagrams").joinpath(CSS_FILE).read_text(encoding="utf-8")
