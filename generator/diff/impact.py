"""Impact: what each removed, renamed or retyped object was used by, in OLD.

For a removed, renamed or retyped table, view, materialized view, column, function or
type, the dependents OLD records (its `depends_on` lists, inverted by
`generator.model.usage.Usage`) travel with the change as `impact`: "breaks 2 views:
marketing.v_a, marketing.v_b; 1 function mentions it". A dependent that NEW no longer
has either (a view `DROP ... CASCADE` took with it) is marked `dropped`, and its own
removal is grouped under the change that caused it (`caused_by`) instead of standing
as an unrelated removal.

`IMPACT_RULES` say how impact raises a change's classes; the README prints them under
the rule table (`impact_rules_markdown()`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from generator.diff.model import (
    BREAKING,
    CHANGED,
    POSSIBLE_RENAME,
    REMOVED,
    RENAMED,
    Change,
    Dependent,
)
from generator.model import Snapshot
from generator.model.usage import Usage, Use

__all__ = ["IMPACT_RULES", "ImpactSummary", "Named", "add_impact", "impact_of",
           "impact_rules_markdown", "impact_summary"]

# The attributes whose change "retypes" an object (dependents read the old type).
RETYPED = {"column": ("type",), "view_column": ("type",),
           "function": ("returns", "arguments", "signature", "kind")}
# Kinds of change that can have dependents, and where their target lives in `Usage`.
GROUPS = {"table": "relation", "view": "relation", "materialized_view": "relation",
          "column": "relation", "view_column": "relation", "function": "function",
          "type": "type"}
# Dependents that are objects of their own, removed by a change of their own.
OWN_KINDS = ("view", "materialized_view", "function", "type")
NAMES_SHOWN = 5


@dataclass(frozen=True, slots=True)
class ImpactRule:
    """When impact raises a change's classes."""

    change: str
    dependents: str
    classes: tuple[str, ...]
    why: str


IMPACT_RULES = (
    ImpactRule("removed or retyped", "any recorded by PostgreSQL (view, materialized view, "
               "trigger, policy, default, constraint, index, function, column of the type)",
               (BREAKING,), "PostgreSQL refuses the change unless they are dropped with it "
               "(`DROP ... CASCADE`) or rewritten first"),
    ImpactRule("removed, renamed or retyped", "a function body names it (found by parsing)",
               (BREAKING,), "the function fails when it runs, not when the change is made"),
    ImpactRule("renamed", "recorded by PostgreSQL", (), "views, defaults, triggers and "
               "policies follow a rename: not listed, the class is not raised"),
)


def impact_rules_markdown() -> str:
    """The impact rules as Markdown, for the README."""
    lines = ["| change | dependents in OLD | adds | why |", "|---|---|---|---|"]
    lines += [f"| {r.change} | {r.dependents} | {', '.join(r.classes) or 'nothing'} | "
              f"{r.why} |" for r in IMPACT_RULES]
    return "\n".join(lines) + "\n"


def _old_name(change: Change) -> str:
    if change.action in (RENAMED, POSSIBLE_RENAME) and isinstance(change.before, str):
        return change.before
    return change.name


def _target(change: Change) -> tuple[str, str, str, str | None] | None:
    """(group, schema, name, column) of what the change touches in OLD, if it can have
    dependents."""
    group = GROUPS.get(change.kind)
    if group is None or change.schema is None:
        return None
    if change.action == CHANGED and change.attribute not in RETYPED.get(change.kind, ()):
        return None
    if change.action not in (REMOVED, RENAMED, POSSIBLE_RENAME, CHANGED):
        return None
    if change.kind in ("column", "view_column"):
        if change.relation is None:
            return None
        return (group, change.schema, change.relation, _old_name(change))
    return (group, change.schema, _old_name(change), None)


def _key(kind: str, schema: str, name: str, part: str | None) -> tuple[str, ...]:
    """How a dependent is found among the removals: objects by name, parts of a
    relation by relation and name (a default goes with its column)."""
    if kind in OWN_KINDS:
        return ("object", schema, name)
    return ("part", "column" if kind == "default" else kind, schema, name, part or "")


def _removal_key(change: Change) -> tuple[str, ...] | None:
    if change.action != REMOVED or change.schema is None:
        return None
    if change.kind in OWN_KINDS:
        return ("object", change.schema, change.name)
    if change.relation is None:
        return None
    kind = "column" if change.kind == "view_column" else change.kind
    return ("part", kind, change.schema, change.relation, change.name)


