"""The one Jinja environment every page is rendered with, and its filters.

Markdown has no autoescape, so escaping is explicit: every name, comment or catalog
text that reaches a template goes through `md_escape` (or `code`, `fence`), which
makes it literal both for the HTML it ends up in and for the Markdown extensions the
site enables (tables, attr_list, details, admonitions). Templates fail loudly on a
misspelt variable (StrictUndefined) instead of printing nothing.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import jinja2
import markupsafe

from generator.diagrams.dot import dot_escape, dot_quote, dot_url
from generator.diagrams.embed import embed_svg
from generator.model.units import fmt_bytes, fmt_int
from generator.names.identifiers import qualified
from generator.names.visible import visible
from generator.templating import template_environment

__all__ = [
    "EXCERPT",
    "LONG_TEXT",
    "brief",
    "cell",
    "cell_code",
    "code",
    "excerpt",
    "fence",
    "heading",
    "fmt_bytes",
    "fmt_int",
    "github_code",
    "is_long",
    "make_environment",
    "md_escape",
    "md_inline",
    "md_text",
    "page_title",
    "plural",
    "qualified_name",
    "raw_text",
    "sortable",
    "text_block",
    "wbr",
    "yaml_str",
]

# Characters Markdown (and attr_list's `{...}`) would interpret anywhere in a line
# (`#` closes a heading); Python-Markdown accepts a backslash before each of them.
# An `_` between two letters or digits is left alone: Python-Markdown's underscores
# are "smart" and never open or close emphasis inside a word, so `company_unique_id`
# needs no escape (each escape is a pattern match: this is a tenth of MkDocs' Markdown
# time on 10,000 table pages, and the source stays readable).
_INLINE_SPECIAL = re.compile(r"[\\`*{}\[\]|#]|(?<![^\W_])_|_(?![^\W_])")
# A line that starts with these would become a list, heading, admonition or details
# block; the first character is neutralised. `=`/`?` cannot be backslash-escaped.
_LEADING_SPECIAL = re.compile(r"^(?:([-+!])|([=?])|(\d+)([.)])(?=\s|$))")
_NEWLINES = re.compile(r"\r\n|\r|\n")
# Code with a run of this many characters without a blank (`'intake.company_raw_intake'
# ::text`, a regular expression) is HTML: each run may break only after a dot or comma
# between names (<wbr>), its pieces never (a span the style sheet keeps on one line;
# a browser would otherwise break at `]`, `+` or `-` inside it).
_LONG_RUN = re.compile(r"\S{24,}")
_BREAK_AFTER = re.compile(r"(?<=[\w\"')\]])[.,](?=[\w\"'(])")
_PIECES = re.compile(r"(?<=[\w\"')\]][.,])(?=[\w\"'(])")


def md_escape(value: object) -> str:
    """A name that renders literally in Markdown and HTML, on one line: characters a
    reader cannot see (a newline, a tab, a bidirectional override) shown as marked
    escapes (`generator.names.visible`)."""
    if value is None:
        return ""
    return _md_escaped(str(value), False)


def md_text(value: object) -> str:
    """Free text (a comment) that renders literally, its newlines as <br>; other
    characters a reader cannot see shown as marked escapes."""
    if value is None:
        return ""
    return _md_escaped(str(value), True)


def _mark(escape: str) -> str:
    """An escape of a hidden character on a page, in its own style (schemadoc.css)."""
    return f'<span class="schemadoc-hidden">{escape}</span>'


# Names and comments recur across pages ("id", "created_at", a column's comment on
# its table page and in its neighbours' diagrams): each is escaped once.
@lru_cache(maxsize=1 << 16)
def _md_escaped(text: str, layout: bool) -> str:
    # Backslashes first: the entities escaping writes (`&lt;`) must stay entities.
    text = _INLINE_SPECIAL.sub(r"\\\g<0>", text)
    # Quotes need no escaping in text (only in attributes, which no value reaches).
    text = html.escape(text, quote=False)
    # Escapes last: their backslashes are text (`\u` is no Markdown escape).
    text = visible(text, layout, _mark)
    lines = _NEWLINES.split(text)
    # Leading blanks would turn a paragraph into a code block.
    first = _LEADING_SPECIAL.sub(_neutralise, lines[0].lstrip())
    return "<br>".join([first, *lines[1:]])


def _neutralise(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    if match.group(2):
        return f"&#{ord(match.group(2))};"
    return f"{match.group(3)}\\{match.group(4)}"


def md_inline(value: object) -> str:
    """A user's Markdown (a schemadoc.yml description) fitted into one table cell.

    Unlike catalog text it is not escaped: the team wrote it as Markdown, links and
    emphasis included. Its lines join with <br>, and a pipe no longer ends the cell.
    """
    text = _NEWLINES.sub("\n", str(value or "")).strip()
    return "<br>".join(line.strip().replace("|", "\\|") for line in text.split("\n"))


# Characters a YAML reader refuses raw (C1 controls, a BOM, surrogates, U+FFFE/F) or
# reads as a line break inside a quoted scalar (NEL, U+2028/9); JSON leaves them raw.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def yaml_str(value: object) -> str:
    """A YAML scalar (for front matter) that reads back as exactly this text."""
    # A JSON string is a YAML double-quoted scalar; line breaks and quotes escaped.
    text = json.dumps(str(value or ""), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def page_title(value: object) -> str:
    """A page's title for its front matter (`title:`), as HTML that stays text whatever
    the theme does with it.

    Material writes `page.meta.title` as it is into <title>, the header, the navigation
    and the footer, so the title must be escaped HTML (as MkDocs' own titles, taken from
    the first heading, are). A theme that falls back to `page.title | striptags` (as
    Material does for pages without one) unescapes entities again: an invisible word
    joiner (U+2060) after each escaped `<` and `&` keeps that text from ever opening a
    tag or an entity, and shows the same characters.
    """
    escaped = html.escape(visible(str(value or "")), quote=True)
    return escaped.replace("&lt;", "&lt;\u2060").replace("&amp;", "&amp;\u2060")


def code(value: object, layout: bool = False) -> str:
    """Inline code that renders literally, in a paragraph or a table cell.

    A backtick code span where one can hold the text: Markdown passes its content
    through as text (HTML-escaped, no escapes needed, pipes do not split a table cell)
    at a fraction of the cost of inline HTML, which matters on 10,000 pages. Text a span
    cannot hold (line breaks, blanks at either end, which a span trims, or a backslash
    before a backtick, which a table reads as an escape) becomes <code> around escaped
    text instead; so does a name holding characters a reader cannot see, each shown as
    a marked escape (as `md_escape` does). With `layout` (SQL), line breaks and tabs
    are kept as such.
    """
    if value is None or value == "":
        return ""
    return _code(str(value), layout)


@lru_cache(maxsize=1 << 16)
def _code(text: str, layout: bool) -> str:
    if not text.isprintable() and visible(text, layout) != text:
        # A span would show hidden characters raw: escape them, marked, in <code>.
        return f"<code>{_md_escaped(text, layout)}</code>"
    if _NEWLINES.search(text) or text != text.strip() or "\\`" in text:
        return f"<code>{md_text(text)}</code>"
    if _LONG_RUN.search(text):
        return "<code>" + _LONG_RUN.sub(_unbreakable, md_text(text)) + "</code>"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    # A span that starts or ends with a backtick needs a blank to tell them apart.
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _unbreakable(run: re.Match[str]) -> str:
    return "<wbr>".join(f'<span class="schemadoc-nb">{piece}</span>'
                        for piece in _PIECES.split(run.group(0)))


def github_code(value: object) -> str:
    """Inline code for GitHub (the PR comment): <code> around Markdown-escaped text.

    GitHub splits a table row at every unescaped pipe, even inside a backtick span (the
    pages' `code` filter writes spans, which Python-Markdown's tables keep whole);
    inside <code> the text is Markdown again, so the escapes of `md_escape` hold.
    """
    if value is None or value == "":
        return ""
    return f"<code>{md_escape(value)}</code>"


def wbr(escaped: str) -> str:
    """Escaped text of a long dotted name (`schema.table.column`) with break points
    after its dots, so that a narrow cell wraps it between names, never inside one."""
    if len(escaped) < 24:
        return escaped
    return _BREAK_AFTER.sub(r"\g<0><wbr>", escaped)


def heading(value: object) -> str:
    """A name as a page's heading (`marketing.people_master`): escaped as `md_escape`
    does, with a break point after each dot between names. A narrow window wraps the
    heading there (`marketing.` over `people_master`), not inside a name, where a
    browser breaks a word too long for the line. The page's <title> is its front
    matter's `title` (`page_title`), which has none."""
    return _BREAK_AFTER.sub(r"\g<0><wbr>", md_escape(value))


