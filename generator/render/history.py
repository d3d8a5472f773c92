"""The Changelog page: the schema history, newest first, and volume trends as SVG charts.

    read_history(path) -> render_changelog(entries, link) -> Markdown (changelog.md.j2)
                                                    └──> trend_chart.svg.j2 (inline SVG)

The charts are drawn at build time, no JavaScript: plain line charts, one polyline per
series, stroked in `currentColor` so they follow the site's light or dark theme, and
each wrapped in `<div class="schemadoc-chart" markdown="0">` so Markdown leaves them be.
The view data holds every name raw; the templates escape each where it enters the
output: `md_escape`/`code` in Markdown, XML escaping (Jinja autoescape) in SVG.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from jinja2 import Environment

from generator.diff.history import Entry, rows_over_time
from generator.diff.model import BREAKING, SECURITY, Change, ClassCount, class_counts
from generator.names.identifiers import qualified
from generator.render.crumbs import Crumbs
from generator.render.env import fmt_int, make_environment

__all__ = ["Chart", "ChangeLine", "EntryView", "Growth", "GrowthRow", "Series",
           "render_changelog", "trend_chart"]

Link = Callable[[str, str], "str | None"]

RELATION_KINDS = frozenset({"table", "view", "materialized_view"})
MAX_CHANGES = 200  # per entry; the rest are counted (`schemadoc diff` lists them all)
MAX_SCHEMAS = 8  # series in the rows-per-schema chart
TOP_TABLES = 5  # series in the fastest-growing chart
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 5", "10 4", "4 2 1 2", "3 6")

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 180, 16, 40


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a chart: a name and its (x, y) points, x in any increasing unit."""

    name: str
    points: tuple[tuple[float, int], ...]


class XLabels(NamedTuple):
    """The labels under both ends of a chart's x axis: its first and last moment."""

    first: str
    last: str


@dataclass(frozen=True, slots=True)
class Chart:
    """A line chart to draw: title, y-axis label, x-axis end labels, series."""

    title: str
    y_label: str
    x_labels: XLabels
    series: tuple[Series, ...]


class Point(NamedTuple):
    """A point of a drawn chart, in SVG units."""

    x: float
    y: float


class Tick(NamedTuple):
    """A mark of the y axis: where it is drawn and its label."""

    y: float
    label: str


@dataclass(slots=True)
class ChartLine:
    """One series as drawn: its polyline, where it ends, and where its label goes."""

    name: str
    dash: str
    points: str
    end: Point | None
    latest: str
    label_y: float = 0.0


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One change of a Changelog entry, its texts raw; `url`: its table's or view's page."""

    icon: str
    action_words: str
    kind: str
    path: str
    url: str | None
    detail: str | None
    classes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntryView:
    """One Changelog entry: when, what changed (the first `MAX_CHANGES`), how much."""

    when: str
    database: str
    baseline: bool
    counts: list[ClassCount]
    changes: list[ChangeLine] = field(default_factory=list)
    more: int = 0
    tables: int = 0
    schemas: int = 0


class Growth(NamedTuple):
    """A table's rows at their first known count and at their latest."""

    schema: str
    table: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class GrowthRow:
    """A line of the fastest-growing table: the table's name (raw), its page, figures."""

    table: str
    url: str | None
    first: int
    last: int

    @property
    def grown(self) -> int:
        return self.last - self.first


# ---- the page ---------------------------------------------------------------------------

@cache
def _svg_env() -> Environment:
    """The one environment (`render.env`), which autoescapes `*.svg.j2` templates."""
    return make_environment()


def _when(date: str) -> str:
    """`2026-11-27 05:07 UTC` from an ISO date; anything else as it is."""
    try:
        moment = datetime.fromisoformat(date)
    except ValueError:
        return date
    zone = moment.tzname() or ""
    return moment.strftime("%Y-%m-%d %H:%M") + (f" {zone}" if zone else "")


def _first_rank(change: Change) -> tuple[int, int]:
    # Breaking first, then security, then the rest by their most severe class.
    if BREAKING in change.classes:
        return 0, change.severity
    if SECURITY in change.classes:
        return 1, change.severity
    return 2, change.severity


