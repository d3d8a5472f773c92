"""Names in schemadoc.yml: object patterns, name templates and the relations they detect.

Every name is read by one rule (`identifiers.parse_name`): dot-separated parts, each
bare or double-quoted (`"a.b".c`, `a."b.c"`, `"My Table"`). An object pattern
(`include`, `exclude`, lint exclusions) is `[kind:]schema[.name]` with glob wildcards
in its bare parts; where several match, the most specific decides (`decide`).

A template such as `{singular}_id` or `{referenced_table}_unique_id` describes a column
name in terms of a table's name. `{table}` (and its alias `{referenced_table}`) stands
for the whole name or any run of its words (`company` and `master` for
`company_master`), `{singular}` for the singular of such a run (`person` for
`people_master`), `{referenced_column}` for a foreign key's referenced column. Naming
rules (lint) and relation strategies (virtual relations) both read them.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from generator.model import Snapshot, Table, View
from generator.names.identifiers import BadName, Name, parse_name, qualified, quote_ident

__all__ = ["Endpoint", "EndpointName", "ObjectPattern", "VirtualRelation", "decide",
           "detect_relations", "find_relation", "fits_template", "glob3", "iter_tables",
           "object_pattern", "relation_keys", "singular", "split_call"]

_KINDS = ("table", "view", "materialized_view", "function", "sequence", "type")


def split_call(text: str) -> tuple[str, str | None]:
    """`head(inside)` -> (head, inside); no parenthesis outside quotes -> (text, None)."""
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "(" and not quoted:
            if not text.endswith(")"):
                raise BadName(f"{text!r} must end with ')'")
            return text[:i], text[i + 1 : -1]
    return text, None


def _column_list(text: str) -> tuple[str, ...]:
    """`a, "b,c", d` -> its column names (each bare or quoted)."""
    names, quoted, start = [], False, 0
    for i, char in enumerate(text + ","):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            part = parse_name(text[start:i].strip()).readings(1)
            if not part:
                raise BadName(f"{text[start:i].strip()!r} is not one column name")
            names.append(part[0][0])
            start = i + 1
    return tuple(names)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end of a relation: a table's schema and name, and columns."""

    schema: str
    table: str
    columns: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        """Read `schema.table(a, b)` when it names one table whatever the snapshot."""
        name = EndpointName.parse(text)
        keys = name.name.pairs()
        if len(keys) != 1:
            raise BadName(f"{text!r} can be read more than one way; quote its parts")
        return cls(keys[0][0], keys[0][1], name.columns)

    def __str__(self) -> str:
        return f"{qualified(self.schema, self.table)}({', '.join(map(quote_ident, self.columns))})"


@dataclass(frozen=True, slots=True)
class EndpointName:
    """One end of a relation as schemadoc.yml writes it: `schema.table(column, ...)`,
    the table's name still to be read against a snapshot (it may hold dots)."""

    name: Name
    columns: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> EndpointName:
        """Read `schema.table(a, b)`; raise BadName saying what is wrong."""
        head, inside = split_call(text.strip())
        if inside is None:
            raise BadName(f"{text!r} must list columns: schema.table(column, ...)")
        name = parse_name(head.strip())
        if not name.readings(2):
            raise BadName(f"{head.strip()!r} is not a table as schema.table")
        return cls(name, _column_list(inside))

    def resolve(self, snapshot: Snapshot) -> Endpoint | None:
        """The endpoint in `snapshot`: the first reading that names a relation."""
        found = relation_keys(snapshot, self.name)
        return Endpoint(*found[0], self.columns) if found else None


