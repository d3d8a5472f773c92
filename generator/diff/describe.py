"""One-line descriptions of changes, for people (the renderers add the object's name)."""

from __future__ import annotations

from typing import Any

from generator.diff.typechange import CHANGE, LOSSY, NARROW, WIDEN, type_change
from generator.names.identifiers import qualified

_TYPE_WORDS = {WIDEN: "widens", NARROW: "narrows", LOSSY: "may lose data", CHANGE: "other type"}
_FLAGS = {
    "nullable": ("NOT NULL dropped", "NOT NULL added"),
    "rls_enabled": ("row-level security enabled", "row-level security disabled"),
    "rls_forced": ("row-level security forced on the owner", "row-level security no longer "
                   "forced on the owner"),
    "security_definer": ("now SECURITY DEFINER", "no longer SECURITY DEFINER"),
    "validated": ("validated", "marked NOT VALID"),
    "unique": ("now unique", "no longer unique"),
    "unlogged": ("now UNLOGGED", "now logged"),
    "strict": ("now STRICT", "no longer STRICT"),
    "cycle": ("now cycles", "no longer cycles"),
    "not_null": ("now NOT NULL", "NOT NULL dropped"),
    "deferrable": ("now DEFERRABLE", "no longer DEFERRABLE"),
    "nulls_not_distinct": ("now NULLS NOT DISTINCT", "NULLS DISTINCT again"),
    "populated": ("populated", "not populated (WITH NO DATA)"),
    "permissive": ("now PERMISSIVE", "now RESTRICTIVE"),
}
_LABELS = {"rls_enabled": "row-level security", "rls_forced": "forced row-level security"}
SHORT = 80
# A reference as plain data (model.ObjectRef, model.ColumnRef): shown as its quoted name.
_REFERENCE_KEYS = (["schema", "name"], ["schema", "table", "column"])


def short(value: Any, limit: int = SHORT) -> str:
    """A value on one line, cut at `limit` characters."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        text = ", ".join(short(v, limit) for v in value) or "none"
    elif isinstance(value, dict) and list(value) in _REFERENCE_KEYS:
        text = qualified(*map(str, value.values()))
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {short(v, limit)}" for k, v in value.items()) or "none"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_long(value: Any) -> bool:
    """Whether a value is shown as a block (a definition or body) rather than inline."""
    return isinstance(value, str) and ("\n" in value.strip() or len(value) > SHORT)


def describe_change(attribute: str, before: Any, after: Any) -> str:
    """`type character varying(50) → character varying(100) (widens)` and the like."""
    if attribute in _FLAGS and isinstance(after, bool):
        on, off = _FLAGS[attribute]
        return on if after else off
    if attribute == "type" and isinstance(before, str) and isinstance(after, str):
        return f"type {before} → {after} ({_TYPE_WORDS[type_change(before, after)]})"
    if attribute == "values" and isinstance(before, list) and isinstance(after, list):
        return _describe_values(before, after)
    if attribute == "comment":
        return "comment added" if before is None else (
            "comment removed" if after is None else "comment changed")
    label = _LABELS.get(attribute, attribute.replace("_", " "))
    if is_long(before) or is_long(after):
        return f"{label} changed"
    if before is None:
        return f"{label} set to {short(after)}"
    if after is None:
        return f"{label} {short(before)} dropped"
    return f"{label} {short(before)} → {short(after)}"


def _describe_values(before: list[Any], after: list[Any]) -> str:
    parts = []
    added = [v for v in after if v not in before]
    removed = [v for v in before if v not in after]
    if added:
        parts.append("values added: " + ", ".join(map(str, added)))
    if removed:
        parts.append("values removed: " + ", ".join(map(str, removed)))
    kept_old = [v for v in before if v in after]
    kept_new = [v for v in after if v in before]
    if kept_old != kept_new:
        parts.append("values reordered: " + ", ".join(map(str, kept_new)))
    return "; ".join(parts) or "values changed"


def describe_object(kind: str, data: Any) -> str:
    """What an added or removed object is, in a few words."""
    if not isinstance(data, dict):
        return ""
    if kind in ("column", "view_column"):
        text = str(data.get("type", ""))
        if data.get("nullable") is False:
            text += " NOT NULL"
        if data.get("default") is not None:
            text += f" DEFAULT {short(data['default'], 40)}"
        return text
    if kind in ("table", "view", "materialized_view"):
        count = len(data.get("columns") or {})
        return f"{count} column{'s' if count != 1 else ''}"
    if kind == "constraint":
        return short(data.get("definition"))
    if kind == "index":
        return short(data.get("definition"))
    if kind == "function":
        return f"returns {short(data.get('returns'))}" if data.get("returns") else ""
    if kind == "type":
        return str(data.get("kind", ""))
    if kind == "extension":
        return f"version {data.get('version')}"
    return ""
