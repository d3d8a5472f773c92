"""The `schemadoc` MkDocs plugin: schemadoc's style sheet and table-sorting script, and
one short search entry per table page.

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
from pathlib import Path
from typing import Any

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.names.visible import visible
from generator.render.assets import SCRIPTS, STYLESHEETS, asset_text

__all__ = ["SchemadocPlugin", "search_text", "search_title"]

SEARCH_INDEX = Path("search") / "search_index.json"


def search_text(page: Page) -> str | None:
    """The text a generated page asks to be found by, or None for any other page."""
    meta = page.meta.get("schemadoc")
    if not isinstance(meta, dict) or not isinstance(meta.get("search"), str):
        return None
    return str(meta["search"])


def search_title(page: Page) -> str:
    """A generated page's title as plain text (`schemadoc: {title: ...}`), for its entry."""
    meta = page.meta.get("schemadoc")
    title = meta.get("title") if isinstance(meta, dict) else None
    return str(title) if isinstance(title, str) else html.unescape(page.title or "")


class PluginConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin has no settings (yet)."""


class SchemadocPlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    """Compact search entries for schemadoc's generated table and view pages."""

    def __init__(self) -> None:
        self.entries: list[dict[str, str]] = []
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
        self.entries.append({"location": page.url,
                             "title": html.escape(visible(search_title(page)), quote=False),
                             "text": html.escape(visible(text, layout=True), quote=False)})
        return context

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Append the noted entries to the search index, if the site has one."""
        path = Path(config.site_dir) / SEARCH_INDEX
        if not self.entries or not path.exists():
            return
        data = json.loads(path.read_text("utf-8"))
        data["docs"].extend(self.entries)
        path.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