def fence(value: object, lang: str = "sql", indent: int = 0) -> str:
    """A fenced code block, with a fence longer than any backtick run inside it."""
    text = _NEWLINES.sub("\n", str(value or "")).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    pad = " " * indent
    body = "\n".join(pad + line if line else "" for line in text.split("\n"))
    return f"{pad}{ticks}{lang}\n{body}\n{pad}{ticks}"


def brief(value: str | None, length: int = 160) -> str:
    """A comment shortened for a list (its table's own page shows it whole)."""
    if not value:
        return ""
    if len(value) <= length:
        return value
    cut = value[:length].rsplit(None, 1)[0] if " " in value[:length] else value[:length]
    return cut.rstrip() + " …"


# Text longer than this (in characters) leaves table cells, where an excerpt stays, and
# paragraphs: it is shown in full as HTML that Markdown passes through untouched. Escaped
# into one cell or paragraph, a 1 MB comment made one 1.6 MB Markdown line that took
# MkDocs over two minutes to parse.
LONG_TEXT = 500
EXCERPT = 160


def is_long(value: object) -> bool:
    """Whether a text is too long for a table cell or a Markdown paragraph."""
    return value is not None and len(str(value)) > LONG_TEXT


def excerpt(value: object) -> str:
    """The start of a long text on one line, ending at a word, with an ellipsis."""
    return brief(" ".join(str(value or "").split()), EXCERPT)


