"""Diagrams inlined into a real MkDocs Material build: every link of every diagram
opens the page of the table (or schema) it is drawn for, with `use_directory_urls`
true (as `mkdocs serve` and most hosts) and false (pages as `.html` files)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator.diagrams import page_href, page_url
from tests.diagrams.conftest import require_dot
from tests.diagrams.site import mkdocs_build, write_site
from tests.factories import odd_snapshot, seed_snapshot


class _DiagramLinks(HTMLParser):
    """(href, title) of every <a> inside a schemadoc-diagram block."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "div" and "schemadoc-diagram" in (values.get("class") or ""):
            self.depth += 1
        elif tag == "div" and self.depth:
            self.depth += 1
        if tag == "a" and self.depth and values.get("xlink:href"):
            self.links.append((values["xlink:href"] or "", values.get("xlink:title") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth:
            self.depth -= 1


def _built(site: Path, page: str, use_directory_urls: bool) -> Path:
    url = page_url(page, use_directory_urls)
    return site / (url + "index.html" if url.endswith("/") else url)


@pytest.mark.slow
@pytest.mark.parametrize("use_directory_urls", [True, False])
@pytest.mark.parametrize("make_snapshot", [seed_snapshot, odd_snapshot],
                         ids=["seed", "odd-names"])
def test_every_diagram_link_opens_its_page(tmp_path: Path, use_directory_urls: bool,
                                           make_snapshot: object) -> None:
    """Each node's link, resolved against the page it is inlined in, is the built page
    of the table (tooltip `schema.table`) or schema (tooltip `schema name`) it shows."""
    require_dot()
    snapshot = make_snapshot()  # type: ignore[operator]
    pages = write_site(tmp_path, snapshot, use_directory_urls)
    mkdocs_build(tmp_path)
    site = tmp_path / "site"
    checked = 0
    for page in pages.values():
        built = _built(site, page, use_directory_urls)
        parser = _DiagramLinks()
        parser.feed(built.read_text("utf-8"))
        for href, title in parser.links:
            name = title.removeprefix("schema ").split(" (")[0]
            resolved = (built.parent / unquote(href)).resolve()
            if href.endswith("/"):
                resolved = resolved / "index.html"
            assert resolved == _built(site, pages[name], use_directory_urls).resolve(), (
                f"{page}: {href} ({title})")
            checked += 1
    tables = sum(len(s.tables) for s in snapshot.schemas.values())
    assert checked >= 2 * tables  # each table: from its own page and from its schema's


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_page_links_match_mkdocs(use_directory_urls: bool) -> None:
    """page_url and page_href give what MkDocs gives for the same files."""
    from mkdocs.structure.files import File

    files = ["index.md", "reference/index.md", "reference/marketing.md",
             "reference/marketing/company_slots.md", "reference/café x/ä b.md",
             "reference/bit/t-5f1c0a2b.md", "a/README.md"]
    built = {f: File(f, "docs", "site", use_directory_urls) for f in files}
    for source in files:
        assert page_url(source, use_directory_urls) == unquote(built[source].url)
        for target in files:
            assert page_href(source, target, use_directory_urls) == \
                built[target].url_relative_to(built[source]), (source, target)
