"""The schema history: one JSON line per snapshot whose structure or volumes changed.

`schemadoc build` diffs each new snapshot against the previous one and appends the
result to `site_src/schema_history.jsonl` (committed with the snapshot), format
`schemadoc-history/1`, one object per line:

    {"format": "schemadoc-history/1",
     "date": new.generated_at, "database": ..., "server_version": ...,
     "baseline": true for the first snapshot (no structural changes, volumes only),
     "summary": {"changes": N, "breaking": N, ...},     # as in schemadoc-diff/1
     "changes": [...],                                  # schemadoc-diff/1 changes
     "schemas": {SCHEMA: {"rows": N|null, "bytes": N|null, "tables": N}},
     "tables": {SCHEMA: {TABLE: [rows|null, bytes|null]}}}

Rows are exact counts when the snapshot has them, else the planner's estimates
(null: never analysed). Tables and materialized views are listed; a schema's totals
count partitioned tables once (their figures already sum their partitions).

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
from generator.model import RowCount, Snapshot, Table, View

FORMAT = "schemadoc-history/1"
DEFAULT_PATH = Path("site_src") / "schema_history.jsonl"

__all__ = [
    "DEFAULT_PATH",
    "FORMAT",
    "Entry",
    "HistoryError",
    "SchemaVolume",
    "append_history",
    "entry_data",
    "make_entry",
    "read_history",
]


class HistoryError(SchemadocError):
    """The history file is unreadable or has a corrupt line."""


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
    tables: dict[str, dict[str, tuple[int | None, int | None]]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Changes per class, every class present, in severity order."""
        return {cls: sum(1 for c in self.changes if cls in c.classes) for cls in CLASSES}

    def rows(self, schema: str, table: str) -> int | None:
        """Rows of one table at this entry's date, None when unknown or absent."""
        return self.tables.get(schema, {}).get(table, (None, None))[0]


def _rows(count: RowCount | None) -> int | None:
    if count is None:
        return None
    return count.exact if count.exact is not None else count.estimate


def _volumes(snapshot: Snapshot) -> tuple[dict[str, SchemaVolume],
                                          dict[str, dict[str, tuple[int | None, int | None]]]]:
    schemas: dict[str, SchemaVolume] = {}
    tables: dict[str, dict[str, tuple[int | None, int | None]]] = {}
    for schema_name, schema in snapshot.schemas.items():
        figures: dict[str, tuple[int | None, int | None]] = {}
        top: list[tuple[int | None, int | None]] = []
        relations: list[tuple[str, Table | View]] = [
            *schema.tables.items(), *schema.materialized_views.items()]
        for name, rel in relations:
            figure = (_rows(rel.row_count), rel.total_bytes)
            figures[name] = figure
            if not (isinstance(rel, Table) and rel.partition_of):
                top.append(figure)
        rows = [r for r, _ in top if r is not None]
        sizes = [b for _, b in top if b is not None]
        schemas[schema_name] = SchemaVolume(sum(rows) if rows else None,
                                            sum(sizes) if sizes else None, len(figures))
        tables[schema_name] = figures
    return schemas, tables


def make_entry(old: Snapshot | None, new: Snapshot) -> Entry:
    """The entry `new` would add: its changes since `old` (none for a baseline), its volumes."""
    changes = diff(old, new).changes if old is not None else ()
    schemas, tables = _volumes(new)
    db = new.database
    return Entry(new.generated_at, db.name, db.server_version, old is None, tuple(changes),
                 schemas, tables)


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
        "tables": {schema: {name: list(fig) for name, fig in figures.items()}
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
    if data.get("format") != FORMAT:
        raise ValueError(f"format {data.get('format')!r}, expected {FORMAT!r}")
    schemas = {name: SchemaVolume(v.get("rows"), v.get("bytes"), int(v.get("tables", 0)))
               for name, v in data.get("schemas", {}).items()}
    tables = {schema: {name: (fig[0], fig[1]) for name, fig in figures.items()}
              for schema, figures in data.get("tables", {}).items()}
    return Entry(str(data["date"]), str(data.get("database", "")),
                 str(data.get("server_version", "")), bool(data.get("baseline")),
                 tuple(_change(c) for c in data.get("changes", [])), schemas, tables)


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


def _content(entry: Entry, with_changes: bool = True) -> str:
    data = entry_data(entry)
    return json.dumps([data["changes"] if with_changes else None, data["schemas"],
                       data["tables"]], sort_keys=True)


def append_history(path: Path, old: Snapshot | None, new: Snapshot) -> bool:
    """Append the entry of `new` (diffed against `old`) to the history at `path`.

    Appends when the structure changed or any table's rows or size differ from the
    last entry's. The first entry of a history is a baseline (volumes only) when `old`
    is None or nothing changed since it. Returns False, writing nothing, when there is
    nothing new: a rerun on an unchanged database, or an entry equal to the last one
    (a build interrupted after its append and run again). The existing file is read
    first, so a corrupt line raises HistoryError before anything is written.
    """
    entries = read_history(path)
    entry = make_entry(old, new)
    if entries:
        last = entries[-1]
        if _content(last) == _content(entry):
            return False
        if not entry.changes and _content(last, False) == _content(entry, False):
            return False
    elif not entry.changes:
        entry = replace(entry, baseline=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "a", encoding="utf-8") as out:
            out.write(_line(entry) + "\n")
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise HistoryError(f"cannot append to history file {path}: {exc.strerror}") from exc
    return True
