"""Names as text: written as PostgreSQL quotes identifiers, and read back the same way.

A reference between objects is (schema, name[, column]) in the model, never a dotted
string: names may hold dots, quotes, spaces and capitals. Where a reference must become
text (a page, a diagram's tooltip, a message, a key), each part is written on its own:
bare when it is a plain lower-case identifier, else in double quotes with its quotes
doubled (PostgreSQL's quote_identifier() rule), so `"a.b".c` and `a."b.c"` stay apart.
Keywords are left bare: the text names one object unambiguously; it is not SQL to run.

schemadoc.yml names objects in that form too (`parse_name`): dot-separated parts, each
either double-quoted (taken exactly: dots, spaces, capitals and glob characters are
part of the name) or bare (taken as written, capitals included, unlike SQL, which
would fold them; in patterns `*`, `?` and `[...]` are globs). Where bare parts hold
more dots than the object needs parts (`a.b.c` for a table), every way of reading them
is kept (`Name.readings`) and the snapshot decides (see config/refs.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

__all__ = ["BadName", "Name", "Segment", "parse_name", "qualified", "quote_ident"]

# quote_identifier() in PostgreSQL's ruleutils.c: a-z, digits and underscores, not
# starting with a digit.
_PLAIN = re.compile(r"[a-z_][a-z0-9_]*")
_GLOB = re.compile(r"([*?\[])")
# A part may not be longer than this many dots allow readings of (guards the
# combinations below against a name of a thousand dots).
MAX_SEGMENTS = 16


@lru_cache(maxsize=1 << 14)
def quote_ident(name: str) -> str:
    """The name bare when it is a plain lower-case identifier, else double-quoted with
    its quotes doubled."""
    if _PLAIN.fullmatch(name):
        return name
    return '"' + name.replace('"', '""') + '"'


def qualified(*names: str) -> str:
    """schema.name[.column] with each part quoted on its own: `"a.b".c`, `a."b.c"`."""
    return ".".join(map(quote_ident, names))


class BadName(ValueError):
    """Text that is not a name in the quoted-identifier form; the message says why."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One dot-separated part as written: its text (quotes removed) and whether it was
    quoted."""

    text: str
    quoted: bool


@dataclass(frozen=True, slots=True)
class Name:
    """A name as written in schemadoc.yml, split at the dots outside quotes."""

    written: str
    segments: tuple[Segment, ...]

    def readings(self, parts: int, glob: bool = False) -> tuple[tuple[str, ...], ...]:
        """Every way to read the name as `parts` names: bare segments next to each
        other may be one name holding dots; a quoted segment is a name on its own.

        With `glob`, each name is an fnmatch pattern: glob characters of quoted
        segments are escaped, so they match only themselves.
        """
        count = len(self.segments)
        if count < parts or count > MAX_SEGMENTS:
            return ()
        texts = [_escape(s.text) if glob and s.quoted else s.text for s in self.segments]
        found = []
        for cuts in combinations(range(1, count), parts - 1):
            bounds = (0, *cuts, count)
            groups = [range(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
            if any(len(g) > 1 and any(self.segments[i].quoted for i in g) for g in groups):
                continue
            found.append(tuple(".".join(texts[i] for i in g) for g in groups))
        return tuple(found)

    def pairs(self, glob: bool = False) -> tuple[tuple[str, str], ...]:
        """`readings(2)`: every (schema, name) the name can stand for."""
        return tuple((schema, name) for schema, name in self.readings(2, glob))

    def exact(self, parts: int) -> tuple[str, ...] | None:
        """The one reading as `parts` names, or None when there are several or none."""
        found = self.readings(parts)
        return found[0] if len(found) == 1 else None

    def has_glob(self) -> bool:
        """Whether a bare segment holds a glob character."""
        return any(not s.quoted and _GLOB.search(s.text) for s in self.segments)

    def __str__(self) -> str:
        return self.written


def _escape(text: str) -> str:
    """`text` as an fnmatch pattern that matches only itself."""
    return _GLOB.sub(r"[\1]", text)


@lru_cache(maxsize=1 << 12)
def parse_name(text: str) -> Name:
    """Read `part.part...`, each part bare (no dot, quote or blank) or `"quoted"` (a
    quote inside doubled); raise BadName saying what is wrong."""
    segments: list[Segment] = []
    i, end = 0, len(text)
    while True:
        if i < end and text[i] == '"':
            close = i + 1
            while True:
                close = text.find('"', close)
                if close < 0:
                    raise BadName(f"{text!r} has a quote that is not closed")
                if text.startswith('""', close):
                    close += 2
                    continue
                break
            inner = text[i + 1 : close].replace('""', '"')
            if not inner:
                raise BadName(f'{text!r} holds an empty quoted name ""')
            segments.append(Segment(inner, True))
            i = close + 1
        else:
            stop = i
            while stop < end and text[stop] not in '."' and not text[stop].isspace():
                stop += 1
            if stop == i:
                raise BadName(_empty_part(text, i))
            segments.append(Segment(text[i:stop], False))
            i = stop
        if i == end:
            return Name(text, tuple(segments))
        if text[i] != ".":
            raise BadName(_misplaced(text, i))
        i += 1


def _empty_part(text: str, at: int) -> str:
    if at < len(text) and text[at].isspace():
        return _misplaced(text, at)
    return f"{text!r} has an empty part at position {at + 1} (two dots, or a dot at an end)"


def _misplaced(text: str, at: int) -> str:
    what = "a blank" if text[at].isspace() else repr(text[at])
    return (f"{text!r} holds {what} at position {at + 1} outside double quotes; quote the "
            'name that holds it ("my table", "a.b")')
