"""`--format markdown`: the pull-request comment (`templates/diff_comment.md.j2`).

A one-line verdict, counts per class, breaking and security changes first, one
collapsible section per schema, a Mermaid ER diagram of the changed tables, the volume
changes, and a hidden marker by which a workflow finds and edits its own comment.
The view data holds every name and detail raw; the template escapes each for GitHub
(`github_code`, `md_escape`, `html`) where it enters the comment.

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
from generator.diff.impact import ImpactSummary, impact_of
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
    class_counts,
)
from generator.lint.engine import SEVERITY_ICONS, Finding
from generator.model import Snapshot
from generator.render.env import fmt_bytes, make_environment

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


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One change as a list item (`change_line` in the template), its texts raw; `block`:
    the unified diff of a long before/after text, if shown."""

    icon: str
    action_words: str
    kind: str
    path: str
    detail: str | None
    classes: tuple[str, ...]
    impact: ImpactSummary | None
    block: str | None
    # the removals this change forced (views DROP ... CASCADE took)
    caused: list[ChangeView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class LintItem:
    """One lint finding the change introduces, its texts raw."""

    icon: str
    severity: str
    rule: str
    target: str
    message: str


@dataclass(frozen=True, slots=True)
class VolumeRow:
    """One table's line of the volume changes; `rows_change`, `bytes_change`: signed
    figures with their percentage, or an en dash."""

    path: str
    rows_before: int | None
    rows_after: int | None
    rows_change: str
    bytes_before: int | None
    bytes_after: int | None
    bytes_change: str
    rows_source: str


@dataclass(slots=True)
class SchemaSection:
    """The changes of one schema (extensions have none)."""

    title: str
    summary: str
    changes: list[ChangeView] = field(default_factory=list)
    hidden: int = 0


def change_view(change: Change, blocks: bool = True,
                caused: Sequence[Change] = ()) -> ChangeView:
    """One change as the comment lists it; `caused`: the removals it forced, listed
    under it."""
    block = None
    if blocks and change.action == CHANGED and (is_long(change.before) or is_long(change.after)):
        block = _text_diff(change)
    return ChangeView(change.icon, change.action_words, change.kind.replace("_", " "),
                      change.path, short(change.detail, 160) if change.detail else None,
                      tuple(change.classes), impact_of(change) if change.impact else None,
                      block, [change_view(c, False) for c in caused])


def _text_diff(change: Change) -> str:
    before = str(change.before or "").splitlines()
    after = str(change.after or "").splitlines()
    lines = list(difflib.unified_diff(before, after, "OLD", "NEW", lineterm="", n=2))[2:]
    if len(lines) > MAX_BLOCK_LINES:
        lines = lines[:MAX_BLOCK_LINES] + [f"… {len(lines) - MAX_BLOCK_LINES} more lines"]
    return "\n".join(lines)


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


def lint_item(finding: Finding) -> LintItem:
    """One introduced lint finding, its message shortened."""
    return LintItem(SEVERITY_ICONS.get(finding.severity, ""), finding.severity, finding.rule,
                    finding.object, short(finding.message, 200))


def _volume_rows(volumes: Iterable[VolumeChange]) -> list[VolumeRow]:
    rows = []
    for v in volumes:
        pct = "" if v.rows_change_pct is None else f" ({v.rows_change_pct:+.1f}%)"
        bpct = "" if v.bytes_change_pct is None else f" ({v.bytes_change_pct:+.1f}%)"
        delta = "–" if v.rows_change is None else f"{v.rows_change:+,}"
        bdelta = "–" if v.bytes_change is None else (
            ("+" if v.bytes_change >= 0 else "-") + fmt_bytes(abs(v.bytes_change)))
        rows.append(VolumeRow(v.path, v.rows_before, v.rows_after, delta + pct,
                              v.bytes_before, v.bytes_after, bdelta + bpct, v.rows_source))
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
        counts=class_counts(diff.counts()),
        by_class=diff.counts(),
        total=len(diff.changes),
        volume_count=len(diff.volumes),
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
        lint=None if lint is None else [lint_item(f) for f in lint_shown],
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
