"""One description per object, in the reader's words.

An object may have a catalog comment and a description in the configuration. A reader
wants to be told once: when the two say the same, or one holds the other, the fuller
one is shown; only when they differ are both shown, the team's description first,
neither labelled with where it came from (a reader does not care which file it was in).

Lists show a comment's start; `brief_cell` ends it at a word and keeps the whole text
(up to `TITLE_LIMIT` characters) in the cell's title, shown on hover; the object's
own page, which the row links to, shows it whole.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

from generator.names.visible import visible
from generator.render.env import brief, cell, md_inline, md_text

__all__ = ["TITLE_LIMIT", "Shown", "brief_cell", "described", "one_description"]

# Markup a description may carry that says nothing about its meaning.
_MARKUP = re.compile(r"[`*_\[\]>#]")
_BLANKS = re.compile(r"\s+")
# The longest text a title attribute repeats: lists of thousands of tables stay small.
TITLE_LIMIT = 500


def _words(text: str) -> str:
    """The text as compared: no markup, blanks collapsed, case and closing dots ignored."""
    return _BLANKS.sub(" ", _MARKUP.sub("", text)).strip().rstrip(".:;, ").casefold()


class Shown(NamedTuple):
    """The catalog comment and the configuration's description an object shows; None for
    one that is not shown."""

    comment: str | None
    description: str | None


def one_description(comment: str | None, description: str | None) -> Shown:
    """The comment and description to show: the fuller one alone where one holds the
    other, both where they differ, None for what is not shown."""
    if not comment or not comment.strip() or not description or not description.strip():
        return Shown(comment or None, description or None)
    said, written = _words(comment), _words(description)
    if written in said:
        return Shown(comment, None)
    if said in written:
        return Shown(None, description)
    return Shown(comment, description)


def described(comment: object, description: object = None) -> str:
    """A table cell with the object's one description (see `one_description`): the
    configuration's Markdown as written, the catalog's comment escaped."""
    shown_comment, shown_description = one_description(
        None if comment is None else str(comment),
        None if description is None else str(description))
    if not shown_description:
        return cell(shown_comment)
    if not shown_comment:
        return md_inline(shown_description)
    return f"{md_inline(shown_description)}<br>{cell(shown_comment)}"


def brief_cell(value: object, length: int = 160) -> str:
    """A comment's start for a list's cell, ending at a word; the whole text (up to
    TITLE_LIMIT characters) on hover. Escaped for Markdown and HTML."""
    if value is None or len(str(value)) <= length:
        return md_text(value)  # whole: its line breaks kept
    text = " ".join(str(value).split())
    short = brief(text, length)
    if short == text:
        return md_text(text)
    whole = text if len(text) <= TITLE_LIMIT else brief(text, TITLE_LIMIT)
    # In a title attribute nothing is Markdown; a pipe would still end the table cell.
    # Hidden characters show as escapes there too (no styling inside an attribute).
    title = html.escape(visible(whole), quote=True).replace("|", "&#124;")
    return f'<span title="{title}">{md_text(short)}</span>'