def _dependents(uses: Iterable[Use], column: str | None, action: str,
                removed: dict[tuple[str, ...], Change]) -> list[Dependent]:
    found = []
    for use in uses:
        if column is not None and column not in use.columns:
            continue
        source = "catalog" if "catalog" in use.sources else "parsed"
        # A rename is followed by what PostgreSQL records; only bodies keep the old name.
        if action in (RENAMED, POSSIBLE_RENAME) and source == "catalog":
            continue
        dropped = _key(use.kind, use.schema, use.name, use.part) in removed
        found.append(Dependent(use.kind, use.schema, use.name, use.part, source, dropped))
    return found


def add_impact(changes: Sequence[Change], old: Snapshot) -> list[Change]:
    """The changes with their impact, classes raised by `IMPACT_RULES`, and each
    removal that another change forced marked `caused_by` it."""
    usage = Usage(old)
    removed = {key: c for c in changes if (key := _removal_key(c)) is not None}
    result: list[Change] = []
    caused_by: dict[tuple[str, ...], str] = {}
    for change in changes:
        target = _target(change)
        if target is None:
            result.append(change)
            continue
        group, schema, name, column = target
        impact = _dependents(usage.of(group, schema, name), column, change.action, removed)
        if not impact:
            result.append(change)
            continue
        for dep in impact:
            if dep.dropped:
                caused_by.setdefault(_key(dep.kind, dep.schema, dep.name, dep.part),
                                     change.path)
        classes = change.classes
        if BREAKING not in classes:
            classes = (BREAKING, *classes)
        result.append(replace(change, impact=tuple(impact), classes=classes))
    return [replace(c, caused_by=caused_by[key])
            if (key := _removal_key(c)) is not None and key in caused_by
            and caused_by[key] != c.path else c for c in result]


def _words(kind: str, count: int) -> str:
    word = {"materialized_view": "materialized view", "policy": "policie",
            "index": "indexe"}.get(kind, kind)
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class Named:
    """Dependents as a summary names them: `what` ("2 views", "1 function mentions it"),
    the first NAMES_SHOWN names and how many more there are."""

    what: str
    names: tuple[str, ...]
    more: int


@dataclass(frozen=True, slots=True)
class ImpactSummary:
    """What a change breaks (per kind of dependent), which function bodies mention it, and
    how many dependents were dropped with it; names raw, for each output to escape."""

    breaks: tuple[Named, ...]
    mentioned: Named | None
    dropped: int


def _named(what: str, deps: Sequence[Dependent]) -> Named:
    return Named(what, tuple(d.text for d in deps[:NAMES_SHOWN]),
                 max(0, len(deps) - NAMES_SHOWN))


def impact_of(change: Change) -> ImpactSummary:
    """The change's impact, grouped as its summary reads."""
    by_kind: dict[str, list[Dependent]] = {}
    for dep in change.impact:
        if dep.source == "catalog":
            by_kind.setdefault(dep.kind, []).append(dep)
    parsed = [d for d in change.impact if d.source == "parsed"]
    mentioned = None
    if parsed:
        verb = "mentions" if len(parsed) == 1 else "mention"
        noun = "function" if len(parsed) == 1 else "functions"
        mentioned = _named(f"{len(parsed):,} {noun} {verb} it", parsed)
    return ImpactSummary(tuple(_named(_words(k, len(v)), v) for k, v in by_kind.items()),
                         mentioned, sum(1 for d in change.impact if d.dropped))


def impact_summary(change: Change) -> str:
    """`breaks 2 views: marketing.v_a, marketing.v_b; 1 function mentions it: f`, as plain
    text (`templates/diff_comment.md.j2` writes the same in Markdown)."""
    def names(named: Named) -> str:
        more = [f"and {named.more:,} more"] if named.more else []
        return ", ".join([*named.names, *more])
    summary = impact_of(change)
    parts = []
    if summary.breaks:
        parts.append("breaks " + "; ".join(f"{n.what}: {names(n)}" for n in summary.breaks))
    if summary.mentioned:
        parts.append(f"{summary.mentioned.what}: {names(summary.mentioned)}")
    if summary.dropped:
        parts.append(f"{summary.dropped:,} dropped with it")
    return "; ".join(parts)