@dataclass(frozen=True, slots=True)
class VirtualRelation:
    """A relation the catalog lacks: declared in schemadoc.yml or detected by a naming
    strategy (`origin` is "declared" or the strategy's template). Drawn dashed."""

    source: Endpoint
    target: Endpoint
    origin: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class ObjectPattern:
    """An include/exclude pattern: `[kind:]schema[.name]`, globs allowed in bare parts.

    `readings` are the (schema glob, name glob or None) it can stand for: one, unless
    bare parts hold more dots than two names need (`a.b.c`); refs.py makes
    sure that at most one of them names anything in the snapshot.
    """

    kind: str | None
    readings: tuple[tuple[str, str | None], ...]

    def reading_matches(self, reading: tuple[str, str | None], schema: str,
                        name: str | None, kind: str) -> bool:
        """Whether one reading names an object (or, with no name, the schema itself)."""
        glob_schema, glob_name = reading
        if self.kind is not None and self.kind != kind:
            return False
        if not fnmatch.fnmatchcase(schema, glob_schema):
            return False
        if name is None:  # the schema itself: `s` and `s.*` speak of it as a whole
            return glob_name in (None, "*")
        return glob_name is None or fnmatch.fnmatchcase(name, glob_name)

    def matches(self, schema: str, name: str | None, kind: str) -> bool:
        """Whether the pattern names an object (or, with no name, the schema itself)."""
        return any(self.reading_matches(r, schema, name, kind) for r in self.readings)

    def whole_schema(self) -> bool:
        """Whether the pattern names schemas as a whole (`s`, `s.*`), of any kind."""
        return self.kind is None and any(n in (None, "*") for _, n in self.readings)

    def specificity(self) -> tuple[bool, bool, int]:
        """Higher is more specific: names an object, has a kind, more literal text."""
        schema, name = self.readings[0]
        literal = len(re.sub(r"\[([*?\[])\]|[*?\[\]]", r"\1", schema + (name or "")))
        return (name is not None, self.kind is not None, literal)


@cache
def object_pattern(text: str) -> ObjectPattern:
    """Parse `[kind:]schema[.name]`; raise BadName saying what is wrong."""
    kind, colon, rest = text.partition(":")
    if not colon or kind not in _KINDS:
        kind, rest = "", text
    name = parse_name(rest)
    if len(name.segments) == 1:
        readings: tuple[tuple[str, str | None], ...] = (
            (name.readings(1, glob=True)[0][0], None),)
    else:
        readings = tuple((s, n) for s, n in name.readings(2, glob=True))
    return ObjectPattern(kind or None, readings)


def decide(include: tuple[str, ...], exclude: tuple[str, ...], schema: str,
            name: str | None, kind: str) -> bool | None:
    """The verdict of the most specific matching pattern (exclude wins ties); None: none."""
    best: tuple[tuple[bool, bool, int], bool] | None = None
    verdict = None
    for included, patterns in ((True, include), (False, exclude)):
        for text in patterns:
            pattern = object_pattern(text)
            if pattern.matches(schema, name, kind):
                key = (pattern.specificity(), not included)
                if best is None or key > best:
                    best, verdict = key, included
    return verdict


@cache
def column_globs(pattern: str) -> tuple[tuple[str, ...], ...]:
    """The (schema, table, column) globs a `schema.table.column` pattern can stand for."""
    return parse_name(pattern).readings(3, glob=True)


def glob3(pattern: str, parts: tuple[str, str, str]) -> bool:
    """Whether `schema.table.column` globs match three names."""
    return any(all(map(fnmatch.fnmatchcase, parts, globs)) for globs in column_globs(pattern))


_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman",
              "data": "data", "status": "status", "news": "news"}


def singular(words: str) -> str:
    """The singular of a snake_case name's last word: orders -> order, people -> person."""
    head, _, last = words.rpartition("_")
    if last in _IRREGULAR:
        one = _IRREGULAR[last]
    elif last.endswith("ies") and len(last) > 3:
        one = last[:-3] + "y"
    elif last.endswith(("sses", "xes", "ches", "shes")):
        one = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        one = last[:-1]
    else:
        one = last
    return f"{head}_{one}" if head else one


@cache
def _runs(table: str) -> dict[str, int]:
    """Runs of a table name's words -> 0 for the whole name, 1 for a part."""
    words = table.split("_")
    runs: dict[str, int] = {}
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            whole = int(not (i == 0 and j == len(words)))
            runs["_".join(words[i:j])] = min(runs.get("_".join(words[i:j]), 1), whole)
    return runs


def _expand(template: str, run: str, referenced_column: str = "") -> str:
    return (template.replace("{table}", run).replace("{referenced_table}", run)
            .replace("{singular}", singular(run))
            .replace("{referenced_column}", referenced_column))


def fits_template(name: str, template: str, table: str, referenced_column: str = "") -> bool:
    """Whether a column name fits a naming template for `table` (glob `*` allowed)."""
    return any(fnmatch.fnmatchcase(name, _expand(template, run, referenced_column))
               for run in _runs(table))


