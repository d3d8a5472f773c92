"""Generated pages' tables and raw HTML blocks made HTML before Python-Markdown reads
them (the `schemadoc` plugin, in both modes).

On a 10,000-table site Python-Markdown was most of `mkdocs build`, and on generated
pages most of that went to two things (profiled, bench/README.md): each diagram's
inline SVG, parsed twice as HTML (md_in_html's block parser, then MkDocs' anchor
collector) only to be passed through as it is, and the ~20 inline patterns run over
every table cell. The templates use a small, known part of Markdown there, and this
module renders exactly that part itself, byte for byte as Python-Markdown and MkDocs
do, and leaves everything else to them:

- a raw HTML block marked `markdown="0"` (a diagram, a text in full), which Markdown
  passes through unchanged;
- a table whose every cell holds only text, backslash escapes, entities, code spans,
  the inline tags the templates write (`<br>`, `<wbr>`, `<code>`, `<span class=...>`,
  `<span data-sort=...>`), links to pages (`[text](page.md)`, made relative by MkDocs'
  own code, which also reports a link to a missing page) and a note such as
  `*(virtual)*`. One cell outside that leaves its whole table to Markdown.

Each block becomes a one-word paragraph (a token) that Markdown renders as
`<p>token</p>`; `restore` puts the HTML in its place once the page is HTML. Only
where the site's Markdown extensions are ones whose effect on these blocks is known
(`KNOWN_EXTENSIONS`); with any other the pages go to Markdown whole, as before.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
from markdown.extensions.tables import PIPE_LEFT, PIPE_RIGHT, TableProcessor

__all__ = ["KNOWN_EXTENSIONS", "Prerendered", "Prerenderer"]

# Extensions whose work on a table cell or a raw block is what this module reproduces
# (block-level ones leave both alone). MkDocs adds toc, tables and fenced_code itself.
KNOWN_EXTENSIONS = frozenset({
    "toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.highlight",
    "markdown.extensions.toc", "markdown.extensions.tables",
    "markdown.extensions.fenced_code", "markdown.extensions.attr_list",
    "markdown.extensions.md_in_html", "markdown.extensions.admonition",
})

# A raw block the templates write: its first line at the start of a block.
_RAW_OPEN = re.compile(r'<(div|details)\b[^<>]*\smarkdown="0"[^<>]*>')
# Anything in a raw block that an HTML parser reads otherwise than by its tags.
_RAW_UNSURE = re.compile(r"<!|<\?|<script|<style|<textarea|\t|[\x00-\x08\x0b-\x1f]")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_IDS = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"<>]*)"')
# Characters any inline pattern of the known extensions starts at; a cell without them
# is text. Control characters (Markdown strips STX/ETX, expands tabs) leave it alone.
_SPECIAL = re.compile(r"[\\`*_\[\]!<{}\x00-\x1f]")
_BACKTICKS = re.compile(r"`+")
_WORD = re.compile(r"[^\W_]")
# The inline tags the templates write (an `id` would be an anchor: left to MkDocs).
_TAG = re.compile(
    r'<(?:br|wbr|code|/code|/span|span(?: (?:class|data-[a-z-]+)="[^"<>\\`\[\]*_&]*")+)>')
_NOTE = re.compile(r"\*\([a-z][a-z ]*\)\*")
_LINK = re.compile(r"\[((?:\\[^`\n]|[^\\\[\]`\n])*)\]\(([^\s()<>\"'\\`\[\]*&]+)\)")
# The serialiser's: an ampersand that does not start an entity is escaped.
_AMP = re.compile(r"&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);)", re.I)


def _text(value: str) -> str:
    """Character data as Python-Markdown's serialiser writes it."""
    if "&" in value:
        value = _AMP.sub("&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    """An attribute value as Python-Markdown's serialiser writes it."""
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;")


def _code(value: str) -> str:
    """A code span's text as Python-Markdown writes it (util.code_escape)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Fallback(Exception):
    """A cell holds Markdown beyond what this module renders: leave the table alone."""


@dataclass
class Prerendered:
    """A page's Markdown with its blocks replaced by tokens, and what each token stands for."""

    markdown: str
    blocks: dict[str, str] = field(default_factory=dict)
    # Anchor ids inside the raw blocks (MkDocs collects them to check links to anchors).
    anchor_ids: set[str] = field(default_factory=set)


class Prerenderer:
    """Renders the tables and raw blocks of generated pages for one site's Markdown."""

    def __init__(self, extensions: list[object], configs: dict[str, dict[str, object]]
                 ) -> None:
        names = [e for e in extensions if isinstance(e, str)]
        tables = configs.get("tables") or configs.get("markdown.extensions.tables") or {}
        self.enabled = (len(names) == len(extensions)
                        and set(names) <= KNOWN_EXTENSIONS
                        and not tables.get("use_align_attribute"))
        self.escaped: frozenset[str] = frozenset()
        if self.enabled:
            md = markdown.Markdown(extensions=names, extension_configs=configs)
            self.escaped = frozenset(md.ESCAPED_CHARS)
        # The tables extension's own splitting of a row into cells (pipes in code kept).
        self._splitter = TableProcessor.__new__(TableProcessor)
        self._splitter.border = PIPE_LEFT | PIPE_RIGHT
        self._token = f"schemadocprerendered{secrets.token_hex(6)}n"
        self._tokens = re.compile(rf"<p>({self._token}\d+)</p>")
        self._cells: dict[str, str | None] = {}

    def page(self, text: str, link: Callable[[str], str]) -> Prerendered:
        """`text` (a page's Markdown, front matter removed) with its raw blocks and the
        tables it can render replaced by tokens. `link` makes a link's target a URL
        (MkDocs' own rewriting, which warns of a missing page)."""
        result = Prerendered(text)
        if not self.enabled:
            return result
        lines = text.split("\n")
        out: list[str] = []
        i, count = 0, len(lines)
        while i < count:
            line = lines[i]
            block_start = i == 0 or not lines[i - 1].strip()
            fence = _FENCE.match(line)
            if fence:
                end = self._fence_end(lines, i, fence.group(1))
                if end is None:  # an unclosed fence runs to the end: nothing more here
                    out.extend(lines[i:])
                    break
                out.extend(lines[i:end + 1])
                i = end + 1
                continue
            if line.startswith("<"):
                opened = _RAW_OPEN.match(line) if block_start else None
                end = self._raw_end(lines, i, opened.group(1)) if opened else None
                if end is None:  # some other HTML block: leave the rest to Markdown
                    out.extend(lines[i:])
                    break
                raw = "\n".join(lines[i:end + 1])
                # Markdown writes the block, then a blank line before what follows.
                out.append(self._stash(result, raw + "\n"))
                result.anchor_ids.update(html.unescape(v) for v in _IDS.findall(raw))
                i = end + 1
                continue
            if line.startswith("|") and block_start:
                end = i
                while end + 1 < count and lines[end + 1].strip():
                    end += 1
                rendered = self._table(lines[i:end + 1], link)
                if rendered is None:  # left to Markdown
                    out.extend(lines[i:end + 1])
                else:
                    out.append(self._stash(result, rendered))
                i = end + 1
                continue
            out.append(line)
            i += 1
        if result.blocks:
            result.markdown = "\n".join(out)
        return result

    def restore(self, page_html: str, prerendered: Prerendered) -> str:
        """The page's HTML with each token's paragraph replaced by its block."""
        blocks = prerendered.blocks
        if not blocks:
            return page_html
        found: list[str] = []

        def block(match: re.Match[str]) -> str:
            found.append(match.group(1))
            value = blocks.get(match.group(1))
            if value is None:
                return match.group(0)
            # A raw block last on the page has no line break after it (Markdown strips).
            return value if match.end() < len(page_html) else value.rstrip("\n")

        restored = self._tokens.sub(block, page_html)
        if sorted(found) != sorted(blocks):
            raise ValueError("a prerendered block of the page went missing in Markdown")
        return restored

    def _stash(self, result: Prerendered, value: str) -> str:
        token = f"{self._token}{len(result.blocks)}"
        result.blocks[token] = value
        return token

    @staticmethod
    def _fence_end(lines: list[str], start: int, opener: str) -> int | None:
        """The line closing the fence opened at `start` (superfences' rule)."""
        char, length = opener[0], len(opener)
        for i in range(start + 1, len(lines)):
            stripped = lines[i].strip()
            if stripped and set(stripped) == {char} and len(stripped) >= length:
                return i
        return None

    @staticmethod
    def _raw_end(lines: list[str], start: int, tag: str) -> int | None:
        """The last line of the raw block opened at `start`, if it is plainly one: its
        tags balance, it holds no blank line, and a blank line (or the end) follows."""
        opening, closing = re.compile(rf"<{tag}[\s>]"), f"</{tag}>"
        depth = 0
        for i in range(start, len(lines)):
            line = lines[i]
            if not line.strip() or _RAW_UNSURE.search(line):
                return None
            depth += len(opening.findall(line)) - line.count(closing)
            if depth <= 0:
                ends = depth == 0 and line.endswith(closing)
                after = i + 1 == len(lines) or not lines[i + 1].strip()
                return i if ends and after else None
        return None

    def _table(self, rows: list[str], link: Callable[[str], str]) -> str | None:
        """A table block as Python-Markdown writes it, or None to leave it to Markdown."""
        if len(rows) < 3 or any(not row.startswith("|") or "\t" in row for row in rows):
            return None
        rows = [row.strip(" ") for row in rows]
        if any(not TableProcessor.RE_END_BORDER.search(row) for row in rows):
            return None
        header = self._split(rows[0])
        separator = self._split(rows[1])
        if (len(header) < 2 or len(separator) != len(header)
                or not set("".join(separator)) <= set("|:- ")):
            return None
        styles = []
        for cell in separator:
            cell = cell.strip(" ")
            align = ("center" if cell.startswith(":") and cell.endswith(":") else
                     "left" if cell.startswith(":") else
                     "right" if cell.endswith(":") else None)
            styles.append(f' style="text-align: {align};"' if align else "")
        parts = ["<table>\n<thead>\n"]
        try:
            parts.append(self._row(header, "th", styles, link))
            parts.append("</thead>\n<tbody>\n")
            for row in rows[2:]:
                parts.append(self._row(self._split(row), "td", styles, link))
        except _Fallback:
            return None
        parts.append("</tbody>\n</table>")
        return "".join(parts)

    def _split(self, row: str) -> list[str]:
        """A row's cells, as the tables extension splits it (a pipe in code or after a
        backslash is no border): plainly where the row has neither."""
        if "\\" in row:
            return list(self._splitter._split_row(row))
        inner = row[1:-1]
        if "`" not in inner:
            return inner.split("|")
        # The extension's pairing: each run of backticks with the next run as long.
        runs = [(m.start(), m.end() - 1, len(m.group(0))) for m in _BACKTICKS.finditer(inner)]
        code: list[tuple[int, int]] = []
        at = 0
        while at < len(runs):
            pair = next((k for k in range(at + 1, len(runs)) if runs[k][2] == runs[at][2]),
                        None)
            if pair is None:
                at += 1
                continue
            code.append((runs[at][0], runs[pair][1]))
            at = pair + 1
        cells, start = [], 0
        for pipe in (i for i, char in enumerate(inner) if char == "|"):
            if not any(first <= pipe <= last for first, last in code):
                cells.append(inner[start:pipe])
                start = pipe + 1
        cells.append(inner[start:])
        return cells

    def _row(self, cells: list[str], tag: str, styles: list[str],
             link: Callable[[str], str]) -> str:
        out = ["<tr>\n"]
        for index, style in enumerate(styles):
            text = cells[index].strip(" ") if index < len(cells) else ""
            out.append(f"<{tag}{style}>{self._cell(text, link)}</{tag}>\n")
        out.append("</tr>\n")
        return "".join(out)

    def _cell(self, text: str, link: Callable[[str], str]) -> str:
        """A cell's inline Markdown as HTML (memoised where it holds no link)."""
        if not _SPECIAL.search(text):
            return _text(text)
        if "](" in text:
            return self._inline(text, link, in_link=False)
        if text not in self._cells:
            try:
                self._cells[text] = self._inline(text, link, in_link=False)
            except _Fallback:
                self._cells[text] = None
        cached = self._cells[text]
        if cached is None:
            raise _Fallback
        return cached

    def _inline(self, text: str, link: Callable[[str], str], in_link: bool) -> str:
        """Inline Markdown of the subset described above as HTML; _Fallback otherwise."""
        out: list[str] = []
        at, end = 0, len(text)
        while at < end:
            found = _SPECIAL.search(text, at)
            if found is None:
                out.append(_text(text[at:]))
                break
            start = found.start()
            if start > at:
                out.append(_text(text[at:start]))
            char = text[start]
            if char == "\\":
                run = len(text) - start - len(text[start:].lstrip("\\"))
                if text[start + run:start + run + 1] == "`":
                    raise _Fallback  # backslashes before a backtick: code span rules
                if start + 1 == end:  # a backslash last is itself
                    out.append("\\")
                    break
                escaped = text[start + 1]
                out.append(_text(escaped if escaped in self.escaped else "\\"))
                at = start + (2 if escaped in self.escaped else 1)
            elif char == "`":
                if in_link:
                    raise _Fallback
                ticks = _BACKTICKS.match(text, start)
                assert ticks is not None
                width = len(ticks.group(0))
                close = next((m for m in _BACKTICKS.finditer(text, ticks.end())
                              if len(m.group(0)) == width), None)
                if close is None:
                    raise _Fallback
                out.append(f"<code>{_code(text[ticks.end():close.start()].strip())}</code>")
                at = close.end()
            elif char == "<":
                tag = _TAG.match(text, start)
                if tag is None:
                    raise _Fallback
                out.append(tag.group(0))
                at = tag.end()
            elif char == "*":
                note = _NOTE.match(text, start)
                if note is None:
                    raise _Fallback
                out.append(f"<em>{note.group(0)[1:-1]}</em>")
                at = note.end()
            elif char == "_":
                before, after = text[start - 1:start], text[start + 1:start + 2]
                if not (_WORD.match(before) and _WORD.match(after)):
                    raise _Fallback  # it might open or close emphasis
                out.append("_")
                at = start + 1
            elif char == "[":
                found_link = None if in_link or text[start - 1:start] == "!" else (
                    _LINK.match(text, start))
                if found_link is None:
                    raise _Fallback
                inner = self._inline(found_link.group(1), link, in_link=True)
                href = _attribute(link(found_link.group(2)))
                out.append(f'<a href="{href}">{inner}</a>')
                at = found_link.end()
            elif char == "!":
                if text[start + 1:start + 2] == "[":
                    raise _Fallback
                out.append("!")
                at = start + 1
            elif char == "]":
                out.append("]")
                at = start + 1
            else:  # braces (attr_list) and control characters
                raise _Fallback
        return "".join(out)