def _target(change: Change) -> tuple[str, str] | None:
    """The (schema, relation) whose page a change links to, if any."""
    if change.schema is None:
        return None
    if change.kind in RELATION_KINDS:
        return None if change.action == "removed" else (change.schema, change.name)
    if change.relation:
        return change.schema, change.relation
    return None


def _change_line(change: Change, link: Link) -> ChangeLine:
    target = _target(change)
    url = link(*target) if target else None
    return ChangeLine(change.icon, change.action_words, change.kind.replace("_", " "),
                      change.path, safe_url(url) if url else None, change.detail or None,
                      tuple(change.classes))


def safe_url(url: str) -> str:
    """A link target Markdown cannot misread: blanks, brackets, parentheses, & encoded."""
    return quote(url, safe=":/?#@!$'*+,;=%~.-_")


def _entry_view(entry: Entry, link: Link) -> EntryView:
    ordered = sorted(entry.changes, key=_first_rank)  # stable: keeps the diff's order
    return EntryView(
        when=_when(entry.date),
        database=entry.database,
        baseline=entry.baseline,
        counts=[c for c in class_counts(entry.counts()) if c.count],
        changes=[_change_line(c, link) for c in ordered[:MAX_CHANGES]],
        more=max(0, len(ordered) - MAX_CHANGES),
        tables=sum(v.tables for v in entry.schemas.values()),
        schemas=len(entry.schemas),
    )


def render_changelog(history: Sequence[Entry], link: Link,
                     templates: Path | None = None, crumbs: Crumbs | None = None) -> str:
    """The Changelog page (Markdown): entries newest first, then the volume trends.

    `history` is `read_history(path)` (oldest first); `link(schema, table)` gives the
    URL of a table's or view's page relative to the changelog page, or None when it has
    none (the object was dropped or is excluded). `templates` is the user's template
    folder (`schemadoc build --templates`), which may replace `changelog.md.j2`.
    `crumbs` is the page's trail on the site (`crumbs.page_crumbs`).
    """
    entries = [_entry_view(e, link) for e in reversed(history)]
    schema_chart = rows_per_schema(history)
    growth = fastest_growing(history)
    growth_chart = growth_chart_of(history, [(g.schema, g.table) for g in growth])
    return make_environment(templates).get_template("changelog.md.j2").render(
        crumbs=crumbs,
        entries=entries,
        schema_chart=trend_chart(schema_chart) if schema_chart else None,
        hidden_schemas=max(0, len({s for e in history for s in e.schemas}) - MAX_SCHEMAS),
        growth_chart=trend_chart(growth_chart) if growth_chart else None,
        growth=[GrowthRow(qualified(g.schema, g.table), _url(link, g.schema, g.table),
                          g.first, g.last) for g in growth],
    )


def _url(link: Link, schema: str, table: str) -> str | None:
    url = link(schema, table)
    return safe_url(url) if url else None


# ---- the trends -------------------------------------------------------------------------

def _moments(history: Sequence[Entry]) -> list[float]:
    """An x per entry: seconds since the first, or the entry's index when dates are odd."""
    try:
        stamps = [datetime.fromisoformat(e.date).timestamp() for e in history]
    except (ValueError, TypeError):
        return [float(i) for i in range(len(history))]
    if any(b <= a for a, b in zip(stamps, stamps[1:], strict=False)):
        return [float(i) for i in range(len(history))]
    return stamps


def _x_labels(history: Sequence[Entry]) -> XLabels:
    return XLabels(_when(history[0].date), _when(history[-1].date))


def rows_per_schema(history: Sequence[Entry]) -> Chart | None:
    """Rows per schema over time, the largest schemas (by their latest rows) only."""
    if len(history) < 2:
        return None
    xs = _moments(history)
    latest: dict[str, int] = {}
    for entry in history:
        for name, volume in entry.schemas.items():
            if volume.rows is not None:
                latest[name] = volume.rows
    chosen = sorted(latest, key=lambda n: (-latest[n], n))[:MAX_SCHEMAS]
    series = []
    for name in chosen:
        points = tuple((x, v.rows) for x, e in zip(xs, history, strict=True)
                       if (v := e.schemas.get(name)) is not None and v.rows is not None)
        series.append(Series(name, points))
    if not series:
        return None
    return Chart("Rows per schema", "rows", _x_labels(history), tuple(series))


