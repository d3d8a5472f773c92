"""What a diff is made of: classified changes, volume changes, and where both sides came from.

A `Diff` is plain data: the renderers (text, JSON, Markdown) only read it, and its JSON
form (`render_json.py`) is what a history file stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.names.identifiers import qualified

# Classes in order of severity: a change is shown with its most severe class first.
BREAKING = "breaking"
DESTRUCTIVE = "destructive"
SECURITY = "security"
ADDITIVE = "additive"
COMPATIBLE = "compatible"
COSMETIC = "cosmetic"
CLASSES = (BREAKING, DESTRUCTIVE, SECURITY, ADDITIVE, COMPATIBLE, COSMETIC)

# What happened to an object.
ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
RENAMED = "renamed"
POSSIBLE_RENAME = "possible_rename"
ACTIONS = (ADDED, REMOVED, CHANGED, RENAMED, POSSIBLE_RENAME)

# How the PR comment and the Changelog show a class and an action: one set for both.
ICONS = {BREAKING: "💥", DESTRUCTIVE: "🗑️", SECURITY: "🔒", ADDITIVE: "➕",
         COMPATIBLE: "🔧", COSMETIC: "💬"}
ACTION_WORDS = {ADDED: "added", REMOVED: "removed", CHANGED: "changed",
                RENAMED: "renamed", POSSIBLE_RENAME: "possibly renamed"}

@dataclass(frozen=True, slots=True)
class ClassCount:
    """How many changes carry one class, and the class's icon (PR comment, Changelog)."""

    name: str
    icon: str
    count: int


def class_counts(counts: dict[str, int]) -> list[ClassCount]:
    """`Diff.counts()` or `Entry.counts()` as a list of `ClassCount`, in that order."""
    return [ClassCount(cls, ICONS[cls], n) for cls, n in counts.items()]


# Kinds of object, as they appear in `Change.kind`.
KINDS = (
    "extension", "schema", "table", "column", "constraint", "index", "trigger", "policy",
    "view", "materialized_view", "view_column", "function", "sequence", "type",
)


@dataclass(frozen=True, slots=True)
class Dependent:
    """An object that OLD records as depending on a changed one (see `impact.py`):
    a view, function, type, or a part (`part`: trigger, policy, default, constraint,
    index, column) of relation (`schema`, `name`). `source`: `catalog` (recorded by
    PostgreSQL) or `parsed` (a function body names it); `dropped`: NEW has it no more."""

    kind: str
    schema: str
    name: str
    part: str | None
    source: str
    dropped: bool = False

    @property
    def text(self) -> str:
        """`marketing.v_a`, `marketing.f(integer)`, `trigger t on marketing.people`."""
        if self.part is not None:
            return f"{self.kind} {self.part} on {qualified(self.schema, self.name)}"
        if self.kind == "function" and "(" in self.name:
            head, _, args = self.name.partition("(")
            return f"{qualified(self.schema, head)}({args}"
        return qualified(self.schema, self.name)


@dataclass(frozen=True, slots=True)
class Change:
    """One structural change: an object added, removed or renamed, or one attribute changed."""

    kind: str
    path: str
    action: str
    classes: tuple[str, ...]
    schema: str | None = None
    relation: str | None = None
    name: str = ""
    attribute: str | None = None
    before: Any = None
    after: Any = None
    detail: str = ""
    # what OLD records as using the object (removed, renamed or retyped ones only), and
    # for a removal another change forced (a view a dropped column took with it), its path
    impact: tuple[Dependent, ...] = ()
    caused_by: str | None = None

    @property
    def severity(self) -> int:
        """Index of the most severe class (0 = breaking)."""
        return min((CLASSES.index(c) for c in self.classes), default=len(CLASSES))

    @property
    def icon(self) -> str:
        """The icon of its most severe class (a change with none shows the mildest)."""
        return ICONS[CLASSES[min(self.severity, len(CLASSES) - 1)]]

    @property
    def action_words(self) -> str:
        """What happened, in words: `added`, `possibly renamed`, ..."""
        return ACTION_WORDS.get(self.action, self.action)


@dataclass(frozen=True, slots=True)
class VolumeChange:
    """Rows and size of one table (or materialized view) in both snapshots."""

    schema: str
    name: str
    kind: str
    rows_before: int | None
    rows_after: int | None
    rows_source: str
    bytes_before: int | None
    bytes_after: int | None

    @property
    def path(self) -> str:
        """schema.name, each quoted as it needs (`"a.b".c`)."""
        return qualified(self.schema, self.name)

    @property
    def rows_change(self) -> int | None:
        return _delta(self.rows_before, self.rows_after)

    @property
    def bytes_change(self) -> int | None:
        return _delta(self.bytes_before, self.bytes_after)

    @property
    def rows_change_pct(self) -> float | None:
        return _pct(self.rows_before, self.rows_after)

    @property
    def bytes_change_pct(self) -> float | None:
        return _pct(self.bytes_before, self.bytes_after)


def _delta(before: int | None, after: int | None) -> int | None:
    return None if before is None or after is None else after - before


def _pct(before: int | None, after: int | None) -> float | None:
    if before is None or after is None or before == 0:
        return None
    return round((after - before) * 100.0 / before, 1)


@dataclass(frozen=True, slots=True)
class VolumeThreshold:
    """When a table's volume change is worth reporting: relative AND absolute."""

    percent: float = 10.0
    min_rows: int = 1000
    min_bytes: int = 1 << 20


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """Where one side of the diff came from."""

    source: str
    database: str
    server_version: str
    server_version_num: int
    generated_at: str

    @property
    def major(self) -> int:
        return self.server_version_num // 10000


@dataclass(frozen=True, slots=True)
class Diff:
    """The structural changes between two snapshots, their volume changes, and warnings."""

    old: SnapshotInfo
    new: SnapshotInfo
    same_database: bool
    changes: tuple[Change, ...] = ()
    volumes: tuple[VolumeChange, ...] = ()
    warnings: tuple[str, ...] = ()
    threshold: VolumeThreshold = field(default_factory=VolumeThreshold)

    def count(self, cls: str) -> int:
        """How many changes carry the class `cls`."""
        return sum(1 for change in self.changes if cls in change.classes)

    def counts(self) -> dict[str, int]:
        """Changes per class, every class present (zero included), in severity order."""
        return {cls: self.count(cls) for cls in CLASSES}

    @property
    def empty(self) -> bool:
        """No structural change (volume changes do not count)."""
        return not self.changes
