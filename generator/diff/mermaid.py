"""A Mermaid `erDiagram` of the tables a diff changed and their foreign-key neighbours.

GitHub renders Mermaid in comments. Mermaid's grammar is narrow, so every name is
reduced to letters, digits and underscores (made unique) for an entity's identifier,
and the table's real name is its label, written as the site's diagrams write labels
(`mermaid_label`: markup characters as Mermaid entity codes); nothing from the
database can break out of the diagram or become markup in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.diagrams.mermaid import mermaid_label
from generator.diff.model import ADDED, REMOVED, Change
from generator.model import Snapshot, Table
from generator.names.identifiers import qualified

MAX_CHANGED = 15
MAX_ENTITIES = 30
MAX_ATTRIBUTES = 10
_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")


@dataclass(slots=True)
class _Names:
    """Unique Mermaid-safe identifiers for (schema, table) keys."""

    taken: dict[tuple[str, str], str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def of(self, key: tuple[str, str]) -> str:
        if key not in self.taken:
            base = safe(f"{key[0]}_{key[1]}") or "t"
            name, n = base, 1
            while name.lower() in self.used:
                n += 1
                name = f"{base}_{n}"
            self.used.add(name.lower())
            self.taken[key] = name
        return self.taken[key]


def safe(text: str) -> str:
    """Letters, digits and underscores only, starting with a letter."""
    cleaned = _UNSAFE.sub("_", text).strip("_")
    return cleaned if cleaned[:1].isalpha() else f"x_{cleaned}"


def _label(text: str) -> str:
    return mermaid_label(text[:60])


def changed_tables(changes: Iterable[Change], new: Snapshot) -> list[tuple[str, str]]:
    """(schema, table) of every table NEW still has that a change touched, in order."""
    seen: dict[tuple[str, str], None] = {}
    for change in changes:
        if change.schema is None or change.relation is None:
            continue
        if change.kind == "table" and change.action == REMOVED:
            continue
        schema = new.schemas.get(change.schema)
        if schema is not None and change.relation in schema.tables:
            seen[(change.schema, change.relation)] = None
    return list(seen)


def er_diagram(changes: list[Change], new: Snapshot) -> str | None:
    """The diagram's Mermaid source, or None when no table of NEW changed."""
    changed = changed_tables(changes, new)[:MAX_CHANGED]
    if not changed:
        return None
    tables = {(s, t): new.schemas[s].tables[t] for s, t in changed}
    edges = _edges(new, set(tables))
    for child, parent, _, _ in edges:
        for key in (child, parent):
            if key not in tables and len(tables) < MAX_ENTITIES:
                tables[key] = new.schemas[key[0]].tables[key[1]]
    names = _Names()
    marks = _column_marks(changes)
    lines = ["erDiagram"]
    for key in changed:
        lines += _entity(names.of(key), key, tables[key], marks)
    for child, parent, label, optional in edges:
        if child in tables and parent in tables:
            shape = "}o--o|" if optional else "}o--||"
            lines.append(f'    {names.of(child)} {shape} {names.of(parent)} : "{_label(label)}"')
    return "\n".join(lines)


def _edges(new: Snapshot, changed: set[tuple[str, str]]
           ) -> list[tuple[tuple[str, str], tuple[str, str], str, bool]]:
    """Foreign keys into or out of a changed table: (child, parent, name, optional)."""
    edges = []
    for schema_name, schema in new.schemas.items():
        for table_name, table in schema.tables.items():
            child = (schema_name, table_name)
            for name, con in table.constraints.items():
                ref = con.references
                if con.type != "foreign_key" or ref is None:
                    continue
                parent = (ref.schema, ref.table)
                if parent not in _existing(new, parent):
                    continue
                if child in changed or parent in changed:
                    optional = any(table.columns[c].nullable for c in con.columns
                                   if c in table.columns)
                    edges.append((child, parent, name, optional))
    return edges


def _existing(new: Snapshot, key: tuple[str, str]) -> set[tuple[str, str]]:
    schema = new.schemas.get(key[0])
    return {key} if schema is not None and key[1] in schema.tables else set()


def _column_marks(changes: Iterable[Change]) -> dict[tuple[str, str, str], str]:
    marks = {}
    for change in changes:
        if change.kind == "column" and change.schema and change.relation:
            word = "added" if change.action == ADDED else change.action.replace("_", " ")
            marks[(change.schema, change.relation, change.name)] = word
    return marks


def _entity(name: str, key: tuple[str, str], table: Table,
            marks: dict[tuple[str, str, str], str]) -> list[str]:
    keys = {c for con in table.constraints.values()
            if con.type in ("primary_key", "foreign_key") for c in con.columns}
    pk = {c for con in table.constraints.values() if con.type == "primary_key"
          for c in con.columns}
    fk = {c for con in table.constraints.values() if con.type == "foreign_key"
          for c in con.columns}
    wanted = [c for c in table.columns if c in keys or (*key, c) in marks]
    others = [c for c in table.columns if c not in wanted]
    shown = (wanted + others)[:MAX_ATTRIBUTES]
    lines = [f'    {name}["{mermaid_label(qualified(*key))}"] {{']
    for col in sorted(shown, key=lambda c: table.columns[c].position):
        flags = ", ".join(f for f, on in (("PK", col in pk), ("FK", col in fk)) if on)
        mark = marks.get((*key, col))
        line = f"        {safe(table.columns[col].type)} {safe(col)}"
        line += f" {flags}" if flags else ""
        line += f' "{_label(mark)}"' if mark else ""
        lines.append(line)
    lines.append("    }")
    return lines
