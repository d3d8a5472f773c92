"""The `schemadoc` MkDocs plugin: schemadoc's style sheet and scripts, one short search
entry per table page (shorter names weigh more) and one per function, enum and
composite type of a schema page, the navigation in the overview's order
(render/nav_order.py), and (plugin mode) the reference itself.

Plugin mode: with `snapshot:` set, `mkdocs build` and `mkdocs serve` render the
reference pages in memory under `prefix` (`plugin_mode.py`), and `mkdocs serve`
watches the snapshot, its history file and schemadoc.yml:

    plugins:
      - search
      - schemadoc:
          snapshot: schema_map.json    # required for plugin mode
          config: schemadoc.yml        # default: the one beside mkdocs.yml, if any
          prefix: reference/           # where the reference lives in the site

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

On generated pages (under `prefix`, in both modes) the plugin also renders the tables
and the raw HTML blocks (diagrams) itself, the same HTML Python-Markdown makes, which
then parses a token in their place: they were two thirds of MkDocs' Markdown time
(render/prerender.py).

Without `snapshot:` the plugin does only that, for pages `schemadoc build` wrote.
Without the plugin the same pages are indexed by Material in full, only slower, and
tables do not sort; diagrams keep their own light colours.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import time
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import quote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, PrefixedLogger, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor

from generator.errors import SchemadocError
from generator.names.visible import visible
from generator.render.assets import SCRIPTS, STYLESHEETS, asset_text
from generator.render.home import HOME, MAINTAINING, is_generated_home
from generator.render.nav_order import order_navigation
from generator.render.plugin_mode import PluginInputs, RenderedReference, clean_prefix, walk_order
from generator.render.prerender import Prerendered, Prerenderer

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

log = PrefixedLogger("schemadoc", logging.getLogger("mkdocs.plugins.schemadoc"))


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


class ReferenceFile(File):
    """A reference page in memory. Under `mkdocs serve --dirty` (or `build --dirty`)
    MkDocs rebuilds only the pages it finds modified: those whose text changed."""

    changed: bool = True

    @classmethod
    def of_text(cls, config: MkDocsConfig, src_uri: str, text: str,
                changed: bool) -> ReferenceFile:
        """The page at `src_uri` holding `text`."""
        file = cast(ReferenceFile, cls.generated(config, src_uri, content=text))
        file.changed = changed
        return file

    def is_modified(self) -> bool:
        """Changed since the last build, or not built yet."""
        return self.changed or not os.path.isfile(self.abs_dest_path)


class PluginConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options (paths relative to mkdocs.yml); all optional."""

    snapshot = c.Optional(c.File(exists=False))
    config = c.Optional(c.File(exists=False))
    prefix = c.Type(str, default="reference/")
    templates = c.Optional(c.Dir(exists=False))


