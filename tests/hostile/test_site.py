"""The site built from the hostile database, read as HTML: no name or comment becomes
markup anywhere (pages, titles, navigation, search index, diagrams), titles stay text
whatever a theme does with them, and long texts stay cheap.

Runs on each test server; the browser's view of the same site is test_browser.py.
"""

from __future__ import annotations

import html
import json
import re

import yaml
from markupsafe import Markup

from generator.names.identifiers import qualified
from generator.names.visible import visible
from generator.render.env import EXCERPT
from tests.hostile.conftest import HOSTILE_SCHEMA, HOSTILE_TABLE, HostileSite, injected

# Where a tag could open once entities are decoded (`<` then a letter, `/`, `!` or `?`).
TAG_OPEN = re.compile(r"<[A-Za-z/!?]")
LONG_TABLE = "tmp\rorders"


def _front_matter(markdown: str) -> dict[str, object]:
    assert markdown.startswith("---\n"), markdown[:200]
    return dict(yaml.safe_load(markdown[4:markdown.index("\n---\n")]))


def test_no_page_holds_a_payload_as_markup(hostile_site: HostileSite) -> None:
    """Every built page: no event handler, javascript: link, alert script, iframe or
    payload element; the raw text never holds `<script>alert` or an on...= attribute."""
    pages = hostile_site.pages()
    assert len(pages) > 15
    for page in pages:
        text = page.read_text("utf-8")
        assert injected(text) == [], page
        assert "<script>alert" not in text, page


def test_search_index_holds_escaped_text(hostile_site: HostileSite) -> None:
    """Every search entry's title and text are HTML with no payload as markup, and a
    table's entry is titled with its exact name, escaped once."""
    index = json.loads((hostile_site.site / "search" / "search_index.json").read_text("utf-8"))
    for entry in index["docs"]:
        assert injected(entry["title"]) == [] and injected(entry["text"]) == [], entry
    titles = {html.unescape(entry["title"]) for entry in index["docs"]}
    assert qualified(HOSTILE_SCHEMA, HOSTILE_TABLE) in titles
    assert qualified(HOSTILE_SCHEMA, "<details open ontoggle=alert(13)>") in titles


def test_titles_stay_text_whatever_the_theme_does(hostile_site: HostileSite) -> None:
    """Each generated page has a front-matter title that reads as its exact name when a
    theme writes it as HTML (Material's <title>, header and navigation), and that opens
    no tag when a theme strips tags and unescapes it (`page.title | striptags`)."""
    pages = sorted((hostile_site.project / "site_src" / "reference").rglob("*.md"))
    titled = 0
    for page in pages:
        meta = _front_matter(page.read_text("utf-8")) if page.name not in (
            "health.md", "changelog.md") else {}
        if "title" not in meta:
            continue
        titled += 1
        title = str(meta["title"])
        assert not TAG_OPEN.search(title), page
        assert not TAG_OPEN.search(Markup(title).striptags()), page
        shown = html.unescape(title).replace("\u2060", "")
        found = meta.get("schemadoc")
        if isinstance(found, dict) and "title" in found:
            # a table or view page: schema.name, as its search entry
            assert shown == visible(found["title"])
    assert titled == len(pages) - 2
    table = hostile_site.site / "reference"
    built = next(p for p in table.rglob("index.html")
                 if "title-script-alert-9-script" in str(p.parent.name))
    (head,) = re.findall(r"<head>.*?<title>(.*?)</title>", built.read_text("utf-8"), re.S)
    assert html.unescape(head).replace("\u2060", "") == \
        f"{qualified(HOSTILE_SCHEMA, HOSTILE_TABLE)} - Hostile names"


def _page(hostile_site: HostileSite, prefix: str) -> tuple[str, str]:
    """(Markdown, HTML) of the page of the hostile schema's table whose file name starts
    with `prefix`."""
    folder = hostile_site.project / "site_src" / "reference"
    source = next(p for p in folder.rglob("*.md") if p.name.startswith(prefix)
                  and p.parent.name.startswith("title-svg-onload"))
    built = hostile_site.site / source.relative_to(
        hostile_site.project / "site_src").with_suffix("") / "index.html"
    return source.read_text("utf-8"), built.read_text("utf-8")


def _longest_markdown_line(markdown: str) -> int:
    """The longest line Markdown parses: raw HTML text blocks are passed through."""
    parsed = re.sub(r'<(div|pre) class="schemadoc-text">.*?</\1>', "", markdown, flags=re.S)
    return max(len(line) for line in parsed.splitlines())


def _cell(page: str, first: str) -> str:
    """The text of the last cell of the row whose first cells hold `first`."""
    (row,) = [r for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if first in r]
    return html.unescape(re.sub(r"<[^>]+>", "", re.findall(r"<td>(.*?)</td>", row, re.S)[-1]))


def test_long_texts_are_whole_on_their_page_and_short_in_cells(
        hostile_site: HostileSite) -> None:
    """A comment of 5,000 lines is on its table's page once in full, as written (table
    comment and column comment); the column's cell holds an excerpt ending at a word;
    no Markdown line is long (the slow path of Markdown)."""
    snapshot = hostile_site.result.snapshot
    table = snapshot.schemas[HOSTILE_SCHEMA].tables[LONG_TABLE]
    comment = table.comment
    assert comment is not None and comment.count("\n") == 4999
    assert table.columns["note"].comment == comment
    markdown, page = _page(hostile_site, "tmp-orders")
    assert _longest_markdown_line(markdown) < 2000
    shown = [html.unescape(text) for text in
             re.findall(r'<div class="schemadoc-text">(.*?)</div>', page, re.S)]
    assert shown == [comment, comment]  # the table's, then the column's in full
    text = _cell(page, "<td>note</td>")
    assert text.endswith(" … (in full below)"), text
    excerpt = text.removesuffix(" … (in full below)")
    one_line = " ".join(comment.split())
    assert len(excerpt) <= EXCERPT and one_line.startswith(excerpt)
    assert one_line[len(excerpt)] == " "  # it ends at a word, not inside one


