"""`--format markdown`: the pull-request comment (`templates/diff_comment.md.j2`).

A one-line verdict, counts per class, breaking and security changes first, one
collapsible section per schema, a Mermaid ER diagram of the changed tables, the volume
changes, and a hidden marker by which a workflow finds and edits its own comment.
GitHub refuses comments over 65,536 characters: past `BUDGET` the comment lists fewer
changes per section (down to none) and says so.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import jinja2

from generator import __version__
from generator.diff.describe import is_long, short
from generator.diff.impact import impact_summary
from generator.diff.mermaid import er_diagram
from generator.diff.model import (
    BREAKING,
    CHANGED,
    CLASSES,
    ICONS,
    SECURITY,
    Change,
    Diff,
    VolumeChange,
)
from generator.lint.engine import SEVERITY_ICONS, Finding
from generator.model import Snapshot
from generator.render.env import fence, fmt_bytes, fmt_int, make_environment, md_escape

MARKER = "<!-- schemadoc:schema-diff -->"
GITHUB_LIMIT = 65_536
BUDGET = 60_000
MINIMAL_TOP = 50  # breaking and security changes a comment without sections still lists
DIAGRAM_MIN_LIMIT = 100  # a summarised comment keeps its diagram down to this many rows
MAX_VOLUMES = 50
MAX_WARNINGS = 20
MAX_BLOCK_LINES = 60
MAX_LINT = 50  # lint findings the comment lists (a summarised comment lists fewer)
MINIMAL_LINT = 10


@cache
def _environment() -> jinja2.Environment:
    """The one environment (`render.env`), built once: it holds no state between renders."""
    return make_environment()


def github_code(value: object) -> str:
    """Inline code for GitHub: <code> around Markdown-escaped text.

    GitHub splits a table row at every unescaped pipe, even inside a backtick span (the
    pages' `code` filter writes spans, which Python-Markdown's tables keep whole);
    inside <code> the text is Markdown again, so the escapes of `md_escape` hold.
    """
    if value is None or value == "":
        return ""
    return f"<code>{md_escape(value)}</code>"


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One change as a list item: an escaped line and an optional diff block."""

    line: str
    block: str | None
    # the removals this change forced (views DROP ... CASCADE took), as lines
    caused: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SchemaSection:
    """The changes of one schema (extensions have none)."""

    title: str
    summary: str
    changes: list[ChangeView] = field(default_factory=list)
    hidden: int = 0


def change_view(change: Change, blocks: bool = True,
                caused: Sequence[Change] = ()) -> ChangeView:
    """The Markdown of one change; names, values and details escaped; `caused`: the
    removals it forced, listed under it."""
    kind = change.kind.replace("_", " ")
    classes = ", ".join(change.classes)
    detail = f": {md_escape(short(change.detail, 160))}" if change.detail else ""
    line = (f"{change.icon} **{change.action_words}** {kind} {github_code(change.path)}{detail} "
            f"· _{classes}_")
    if change.impact:
        line += f" — {impact_summary(change, github_code)}"
    block = None
    if blocks and change.action == CHANGED and (is_long(change.before) or is_long(change.after)):
        block = _text_diff(change)
    return ChangeView(line, block, [
        "dropped with it: " + change_view(c, False).line for c in caused])


def _text_diff(change: Change) -> str:
    before = str(change.before or "").splitlines()
    after = str(change.after or "").splitlines()
    lines = list(difflib.unified_diff(before, after, "OLD", "NEW", lineterm="", n=2))[2:]
    if len(lines) > MAX_BLOCK_LINES:
        lines = lines[:MAX_BLOCK_LINES] + [f"… {len(lines) - MAX_BLOCK_LINES} more lines"]
    return fence("\n".join(lines), "diff", indent=2)


def verdict(diff: Diff) -> str:
    """The first line of the comment."""
    total, counts = len(diff.changes), diff.counts()
    noun = f"{total:,} change{'s' if total != 1 else ''}"
    if diff.empty:
        extra = f"; {len(diff.volumes)} tables changed volume" if diff.volumes else ""
        return f"✅ **No schema changes**{extra}."
    if counts[BREAKING]:
        parts = [f"{counts[BREAKING]:,} breaking"]
        parts += [f"{counts[c]:,} {c}" for c in ("destructive", "security") if counts[c]]
        return f"💥 **{', '.join(parts)}** among {noun}."
    if counts[SECURITY]:
        return f"🔒 **{counts[SECURITY]:,} security** among {noun}; nothing breaking."
    return f"✅ **{noun}, none breaking.**"


def _forced(changes: Sequence[Change]) -> dict[str, list[Change]]:
    """The removals each change forced, by its path."""
    paths = {c.path for c in changes}
    found: dict[str, list[Change]] = {}
    for change in changes:
        if change.caused_by is not None and change.caused_by in paths:
            found.setdefault(change.caused_by, []).append(change)
    return found


