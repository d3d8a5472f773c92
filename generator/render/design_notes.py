"""Design notes read from the catalog: the conventions a data model follows, counted.

The seed document states them by hand ("Primary keys: `{table}_id` or `unique_id`",
"Foreign keys: `{referenced_table}_unique_id`", "Timestamps: created_at, updated_at,
deleted_at", "Status fields: is_active", "ID format NN.NN.NN.NN.NNNNN.NNN"). Here each
is measured: how many keys follow which naming pattern, which timestamp and boolean
columns exist, and which ID formats CHECK constraints enforce with a regular expression.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from generator.render.facts import SiteFacts, qualified

__all__ = ["DesignNotes", "Pattern", "design_notes", "name_pattern"]

MAX_EXAMPLES = 3
MAX_FORMATS = 20
MAX_FORMAT_COLUMNS = 10
KEY_SUFFIXES = ("unique_id", "uuid", "id", "key", "code", "pk")
CONVENTIONAL_TIMESTAMPS = ("created_at", "updated_at", "deleted_at")
# A column compared with a string literal by ~, ~* or SIMILAR TO, as pg_get_constraintdef
# prints it: `CHECK ((company_unique_id ~ '^04\.04\.[0-9]{3}$'::text))`.
_REGEX_CHECK = re.compile(
    r"\(*\s*(?P<col>\"(?:[^\"]|\"\")+\"|[A-Za-z_][\w$]*)\)?(?:::[\w ]+)?\s*"
    r"(?P<op>~\*?|SIMILAR TO)\s*'(?P<re>(?:[^']|'')*)'"
)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A naming pattern, how often it occurs, and a few examples."""

    pattern: str
    count: int
    examples: list[str]
    literal: bool = True


@dataclass(frozen=True, slots=True)
class CheckedFormat:
    """A regular expression some columns must match."""

    regex: str
    operator: str
    columns: list[str]  # the first MAX_FORMAT_COLUMNS, sorted
    column_count: int = 0


@dataclass(frozen=True, slots=True)
class DesignNotes:
    """The design-notes section of the overview."""

    primary_keys: list[Pattern]
    key_types: list[Pattern]
    foreign_keys: list[Pattern]
    fk_same_name: int
    fk_total: int
    timestamps: list[Pattern]
    other_timestamps: list[Pattern]
    booleans: list[Pattern]
    id_formats: list[CheckedFormat]
    tables: int


IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}
BOOLEAN_PREFIXES = ("is_", "has_", "can_", "should_", "was_", "were_", "allow_", "allows_",
                    "needs_", "show_", "use_", "uses_", "enable_", "do_", "did_", "will_")


def _singular(word: str) -> str:
    for plural, single in IRREGULAR.items():
        if word == plural or word.endswith("_" + plural):
            return word[: -len(plural)] + single
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _names(prefix: str, table: str) -> bool:
    """Whether a column-name prefix names the table (`company` for company_master)."""
    # A table is often named after its entity plus a qualifier (company_master for
    # company_id), or a qualifier plus its entity (company_slots for slot_id).
    single = _singular(prefix)
    return bool(prefix) and (
        single == _singular(table)
        or table.startswith(prefix + "_")
        or single in {_singular(word) for word in table.split("_")}
    )


def name_pattern(column: str, table: str) -> str:
    """The naming pattern of a key column relative to a table: `id`, `{table}_id`, ..."""
    for suffix in KEY_SUFFIXES:
        if column == suffix:
            return suffix
        if column.endswith("_" + suffix):
            prefix = column[: -len(suffix) - 1]
            return "{table}_" + suffix if _names(prefix, table) else "*_" + suffix
    return "other"


# Categories rather than names: shown as words, not as code.
_NOT_NAMES = ("no primary key", "composite", "other", "other names")