def fastest_growing(history: Sequence[Entry], top: int = TOP_TABLES) -> list[Growth]:
    """The tables whose rows grew most from their first known count to their latest."""
    first: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], int] = {}
    for entry in history:  # each entry holds the figures that changed (see history.py)
        for schema, tables in entry.tables.items():
            for name, figures in tables.items():
                if figures is None or figures[0] is None:
                    continue
                first.setdefault((schema, name), figures[0])
                last[(schema, name)] = figures[0]
    grown = [Growth(*key, first[key], last[key]) for key in last if last[key] > first[key]]
    grown.sort(key=lambda g: (-(g.last - g.first), g.schema, g.table))
    return grown[:top]


def growth_chart_of(history: Sequence[Entry], tables: list[tuple[str, str]]) -> Chart | None:
    """Rows over time of the given tables."""
    if len(history) < 2 or not tables:
        return None
    xs = _moments(history)
    series = []
    for schema, name in tables:
        rows_then = rows_over_time(list(history), schema, name)
        points = tuple((x, rows) for x, rows in zip(xs, rows_then, strict=True)
                       if rows is not None)
        series.append(Series(qualified(schema, name), points))
    return Chart("Fastest-growing tables", "rows", _x_labels(history), tuple(series))


def _nice_ceiling(value: int) -> int:
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return max(1, int(step * power))
    return int(10 * power)


def _short(value: int) -> str:
    for size, suffix in ((10**9, "G"), (10**6, "M"), (10**3, "k")):
        if value >= size:
            text = f"{value / size:.1f}".rstrip("0").rstrip(".")
            return text + suffix
    return str(value)


def trend_chart(chart: Chart) -> str:
    """The chart as one SVG element (no blank lines, so Markdown keeps it one block)."""
    all_x = [x for s in chart.series for x, _ in s.points] or [0.0]
    x0, x1 = min(all_x), max(all_x)
    top = max(4, _nice_ceiling(max((y for s in chart.series for _, y in s.points), default=0)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return round(LEFT + (plot_w * (x - x0) / (x1 - x0) if x1 > x0 else plot_w / 2), 1)

    def py(y: int) -> float:
        return round(TOP + plot_h - plot_h * y / top, 1)

    ticks = [Tick(py(top * i // 4), _short(top * i // 4)) for i in range(5)]
    lines: list[ChartLine] = []
    for i, series in enumerate(chart.series):
        pts = [Point(px(x), py(y)) for x, y in series.points]
        lines.append(ChartLine(series.name, DASHES[i % len(DASHES)],
                               " ".join(f"{p.x},{p.y}" for p in pts), pts[-1] if pts else None,
                               fmt_int(series.points[-1][1]) if series.points else ""))
    _spread_labels(lines)
    svg = _svg_env().get_template("trend_chart.svg.j2").render(
        chart=chart, width=WIDTH, height=HEIGHT, left=LEFT, right=WIDTH - RIGHT, top=TOP,
        bottom=TOP + plot_h, ticks=ticks, lines=lines)
    return "\n".join(line for line in svg.splitlines() if line.strip())


def _spread_labels(lines: list[ChartLine], gap: float = 13.0) -> None:
    """Each series' name at its line's end, moved apart so no two overlap."""
    placed = [(line, line.end) for line in lines if line.end is not None]
    placed.sort(key=lambda pair: pair[1].y)
    previous = -math.inf
    for line, end in placed:
        y = max(end.y, previous + gap)
        line.label_y = round(y, 1)
        previous = y
    # Labels pushed below the chart move back up together (as far as the top allows).
    overflow = previous - (HEIGHT - 4)
    if overflow > 0:
        for line, _ in placed:
            line.label_y = round(max(TOP + 4.0, line.label_y - overflow), 1)
