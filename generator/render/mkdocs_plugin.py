"""The `schemadoc` MkDocs plugin: schemadoc's style sheet and scripts, one short search
entry per table page (shorter names weigh more) and one per function, enum and
composite type of a schema page, and the navigation in the overview's order
(render/nav_order.py).

The style sheet and script come from the installed package (render/assets.py) and are
added to every page; a site whose mkdocs.yml already loads files of those names (as
sites made by `schemadoc init` 0.1 did) keeps its own.

Material's search plugin parses every page's HTML into one entry per section: on a
10,000-table site that is a quarter of `mkdocs build` and a search index of 30 MB
that every reader's browser downloads and indexes. Table and view pages say what
to index about them in their front matter instead (`schemadoc: {search: ..., title:
...}`: the qualified name, kind, comment and column names, and the plain title). This
plugin takes those pages out of Material's parsing and appends one entry per page to
the index Material writes.

    plugins:
      - search
      - schemadoc

Without the plugin the same pages are indexed by Material in full, only slower, and
tables do not sort; diagrams keep their own light colours.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.names.visible import visible
from generator.render.assets import SCRIPTS, STYLESHEETS, asset_text
from generator.render.nav_order import order_navigation

__all__ = ["SchemadocPlugin", "search_text", "search_title"]

SEARCH_INDEX = Path("search") / "search_index.json"
# A schema page's object sections (functions, enums, composite types) are its h3s,
# under an h2 that says their kind.
_HEADING = re.compile(
    r'<h([23]) id="([^"]+)"[^>]*>(.*?)(?:<a class="headerlink"[^>]*>.*?</a>)?</h\1>', re.S)
_KINDS = {"functions": "function", "enums": "enum", "composite-types": "composite type"}
# A name of BOOST_LENGTH characters or more gets no boost; shorter ones up to BOOST_MAX.
BOOST_LENGTH = 32
BOOST_MAX = 8.0


def search_text(page: Page) -> str | None:
    """The text a generated page asks to be found by, or None for any other page."""
    meta = page.meta.get("schemadoc")
    if not isinstance(meta, dict) or not isinstance(meta.get("search"), str):
        return None
    return str(meta["search"])


def name_boost(title: str) -> float:
    """A search weight that ranks shorter names first among the tables a typed prefix
    finds: the browser searches `company_master*` as the reader types, and a rarer
    longer name (`company_master_backup_2024`) would otherwise outrank the table of
    exactly that name. The weight falls with the square of the name's length."""
    name = title.rsplit(".", 1)[-1]
    return round(min(BOOST_MAX, max(1.0, (BOOST_LENGTH / max(1, len(name))) ** 2)), 2)


def search_title(page: Page) -> str:
    """A generated page's title as plain text (`schemadoc: {title: ...}`), for its entry."""
    meta = page.meta.get("schemadoc")
    title = meta.get("title") if isinstance(meta, dict) else None
    return str(title) if isinstance(title, str) else html.unescape(page.title or "")


class PluginConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin has no settings (yet)."""


class SchemadocPlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    """Assets, compact search entries and the navigation's order for schemadoc sites."""

    def __init__(self) -> None:
        self.entries: list[dict[str, str | float]] = []
        self.assets: list[str] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load schemadoc's style sheet and script on every page."""
        self.assets = []
        for wanted, listed in ((STYLESHEETS, config.extra_css),
                               (SCRIPTS, config.extra_javascript)):
            paths = {str(getattr(item, "path", item)) for item in listed}
            names = {path.rsplit("/", 1)[-1] for path in paths}
            for uri in wanted:
                if uri not in paths and uri.rsplit("/", 1)[-1] in names:
                    continue  # the site loads a copy of its own
                if uri not in paths:  # (a configuration used twice lists it already)
                    listed.append(uri)
                self.assets.append(uri)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the style sheet and script, made from the installed package."""
        for uri in self.assets:
            files.append(File.generated(config, uri, content=asset_text(uri)))
        return files

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """A new build (mkdocs serve rebuilds in the same process) starts a new list."""
        self.entries = []

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """List the schema pages in the overview's order (its groups), not alphabetically:
        the overview, then each schema, then the other pages (Health, Changelog)."""
        order_navigation(nav)
        return nav

    @event_priority(100)  # before Material's search plugin reads the page
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        """Take a generated page out of Material's parsing and note its entry instead."""
        text = search_text(page)
        if text is None:
            return context
        search = page.meta.get("search")
        page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}
        # The index holds HTML (Material's own entries are escaped text): a name or
        # comment reading <img onerror=...> must stay text in the search results too.
        # The page's plain title, not `page.title`: that one is HTML already. Hidden
        # characters as escapes, as on the page (generator.names.visible).
        title = search_title(page)
        self.entries.append({"location": page.url,
                             "title": html.escape(visible(title), quote=False),
                             "text": html.escape(visible(text, layout=True), quote=False),
                             "boost": name_boost(title)})
        return context

    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Note an entry of its own for each object section of a schema page, so that
        searching `slot_role` opens the page at the enum, not at its top (Material's
        entries for sections rank under their page's)."""
        meta = page.meta.get("schemadoc")
        schema = meta.get("sections") if isinstance(meta, dict) else None
        if not isinstance(schema, str):
            return html_text
        kind = None
        for level, anchor, text in _HEADING.findall(html_text):
            if level == "2":
                kind = _KINDS.get(anchor)
                continue
            if kind is None:
                continue
            name = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
            self.entries.append({
                # Not `page.url#anchor`: Material files an entry with an anchor under
                # its page, whose own entry then comes first. A query string makes it a
                # result of its own; searchsection.js scrolls to the anchor it names.
                "location": f"{page.url}?section={quote(anchor)}",
                "title": html.escape(visible(f"{schema}.{name}"), quote=False),
                "text": html.escape(visible(f"{kind} in schema {schema}"), quote=False),
                "boost": name_boost(name.split("(", 1)[0])})
        return html_text

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Append the noted entries to the search index, if the site has one."""
        path = Path(config.site_dir) / SEARCH_INDEX
        if not self.entries or not path.exists():
            return
        data = json.loads(path.read_text("utf-8"))
        data["docs"].extend(self.entries)
        path.write_text(json.dumps(data, separators=(",", ":")), "utf-8")

