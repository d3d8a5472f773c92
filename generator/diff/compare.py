"""Walking two snapshots along the plan: extensions, schemas and everything in them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diff.compare_relations import compare_relation, renamed
from generator.diff.context import At, Context
from generator.diff.model import CHANGED, POSSIBLE_RENAME, RENAMED
from generator.diff.normalise import function_parts
from generator.diff.plan import RELATION_KINDS, SchemaPlan
from generator.diff.renames import Matching
from generator.model import Function, Schema, Snapshot
from generator.names.identifiers import quote_ident

SCHEMA_FIELDS = ("owner", "comment")
EXTENSION_FIELDS = ("version", "schema", "comment")
FUNCTION_FIELDS = (
    "kind", "arguments", "returns", "language", "volatility", "security_definer", "strict",
    "parallel", "owner", "comment",
)
SEQUENCE_FIELDS = (
    "data_type", "start", "increment", "min_value", "max_value", "cache", "cycle", "owner",
    "owned_by", "identity", "comment",
)
TYPE_FIELDS = (
    "kind", "owner", "comment", "values", "base_type", "not_null", "default", "checks",
    "attributes", "subtype",
)
# Collections of a schema: (attribute, kind of change).
OBJECT_KINDS = (
    ("tables", "table"), ("views", "view"), ("materialized_views", "materialized_view"),
    ("functions", "function"), ("sequences", "sequence"), ("types", "type"),
)


def compare_snapshots(ctx: Context, old: Snapshot, new: Snapshot) -> None:
    """Record every structural change from `old` to `new` in `ctx`."""
    _compare_extensions(ctx, old, new)
    schemas = ctx.plan.schemas
    for name in schemas.removed:
        _whole_schema(ctx, name, old.schemas[name], added=False)
    for name in schemas.added:
        _whole_schema(ctx, name, new.schemas[name], added=True)
    for old_name, new_name in schemas.renamed:
        renamed(ctx, At("schema", quote_ident(new_name), new_name, None, new_name), old_name,
                new_name, RENAMED)
    for old_name, new_name in schemas.pairs():
        o, n = old.schemas[old_name], new.schemas[new_name]
        if o != n:
            at = At("schema", quote_ident(new_name), new_name, None, new_name)
            ctx.fields(at, o, n, SCHEMA_FIELDS)
            _compare_schema(ctx, new_name, ctx.plan.per_schema[(old_name, new_name)])


def _compare_extensions(ctx: Context, old: Snapshot, new: Snapshot) -> None:
    for name in sorted(old.extensions.keys() | new.extensions.keys()):
        at = At("extension", name, None, None, name)
        o, n = old.extensions.get(name), new.extensions.get(name)
        if o is None:
            ctx.added(at, n)
        elif n is None:
            ctx.removed(at, o)
        elif o != n:
            ctx.fields(at, o, n, EXTENSION_FIELDS)


def _whole_schema(ctx: Context, name: str, schema: Schema, added: bool) -> None:
    """A schema only one side has, with every object in it (columns stay inside tables)."""
    report = ctx.added if added else ctx.removed
    report(At("schema", quote_ident(name), name, None, name), _shallow(schema))
    for attr, kind in OBJECT_KINDS:
        objects: Mapping[str, Any] = getattr(schema, attr)
        for key, obj in objects.items():
            report(At(kind, _path(name, attr, key), name, _relation(attr, key), key), obj)


def _shallow(schema: Schema) -> Schema:
    return Schema(oid=schema.oid, owner=schema.owner, comment=schema.comment)


def _path(schema: str, attr: str, key: str) -> str:
    """`schema.name` with each name quoted as it needs (`"a.b".c` and `a."b.c"` stay
    apart); a function's key is its signature, kept as it is."""
    return f"{quote_ident(schema)}.{key if attr == 'functions' else quote_ident(key)}"


def _relation(attr: str, key: str) -> str | None:
    return key if attr in RELATION_KINDS else None


def _compare_schema(ctx: Context, schema: str, plan: SchemaPlan) -> None:
    for attr, kind in OBJECT_KINDS:
        matching: Matching[Any] = getattr(plan, attr)
        old: Mapping[str, Any] = getattr(plan.old, attr)
        new: Mapping[str, Any] = getattr(plan.new, attr)

        def at(key: str, kind: str = kind, attr: str = attr) -> At:
            return At(kind, _path(schema, attr, key), schema, _relation(attr, key), key)

        for key in matching.removed:
            ctx.removed(At(kind, _path(plan.old_name, attr, key), plan.old_name,
                           _relation(attr, key), key), old[key])
        for key in matching.added:
            ctx.added(at(key), new[key])
        for old_key, new_key in matching.renamed:
            renamed(ctx, at(new_key), old_key, new_key, RENAMED, old[old_key], new[new_key])
        if attr == "functions":
            _compare_functions(ctx, at, plan, old, new)
            continue
        for old_key, new_key in matching.possible:
            renamed(ctx, at(new_key), old_key, new_key, POSSIBLE_RENAME, old[old_key],
                    new[new_key])
        for old_key, new_key in matching.pairs():
            o, n = old[old_key], new[new_key]
            if attr in RELATION_KINDS:
                compare_relation(ctx, at(new_key), o, n, plan.columns[(old_key, new_key)])
            elif o != n:
                fields = SEQUENCE_FIELDS if attr == "sequences" else TYPE_FIELDS
                ctx.fields(at(new_key), o, n, fields)


def _compare_functions(ctx: Context, at: Any, plan: SchemaPlan, old: Mapping[str, Function],
                       new: Mapping[str, Function]) -> None:
    # Pairs found by name alone are one function whose argument types changed.
    for old_key, new_key in plan.functions.possible:
        ctx.emit(at(new_key), CHANGED, attribute="signature", before=old_key, after=new_key,
                 detail=f"signature {old_key} → {new_key}", old=old[old_key], new=new[new_key])
    retyped = set(plan.functions.possible)
    for old_key, new_key in plan.functions.pairs():
        o, n = old[old_key], new[new_key]
        if o == n:
            continue
        names: tuple[str, ...] = FUNCTION_FIELDS
        if (old_key, new_key) in retyped:
            names = tuple(f for f in names if f != "arguments")
        ctx.fields(at(new_key), o, n, names)
        _compare_function_text(ctx, at(new_key), o, n)


def _compare_function_text(ctx: Context, at: At, old: Function, new: Function) -> None:
    """The body, SET lines and other options of the definition, apart."""
    if old.definition == new.definition:
        return
    old_body, old_settings, old_options = function_parts(old.definition)
    new_body, new_settings, new_options = function_parts(new.definition)
    if not ctx.same_text(old_body, new_body, definition=True):
        ctx.changed_value(at, "body", old_body, new_body, old, new)
    if not ctx.same(list(old_settings), list(new_settings)):
        ctx.changed_value(at, "settings", list(old_settings), list(new_settings), old, new)
    if old_options != new_options:
        ctx.changed_value(at, "options", list(old_options), list(new_options), old, new)