def _patterns(found: dict[str, list[str]]) -> list[Pattern]:
    return [Pattern(name, len(examples), examples[:MAX_EXAMPLES], name not in _NOT_NAMES)
            for name, examples in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def _keys(facts: SiteFacts) -> tuple[list[Pattern], list[Pattern], list[Pattern], int, int]:
    pks: dict[str, list[str]] = defaultdict(list)
    types: dict[str, list[str]] = defaultdict(list)
    fks: dict[str, list[str]] = defaultdict(list)
    same = total = 0
    for (schema, name), table in facts.tables():
        if table.partition_of:
            continue  # a partition repeats its parent's keys
        where = qualified(schema, name)
        pk = next((c for c in table.constraints.values() if c.type == "primary_key"), None)
        if pk is None:
            pks["no primary key"].append(where)
        elif len(pk.columns) > 1:
            pks["composite"].append(where)
        else:
            key_column = qualified(schema, name, pk.columns[0])
            pks[name_pattern(pk.columns[0], name)].append(key_column)
            column = table.columns.get(pk.columns[0])
            types[column.type if column else "?"].append(key_column)
        for link in facts.outgoing.get((schema, name), []):
            ref = link.constraint.references
            if ref is None or len(link.constraint.columns) != 1:
                continue
            total += 1
            fk_column = link.constraint.columns[0]
            same += fk_column == ref.columns[0]
            pattern = name_pattern(fk_column, ref.table).replace("{table}", "{referenced_table}")
            fks[pattern].append(qualified(schema, name, fk_column))
    return _patterns(pks), _patterns(types), _patterns(fks), same, total


def _columns(facts: SiteFacts) -> tuple[list[Pattern], list[Pattern], list[Pattern]]:
    stamps: dict[str, list[str]] = defaultdict(list)
    booleans: dict[str, list[str]] = defaultdict(list)
    for (schema, name), table in facts.tables():
        if table.partition_of:
            continue
        for column_name, column in table.columns.items():
            where = qualified(schema, name, column_name)
            if column.type.startswith(("timestamp", "date")):
                stamps[column_name].append(where)
            elif column.type == "boolean":
                prefix = next((p for p in BOOLEAN_PREFIXES if column_name.startswith(p)), None)
                booleans[prefix or "other names"].append(where)
    conventional = [Pattern(n, len(stamps.get(n, [])), stamps.get(n, [])[:MAX_EXAMPLES])
                    for n in CONVENTIONAL_TIMESTAMPS]
    others = {n: v for n, v in stamps.items() if n not in CONVENTIONAL_TIMESTAMPS}
    return conventional, _patterns(others)[:8], _patterns(booleans)[:8]


def _id_formats(facts: SiteFacts) -> list[CheckedFormat]:
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    checks: list[tuple[str, str]] = []
    for (schema, name), table in facts.tables():
        for con in table.constraints.values():
            if con.type == "check" and not table.partition_of:
                checks.append((qualified(schema, name), con.definition))
    for schema_name, schema_obj in sorted(facts.snapshot.schemas.items()):
        for type_name, user_type in sorted(schema_obj.types.items()):
            checks += [(f"domain {qualified(schema_name, type_name)}", d)
                       for d in user_type.checks.values()]
    for where, definition in checks:
        for match in _REGEX_CHECK.finditer(definition):
            column = match.group("col")
            label = where if where.startswith("domain ") else f"{where}.{column}"
            found[(match.group("re").replace("''", "'"), match.group("op"))].append(label)
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_FORMATS]
    return [CheckedFormat(regex, op, sorted(cols)[:MAX_FORMAT_COLUMNS], len(cols))
            for (regex, op), cols in ranked]


def design_notes(facts: SiteFacts) -> DesignNotes:
    """Conventions measured across the snapshot."""
    pks, key_types, fks, same, total = _keys(facts)
    stamps, other_stamps, booleans = _columns(facts)
    return DesignNotes(
        primary_keys=pks, key_types=key_types, foreign_keys=fks, fk_same_name=same,
        fk_total=total, timestamps=stamps, other_timestamps=other_stamps, booleans=booleans,
        id_formats=_id_formats(facts),
        tables=sum(1 for _, t in facts.tables() if not t.partition_of),
    )