def test_long_definition_is_whole_under_its_table(hostile_site: HostileSite) -> None:
    """A CHECK of 2,000 values: an excerpt in the constraints table, the whole SQL in a
    code block under it."""
    markdown, page = _page(hostile_site, "orders")
    assert _longest_markdown_line(markdown) < 2000
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c))
             for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "alert(45)" in r
             for c in re.findall(r"<td>(.*?)</td>", r, re.S)]
    assert cells[0] == "<script>alert(45)</script>"
    assert cells[3].endswith(" … (in full below)") and len(cells[3]) < 200
    (full,) = re.findall(r'<pre class="schemadoc-text"><code>(.*?)</code></pre>', page, re.S)
    definition = html.unescape(full)
    assert definition.startswith("CHECK (")
    assert "'-2000'::integer" in definition and "'-1'::integer]" in definition


def test_footer_shows_titles_as_text(hostile_site: HostileSite) -> None:
    """With Material's previous/next footer on, a neighbouring page's footer names the
    hostile schema's page by its exact name, as text."""
    shown = set()
    for page in hostile_site.pages():
        for title in re.findall(r'md-footer__direction">.*?<div class="md-ellipsis">\s*'
                                r"(.*?)\s*</div>", page.read_text("utf-8"), re.S):
            assert injected(title) == []
            shown.add(html.unescape(title).replace("\u2060", ""))
    assert qualified(HOSTILE_SCHEMA) in shown


# Characters that make one name pass for another (bidirectional embeddings, overrides
# and isolates, zero-width characters, the soft hyphen, the byte order mark): no page,
# diagram or search entry may hold one raw. (U+2060, the word joiner of page titles,
# is schemadoc's own and shows nothing.)
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u00ad\ufeff]")
SPOOF = "spoof"
SPOOF_TABLES = ["rlo\u202esredro", "ord\u200bers", "tab\tbed", "new\nline"]


def _headings(hostile_site: HostileSite) -> dict[str, str]:
    """Each built page's H1 as a reader sees it (text) -> its HTML."""
    found = {}
    for page in hostile_site.pages():
        for h1 in re.findall(r"<h1[^>]*>(.*?)</h1>", page.read_text("utf-8"), re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", h1)).replace("¶", "").strip()
            found[text] = h1
    return found


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_output_holds_an_invisible_character_raw(hostile_site: HostileSite) -> None:
    """Pages, diagrams (SVG) and the search index show every override, zero-width
    character and soft hyphen of a name or comment as its escape."""
    site = hostile_site.site
    files = [*hostile_site.pages(), *site.rglob("*.svg")]
    assert any(p.suffix == ".svg" for p in files) or any(
        "<svg" in p.read_text("utf-8") for p in files)
    for path in files:
        found = INVISIBLE.search(path.read_text("utf-8"))
        assert found is None, (path, found)
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    for text in _strings(index):
        assert INVISIBLE.search(text) is None, text[:200]
    escaped = [t for t in _strings(index) if "rlo\\u202esredro" in t]
    assert escaped, "the override's table is in the search index by its escaped name"


def test_names_that_pass_for_others_show_escapes(hostile_site: HostileSite) -> None:
    """Each spoofing table's heading reads as its name with every hidden character as
    its escape (`\\u202e`, `\\u200b`, `\\t`, `\\n`), each escape in its own style; the
    plain `orders` beside them keeps its plain heading."""
    headings = _headings(hostile_site)
    for name in SPOOF_TABLES:
        shown = visible(qualified(SPOOF, name))
        assert "\\" in shown and shown in headings, (shown, sorted(headings)[:40])
        assert headings[shown].count('<span class="schemadoc-hidden">') == shown.count("\\")
    assert "spoof.orders" in headings
    assert '"ord\\u200bers"' in visible(qualified(SPOOF, "ord\u200bers"))


def test_diagrams_show_escapes_in_names(hostile_site: HostileSite) -> None:
    """The spoof schema's diagram labels (SVG text) and tooltips show the escapes."""
    texts: list[str] = []
    for path in [*hostile_site.site.rglob("*.svg"), *hostile_site.pages()]:
        content = path.read_text("utf-8")
        texts += [html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", content, re.S)]
        texts += [html.unescape(t) for t in re.findall(r'xlink:title="([^"]*)"', content)]
    joined = "\n".join(texts)
    for name in SPOOF_TABLES:
        assert visible(name) in joined, name


def test_dotted_pairs_have_different_headings_and_titles(hostile_site: HostileSite) -> None:
    """Schema "a.b" table c and schema a table "b.c" (both `a.b.c` as a dotted string)
    are headed and titled apart: `"a.b".c` and `a."b.c"`."""
    headings = _headings(hostile_site)
    assert '"a.b".c' in headings and 'a."b.c"' in headings
    assert "a.b.c" not in headings
    titles = set()
    for page in hostile_site.pages():
        titles.update(html.unescape(t).replace("\u2060", "") for t in
                      re.findall(r"<title>(.*?)</title>", page.read_text("utf-8"), re.S))
    assert '"a.b".c - Hostile names' in titles and 'a."b.c" - Hostile names' in titles
