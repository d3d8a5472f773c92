"""Tables, views and materialized views: their own attributes, columns and parts."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from generator.diff.context import At, Context
from generator.diff.model import POSSIBLE_RENAME, RENAMED
from generator.diff.normalise import index_body, trigger_body
from generator.diff.renames import Matching, match
from generator.model import Column, Constraint, Index, Policy, Table, Trigger, View

TABLE_FIELDS = (
    "kind", "owner", "comment", "unlogged", "rls_enabled", "rls_forced", "partition_of",
    "partition_bound", "partition_key", "inherits", "foreign_server", "foreign_options",
)
COLUMN_FIELDS = (
    "type", "nullable", "default", "identity", "generated", "generation_expression",
    "collation", "comment",
)
CONSTRAINT_FIELDS = (
    "type", "columns", "references", "on_delete", "on_update", "deferrable",
    "initially_deferred", "validated", "nulls_not_distinct",
)
INDEX_FIELDS = ("unique", "primary", "method", "columns", "include", "predicate", "valid",
                "nulls_not_distinct")
TRIGGER_FIELDS = ("timing", "events", "level", "function", "enabled", "constraint_trigger")
POLICY_FIELDS = ("command", "permissive", "roles", "using", "with_check", "comment")
VIEW_FIELDS = ("owner", "comment", "populated")


def compare_relation(ctx: Context, at: At, old: Table | View, new: Table | View,
                     columns: Matching[Column]) -> None:
    """Everything about one table, view or materialized view present on both sides."""
    if old == new:
        return
    if isinstance(old, Table) and isinstance(new, Table):
        ctx.fields(at, old, new, TABLE_FIELDS)
        _compare_columns(ctx, at, old.columns, new.columns, columns, "column")
        _compare_parts(ctx, at, "constraints", old.constraints, new.constraints,
                       _constraint_signature(ctx), _compare_constraint)
        _compare_parts(ctx, at, "policies", old.policies, new.policies,
                       _policy_signature(ctx), _compare_policy)
    elif isinstance(old, View) and isinstance(new, View):
        ctx.fields(at, old, new, VIEW_FIELDS)
        if not ctx.same_text(old.definition, new.definition, definition=True):
            ctx.changed(at, "definition", old, new)
        _compare_columns(ctx, at, old.columns, new.columns, columns, "view_column")
    _compare_parts(ctx, at, "indexes", old.indexes, new.indexes,
                   lambda name, i: ctx.renames.apply(index_body(i.definition, name)),
                   _compare_index)
    _compare_parts(ctx, at, "triggers", old.triggers, new.triggers,
                   lambda name, t: ctx.renames.apply(trigger_body(t.definition, name)),
                   _compare_trigger)


def renamed(ctx: Context, at: At, old_name: str, new_name: str, action: str,
            old: Any = None, new: Any = None) -> None:
    """A rename (or possible rename) of any object."""
    word = "renamed" if action == RENAMED else "possibly renamed"
    note = "" if action == RENAMED else " (same definition; no catalog identity to confirm)"
    ctx.emit(at, action, before=old_name, after=new_name,
             detail=f"{word} {old_name} → {new_name}{note}", old=old, new=new)


# -- columns ------------------------------------------------------------------------------


def _compare_columns(ctx: Context, at: At, old: Mapping[str, Column],
                     new: Mapping[str, Column], matching: Matching[Column], kind: str) -> None:
    if old == new:
        return
    for name in matching.removed:
        ctx.removed(at.child(kind, "columns", name), old[name])
    for name in matching.added:
        ctx.added(at.child(kind, "columns", name), new[name])
    for action, pairs in ((RENAMED, matching.renamed), (POSSIBLE_RENAME, matching.possible)):
        for old_name, new_name in pairs:
            renamed(ctx, at.child(kind, "columns", new_name), old_name, new_name, action,
                    old[old_name], new[new_name])
    pairs = matching.pairs()
    for old_name, new_name in pairs:
        o, n = old[old_name], new[new_name]
        if o != n:
            ctx.fields(at.child(kind, "columns", new_name), o, n, COLUMN_FIELDS)
    _compare_order(ctx, at, old, new, pairs, kind)


def _compare_order(ctx: Context, at: At, old: Mapping[str, Column], new: Mapping[str, Column],
                   pairs: list[tuple[str, str]], kind: str) -> None:
    """Column order among the columns both sides have (a drop shifting positions is no move)."""
    old_order = [n for _, n in sorted(pairs, key=lambda p: old[p[0]].position)]
    new_order = sorted((n for _, n in pairs), key=lambda name: new[name].position)
    if old_order == new_order:
        return
    old_of = {n: o for o, n in pairs}
    for rank, name in enumerate(new_order):
        if old_order[rank] != name:
            ctx.changed_value(at.child(kind, "columns", name), "position",
                              old[old_of[name]].position, new[name].position,
                              old[old_of[name]], new[name])


# -- constraints, indexes, triggers, policies ---------------------------------------------

PartCompare = Callable[[Context, At, str, Any, Any], None]


def _compare_parts(ctx: Context, at: At, collection: str, old: Mapping[str, Any],
                   new: Mapping[str, Any], signature: Callable[[str, Any], Hashable],
                   compare: PartCompare) -> None:
    if old == new:
        return
    kind = {"constraints": "constraint", "indexes": "index", "triggers": "trigger",
            "policies": "policy"}[collection]
    matching = match(old, new, signature=signature)
    for name in matching.removed:
        ctx.removed(at.child(kind, collection, name), old[name])
    for name in matching.added:
        ctx.added(at.child(kind, collection, name), new[name])
    for old_name, new_name in matching.possible:
        renamed(ctx, at.child(kind, collection, new_name), old_name, new_name, RENAMED,
                old[old_name], new[new_name])
    for old_name, new_name in matching.pairs():
        if old[old_name] != new[new_name]:
            compare(ctx, at.child(kind, collection, new_name), old_name, old[old_name],
                    new[new_name])


def _constraint_signature(ctx: Context) -> Callable[[str, Constraint], Hashable]:
    return lambda name, c: (c.type, ctx.renames.apply(c.definition))


def _policy_signature(ctx: Context) -> Callable[[str, Policy], Hashable]:
    return lambda name, p: (p.command, p.permissive, tuple(p.roles),
                            ctx.renames.apply(p.using or ""),
                            ctx.renames.apply(p.with_check or ""))


def _compare_constraint(ctx: Context, at: At, old_name: str, old: Constraint,
                        new: Constraint) -> None:
    # The definition restates the structured fields; compare it only when they agree.
    if not ctx.fields(at, old, new, CONSTRAINT_FIELDS):
        if not ctx.same_text(old.definition, new.definition):
            ctx.changed(at, "definition", old, new)
    ctx.fields(at, old, new, ("comment",))


def _compare_index(ctx: Context, at: At, old_name: str, old: Index, new: Index) -> None:
    if not ctx.fields(at, old, new, INDEX_FIELDS):
        a = index_body(old.definition, old_name)
        b = index_body(new.definition, at.name)
        if not ctx.same_text(a, b):
            ctx.changed(at, "definition", old, new)
    ctx.fields(at, old, new, ("comment",))


def _compare_trigger(ctx: Context, at: At, old_name: str, old: Trigger, new: Trigger) -> None:
    if not ctx.fields(at, old, new, TRIGGER_FIELDS):
        a = trigger_body(old.definition, old_name)
        b = trigger_body(new.definition, at.name)
        if not ctx.same_text(a, b):
            ctx.changed(at, "definition", old, new)
    ctx.fields(at, old, new, ("comment",))


def _compare_policy(ctx: Context, at: At, old_name: str, old: Policy, new: Policy) -> None:
    ctx.fields(at, old, new, POLICY_FIELDS)