def cell(value: object) -> str:
    """Catalog text for a table cell: escaped in full, or an escaped excerpt of a long
    text that the page shows in full under the table (`in_full` in _macros.md.j2)."""
    if not is_long(value):
        return md_text(value)
    return f"{md_text(excerpt(value))} *(in full below)*"


def cell_code(value: object) -> str:
    """SQL for a table cell: inline code, or an excerpt of long SQL (see `cell`)."""
    if not is_long(value):
        return code(value, layout=True)
    return f"{code(excerpt(value), layout=True)} *(in full below)*"


def raw_text(value: object, sql: bool = False) -> str:
    """Text as an HTML element Markdown leaves alone (inside a raw HTML block): escaped,
    its line breaks kept (the style sheet wraps it), SQL as a code block."""
    text = html.escape(_NEWLINES.sub("\n", str(value or "")), quote=False)
    text = visible(text, True, _mark)
    if sql:
        return f'<pre class="schemadoc-text"><code>{text}</code></pre>'
    return f'<div class="schemadoc-text">{text}</div>'


def text_block(value: object) -> str:
    """A paragraph of catalog text: escaped Markdown, or a raw HTML block when long
    (it must then stand on its own lines, as every paragraph does)."""
    if not is_long(value):
        return md_text(value)
    return f'<div class="schemadoc-long" markdown="0">\n{raw_text(value)}\n</div>'


def qualified_name(parts: Iterable[object]) -> str:
    """(schema, name[, column]) as one name a reader can tell apart from every other:
    each part quoted on its own when it needs it (`"a.b".c`, `a."b.c"`), see
    `generator.names.identifiers.qualified`."""
    return qualified(*map(str, parts))


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 table`, `2 tables` (numbers with thousands separators)."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def sortable(shown: str, key: int | float | None) -> str:
    """A table cell whose sort key differs from its text (sizes, '~1,234', 'never analysed')."""
    if key is None:
        key = -1
    return f'<span data-sort="{key}">{shown}</span>'


def html_text(value: object) -> str:
    """Text for an HTML block (`<summary>` of the PR comment), where Markdown escapes
    would show; characters a reader cannot see as escapes (`generator.names.visible`)."""
    return str(markupsafe.escape(visible("" if value is None else str(value), layout=True))
               ).replace("\n", " ")


def make_environment(templates: Path | None = None) -> jinja2.Environment:
    """The one environment of every output (see `generator.templating`): pages, Health,
    Changelog and its chart, DOT diagrams, the PR comment. A user template may replace
    a built-in outright or extend it, e.g. `{% extends "builtin/table.md.j2" %}`."""
    # descriptions.py builds on the filters here, so it is imported once they exist
    from generator.render.descriptions import brief_cell, described, one_description

    return template_environment(templates, dict(
        md_escape=md_escape,
        md_inline=md_inline,
        md_text=md_text,
        qualified=qualified_name,
        described=described,
        one_description=one_description,
        brief_cell=brief_cell,
        yaml_str=yaml_str,
        page_title=page_title,
        is_long=is_long,
        excerpt=excerpt,
        cell=cell,
        cell_code=cell_code,
        raw_text=raw_text,
        text_block=text_block,
        brief=brief,
        code=code,
        github_code=github_code,
        fence=fence,
        heading=heading,
        fmt_int=fmt_int,
        fmt_bytes=fmt_bytes,
        plural=plural,
        sortable=sortable,
        wbr=wbr,
        html=html_text,
        dot_escape=dot_escape,
        dot_quote=dot_quote,
        dot_url=dot_url,
        embed_svg=embed_svg,
    ))
