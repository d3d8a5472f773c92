"""Characters a reader cannot see, shown as escapes: the one rule every output uses.

A name (or comment) may hold characters that print as nothing or move the text around
them: control characters (a carriage return, an escape sequence, a tab, a newline),
format characters (zero-width spaces and joiners, the soft hyphen, bidirectional
embeddings, overrides and isolates such as U+202E, the byte order mark), line and
paragraph separators and spaces other than the plain one. Shown raw, `tmp<U+202E>sredro`
reads as `tmporders` and a tab looks like a blank, so one name can pass for another.
Every output (pages, page titles, navigation, search, SVG and Mermaid diagrams, the PR
comment, the terminal) shows each of them as its Python-style escape (`\\u202e`, `\\t`,
`\\x1b`), through `visible`; pages mark the escape in its own style (`mark`). Ordinary
letters of any script (`é`, `日本`) are shown as they are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

__all__ = ["LAYOUT", "escape_of", "hidden", "visible"]

# Control, format (zero-width, bidirectional), private-use, unassigned and surrogate
# characters, line and paragraph separators, and every space but the plain one: exactly
# what str.isprintable() calls not printable, which is the fast test for "none here".
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp", "Zs"})
# Line breaks and tabs in free text (a comment, a definition) lay it out: each output
# keeps them as it shows layout; in a name they are escaped like the rest.
LAYOUT = frozenset("\n\r\t")
_WITHOUT_LAYOUT = dict.fromkeys(map(ord, LAYOUT))


def hidden(char: str) -> bool:
    """Whether a character is one a reader cannot see or that moves the text around."""
    return char != " " and unicodedata.category(char) in _HIDDEN_CATEGORIES


@lru_cache(maxsize=256)
def escape_of(char: str) -> str:
    """A hidden character's escape, as Python writes it: `\\u202e`, `\\t`, `\\x1b`."""
    return char.encode("unicode_escape").decode("ascii")


def visible(text: str, layout: bool = False,
            mark: Callable[[str], str] | None = None) -> str:
    """`text` with every hidden character written as its escape (`mark(escape)` when
    given, e.g. to style it on a page); with `layout`, line breaks and tabs are kept."""
    if text.isprintable() or (layout and text.translate(_WITHOUT_LAYOUT).isprintable()):
        return text  # the common case, checked in C: a 1 MB comment costs milliseconds
    wrap = mark or str
    return "".join(
        wrap(escape_of(char)) if hidden(char) and not (layout and char in LAYOUT) else char
        for char in text
    )
