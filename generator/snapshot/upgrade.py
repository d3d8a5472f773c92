"""Reading snapshots of format 1, whose references were dotted strings.

Format 1 wrote a partition's parent and inherited tables as `schema.table`, a
trigger's function as `schema.function` and a sequence's column as
`schema.table.column`. Names may hold dots, so such a string can split in more than
one place: each is read against the snapshot's own objects (the parent must be a table
of the snapshot, partitioned for a partition; the function must be there; the column
must be a column of a table in the sequence's schema). When more than one split fits,
or none does, the first split that fits best is taken and the snapshot gets a warning
saying so: regenerating the snapshot records the reference exactly.

Everything else of format 1 reads as format 2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.names.identifiers import qualified

__all__ = ["upgrade_format_1"]

Data = dict[str, Any]
# Whether a split (schema, name[, column]) names an object: 2 exactly the kind the
# reference needs, 1 an object of another kind or a schema only, 0 nothing.
Fit = Callable[[tuple[str, ...]], int]
# Names have at most 63 bytes: a longer string is no reference (and is not split up).
MAX_TEXT = 3 * 64 * 4


def _splits(text: str, parts: int) -> list[tuple[str, ...]]:
    """Every way to cut `text` at `parts - 1` of its dots, first dots first."""
    if len(text) > MAX_TEXT:
        return []
    if parts == 1:
        return [(text,)]
    found = []
    for i, char in enumerate(text):
        if char == ".":
            found += [(text[:i], *rest) for rest in _splits(text[i + 1 :], parts - 1)]
    return found


class _Reader:
    """Turns one snapshot's dotted strings into reference objects, noting guesses."""

    def __init__(self, data: Data) -> None:
        self.schemas: dict[str, Data] = data.get("schemas") or {}
        self.warnings: list[str] = []

    def ref(self, text: Any, parts: int, fit: Fit, what: str,
            prefix: tuple[str, ...] = ()) -> Data | Any:
        """The reference object of a dotted string (anything else is left for the
        loader to reject); `prefix` holds parts known already, before the string."""
        if not isinstance(text, str):
            return text
        splits = [(*prefix, *split) for split in _splits(text, parts - len(prefix))]
        if not splits:
            self.warnings.append(f"format-1 snapshot: {what} {text!r} is not a dotted "
                                 "name; regenerate the snapshot")
            return text
        ranked = sorted(splits, key=lambda split: -fit(split))
        best = [split for split in ranked if fit(split) == fit(ranked[0])]
        chosen = best[0]
        if fit(chosen) < 2:
            reason = "names no object of this snapshot"
        elif len(best) > 1:
            reason = "could name " + " or ".join(qualified(*split) for split in best)
        else:
            reason = ""
        if reason:
            self.warnings.append(
                f"format-1 snapshot: {what} {text!r} {reason}; taken as {qualified(*chosen)} "
                "(regenerate the snapshot with `schemadoc snapshot` to record it exactly)")
        keys = ("schema", "name") if parts == 2 else ("schema", "table", "column")
        return dict(zip(keys, chosen, strict=True))

    def table(self, schema: str, name: str) -> Data | None:
        tables = (self.schemas.get(schema) or {}).get("tables") or {}
        found = tables.get(name)
        return found if isinstance(found, dict) else None

    def parent_fit(self, partitioned: bool) -> Fit:
        def fit(split: tuple[str, ...]) -> int:
            table = self.table(*split)
            if table is None:
                return int(split[0] in self.schemas)
            return 1 + (not partitioned or table.get("kind") == "partitioned_table")
        return fit

    def function_fit(self, split: tuple[str, ...]) -> int:
        schema, name = split
        functions = (self.schemas.get(schema) or {}).get("functions") or {}
        if any(isinstance(f, dict) and f.get("name") == name for f in functions.values()):
            return 2
        return int(schema in self.schemas)

    def column_fit(self, split: tuple[str, ...]) -> int:
        table = self.table(split[0], split[1])
        if table is None:
            return int(split[0] in self.schemas)
        return 1 + (split[2] in (table.get("columns") or {}))


def upgrade_format_1(data: Data) -> list[str]:
    """Turn a parsed format-1 snapshot into format 2 in place; return warnings for the
    references that could not be read with certainty."""
    reader = _Reader(data)
    for schema_name, schema in reader.schemas.items():
        if not isinstance(schema, dict):
            continue
        for table_name, table in (schema.get("tables") or {}).items():
            if not isinstance(table, dict):
                continue
            where = qualified(schema_name, table_name)
            if table.get("partition_of") is not None:
                table["partition_of"] = reader.ref(
                    table["partition_of"], 2, reader.parent_fit(True), f"{where} partition_of")
            if isinstance(table.get("inherits"), list):
                table["inherits"] = [reader.ref(p, 2, reader.parent_fit(False),
                                                f"{where} inherits") for p in table["inherits"]]
            _triggers(reader, table.get("triggers"), where)
        for kind in ("views", "materialized_views"):
            for view_name, view in (schema.get(kind) or {}).items():
                if isinstance(view, dict):
                    _triggers(reader, view.get("triggers"), qualified(schema_name, view_name))
        for seq_name, seq in (schema.get("sequences") or {}).items():
            if isinstance(seq, dict) and seq.get("owned_by") is not None:
                seq["owned_by"] = _owned_by(reader, schema_name, seq_name, seq["owned_by"])
    data["format_version"] = 2
    return reader.warnings


def _triggers(reader: _Reader, triggers: Any, where: str) -> None:
    """A trigger's function: its definition (`pg_get_triggerdef`) names it quoted, which
    tells apart two functions of one dotted string."""
    if not isinstance(triggers, dict):
        return
    for name, trigger in triggers.items():
        if not isinstance(trigger, dict) or "function" not in trigger:
            continue
        definition = trigger.get("definition")
        text = definition if isinstance(definition, str) else ""

        def fit(split: tuple[str, ...], text: str = text) -> int:
            named = any(f"EXECUTE {word} {qualified(*split)}(" in text
                        for word in ("FUNCTION", "PROCEDURE"))
            return reader.function_fit(split) + 2 * named

        trigger["function"] = reader.ref(trigger["function"], 2, fit,
                                         f"{where} trigger {qualified(name)} function")


def _owned_by(reader: _Reader, schema: str, sequence: str, text: Any) -> Any:
    """A sequence's column: in PostgreSQL always in the sequence's own schema, so only
    the rest of the string can split more than one way."""
    where = f"sequence {qualified(schema, sequence)} owned_by"
    if isinstance(text, str) and text.startswith(schema + "."):
        return reader.ref(text[len(schema) + 1 :], 3, reader.column_fit, where, (schema,))
    return reader.ref(text, 3, reader.column_fit, where)
