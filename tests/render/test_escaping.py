"""Names and comments render literally: no markup, no script, no broken table.

A comment is data, not Markdown: whatever a database owner typed into COMMENT ON
must come out on the page as typed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.render.env import code, fence, md_escape
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
    parsed = _rendered_text(md_escape(value) + "\n")
    assert parsed.tags == []
    assert parsed.text == _expected(value)


@pytest.mark.parametrize("value", TRICKY)
def test_table_cell_keeps_the_table_intact(value: str) -> None:
    """In a table cell the text stays in its cell: same columns, same text."""
    source = f"| a | b | c |\n|---|---|---|\n| x | {md_escape(value)} | y |\n"
    html = markdown.markdown(source, extensions=EXTENSIONS)
    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert len(cells) == 3, html
    assert cells[0] == "x" and cells[2] == "y"
    parsed = _Text()
    parsed.feed(cells[1])
    assert parsed.tags == [] and parsed.text == _expected(value).strip()


@pytest.mark.parametrize("value", CODE)
@pytest.mark.parametrize("where", ["cell", "paragraph"])
def test_inline_code_keeps_special_characters(value: str, where: str) -> None:
    """Definitions with regex characters, pipes or backticks read the same inside <code>."""
    source = f"| a | b | c |\n|---|---|---|\n| x | {code(value)} | y |\n" if where == "cell" \
        else code(value) + "\n"
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
