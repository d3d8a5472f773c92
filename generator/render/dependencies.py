"""View data for dependency sections: what a view or function reads ("Reads from"),
what reads a relation, function or type ("Used by"), and a function's triggers.

Rows carry links computed here; templates (`_dependencies.md.j2`) only loop and
format. Lists are cut at a limit with a count of the rest ("and 240 more"), so that a
table that 10,000 triggers or views use still gives a page of bounded size; nothing is
dropped without saying so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.model import Dependency, Function, ObjectRef, Trigger
from generator.model.usage import Use, group_of
from generator.names.identifiers import qualified
from generator.render.facts import SiteFacts
from generator.render.links import LinkRef, anchor
from generator.render.paths import relative_link

__all__ = ["DepList", "DepRow", "FunctionDeps", "function_deps", "function_link", "function_text",
           "reads_from", "trigger_function", "type_users", "used_by"]

# Rows of a list before "and N more"; columns named in one cell before the same.
LIST_LIMIT = 100
COLUMN_LIMIT = 20
# The lists in a function's section (a schema page holds up to 12, a functions page
# 25) and of a type's users are shorter: ten names inline, then "and N more".
SECTION_LIMIT = 10

KIND_WORDS = {
    "table": "table", "view": "view", "materialized_view": "materialized view",
    "function": "function", "sequence": "sequence", "type": "type",
    "relation": "not in the snapshot", "trigger": "trigger", "policy": "policy",
    "default": "default", "constraint": "constraint", "index": "index",
    "column": "column",
}
SOURCE_WORDS = {"catalog": "", "parsed": "found in the function body"}


@dataclass(frozen=True, slots=True)
class DepRow:
    """One object of a dependency list: what it is, its link, and the columns named."""

    kind: str
    link: LinkRef
    part: str | None
    columns: list[str]
    more_columns: int
    # how it is known when not from the catalog ("found in the function body"), else ""
    note: str
    writes: bool = False


@dataclass(frozen=True, slots=True)
class DepList:
    """A list cut at a limit: the rows shown and how many more there are."""

    rows: list[DepRow] = field(default_factory=list)
    more: int = 0

    @property
    def total(self) -> int:
        return len(self.rows) + self.more


@dataclass(frozen=True, slots=True)
class FunctionDeps:
    """What a function's section shows about dependencies."""

    reads: DepList
    writes: DepList
    calls: DepList
    triggers: DepList
    used_by: DepList
    dynamic_sql: bool
    parse_error: str | None
    assumed: bool


def function_link(facts: SiteFacts, source: str, schema: str, signature: str) -> str | None:
    """Link from page `source` to a function's section (its schema's page, or a
    functions page of a schema with many)."""
    if schema not in facts.snapshot.schemas:
        return None
    page = relative_link(source, facts.paths.function(schema, signature))
    return f"{page}#{anchor('fn', signature)}"


def function_text(facts: SiteFacts, schema: str, signature: str) -> str:
    """A function as text: its qualified name (quoted as needed), then its arguments.
    The name is taken from the snapshot: a name may itself hold parentheses."""
    function = getattr(facts.snapshot.schemas.get(schema), "functions", {}).get(signature)
    if function is not None and signature.startswith(function.name + "("):
        return qualified(schema, function.name) + signature[len(function.name):]
    return qualified(schema, signature)


def type_link(facts: SiteFacts, source: str, schema: str, name: str) -> str | None:
    """Link from page `source` to a type's place on its schema's page."""
    if name not in getattr(facts.snapshot.schemas.get(schema), "types", {}):
        return None
    return f"{facts.schema_link(source, schema)}#{anchor('type', name)}"


def _target_link(facts: SiteFacts, source: str, kind: str, schema: str, name: str) -> LinkRef:
    group = group_of(kind)
    if group == "function":
        return LinkRef(function_text(facts, schema, name),
                       function_link(facts, source, schema, name))
    if group == "type":
        return LinkRef(qualified(schema, name), type_link(facts, source, schema, name))
    if group == "relation" and kind != "relation":
        return LinkRef(qualified(schema, name), facts.link(source, (schema, name)))
    return LinkRef(qualified(schema, name), None)


def _note(sources: set[str]) -> str:
    # Known from the catalog at all: exact, whatever a body also says.
    return "" if "catalog" in sources else ", ".join(SOURCE_WORDS[s] for s in sorted(sources)
                                                      if SOURCE_WORDS.get(s))