def _sections(changes: Iterable[Change], limit: int | None,
              forced: dict[str, list[Change]]) -> list[SchemaSection]:
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.schema or "", []).append(change)
    sections = []
    for schema, items in sorted(grouped.items()):
        counts = [f"{sum(cls in c.classes for c in items)} {ICONS[cls]}" for cls in CLASSES
                  if any(cls in c.classes for c in items)]
        title = schema if schema else "extensions"
        summary = f"{len(items):,} change{'s' if len(items) != 1 else ''}: {', '.join(counts)}"
        shown = items if limit is None else items[:limit]
        sections.append(SchemaSection(title, summary,
                                      [change_view(c, limit is None, forced.get(c.path, ()))
                                       for c in shown],
                                      len(items) - len(shown)))
    return sections


def lint_line(finding: Finding) -> str:
    """One introduced lint finding as an escaped list item."""
    return (f"{SEVERITY_ICONS.get(finding.severity, '')} **{finding.severity}** "
            f"{github_code(finding.rule)} {github_code(finding.object)}: "
            f"{md_escape(short(finding.message, 200))}")


def _volume_rows(volumes: Iterable[VolumeChange]) -> list[list[str]]:
    rows = []
    for v in volumes:
        pct = "" if v.rows_change_pct is None else f" ({v.rows_change_pct:+.1f}%)"
        bpct = "" if v.bytes_change_pct is None else f" ({v.bytes_change_pct:+.1f}%)"
        delta = "–" if v.rows_change is None else f"{v.rows_change:+,}"
        bdelta = "–" if v.bytes_change is None else (
            ("+" if v.bytes_change >= 0 else "-") + fmt_bytes(abs(v.bytes_change)))
        rows.append([github_code(v.path), fmt_int(v.rows_before), fmt_int(v.rows_after),
                     delta + pct, fmt_bytes(v.bytes_before), fmt_bytes(v.bytes_after),
                     bdelta + bpct, v.rows_source])
    return rows


def _side(diff: Diff, which: str) -> str:
    info = diff.old if which == "old" else diff.new
    version = info.server_version.split()[0] if info.server_version else "?"
    return f"{info.source} ({info.database}, PostgreSQL {version})"


def _render(diff: Diff, new: Snapshot | None, limit: int | None, minimal: bool,
            lint: Sequence[Finding] | None = None) -> str:
    forced = _forced(diff.changes)
    paths = {c.path for c in diff.changes}
    # a removal another change forced is listed under that change, not on its own
    ordered = sorted((c for c in diff.changes if c.caused_by not in paths),
                     key=lambda c: (c.schema or "", c.path))
    top = [c for c in ordered if BREAKING in c.classes or SECURITY in c.classes]
    top_shown = top if limit is None else top[:MINIMAL_TOP if minimal else limit]
    with_diagram = new is not None and (limit is None or limit >= DIAGRAM_MIN_LIMIT)
    diagram = er_diagram(ordered, new) if new is not None and with_diagram else None
    sections = [] if minimal else _sections(ordered, limit, forced)
    summarised = minimal or len(top_shown) < len(top) or any(s.hidden for s in sections)
    lint_cap = MAX_LINT if limit is None else MINIMAL_LINT if minimal else min(MAX_LINT, limit)
    lint_shown = list(lint or ())[:lint_cap]
    return _environment().get_template("diff_comment.md.j2").render(
        marker=MARKER,
        verdict=verdict(diff),
        counts=[(ICONS[c], c, f"{n:,}") for c, n in diff.counts().items()],
        empty=diff.empty,
        warnings=[short(w, 300) for w in diff.warnings[:MAX_WARNINGS]],
        more_warnings=max(0, len(diff.warnings) - MAX_WARNINGS),
        top=[change_view(c, limit is None, forced.get(c.path, ())) for c in top_shown],
        top_hidden=len(top) - len(top_shown),
        sections=sections,
        diagram=diagram,
        volumes=_volume_rows(diff.volumes[:MAX_VOLUMES]),
        more_volumes=max(0, len(diff.volumes) - MAX_VOLUMES),
        summarised=summarised,
        lint=None if lint is None else [lint_line(f) for f in lint_shown],
        lint_hidden=0 if lint is None else len(lint) - len(lint_shown),
        old=_side(diff, "old"),
        new=_side(diff, "new"),
        version=__version__,
    )


def render_markdown(diff: Diff, new: Snapshot | None = None,
                    lint: Sequence[Finding] | None = None) -> str:
    """The comment, at most `BUDGET` characters; `new` (if given) feeds the ER diagram;
    `lint` (if given) are the lint findings the change introduces (`lint.compare`), listed
    in a section of their own, which says "none" when the list is empty.

    Too long in full, it is rendered again listing at most `limit` changes per list,
    the limit scaled down by how much the last attempt overshot.
    """
    text = _render(diff, new, None, minimal=False, lint=lint)
    limit = max(len(diff.changes), len(lint or ()))
    for _ in range(10):
        if len(text) <= BUDGET or limit == 0:
            break
        limit = max(0, min(limit - 1, int(limit * BUDGET * 0.95 / len(text))))
        text = _render(diff, new, limit, minimal=False, lint=lint)
    if len(text) > BUDGET:
        text = _render(diff, None, 0, minimal=True, lint=lint)  # no sections: counts and the worst
    if len(text) > BUDGET:  # only absurdly many or long warnings could get here
        text = text[:BUDGET].rsplit("\n", 1)[0] + "\n\n_(cut to fit GitHub's limit)_\n"
    return text
