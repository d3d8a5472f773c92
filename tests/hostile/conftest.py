"""A database whose names and comments are HTML, script, Markdown and SQL payloads
(`hostile.sql`), on each test server, and the site schemadoc builds from it.

`hostile_site` is built once per server and session: `schemadoc init`, `schemadoc
build --dsn`, `mkdocs build --strict`, served over HTTP on 127.0.0.1 (site_url is set
to where it is served, as a team sets it to where it publishes). Material's features
that print page titles in more places are on as well: tabs, breadcrumbs (path) and
the previous/next footer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.commands.build import BuildOptions, BuildResult, build
from generator.commands.scaffold import scaffold
from tests.chromium import serving
from tests.conftest import SERVER_IDS, _server, _throwaway
from tests.helpers import Server, run_sql
from tests.render.site_check import mkdocs_build

HOSTILE_SQL = Path(__file__).with_name("hostile.sql")
HOSTILE_SCHEMA = "</title><svg onload=alert(7)>"
HOSTILE_TABLE = "</title><script>alert(9)</script>"
# Material features that show page titles beyond <title>, the header and the sidebar.
TITLE_FEATURES = ["navigation.tabs", "navigation.path", "navigation.footer"]
# What a reader would type into the search box to find each payload (or trip it).
SEARCH_WORDS = ["script", "title", "onerror", "onload", "ontoggle", "onclick",
                "onmouseover", "javascript", "iframe", "svg", "img", "details", "alert",
                "]]>", "-->", "quoted", "dotted", "orders", "Mixed"]


@dataclass(frozen=True)
class HostileSite:
    """A built site: the project folder, its URL, the server and the build's result."""

    project: Path
    url: str
    server: Server
    result: BuildResult

    @property
    def site(self) -> Path:
        return self.project / "site"

    def pages(self) -> list[Path]:
        """Every HTML page of the built site."""
        return sorted(self.site.rglob("*.html"))


def load_hostile(dsn: str) -> None:
    """Create the hostile objects in an empty database."""
    run_sql(dsn, HOSTILE_SQL.read_text("utf-8"))


@pytest.fixture(scope="session", params=SERVER_IDS)
def hostile_db(request: pytest.FixtureRequest) -> Iterator[tuple[Server, str]]:
    """A database holding hostile.sql on each test server, dropped afterwards:
    (the server, the database's DSN)."""
    server = _server(request, request.param)
    databases = _throwaway(server)
    dsn = next(databases)
    try:
        load_hostile(dsn)
        yield server, dsn
    finally:
        databases.close()


@pytest.fixture(scope="session")
def hostile_site(hostile_db: tuple[Server, str],
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileSite]:
    """The site of the hostile database, built as a team builds it, and served."""
    server, dsn = hostile_db
    project = tmp_path_factory.mktemp("hostile-site")
    scaffold(project, "Hostile names")
    with serving(project / "site") as url:
        config = project / "mkdocs.yml"
        text, found = re.subn(r"(?m)^site_url: .*$", f'site_url: "{url}"',
                              config.read_text("utf-8"))
        text, features = re.subn(r"(?m)^  features:\n", "  features:\n" + "".join(
            f"    - {feature}\n" for feature in TITLE_FEATURES), text)
        assert found == features == 1
        config.write_text(text, "utf-8")
        result = build(BuildOptions(dsn=dsn, site_dir=project / "site_src", quiet=True))
        mkdocs_build(project)
        yield HostileSite(project, url, server, result)


class _Injected(HTMLParser):
    """Elements and attributes a payload would add if it became markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "xlink:href", "action", "formaction") and \
                    (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "iframe" or (tag == "img" and values.get("src") == "x") or tag in ("b", "i"):
            self.found.append(f"<{tag} {attrs}>")
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and "alert(" in data:
            self.found.append(f"<script>{data[:60]}")


def injected(html: str) -> list[str]:
    """What of a payload became markup in this HTML: event handlers, javascript: links,
    scripts calling alert, iframes, the payloads' <img src=x>, <b> and <i>."""
    parser = _Injected()
    parser.feed(html)
    parser.close()
    return parser.found