@dataclass(frozen=True, slots=True)
class _Target:
    """A table a column name could refer to, with what makes it a better or worse fit."""

    schema: str
    table: str
    key: str
    type: str
    part: int
    suffix_fits: bool
    template: str

    def rank(self, schema: str, column: str, column_type: str) -> tuple[bool, ...]:
        """Lower is better: the key has the column's name, ends like the template,
        has its type; the template named the whole table; the table is in the schema."""
        return (self.key != column, not self.suffix_fits, self.type != column_type,
                bool(self.part), self.schema != schema)


def _base_type(name: str) -> str:
    return re.sub(r"\(.*?\)", "", name).strip()


def _targets(snapshot: Snapshot, strategies: tuple[str, ...]) -> dict[str, list[_Target]]:
    """Column name -> tables with a single-column primary key it would refer to."""
    index: dict[str, list[_Target]] = {}
    for schema, name, table in iter_tables(snapshot):
        pk = next((c.columns for c in table.constraints.values() if c.type == "primary_key"),
                  [])
        borrowed = any(c.type == "foreign_key" and pk == c.columns
                       for c in table.constraints.values())
        # A table whose key is another's (a 1:1 extension) is not what a name refers to.
        if len(pk) != 1 or table.partition_of or pk[0] not in table.columns or borrowed:
            continue
        key_type = _base_type(table.columns[pk[0]].type)
        for template in strategies:
            suffix = re.split(r"\{\w+\}", template)[-1].lstrip("_")
            for run, part in _runs(name).items():
                index.setdefault(_expand(template, run), []).append(_Target(
                    schema, name, pk[0], key_type, part, pk[0].endswith(suffix), template))
    return index


def _best(candidates: list[_Target], schema: str, column: str,
          column_type: str) -> _Target | None:
    """The one best fit, or None when two tables fit equally well."""
    best: dict[tuple[str, str], tuple[tuple[bool, ...], _Target]] = {}
    for target in candidates:
        ranked = (target.rank(schema, column, column_type), target)
        key = (target.schema, target.table)
        if key not in best or ranked[0] < best[key][0]:
            best[key] = ranked
    order = sorted(best.values(), key=lambda r: r[0])
    if not order or (len(order) > 1 and order[0][0] == order[1][0]):
        return None
    return order[0][1]


def detect_relations(snapshot: Snapshot, strategies: tuple[str, ...],
                     taken: set[tuple[str, str, str]]) -> list[VirtualRelation]:
    """Relations whose column names fit a strategy and point at one best table.

    `taken` holds (schema, table, column) already linked (foreign keys, declared
    relations). The column's own table competes too: `customers.customer_id` fits
    `customers` best, so it is a key, not a reference; `customer_notes.customer_id`
    fits `customers` better than `customer_notes`, so it refers to it.
    """
    if not strategies:
        return []
    index = _targets(snapshot, strategies)
    found = []
    for schema, name, table in iter_tables(snapshot):
        if table.partition_of:
            continue
        for column_name, column in table.columns.items():
            if (schema, name, column_name) in taken:
                continue
            target = _best(index.get(column_name, []), schema, column_name,
                           _base_type(column.type))
            if target is not None and (target.schema, target.table) != (schema, name):
                found.append(VirtualRelation(
                    Endpoint(schema, name, (column_name,)),
                    Endpoint(target.schema, target.table, (target.key,)), target.template))
    return found


def iter_tables(snapshot: Snapshot) -> Iterator[tuple[str, str, Table]]:
    """(schema, name, table) for every table of the snapshot."""
    for schema_name, schema in snapshot.schemas.items():
        for name, table in schema.tables.items():
            yield schema_name, name, table


def find_relation(snapshot: Snapshot, key: tuple[str, str]) -> Table | View | None:
    """A table, view or materialized view by (schema, name), or None."""
    schema = snapshot.schemas.get(key[0])
    if schema is None:
        return None
    if key[1] in schema.tables:
        return schema.tables[key[1]]
    return schema.views.get(key[1]) or schema.materialized_views.get(key[1])


def relation_keys(snapshot: Snapshot, name: Name) -> list[tuple[str, str]]:
    """Every reading of `name` as schema.table that names a table, view or
    materialized view of the snapshot (more than one: the name is ambiguous)."""
    return [key for key in name.pairs() if find_relation(snapshot, key) is not None]
