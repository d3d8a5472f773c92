"""The schema history: one JSON line per snapshot whose structure or volumes changed.

`schemadoc build` diffs each new snapshot against the previous one and appends the
result to `site_src/schema_history.jsonl` (committed with the snapshot), format
`schemadoc-history/2`, one object per line:

    {"format": "schemadoc-history/2",
     "date": new.generated_at, "database": ..., "server_version": ...,
     "baseline": true for the first snapshot (no structural changes, volumes only),
     "summary": {"changes": N, "breaking": N, ...},     # as in schemadoc-diff/1
     "changes": [...],                                  # schemadoc-diff/1 changes
     "schemas": {SCHEMA: {"rows": N|null, "bytes": N|null, "tables": N}},
     "tables": {SCHEMA: {TABLE: [rows|null, bytes|null] | null}}}

"tables" holds what changed since the line before: a table whose rows or size
changed, a new table, or null for one that is gone; the first line holds every table.
So a line stays small when a few tables of thousands grow (a full list is 260 kB at
10,000 tables). Lines of `schemadoc-history/1`, which hold every table, are read too.

Rows are exact counts when the snapshot has them, else the planner's estimates
(null: never analysed). Tables and materialized views are listed; a schema's totals
and its count of tables are those of `generator.model.counts`, as on every page
(partitioned tables counted once, materialized views not counted as tables).

Nothing in the file is ever rewritten: entries are appended (and fsynced), and a
corrupt line, for instance the last one of an interrupted append, is reported with
the way to repair it rather than silently dropped or rewritten.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.diff import CLASSES, Change, diff
from generator.diff.render_json import change_data
from generator.errors import SchemadocError
from generator.model import Snapshot, Table, View
from generator.model.counts import rows_known, schema_counts
from generator.runtime.interrupts import deferred

FORMAT = "schemadoc-history/2"
_FULL_FORMAT = "schemadoc-history/1"  # every line lists every table
DEFAULT_PATH = Path("site_src") / "schema_history.jsonl"

__all__ = [
    "DEFAULT_PATH",
    "FORMAT",
    "Entry",
    "HistoryError",
    "SchemaVolume",
    "advance",
    "append_history",
    "entry_data",
    "make_entry",
    "read_history",
    "rows_over_time",
]


class HistoryError(SchemadocError):
    """The history file is unreadable or has a corrupt line."""


Figures = tuple[int | None, int | None]  # rows, bytes
State = dict[str, dict[str, Figures]]  # every table's figures at one moment


@dataclass(frozen=True, slots=True)
class SchemaVolume:
    """A schema's totals in one snapshot (None: no table of it has a known figure)."""

    rows: int | None
    bytes: int | None
    tables: int


@dataclass(frozen=True, slots=True)
class Entry:
    """One history line: when, what changed structurally, and the volumes at that time."""

    date: str
    database: str
    server_version: str
    baseline: bool
    changes: tuple[Change, ...] = ()
    schemas: dict[str, SchemaVolume] = field(default_factory=dict)
    # The tables whose figures changed since the entry before ((rows, bytes), or None
    # for a table gone); with `complete`, every table (a first line, or format 1).
    tables: dict[str, dict[str, Figures | None]] = field(default_factory=dict)
    complete: bool = False

    def counts(self) -> dict[str, int]:
        """Changes per class, every class present, in severity order."""
        return {cls: sum(1 for c in self.changes if cls in c.classes) for cls in CLASSES}


def advance(state: State, entry: Entry) -> State:
    """The figures of every table after `entry`, from those before it (not changed)."""
    if entry.complete:
        return {schema: {name: fig for name, fig in figures.items() if fig is not None}
                for schema, figures in entry.tables.items()}
    after = dict(state)
    for schema, figures in entry.tables.items():
        tables = after[schema] = dict(after.get(schema, {}))
        for name, fig in figures.items():
            if fig is None:
                tables.pop(name, None)
            else:
                tables[name] = fig
        if not tables:
            del after[schema]
    return after


def rows_over_time(history: list[Entry], schema: str, table: str) -> list[int | None]:
    """The rows of one table at each entry's date (None: unknown, or no such table)."""
    series: list[int | None] = []
    current: int | None = None
    for entry in history:
        if entry.complete:
            current = None
        figures = entry.tables.get(schema, {})
        if table in figures:
            fig = figures[table]
            current = fig[0] if fig is not None else None
        series.append(current)
    return series


def _volumes(snapshot: Snapshot) -> tuple[dict[str, SchemaVolume], State]:
    schemas: dict[str, SchemaVolume] = {}
    tables: State = {}
    for schema_name, schema in snapshot.schemas.items():
        figures: dict[str, Figures] = {}
        relations: list[tuple[str, Table | View]] = [
            *schema.tables.items(), *schema.materialized_views.items()]
        for name, rel in relations:
            figures[name] = (rows_known(rel.row_count), rel.total_bytes)
        counts = schema_counts(schema)
        schemas[schema_name] = SchemaVolume(counts.rows, counts.bytes, counts.tables)
        tables[schema_name] = figures
    return schemas, tables


def _changed(before: State, after: State) -> dict[str, dict[str, Figures | None]]:
    """What a line records to go from `before` to `after`."""
    delta: dict[str, dict[str, Figures | None]] = {}
    for schema in sorted(before.keys() | after.keys()):
        old, new = before.get(schema, {}), after.get(schema, {})
        figures: dict[str, Figures | None] = {
            name: fig for name, fig in new.items() if old.get(name) != fig}
        figures.update({name: None for name in old.keys() - new.keys()})
        if figures:
            delta[schema] = dict(sorted(figures.items()))
    return delta


