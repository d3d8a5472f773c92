"""How the model's quantities read for people: counts and sizes, the same on the pages,
in the PR comment, in `schemadoc diff` and in the terminal summaries."""

from __future__ import annotations

__all__ = ["fmt_bytes", "fmt_int"]


def fmt_int(value: int | None) -> str:
    """1234567 -> 1,234,567; None -> an en dash."""
    return "–" if value is None else f"{value:,}"


def fmt_bytes(value: int | None) -> str:
    """A size for people: 0 B, 8.0 kB, 1.2 MB (powers of 1024, as PostgreSQL's pg_size_pretty)."""
    if value is None:
        return "–"
    size, units = float(value), ["B", "kB", "MB", "GB", "TB", "PB"]
    while size >= 1024 and len(units) > 1:
        size /= 1024
        units.pop(0)
    unit = units[0]
    return f"{value} B" if unit == "B" else f"{size:.1f} {unit}"