def _columns(names: Iterable[str]) -> tuple[list[str], int]:
    ordered = sorted(names)
    return ordered[:COLUMN_LIMIT], max(0, len(ordered) - COLUMN_LIMIT)


def _grouped(deps: Iterable[Dependency]) -> list[tuple[Dependency, set[str], set[str],
                                                       set[str]]]:
    """Dependencies by target: (first entry, columns, sources, accesses)."""
    found: dict[tuple[str, str, str], tuple[Dependency, set[str], set[str], set[str]]] = {}
    for dep in deps:
        key = (dep.kind, dep.schema, dep.name)
        entry = found.setdefault(key, (dep, set(), set(), set()))
        if dep.column is not None:
            entry[1].add(dep.column)
        entry[2].add(dep.source)
        if dep.access:
            entry[3].add(dep.access)
    return list(found.values())


def reads_from(facts: SiteFacts, source: str, deps: Iterable[Dependency],
               limit: int = LIST_LIMIT) -> DepList:
    """What an object's `depends_on` names, one row per target object."""
    grouped = _grouped(deps)
    rows = []
    # Rows (and their links) only for what is shown: a body may name 10,000 tables.
    for dep, columns, sources, access in grouped[:limit]:
        shown, more = _columns(columns)
        rows.append(DepRow(KIND_WORDS.get(dep.kind, dep.kind),
                           _target_link(facts, source, dep.kind, dep.schema, dep.name),
                           None, shown, more, _note(sources), "write" in access))
    return DepList(rows, len(grouped) - len(rows))


def _use_row(facts: SiteFacts, source: str, use: Use) -> DepRow:
    if use.kind == "function":
        link = _target_link(facts, source, "function", use.schema, use.name)
    elif use.kind == "type":
        link = _target_link(facts, source, "type", use.schema, use.name)
    else:
        link = LinkRef(qualified(use.schema, use.name), facts.link(source, (use.schema, use.name)))
    shown, more = _columns(use.columns)
    return DepRow(KIND_WORDS.get(use.kind, use.kind), link, use.part, shown, more,
                  _note(use.sources), "write" in use.access)


def used_by(facts: SiteFacts, source: str, uses: Iterable[Use],
            limit: int = LIST_LIMIT) -> DepList:
    """A "Used by" list: one row per dependent object (rows built for those shown)."""
    listed = list(uses)
    return DepList([_use_row(facts, source, use) for use in listed[:limit]],
                   max(0, len(listed) - limit))


def type_users(facts: SiteFacts, source: str, schema: str, name: str) -> DepList:
    """What uses a type: the columns typed with it first, then anything else."""
    return used_by(facts, source, facts.usage.of("type", schema, name), SECTION_LIMIT)


def function_deps(facts: SiteFacts, source: str, schema: str, signature: str,
                  function: Function) -> FunctionDeps:
    """A function's reads, writes, calls, the triggers that call it and other users."""
    def is_write(dep: Dependency) -> bool:
        return dep.access == "write"
    relations = [d for d in function.depends_on if group_of(d.kind) in ("relation", "sequence")]
    others = [d for d in function.depends_on if group_of(d.kind) not in ("relation", "sequence")]
    uses = facts.usage.of("function", schema, signature)
    return FunctionDeps(
        reads=reads_from(facts, source, [d for d in relations if not is_write(d)], SECTION_LIMIT),
        writes=reads_from(facts, source, [d for d in relations if is_write(d)], SECTION_LIMIT),
        calls=reads_from(facts, source, others, SECTION_LIMIT),
        triggers=used_by(facts, source, [u for u in uses if u.kind == "trigger"], SECTION_LIMIT),
        used_by=used_by(facts, source, [u for u in uses if u.kind != "trigger"], SECTION_LIMIT),
        dynamic_sql=function.dynamic_sql, parse_error=function.parse_error,
        assumed=any(d.assumed for d in function.depends_on),
    )


def trigger_function(facts: SiteFacts, source: str, trigger: Trigger) -> LinkRef:
    """The function a trigger calls, linked to its section on its schema's page."""
    ref: ObjectRef = trigger.function
    signature = next((d.name for d in trigger.depends_on if d.kind == "function"),
                     f"{ref.name}()")
    return LinkRef(qualified(ref.schema, ref.name) + "()",
                   function_link(facts, source, ref.schema, signature))