def make_entry(old: Snapshot | None, new: Snapshot, state: State | None = None) -> Entry:
    """The entry `new` would add: its changes since `old` (none for a baseline), its
    schemas' volumes, and the tables whose figures differ from `state` (the figures
    after the history's last entry; None: an empty history, every table)."""
    changes = diff(old, new).changes if old is not None else ()
    schemas, tables = _volumes(new)
    db = new.database
    return Entry(new.generated_at, db.name, db.server_version, old is None, tuple(changes),
                 schemas, _changed(state or {}, tables))


def entry_data(entry: Entry) -> dict[str, Any]:
    """An entry as one JSON-ready object (the line written to the file)."""
    summary: dict[str, int] = {"changes": len(entry.changes)}
    summary.update(entry.counts())
    return {
        "format": FORMAT,
        "date": entry.date,
        "database": entry.database,
        "server_version": entry.server_version,
        "baseline": entry.baseline,
        "summary": summary,
        "changes": [change_data(c) for c in entry.changes],
        "schemas": {name: {"rows": v.rows, "bytes": v.bytes, "tables": v.tables}
                    for name, v in entry.schemas.items()},
        "tables": {schema: {name: None if fig is None else list(fig)
                            for name, fig in figures.items()}
                   for schema, figures in entry.tables.items()},
    }


def _line(entry: Entry) -> str:
    return json.dumps(entry_data(entry), ensure_ascii=False, separators=(",", ":"))


def _change(data: dict[str, Any]) -> Change:
    return Change(kind=data["kind"], path=data["path"], action=data["action"],
                  classes=tuple(data["classes"]), schema=data.get("schema"),
                  relation=data.get("relation"), name=data.get("name") or "",
                  attribute=data.get("attribute"), before=data.get("before"),
                  after=data.get("after"), detail=data.get("detail") or "")


def _entry(data: dict[str, Any]) -> Entry:
    if data.get("format") not in (FORMAT, _FULL_FORMAT):
        raise ValueError(f"format {data.get('format')!r}, expected {FORMAT!r}")
    schemas = {name: SchemaVolume(v.get("rows"), v.get("bytes"), int(v.get("tables", 0)))
               for name, v in data.get("schemas", {}).items()}
    tables = {schema: {name: None if fig is None else (fig[0], fig[1])
                       for name, fig in figures.items()}
              for schema, figures in data.get("tables", {}).items()}
    return Entry(str(data["date"]), str(data.get("database", "")),
                 str(data.get("server_version", "")), bool(data.get("baseline")),
                 tuple(_change(c) for c in data.get("changes", [])), schemas, tables,
                 complete=data["format"] == _FULL_FORMAT)


def _repair_hint(path: Path, number: int, last: bool, interrupted: bool) -> str:
    if last and interrupted:
        return (f"the last line ({number}) is incomplete, probably an interrupted append: "
                f"remove that line (e.g. `sed -i '{number}d' {path}`, or restore the file "
                "with `git checkout`) and run again; schemadoc never rewrites history itself")
    return (f"line {number} is not a valid history entry: restore the file from version "
            f"control (`git checkout -- {path}`) or remove that line by hand; schemadoc "
            "never rewrites history itself")


def read_history(path: Path) -> list[Entry]:
    """Every entry of the history file, oldest first; [] when the file does not exist.

    Raises HistoryError naming the bad line and how to repair it.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise HistoryError(f"cannot read history file {path}: {exc.strerror}") from exc
    lines = raw.split(b"\n")
    complete = raw.endswith(b"\n") or not raw
    if lines and lines[-1] == b"":
        lines.pop()
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        last = number == len(lines)
        try:
            entries.append(_entry(json.loads(line.decode("utf-8"))))
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            hint = _repair_hint(path, number, last, interrupted=last and not complete)
            raise HistoryError(f"history file {path} is corrupt: {hint} ({exc})") from exc
        if last and not complete:
            hint = _repair_hint(path, number, True, True)
            raise HistoryError(f"history file {path} is corrupt: {hint}")
    return entries


def _changes(entry: Entry) -> str:
    return json.dumps(entry_data(entry)["changes"], sort_keys=True)


def append_history(path: Path, old: Snapshot | None, new: Snapshot) -> bool:
    """Append the entry of `new` (diffed against `old`) to the history at `path`.

    Appends when the structure changed or any table's rows or size differ from what
    the history holds. The first entry of a history is a baseline (volumes only) when
    `old` is None or nothing changed since it. Returns False, writing nothing, when
    there is nothing new: a rerun on an unchanged database, or an entry equal to the
    last one (a build interrupted after its append and run again). The existing file
    is read first, so a corrupt line raises HistoryError before anything is written.
    """
    entries = read_history(path)
    state: State = {}
    for earlier in entries:
        state = advance(state, earlier)
    entry = make_entry(old, new, state)
    if entries:
        last = entries[-1]
        same_volumes = not entry.tables and entry.schemas == last.schemas
        if same_volumes and (not entry.changes or _changes(entry) == _changes(last)):
            return False
    elif not entry.changes:
        entry = replace(entry, baseline=True)
    _append_line(path, (_line(entry) + "\n").encode("utf-8"))
    return True


def _append_line(path: Path, line: bytes) -> None:
    """Append one line whole or not at all: a write the disk cuts short (full disk) is
    taken back, and a signal waits until the line is written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with deferred():
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            try:
                size = os.fstat(fd).st_size
                try:
                    written = 0
                    while written < len(line):
                        written += os.write(fd, line[written:])
                    os.fsync(fd)
                except OSError:
                    os.ftruncate(fd, size)  # our own partial line, nothing before it
                    raise
            finally:
                os.close(fd)
    except OSError as exc:
        raise HistoryError(f"cannot append to history file {path}: {exc.strerror or exc}; "
                           "check that the folder is writable and has free space (the "
                           "file is unchanged)") from None
