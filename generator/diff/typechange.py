"""Whether a column type change widens, narrows, or loses data.

Types are compared as PostgreSQL's `format_type()` prints them (`character varying(255)`,
`numeric(12,2)`, `timestamp(3) with time zone`, `integer[]`). A change not listed here
is simply a change of type: clients reading or writing the column may break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WIDEN = "widen"  # every old value fits, unchanged
NARROW = "narrow"  # some old values no longer fit: the ALTER fails or writes are refused
LOSSY = "lossy"  # old values are converted with loss (rounded, truncated, cut to a date)
CHANGE = "change"  # another type

_TYPE = re.compile(
    r"^(?P<base>[^(\[]+)(?:\((?P<params>[^)]*)\))?(?P<rest>[^(\[]*)(?P<arrays>(\[\])*)$"
)

_INTEGERS = {"smallint": (1, 5), "integer": (2, 10), "bigint": (3, 19)}  # rank, digits
_LENGTH_TYPES = {"character varying", "character", "bit varying", "bit"}
_PRECISION_TYPES = {"timestamp", "time", "interval"}
_FLOATS = {"real": 1, "double precision": 2}


@dataclass(frozen=True, slots=True)
class SqlType:
    """A type split into its name, modifiers and array dimensions."""

    base: str
    params: tuple[int, ...]
    arrays: int


def parse_type(text: str) -> SqlType:
    """`timestamp(3) with time zone[]` -> base `timestamp with time zone`, params (3,), 1 dim."""
    match = _TYPE.match(text.strip())
    if match is None:
        return SqlType(text, (), 0)
    base = (match["base"].strip() + " " + match["rest"].strip()).strip()
    params: tuple[int, ...] = ()
    if match["params"]:
        try:
            params = tuple(int(p) for p in match["params"].split(","))
        except ValueError:
            base, params = text, ()
    return SqlType(base, params, len(match["arrays"]) // 2)


def type_change(before: str, after: str) -> str:
    """WIDEN, NARROW, LOSSY or CHANGE for a column going from type `before` to `after`."""
    old, new = parse_type(before), parse_type(after)
    if old.arrays != new.arrays:
        return CHANGE
    if old.base == new.base:
        return _same_base(old, new)
    return _cross_base(old, new)


def _family(base: str) -> str:
    for name in _PRECISION_TYPES:
        if base == name or base.startswith(name + " "):
            return name
    return base


def _same_base(old: SqlType, new: SqlType) -> str:
    if old.params == new.params:
        return CHANGE  # same text after normalisation would not be reported at all
    if old.base == "numeric":
        return _numeric(old.params, new.params)
    if old.base in _LENGTH_TYPES:
        return _bounded(old.params, new.params, shorter=NARROW)
    if _family(old.base) in _PRECISION_TYPES:
        return _bounded(old.params, new.params, shorter=LOSSY)
    return CHANGE


def _bounded(old: tuple[int, ...], new: tuple[int, ...], shorter: str) -> str:
    """A single length/precision modifier: none means unbounded (or the type's maximum)."""
    if not new:
        return WIDEN
    if not old:
        return shorter
    return WIDEN if new[0] >= old[0] else shorter


def _numeric(old: tuple[int, ...], new: tuple[int, ...]) -> str:
    if not new:
        return WIDEN
    if not old:
        return LOSSY
    old_p, old_s = old[0], old[1] if len(old) > 1 else 0
    new_p, new_s = new[0], new[1] if len(new) > 1 else 0
    if new_s < old_s:
        return LOSSY
    return WIDEN if new_p - new_s >= old_p - old_s else NARROW


def _cross_base(old: SqlType, new: SqlType) -> str:
    a, b = old.base, new.base
    if a in _INTEGERS and b in _INTEGERS:
        return WIDEN if _INTEGERS[b][0] > _INTEGERS[a][0] else NARROW
    if a in _INTEGERS and b == "numeric":
        if not new.params:
            return WIDEN
        p, s = new.params[0], new.params[1] if len(new.params) > 1 else 0
        return WIDEN if p - s >= _INTEGERS[a][1] else NARROW
    if a in _FLOATS and b in _FLOATS:
        return WIDEN if _FLOATS[b] > _FLOATS[a] else LOSSY
    if a in ("numeric", *_FLOATS) and b in _INTEGERS:
        return LOSSY
    if a in ("smallint", "integer") and b == "double precision":
        return WIDEN
    if a in ("character varying", "character") and b in ("text", "character varying"):
        return WIDEN if not new.params else _bounded(old.params, new.params, NARROW)
    if a == "text" and b == "character varying":
        return NARROW if new.params else WIDEN
    if _family(a) == "timestamp" and b == "date":
        return LOSSY
    if a == "date" and _family(b) == "timestamp":
        return WIDEN
    return CHANGE
