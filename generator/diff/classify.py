"""The classification rules: every change gets its classes here and nowhere else.

`RULES` is read top to bottom; the first rule whose kind, action, attribute and
condition fit a change gives its classes. `rules_markdown()` prints the same table
for the README, so the documentation cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.diff.model import (
    ADDED,
    ADDITIVE,
    BREAKING,
    CHANGED,
    COMPATIBLE,
    COSMETIC,
    DESTRUCTIVE,
    POSSIBLE_RENAME,
    REMOVED,
    RENAMED,
    SECURITY,
)
from generator.diff.typechange import LOSSY, WIDEN, type_change


@dataclass(frozen=True, slots=True)
class Facts:
    """What a rule may look at: the change, and the object on each side."""

    kind: str
    action: str
    attribute: str | None = None
    before: Any = None
    after: Any = None
    old: Any = None
    new: Any = None


@dataclass(frozen=True, slots=True)
class ClassRule:
    """A classification rule: changes of these kinds (any if empty), this action and
    attribute get these classes (unlike `generator.lint.engine.Rule`, a lint check)."""

    kinds: tuple[str, ...]
    action: str
    attribute: str | None
    classes: tuple[str, ...]
    why: str
    when: Callable[[Facts], bool] | None = None
    condition: str = ""

    def fits(self, facts: Facts) -> bool:
        """Whether this rule applies to `facts`."""
        return (
            (not self.kinds or facts.kind in self.kinds)
            and self.action == facts.action
            and (self.attribute is None or self.attribute == facts.attribute)
            and (self.when is None or self.when(facts))
        )


# -- conditions -------------------------------------------------------------------------


def _required_column(f: Facts) -> bool:
    col = f.new
    return bool(col is not None and not col.nullable and col.default is None
                and col.identity is None and col.generated is None)


def _unique_index(f: Facts) -> bool:
    return bool(f.new is not None and f.new.unique)


def _type_is(*outcomes: str) -> Callable[[Facts], bool]:
    return lambda f: type_change(str(f.before), str(f.after)) in outcomes


def _after_is(value: object) -> Callable[[Facts], bool]:
    return lambda f: f.after == value


def _after_set(f: Facts) -> bool:
    return f.after is not None and f.before is None


def _default_dropped_on_required(f: Facts) -> bool:
    col = f.new
    return bool(f.after is None and col is not None and not col.nullable
                and col.identity is None and col.generated is None)


def _security_definer(f: Facts) -> bool:
    return bool((f.old is not None and f.old.security_definer)
                or (f.new is not None and f.new.security_definer))


def _lost_items(f: Facts) -> bool:
    """An item of `before` (enum values, checks, attributes) is gone or differs."""
    before, after = f.before or [], f.after or []
    if isinstance(before, dict):
        return any(key not in after or after[key] != value for key, value in before.items())
    kept = [item for item in after if item in before]
    return any(item not in after for item in before) or kept != [
        item for item in before if item in after]


def _dropped_checks_only(f: Facts) -> bool:
    before, after = f.before or {}, f.after or {}
    return all(key in before and before[key] == value for key, value in after.items())


# -- the rules --------------------------------------------------------------------------

_RELATIONS_WITH_DATA = ("table", "materialized_view")
_PARTS = ("index", "constraint", "trigger", "policy")

RULES: tuple[ClassRule, ...] = (
    # added
    ClassRule(("column",), ADDED, None, (BREAKING, ADDITIVE),
              "inserts that do not name the column now fail",
              _required_column, "NOT NULL, no default, not identity or generated"),
    ClassRule(("constraint",), ADDED, None, (BREAKING,),
              "existing rows must pass it and writes that passed before may now fail "
              "(NOT VALID skips existing rows, not new writes)"),
    ClassRule(("index",), ADDED, None, (BREAKING,),
              "a unique index refuses duplicates like a unique constraint", _unique_index,
              "unique"),
    ClassRule(("policy",), ADDED, None, (SECURITY,), "changes which rows a role can see or write"),
    ClassRule(("trigger",), ADDED, None, (COMPATIBLE,),
              "changes what writes do, not what clients can call"),
    ClassRule((), ADDED, None, (ADDITIVE,), "something new; existing clients are unaffected"),
    # removed
    ClassRule(_RELATIONS_WITH_DATA + ("column",), REMOVED, None, (BREAKING, DESTRUCTIVE),
              "clients using it fail, and its data is gone"),
    ClassRule(("policy",), REMOVED, None, (SECURITY,),
              "changes which rows a role can see or write"),
    ClassRule(("constraint", "index", "trigger"), REMOVED, None, (COMPATIBLE,),
              "relaxes a rule or drops an access path; every query still runs"),
    ClassRule((), REMOVED, None, (BREAKING,), "clients using it fail"),
    # renamed
    ClassRule(_PARTS, RENAMED, None, (COSMETIC,), "clients do not name these objects"),
    ClassRule((), RENAMED, None, (BREAKING,), "clients using the old name fail"),
    ClassRule(_RELATIONS_WITH_DATA + ("column",), POSSIBLE_RENAME, None, (BREAKING, DESTRUCTIVE),
              "the old name is gone; if it was a drop and an add rather than a rename, "
              "its data is gone too"),
    ClassRule((), POSSIBLE_RENAME, None, (BREAKING,), "clients using the old name fail"),
    # changed: comments, owners, column order
    ClassRule((), CHANGED, "comment", (COSMETIC,), "documentation only"),
    ClassRule(("function",), CHANGED, "owner", (SECURITY,),
              "a SECURITY DEFINER function runs with its owner's rights", _security_definer,
              "SECURITY DEFINER"),
    ClassRule((), CHANGED, "owner", (COSMETIC,), "no effect on clients"),
    ClassRule(("column", "view_column"), CHANGED, "position", (COSMETIC,),
              "only `select *` and positional inserts see column order"),
    # changed: columns
    ClassRule(("column", "view_column"), CHANGED, "type", (COMPATIBLE,),
              "every old value fits the new type", _type_is(WIDEN), "widens"),
    ClassRule(("column",), CHANGED, "type", (BREAKING, DESTRUCTIVE),
              "values are rounded or cut when converted", _type_is(LOSSY),
              "loses precision (numeric scale, time precision, float to integer, to date)"),
    ClassRule(("column", "view_column"), CHANGED, "type", (BREAKING,),
              "narrows or changes the type clients read and write"),
    ClassRule(("column",), CHANGED, "nullable", (BREAKING,),
              "writes of NULL now fail", _after_is(False), "becomes NOT NULL"),
    ClassRule(("column",), CHANGED, "default", (BREAKING,),
              "inserts that relied on the default now fail", _default_dropped_on_required,
              "default dropped on a NOT NULL column"),
    ClassRule(("column",), CHANGED, "identity", (BREAKING,),
              "inserts that give a value now fail", _after_is("always"), "becomes ALWAYS"),
    ClassRule(("column",), CHANGED, "generated", (BREAKING,),
              "writes to a generated column fail", _after_set, "becomes generated"),
    # changed: tables
    ClassRule(("table",), CHANGED, "rls_enabled", (SECURITY,), "row-level security on or off"),
    ClassRule(("table",), CHANGED, "rls_forced", (SECURITY,),
              "whether row-level security applies to the table owner"),
    ClassRule(("table",), CHANGED, "kind", (BREAKING,),
              "a table became partitioned, foreign, or the reverse"),
    ClassRule(("table",), CHANGED, "partition_of", (BREAKING,),
              "rows appear in or leave the parent table"),
    ClassRule(("table",), CHANGED, "partition_bound", (BREAKING,),
              "rows route to another partition or are refused"),
    ClassRule(("table",), CHANGED, "partition_key", (BREAKING,), "partitioning changed"),
    ClassRule(("table",), CHANGED, "inherits", (BREAKING,),
              "columns and rows seen through the parent change"),
    # changed: constraints and indexes
    ClassRule(("constraint",), CHANGED, "validated", (BREAKING,),
              "existing rows are now checked", _after_is(True), "NOT VALID becomes validated"),
    ClassRule(("constraint", "index"), CHANGED, "nulls_not_distinct", (BREAKING,),
              "NULLs now count as duplicates", _after_is(True), "becomes NULLS NOT DISTINCT"),
    ClassRule(("constraint",), CHANGED, None, (BREAKING,),
              "a different rule: rows or writes that passed may now fail",
              lambda f: f.attribute in ("type", "columns", "references", "definition"),
              "type, columns, referenced table or expression"),
    ClassRule(("index",), CHANGED, "unique", (BREAKING,),
              "the index now refuses duplicates", _after_is(True), "becomes unique"),
    # changed: policies, views, functions
    ClassRule(("policy",), CHANGED, None, (SECURITY,),
              "changes which rows a role can see or write"),
    ClassRule(("materialized_view",), CHANGED, "populated", (BREAKING,),
              "reading an unpopulated materialized view fails", _after_is(False),
              "becomes WITH NO DATA"),
    ClassRule(("function",), CHANGED, "security_definer", (SECURITY,),
              "the function runs with its owner's rights, or stops doing so"),
    ClassRule(("function",), CHANGED, "settings", (SECURITY,),
              "SET search_path of a SECURITY DEFINER function guards it against hijacking",
              _security_definer, "SECURITY DEFINER"),
    ClassRule(("function",), CHANGED, None, (BREAKING,),
              "callers must change: other arguments, result or kind",
              lambda f: f.attribute in ("signature", "arguments", "returns", "kind"),
              "signature, arguments, return type or kind"),
    # changed: sequences, types, extensions
    ClassRule(("sequence",), CHANGED, "data_type", (COMPATIBLE,),
              "every value still fits", _type_is(WIDEN), "widens"),
    ClassRule(("sequence",), CHANGED, "data_type", (BREAKING,), "values may no longer fit"),
    ClassRule(("type",), CHANGED, "values", (BREAKING,),
              "an enum value clients write is gone, or values sort differently", _lost_items,
              "a value removed or reordered"),
    ClassRule(("type",), CHANGED, "values", (ADDITIVE,), "new enum values only"),
    ClassRule(("type",), CHANGED, "attributes", (BREAKING,),
              "a composite attribute is gone or changed", _lost_items, "removed or changed"),
    ClassRule(("type",), CHANGED, "attributes", (ADDITIVE,), "new composite attributes only"),
    ClassRule(("type",), CHANGED, "checks", (COMPATIBLE,),
              "domain checks only dropped: fewer rules", _dropped_checks_only, "only dropped"),
    ClassRule(("type",), CHANGED, "not_null", (BREAKING,),
              "the domain now refuses NULL", _after_is(True), "becomes NOT NULL"),
    ClassRule(("type",), CHANGED, None, (BREAKING,),
              "the type's values or rules differ",
              lambda f: f.attribute in ("checks", "base_type", "subtype", "kind"),
              "domain check added or changed, base type, range subtype, kind"),
    ClassRule(("extension",), CHANGED, "schema", (BREAKING,),
              "its functions and types moved to another schema"),
    # everything else
    ClassRule((), CHANGED, None, (COMPATIBLE,),
         "existing queries keep working; behaviour may differ (defaults, bodies, "
         "definitions, indexes, triggers, options)"),
)


def classify(facts: Facts) -> tuple[str, ...]:
    """The classes of a change: those of the first rule that fits."""
    for rule in RULES:
        if rule.fits(facts):
            return rule.classes
    raise AssertionError(f"no rule for {facts.kind} {facts.action} {facts.attribute}")


def rules_markdown() -> str:
    """The rule table as Markdown, for the README."""
    lines = ["| change | condition | classes | why |", "|---|---|---|---|"]
    for rule in RULES:
        kinds = ", ".join(k.replace("_", " ") for k in rule.kinds) or "any object"
        what = rule.action.replace("_", " ")
        if rule.attribute:
            what += f" `{rule.attribute}`"
        lines.append(f"| {kinds}: {what} | {rule.condition} | "
                     f"{', '.join(rule.classes)} | {rule.why} |")
    return "\n".join(lines) + "\n"
