"""Texts too long for their table cell (comments, definitions), gathered per table of a
page: the cell shows an excerpt (`cell`, `cell_code` in env.py) and the template shows
each text in full under its table (`in_full` in templates/_macros.md.j2), as HTML that
Markdown does not parse, so a 1 MB comment costs MkDocs no more than a short one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from generator.render.env import is_long

__all__ = ["LongText", "long_texts"]


@dataclass(frozen=True, slots=True)
class LongText:
    """One long text: whose (`kind` `name`), which (`what`) and whether it is SQL."""

    kind: str
    name: str
    what: str
    text: str
    sql: bool


def long_texts(kind: str, rows: Iterable[tuple[str, Mapping[str, str | None]]],
               sql: Collection[str] = ()) -> list[LongText]:
    """The long texts among rows of (name, {what: text}), in row order; `sql` names the
    fields that hold SQL."""
    return [LongText(kind, name, what, text, what in sql)
            for name, fields in rows for what, text in fields.items()
            if text is not None and is_long(text)]