class SchemadocPlugin(BasePlugin[PluginConfig]):  # type: ignore[no-untyped-call]
    """Assets, compact search entries, the navigation's order and, in plugin mode, the
    reference pages."""

    def __init__(self) -> None:
        self.entries: list[dict[str, str | float]] = []
        self.assets: list[str] = []
        self.inputs: PluginInputs | None = None
        # Kept across `mkdocs serve` rebuilds: MkDocs keeps a plugin that has on_startup.
        self.rendered = RenderedReference()
        self.server: LiveReloadServer | None = None
        self.watching: set[Path] = set()
        # Generated pages' tables and raw blocks, rendered ahead of Markdown
        # (render/prerender.py): the folder they live in, and each page's blocks.
        self.prerenderer: Prerenderer | None = None
        self.generated = ""
        self.prerendered: dict[str, tuple[Prerendered, Any]] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"],
                   dirty: bool) -> None:
        """Nothing to do; its presence keeps this plugin (and its pages) across rebuilds."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load schemadoc's style sheet and script on every page; check plugin mode's
        options."""
        self.inputs = plugin_inputs(self.config, config)
        self.assets = []
        self.prerendered = {}
        self.prerenderer = None
        try:
            self.generated = clean_prefix(self.config.prefix) + "/"
        except ValueError:
            self.generated = ""
        if self.generated:
            prerenderer = Prerenderer(list(config.markdown_extensions),
                                      dict(config.mdx_configs or {}))
            self.prerenderer = prerenderer if prerenderer.enabled else None
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
        if self.inputs is None:
            return files
        return self.reference_files(files, self.inputs, config)

    def reference_files(self, files: Files, inputs: PluginInputs,
                        config: MkDocsConfig) -> Files:
        """`files` with the reference pages among them, where the same pages on disk
        would be (the navigation is the one `schemadoc build` gives)."""
        folder = f"{inputs.prefix}/"
        there = [f.src_uri for f in files if f.src_uri.startswith(folder)]
        if there:
            raise PluginError(
                f"schemadoc: {Path(config.docs_dir) / inputs.prefix} already holds files "
                f"({there[0]}, ...); in plugin mode schemadoc renders that folder itself: "
                "delete it (`schemadoc build` wrote it) or set another `prefix:`")
        started = time.perf_counter()
        try:
            changed = self.rendered.update(
                inputs, files.get_file_from_path(MAINTAINING) is not None)
        except SchemadocError as exc:
            raise PluginError(f"schemadoc: {exc}") from None
        for warning in self.rendered.warnings:
            log.warning("%s", visible(warning))
        if changed:
            total, drawn = self.rendered.diagrams
            log.info("rendered %d reference pages in %.1f s (%d diagrams, %d drawn, the "
                     "rest from the cache)", len(self.rendered.pages),
                     time.perf_counter() - started, total, drawn)
        pages = [ReferenceFile.of_text(config, f"{folder}{path}", text,
                                       path in self.rendered.changed)
                 for path, text in self.rendered.pages.items()]
        home = files.get_file_from_path(HOME)
        if home is None or is_generated_home(home.content_string):
            # As `schemadoc build` rewrites it: absent, or marked as schemadoc's.
            if home is not None:
                files.remove(home)
            pages.append(ReferenceFile.of_text(config, HOME, self.rendered.home, changed))
        others = [f for f in files if not f.is_documentation_page()]
        ordered = sorted([*files.documentation_pages(inclusion=_any), *pages],
                         key=lambda f: walk_order(f.src_uri))
        return Files([*others, *ordered])

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        """Rebuild when the snapshot, its history or schemadoc.yml is saved."""
        self.server = server
        self.watch_inputs()
        return server

    def watch_inputs(self) -> None:
        """Watch each input that exists (one made later is watched after the next build)."""
        if self.server is None or self.inputs is None:
            return
        for path in self.inputs.watched():
            if path not in self.watching and path.exists():
                self.server.watch(str(path))
                self.watching.add(path)

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

    @event_priority(-100)  # after other plugins changed the Markdown, if any do
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Render a generated page's tables and raw HTML blocks ahead of Markdown, which
        then sees a token in place of each (render/prerender.py)."""
        if self.prerenderer is None or not page.file.src_uri.startswith(self.generated):
            return markdown
        # MkDocs' own rewriting of the page's links (a link to a missing page warns as it
        # does in Markdown), private in MkDocs 1.6 (pyproject.toml pins 1.x).
        links = _RelativePathTreeprocessor(page.file, files, config)
        prerendered = self.prerenderer.page(markdown, links.path_to_url)
        if not prerendered.blocks:
            return markdown
        self.prerendered[page.file.src_uri] = (prerendered, links)
        return prerendered.markdown

    @event_priority(100)  # the page whole again before other plugins read its HTML
    def on_page_content(self, html_text: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Put a generated page's prerendered blocks back. Note an entry of its own for
        each object section of a schema page, so that searching `slot_role` opens the
        page at the enum, not at its top (Material's entries for sections rank under
        their page's)."""
        html_text = self.restore(html_text, page)
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

    def restore(self, html_text: str, page: Page) -> str:
        """The page's HTML with its prerendered blocks in place, and what MkDocs learns
        from rendering them itself: the anchors they hold and link to."""
        held = self.prerendered.pop(page.file.src_uri, None)
        if held is None or self.prerenderer is None:
            return html_text
        prerendered, links = held
        try:
            html_text = self.prerenderer.restore(html_text, prerendered)
        except ValueError as exc:
            raise PluginError(f"schemadoc: {page.file.src_uri}: {exc}") from None
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= prerendered.anchor_ids
        if page.links_to_anchors is not None:
            for target, anchors in links.links_to_anchors.items():
                known = page.links_to_anchors.setdefault(target, {})
                for anchor, url in anchors.items():
                    known.setdefault(anchor, url)
        return html_text

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Append the noted entries to the search index, if the site has one."""
        self.watch_inputs()
        path = Path(config.site_dir) / SEARCH_INDEX
        if not self.entries or not path.exists():
            return
        data = json.loads(path.read_text("utf-8"))
        data["docs"].extend(self.entries)
        path.write_text(json.dumps(data, separators=(",", ":")), "utf-8")


def _any(_: object) -> bool:
    return True


def plugin_inputs(options: PluginConfig, config: MkDocsConfig) -> PluginInputs | None:
    """Plugin mode's inputs, checked; None without `snapshot:` (plugin mode is off)."""
    if options.snapshot is None:
        return None
    where = "in the `schemadoc` plugin's options in mkdocs.yml"
    snapshot = Path(options.snapshot)
    if not snapshot.is_file():
        raise PluginError(f"schemadoc: snapshot {snapshot} ({where}) does not exist; write it "
                          "with `schemadoc snapshot -o PATH` or correct `snapshot:`")
    schemadoc_yml = Path(options.config) if options.config else None
    if schemadoc_yml is not None and not schemadoc_yml.is_file():
        raise PluginError(f"schemadoc: config {schemadoc_yml} ({where}) does not exist; "
                          "create it with `schemadoc init` or correct `config:`")
    templates = Path(options.templates) if options.templates else None
    if templates is not None and not templates.is_dir():
        raise PluginError(f"schemadoc: templates {templates} ({where}) is not a folder; "
                          "correct `templates:`")
    try:
        prefix = clean_prefix(options.prefix)
    except ValueError as exc:
        raise PluginError(f"schemadoc: {exc} ({where})") from None
    project = Path(config.config_file_path or ".").resolve().parent
    return PluginInputs(project, snapshot, schemadoc_yml, prefix, config.use_directory_urls,
                        templates)
