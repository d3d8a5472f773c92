"""Names and comments render literally: no markup, no script, no broken table.

A comment is data, not Markdown: whatever a database owner typed into COMMENT ON
must come out on the page as typed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from markupsafe import Markup

from generator.names.visible import visible
from generator.render.env import (
    EXCERPT,
    LONG_TEXT,
    cell,
    code,
    excerpt,
    fence,
    heading,
    md_escape,
    md_text,
    page_title,
    text_block,
    yaml_str,
)
from tests.factories import HOSTILE, odd_snapshot
from tests.render.site_check import mkdocs_build, project_with

EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.highlight"]
TRICKY = [
    HOSTILE,
    "a | b | c",
    "1. looks like a list",
    "- dash first",
    "+ plus first",
    "=== setext?",
    "??? note \"details\"",
    "!!! warning",
    "    four spaces",
    "<b>bold</b> &amp; &lt; \"quotes\" 'single'",
    "trailing hashes ##",
    "heading {: .cls }",
    "back\\slash \\| and \\*",
    "line one\r\nline two\rline three\nline four",
    "`code` and ``double`` and ![img](x.png)",
    "http://example.com <http://example.com>",
    "emoji :smile: and ~~strike~~ and ==mark==",
    "snake_case_name _lead trail_ __dunder__ a__b _x_ é_é_é 1_2 x_*y*_z",
    "_emphasis_ and __strong__ and ___both___ and _a_b_",
]
# Values inline code must show as they are, in a paragraph and in a table cell.
CODE = [
    "CHECK (id ~ '^04\\.[0-9]{3}$'::text) | `x` *y*",
    "<script>alert(1)</script>", "`", "``", "a`", "`a", "x \\| y", "ends with \\",
    "a\\`b", "[x](y) {: .c}", "'{}'::text[]", "|", "_u_ *s* __d__", "&amp; &lt;",
    "two\nlines | here",
]


class _Text(HTMLParser):
    """Text of the first <p> or <td>, with <br> as a newline; tags other than <br> fail."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.text += "\n"
        elif tag not in ("p", "table", "thead", "tbody", "tr", "th", "td"):
            self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def _rendered_text(source: str) -> _Text:
    parser = _Text()
    parser.feed(markdown.markdown(source, extensions=EXTENSIONS))
    return parser


def _expected(value: str) -> str:
    return re.sub(r"\r\n|\r", "\n", value).lstrip()


@pytest.mark.parametrize("value", TRICKY)
def test_paragraph_renders_the_text_literally(value: str) -> None:
    """A comment on its own line comes back as exactly its text, with no element added."""
    parsed = _rendered_text(md_text(value) + "\n")
    assert parsed.tags == []
    assert parsed.text == _expected(value)


@pytest.mark.parametrize("value", [*TRICKY, 'marketing."odd.name"', "a.b.c", "x<script>.y"])
def test_heading_is_the_escaped_name_with_break_points_after_dots(value: str) -> None:
    """A name as a page heading reads as the escaped name does (`md_escape`): the one
    thing added is a <wbr> after each dot between names."""
    escaped = _rendered_text("# " + md_escape(value) + "\n")
    parser = _rendered_text("# " + heading(value) + "\n")
    assert parser.text == escaped.text
    assert [t for t in parser.tags if t != "wbr"] == escaped.tags
    rendered = markdown.markdown("# " + heading(value), extensions=EXTENSIONS)
    assert all(before.endswith(".") for before in rendered.split("<wbr />")[:-1]), rendered
    assert heading("marketing.people_master") == "marketing.<wbr>people_master"


@pytest.mark.parametrize("value", TRICKY)
def test_table_cell_keeps_the_table_intact(value: str) -> None:
    """In a table cell the text stays in its cell: same columns, same text."""
    source = f"| a | b | c |\n|---|---|---|\n| x | {md_text(value)} | y |\n"
    html = markdown.markdown(source, extensions=EXTENSIONS)
    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert len(cells) == 3, html
    assert cells[0] == "x" and cells[2] == "y"
    parsed = _Text()
    parsed.feed(cells[1])
    assert parsed.tags == [] and parsed.text == _expected(value).strip()


# Names holding characters a reader cannot see: a bidirectional override, a zero-width
# space, a soft hyphen, a tab, a newline, an escape sequence, a C1 control, a BOM.
INVISIBLE = [
    ("rlo\u202esredro", "rlo\\u202esredro"),
    ("ord\u200bers", "ord\\u200bers"),
    ("bi\xadlled", "bi\\xadlled"),
    ("tab\tbed", "tab\\tbed"),
    ("new\nline | <b>x</b>", "new\\nline | <b>x</b>"),
    ("esc \x1b[31mred", "esc \\x1b[31mred"),
    ("c1 \x85 \ufeff \u2066x\u2069", "c1 \\x85 \\ufeff \\u2066x\\u2069"),
    ("café 日本 Ærø", "café 日本 Ærø"),
]


class _Marked(_Text):
    """Text as _Text, and the text of each `schemadoc-hidden` span on its own."""

    def __init__(self) -> None:
        super().__init__()
        self.marked: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and dict(attrs).get("class") == "schemadoc-hidden":
            self._in = True
            return
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.marked.append(data)
        super().handle_data(data)


