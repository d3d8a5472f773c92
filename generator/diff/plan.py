"""Which object of OLD is which object of NEW, decided once before anything is compared.

The plan pairs schemas, relations, functions, sequences, types and columns (see
`renames.py`), decides whether both snapshots come from the same database (so that
catalog identities can be trusted), and collects every rename into a `RenameMap`.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from generator.diff.normalise import RenameMap, squash
from generator.diff.renames import Matching, match
from generator.model import Column, Function, Schema, Sequence, Snapshot, Table, UserType, View

RELATION_KINDS = ("tables", "views", "materialized_views")
FIRST_USER_OID = 16384  # PostgreSQL's FirstNormalObjectId


@dataclass(slots=True)
class SchemaPlan:
    """Pairings inside one pair of schemas."""

    old_name: str
    old: Schema
    new: Schema
    trusted: bool  # same database and same schema oid: relation oids can be trusted
    tables: Matching[Table]
    views: Matching[View]
    materialized_views: Matching[View]
    functions: Matching[Function]
    sequences: Matching[Sequence]
    types: Matching[UserType]
    columns: dict[tuple[str, str], Matching[Column]] = field(default_factory=dict)


@dataclass(slots=True)
class Plan:
    """Pairings of the whole snapshot."""

    same_database: bool
    schemas: Matching[Schema]
    per_schema: dict[tuple[str, str], SchemaPlan]
    renames: RenameMap


def same_database(old: Snapshot, new: Snapshot) -> bool:
    """Both snapshots come from one database: same name, and most shared objects keep their oid.

    Fresh databases built from the same migrations often share a name (and, on a fresh
    server, oids); a database restored elsewhere does not keep its oids. Requiring that
    at least half of the objects found under one name on both sides have the same oid
    keeps identities from pairing unrelated objects.
    """
    if old.database.name != new.database.name:
        return False
    equal = total = 0
    for name, old_schema in old.schemas.items():
        new_schema = new.schemas.get(name)
        if new_schema is None:
            continue
        pairs = [(old_schema.oid, new_schema.oid)] + [
            (table.oid, new_schema.tables[tname].oid)
            for tname, table in old_schema.tables.items() if tname in new_schema.tables
        ]
        for a, b in pairs:
            # Objects made by initdb (schema public is 2200 everywhere) prove nothing.
            if a >= FIRST_USER_OID:
                total += 1
                equal += a == b
    if total:
        return equal * 2 >= total
    # Nothing kept its name (a renamed schema): do the objects keep their oids?
    old_oids, new_oids = _user_oids(old), _user_oids(new)
    return bool(old_oids and new_oids) and len(old_oids & new_oids) * 2 >= min(
        len(old_oids), len(new_oids))


def _user_oids(snapshot: Snapshot) -> set[int]:
    oids = set()
    for schema in snapshot.schemas.values():
        oids.add(schema.oid)
        oids.update(table.oid for table in schema.tables.values())
    return {oid for oid in oids if oid >= FIRST_USER_OID}


def _oid(name: str, obj: object) -> Hashable:
    return getattr(obj, "oid", None) or None


def _table_signature(name: str, table: Table) -> Hashable:
    if not table.columns:
        return None
    return table.kind, tuple(
        (name, c.type, c.nullable, c.default, c.identity, c.generated)
        for name, c in table.columns.items()
    )


def _view_signature(name: str, view: View) -> Hashable:
    return squash(view.definition)


def _type_signature(name: str, utype: UserType) -> Hashable:
    if utype.kind == "enum" and utype.values:
        return "enum", tuple(utype.values)
    if utype.kind == "composite" and utype.attributes:
        return "composite", tuple((a.name, a.type) for a in utype.attributes)
    return None


def _column_signature(name: str, col: Column) -> Hashable:
    return (col.type, col.nullable, col.default, col.identity, col.generated,
            col.generation_expression, col.collation)


def _plausible_table(old: Table, new: Table) -> bool:
    """A table renamed in place keeps its kind and most of its columns (by attnum and type)."""
    if old.kind != new.kind:
        return False
    if not old.columns:
        return True
    by_attnum = {c.attnum: c.type for c in new.columns.values()}
    kept = sum(1 for c in old.columns.values() if by_attnum.get(c.attnum) == c.type)
    return kept * 2 >= len(old.columns)


def build_plan(old: Snapshot, new: Snapshot) -> Plan:
    """Pair every object of `old` with its counterpart in `new`."""
    same = same_database(old, new)
    renames = RenameMap()
    schemas = match(old.schemas, new.schemas, identity=_oid if same else None)
    per_schema: dict[tuple[str, str], SchemaPlan] = {}
    for old_name, new_name in schemas.pairs():
        renames.add(old_name, new_name)
        o, n = old.schemas[old_name], new.schemas[new_name]
        plan = _schema_plan(old_name, o, n, same and o.oid == n.oid)
        _collect_renames(plan, renames)
        per_schema[(old_name, new_name)] = plan
    return Plan(same, schemas, per_schema, renames)


def _schema_plan(old_name: str, old: Schema, new: Schema, trusted: bool) -> SchemaPlan:
    ident = _oid if trusted else None
    plan = SchemaPlan(
        old_name=old_name,
        old=old,
        new=new,
        trusted=trusted,
        tables=match(old.tables, new.tables, ident, None if trusted else _table_signature,
                     _plausible_table),
        views=match(old.views, new.views, ident, None if trusted else _view_signature),
        materialized_views=match(old.materialized_views, new.materialized_views, ident,
                                 None if trusted else _view_signature),
        # Functions left over on both sides under one name changed their signature.
        functions=match(old.functions, new.functions, ident, lambda key, f: f.name),
        sequences=match(old.sequences, new.sequences, ident),
        types=match(old.types, new.types, ident, None if trusted else _type_signature),
    )
    for attr in RELATION_KINDS:
        matching: Matching[Table | View] = getattr(plan, attr)
        old_rels, new_rels = getattr(old, attr), getattr(new, attr)
        for old_key, new_key in matching.pairs():
            o, n = old_rels[old_key], new_rels[new_key]
            same_rel = trusted and o.oid == n.oid
            plan.columns[(old_key, new_key)] = match(
                o.columns, n.columns,
                identity=(lambda key, c: c.attnum) if same_rel else None,
                signature=None if same_rel else _column_signature,
            )
    return plan


def _collect_renames(plan: SchemaPlan, renames: RenameMap) -> None:
    for attr in (*RELATION_KINDS, "sequences", "types"):
        matching: Matching[object] = getattr(plan, attr)
        for old_key, new_key in matching.renamed + matching.possible:
            renames.add(old_key, new_key)
    for old_key, new_key in plan.functions.renamed:
        renames.add(plan.old.functions[old_key].name, plan.new.functions[new_key].name)
    for columns in plan.columns.values():
        for old_key, new_key in columns.renamed + columns.possible:
            renames.add(old_key, new_key)
