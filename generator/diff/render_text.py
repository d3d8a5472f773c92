"""`--format text`: the diff for a terminal, coloured on a TTY and plain otherwise."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from generator.diff.describe import short
from generator.diff.impact import impact_summary
from generator.diff.model import (
    ADDED,
    CLASSES,
    POSSIBLE_RENAME,
    REMOVED,
    RENAMED,
    Change,
    Diff,
    VolumeChange,
)
from generator.model.units import fmt_bytes, fmt_int
from generator.names.visible import visible

STYLES = {
    "breaking": "bold red", "destructive": "red", "security": "magenta", "additive": "green",
    "compatible": "yellow", "cosmetic": "dim",
}
MARKS = {ADDED: "+", REMOVED: "-", RENAMED: ">", POSSIBLE_RENAME: "?"}


def render_text(diff: Diff, color: bool = False) -> str:
    """The diff as terminal text; ANSI colours only when `color`. Characters a terminal
    would act on or hide (an escape sequence, a carriage return, a bidirectional
    override) are shown as escapes (`generator.names.visible`)."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, highlight=False,
                      soft_wrap=True, width=120, color_system="standard" if color else None)
    console.print(Text(f"schemadoc diff: {_side(diff, 'old')} -> {_side(diff, 'new')}"))
    console.print(summary_line(diff))
    for warning in diff.warnings:
        console.print(Text("warning: " + visible(warning), style="yellow"))
    paths = {c.path for c in diff.changes}
    caused: dict[str, list[Change]] = {}
    for change in diff.changes:
        if change.caused_by in paths:
            caused.setdefault(change.caused_by or "", []).append(change)
    for change in sorted(diff.changes, key=lambda c: (c.severity, c.schema or "", c.path)):
        if change.caused_by in paths:
            continue  # shown under the change that forced it
        console.print(change_line(change))
        if change.impact:
            console.print(Text(f"    {visible(impact_summary(change))}", style="yellow"))
        for forced in caused.get(change.path, []):
            console.print(Text("    ").append(change_line(forced)).append(" (dropped with it)"))
    if diff.volumes:
        console.print(Text("\nvolume changes", style="bold"))
        for volume in diff.volumes:
            console.print(Text("  " + visible(volume_line(volume))))
    return buffer.getvalue()


def _side(diff: Diff, which: str) -> str:
    info = diff.old if which == "old" else diff.new
    version = info.server_version.split()[0]
    return f"{visible(info.source)} ({visible(info.database)}, PostgreSQL {version})"


def summary_line(diff: Diff) -> Text:
    """`3 changes: 1 breaking, 2 additive` (or `no structural changes`)."""
    if diff.empty:
        return Text("no structural changes", style="green")
    text = Text(f"{len(diff.changes)} change{'s' if len(diff.changes) != 1 else ''}: ")
    parts = [(f"{n} {cls}", STYLES[cls]) for cls, n in diff.counts().items() if n]
    for i, (part, style) in enumerate(parts):
        text.append(part, style=style)
        if i < len(parts) - 1:
            text.append(", ")
    return text


def change_line(change: Change) -> Text:
    """`~ column marketing.company.email: type text -> integer [breaking]`."""
    mark = MARKS.get(change.action, "~")
    style = STYLES[CLASSES[min(change.severity, len(CLASSES) - 1)]]
    text = Text(f"{mark} ", style=style)
    text.append(f"{change.kind.replace('_', ' ')} {visible(change.path)}", style="bold")
    detail = change.detail or change.action
    if change.action in (ADDED, REMOVED):
        detail = change.action + (f" ({detail})" if change.detail else "")
    text.append(f": {short(visible(detail), 160)} ")
    text.append(f"[{', '.join(change.classes)}]", style=style)
    return text


def volume_line(volume: VolumeChange) -> str:
    """`marketing.events: rows 1,000 -> 25,000 (+2400.0%), size 8.0 kB -> 2.1 MB`."""
    rows = f"rows {fmt_int(volume.rows_before)} -> {fmt_int(volume.rows_after)}"
    if volume.rows_change_pct is not None:
        rows += f" ({volume.rows_change_pct:+.1f}%)"
    size = f"size {fmt_bytes(volume.bytes_before)} -> {fmt_bytes(volume.bytes_after)}"
    if volume.bytes_change_pct is not None:
        size += f" ({volume.bytes_change_pct:+.1f}%)"
    return f"{volume.path}: {rows}, {size} [{volume.rows_source}]"