@pytest.mark.parametrize(("name", "shown"), INVISIBLE)
@pytest.mark.parametrize("where", ["cell", "paragraph", "code"])
def test_invisible_characters_in_names_show_as_marked_escapes(name: str, shown: str,
                                                              where: str) -> None:
    """A name that could pass for another shows each hidden character as its escape, in
    its own style; letters of any script stay as they are."""
    text = code(name) if where == "code" else md_escape(name)
    source = f"| a |\n|---|\n| {text} |\n" if where == "cell" else text + "\n"
    rendered = markdown.markdown(source, extensions=EXTENSIONS)
    parsed = _Marked()
    parsed.feed(re.findall(r"<td>(.*?)</td>", rendered, re.S)[0] if where == "cell" else rendered)
    assert parsed.tags == [] or parsed.tags == ["code"]
    assert parsed.text.strip() == shown
    assert len(parsed.marked) == shown.count("\\")
    assert all(m.startswith("\\") for m in parsed.marked)


def test_comments_keep_their_line_breaks_and_mark_the_rest() -> None:
    """Free text keeps its line breaks (and tabs) as layout; an override in it is an
    escape."""
    parsed = _Marked()
    parsed.feed(markdown.markdown(md_text("one\ttwo\nthree \u202eevil"), extensions=EXTENSIONS))
    assert parsed.text.replace("\t", " ") == "one two\nthree \\u202eevil"
    assert parsed.marked == ["\\u202e"]


def test_titles_show_invisible_characters_as_escapes() -> None:
    """A page title (browser tab, navigation, footer) shows the escape as text."""
    assert html.unescape(page_title("a\u202eb\tc")) == "a\\u202eb\\tc"


@pytest.mark.parametrize("value", CODE)
@pytest.mark.parametrize("where", ["cell", "paragraph"])
def test_inline_code_keeps_special_characters(value: str, where: str) -> None:
    """Definitions with regex characters, pipes or backticks read the same inside <code>."""
    source = f"| a | b | c |\n|---|---|---|\n| x | {code(value, True)} | y |\n" if where == "cell" \
        else code(value, True) + "\n"
    html = markdown.markdown(source, extensions=EXTENSIONS)
    inner = re.findall(r"<code>(.*?)</code>", html, re.S)
    assert len(inner) == 1, html
    if where == "cell":
        assert len(re.findall(r"<td>", html)) == 3, html
    parsed = _Text()
    parsed.feed(inner[0])
    assert parsed.text == value


def test_fence_is_longer_than_any_backtick_run() -> None:
    """SQL holding ``` cannot close its code block early."""
    sql = "select '```' as ticks, '````' as more;"
    block = fence(sql)
    assert block.startswith("`````sql\n") and block.endswith("\n`````")


def test_hostile_comment_is_text_in_the_built_site(tmp_path: Path) -> None:
    """The built HTML escapes <script>: it shows the tag as text and never runs it."""
    project, _ = project_with(tmp_path, odd_snapshot())
    mkdocs_build(project)
    pages = list((project / "site" / "reference").rglob("*.html"))
    assert pages
    table_page = (project / "site" / "reference" / "bit" / "t" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table_page
    for page in pages:
        assert "<script>alert" not in page.read_text("utf-8"), page


NAMES = ["</title><script>alert(9)</script>", "a & b &lt; c", 'say "hi" \'there\'',
         "C1\x85\x9f and LS\u2028PS\u2029 BOM\ufeff", "tab\tnew\nline\rcr", "<!-- x --> <?php ?>"]


@pytest.mark.parametrize("name", NAMES)
def test_front_matter_reads_back_exactly(name: str) -> None:
    """yaml_str gives a YAML scalar that reads back as the same text, even with the C1
    controls and line separators a YAML reader refuses or folds when they are raw."""
    assert yaml.safe_load(f"title: {yaml_str(name)}\n") == {"title": name}


@pytest.mark.parametrize("name", NAMES)
def test_page_title_is_text_raw_and_through_striptags(name: str) -> None:
    """Written as it is, the title is escaped HTML that reads as the name (word joiners
    aside, characters a reader cannot see as escapes); stripped of tags and unescaped,
    as `| striptags` does, it opens no tag."""
    title = page_title(name)
    assert not re.search(r"<[A-Za-z/!?]", title)
    assert html.unescape(title).replace("\u2060", "") == visible(name)
    assert not re.search(r"<[A-Za-z/!?]", Markup(title).striptags())


def test_long_text_leaves_table_cells() -> None:
    """Past LONG_TEXT characters a cell shows an excerpt ending at a word, and a
    paragraph becomes a raw HTML block holding the whole text, escaped."""
    text = "\n".join(f"{i} <b>x</b> | *y*" for i in range(200))
    assert len(text) > LONG_TEXT
    assert cell("short | one") == md_text("short | one")
    shown = cell(text)
    assert shown.endswith(" *(in full below)*") and "\n" not in shown
    assert len(excerpt(text)) <= EXCERPT + 2 and excerpt(text).endswith(" …")
    block = text_block(text)
    assert block.startswith('<div class="schemadoc-long" markdown="0">\n')
    parsed = markdown.markdown(block + "\n", extensions=EXTENSIONS)
    inner = re.findall(r'<div class="schemadoc-text">(.*?)</div>', parsed, re.S)
    assert [html.unescape(t) for t in inner] == [text]
