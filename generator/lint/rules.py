"""The lint rules: one small function each, registered in `RULES` with its id, default
severity, the reason it matters and the usual fix."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from generator.config import fits_template
from generator.lint.engine import Hit, LintContext
from generator.model import Dependency, Index, Table, View
from generator.model.statistics import usage_not_judged
from generator.names.identifiers import qualified
from generator.names.sql import qualified_ident as sql_name

__all__ = ["q", "unquote"]

_INDEX_HEAD = re.compile(r'^CREATE (?:UNIQUE )?INDEX (?:"(?:[^"]|"")+"|\S+) ON (?:ONLY )?')


def q(*names: str) -> str:
    """A path of names as shown in findings, each quoted as needed (`"a.b".c`)."""
    return qualified(*names)


def unquote(name: str) -> str:
    """A column as pg_get_indexdef prints it ("Name") back to its name (Name)."""
    if len(name) > 1 and name.startswith('"') and name.endswith('"'):
        return name[1:-1].replace('""', '"')
    return name


def _pk(table: Table) -> list[str]:
    return next((c.columns for c in table.constraints.values() if c.type == "primary_key"), [])


def _key(index: Index) -> str:
    """What an index indexes: method, columns with opclass and order, INCLUDE, predicate."""
    return _INDEX_HEAD.sub("", index.definition)


def _droppable(index: Index) -> bool:
    return not (index.primary or index.unique or index.constraint)


def no_primary_key(ctx: LintContext) -> Iterator[Hit]:
    """Tables without a primary key (those with no index at all are no-index's)."""
    for s, n, t in ctx.tables():
        if not _pk(t) and (t.indexes or "no-index" not in ctx.enabled):
            yield Hit(s, n, q(s, n), "table has no primary key")


def no_index(ctx: LintContext) -> Iterator[Hit]:
    """Tables without any index, hence without a primary key either."""
    for s, n, t in ctx.tables():
        if not t.indexes:
            yield Hit(s, n, q(s, n), "table has no index at all (so no primary key either)")


def _covering(table: Table, columns: list[str]) -> list[str]:
    """Indexes whose leading columns are `columns` (in any order), valid and not partial."""
    return [name for name, ix in sorted(table.indexes.items())
            if set(map(unquote, ix.columns[: len(columns)])) == set(columns)
            and not ix.predicate and ix.valid]


def fk_without_index(ctx: LintContext) -> Iterator[Hit]:
    """Foreign keys no full index leads with."""
    for s, n, t in ctx.tables():
        for name, con in sorted(t.constraints.items()):
            if con.type == "foreign_key" and not _covering(t, con.columns):
                cols = ", ".join(con.columns)
                yield Hit(s, n, q(s, n, name),
                          f"foreign key {name} ({cols}) has no index whose leading columns "
                          "cover it", f"CREATE INDEX ON {sql_name(s, n)} "
                          f"({', '.join(sql_name(c) for c in con.columns)});")


def _duplicates(table: Table) -> Iterator[tuple[str, str]]:
    """(index to drop, index it duplicates): the one enforcing something is kept."""
    groups: dict[str, list[tuple[str, Index]]] = defaultdict(list)
    for name, ix in table.indexes.items():
        groups[_key(ix)].append((name, ix))
    for group in groups.values():
        group.sort(key=lambda g: (_droppable(g[1]), g[0]))
        yield from ((name, group[0][0]) for name, _ in group[1:])


def duplicate_index(ctx: LintContext) -> Iterator[Hit]:
    """Indexes identical to another of the same table."""
    for s, n, t in ctx.tables():
        for name, kept in _duplicates(t):
            yield Hit(s, n, q(s, n, name), f"index {name} duplicates {kept} (same columns, "
                      "method and predicate)", f"DROP INDEX {sql_name(s, name)};")


def _redundant(table: Table) -> Iterator[tuple[str, str]]:
    """(index, longer index it is a prefix of): btree, same predicate, not enforcing."""
    for name, ix in sorted(table.indexes.items()):
        if not _droppable(ix) or ix.method != "btree" or ix.include:
            continue
        for other_name, other in sorted(table.indexes.items()):
            if (other.method == "btree" and other.predicate == ix.predicate
                    and len(other.columns) > len(ix.columns)
                    and other.columns[: len(ix.columns)] == ix.columns):
                yield name, other_name
                break


def redundant_index(ctx: LintContext) -> Iterator[Hit]:
    """Indexes whose columns lead a longer index, which serves the same look-ups."""
    for s, n, t in ctx.tables():
        for name, longer in _redundant(t):
            cols = ", ".join(t.indexes[name].columns)
            yield Hit(s, n, q(s, n, name), f"index {name} ({cols}) is redundant: its columns "
                      f"lead index {longer}", f"DROP INDEX {sql_name(s, name)};")


def unused_index(ctx: LintContext) -> Iterator[Hit]:
    """Indexes never scanned since the statistics began (not primary or unique ones)."""
    if usage_not_judged(ctx.snapshot, ctx.config.lint.min_stats_age()):  # a note says why
        return
    yield from _unused_indexes(ctx)


def unused_index_not_judged(ctx: LintContext) -> str | None:
    """Why unused-index did not judge: statistics too young for the indexes it would
    report (none: nothing to say)."""
    why = usage_not_judged(ctx.snapshot, ctx.config.lint.min_stats_age())
    if why is None:
        return None
    candidates = sum(1 for _ in _unused_indexes(ctx))
    if not candidates:
        return None
    return f"{candidates:,} index{'' if candidates == 1 else 'es'} without scans yet; {why}"


def _unused_indexes(ctx: LintContext) -> Iterator[Hit]:
    db = ctx.snapshot.database
    since = f"the statistics were reset on {db.stats_reset}" if db.stats_reset else (
        f"the server's statistics began on {db.stats_since}" if db.stats_since
        else "the server's statistics began")
    for s, n, t in ctx.tables():
        flagged = {name for name, _ in _duplicates(t)} if "duplicate-index" in ctx.enabled \
            else set()
        flagged |= {name for name, _ in _redundant(t)} if "redundant-index" in ctx.enabled \
            else set()
        # The only index behind a foreign key serves deletes of referenced rows.
        flagged |= {cover[0] for con in t.constraints.values() if con.type == "foreign_key"
                    and len(cover := _covering(t, con.columns)) == 1}
        for name, ix in sorted(t.indexes.items()):
            if ix.scans == 0 and _droppable(ix) and name not in flagged:
                yield Hit(s, n, q(s, n, name), f"index {name} has not been used since {since}",
                          f"DROP INDEX {sql_name(s, name)}; (after checking replicas and "
                          "rare jobs)")


def nullable_unique_column(ctx: LintContext) -> Iterator[Hit]:
    """Unique indexes over nullable columns: NULLs never collide, so duplicates slip in."""
    for s, n, t in ctx.tables():
        for name, ix in sorted(t.indexes.items()):
            if not ix.unique or ix.primary or ix.nulls_not_distinct:
                continue
            cols = [c for c in map(unquote, ix.columns) if c in t.columns
                    and t.columns[c].nullable and f"{c} IS NOT NULL" not in (ix.predicate or "")]
            if cols:
                yield Hit(s, n, q(s, n, name), f"unique index {name} has nullable column(s) "
                          f"{', '.join(cols)}: rows with NULL there are never duplicates")


def _base(type_name: str) -> str:
    return re.sub(r"\(.*?\)", "", type_name).strip()


def fk_type_mismatch(ctx: LintContext) -> Iterator[Hit]:
    """Foreign-key columns whose type differs from the referenced column's."""
    for s, n, t in ctx.tables():
        for name, con in sorted(t.constraints.items()):
            ref = con.references
            target = ctx.snapshot.schemas.get(ref.schema) if ref else None
            ref_table = target.tables.get(ref.table) if target and ref else None
            if con.type != "foreign_key" or ref is None or ref_table is None:
                continue
            for col, ref_col in zip(con.columns, ref.columns, strict=False):
                mine, theirs = t.columns.get(col), ref_table.columns.get(ref_col)
                if mine and theirs and _base(mine.type) != _base(theirs.type):
                    yield Hit(s, n, q(s, n, name), f"foreign key {name}: {col} is {mine.type} "
                              f"but {q(ref.schema, ref.table, ref_col)} is {theirs.type}",
                              f"ALTER TABLE {sql_name(s, n)} ALTER COLUMN {sql_name(col)} "
                              f"TYPE {theirs.type};")


def table_without_comment(ctx: LintContext) -> Iterator[Hit]:
    """Tables with no comment in the catalog and no description in schemadoc.yml."""
    for s, n, t in ctx.tables():
        if not (t.comment or "").strip() and not ctx.config.description_for("table", s, n):
            yield Hit(s, n, q(s, n), "table has no comment",
                      f"COMMENT ON TABLE {sql_name(s, n)} IS '...'; or describe it in "
                      "schemadoc.yml")


def column_without_comment(ctx: LintContext) -> Iterator[Hit]:
    """Columns with neither a comment nor a description, one finding per table."""
    for s, n, t in ctx.tables():
        bare = [c for c, col in t.columns.items() if not (col.comment or "").strip()
                and not ctx.config.description_for("column", s, n, c)]
        if bare:
            shown = ", ".join(bare[:5]) + (", ..." if len(bare) > 5 else "")
            verb = "has" if len(bare) == 1 else "have"
            yield Hit(s, n, q(s, n), f"{len(bare)} of {len(t.columns)} columns {verb} no "
                      f"comment: {shown}", f"COMMENT ON COLUMN {sql_name(s, n, bare[0])} IS '...';")


def _naming_checks(ctx: LintContext, s: str, n: str, t: Table) -> Iterator[tuple[str, str, str]]:
    """(column, what, templates) for each column breaking a naming rule."""
    rules = ctx.config.naming
    pk = _pk(t)
    # A key that is also a foreign key (1:1) is named after the table it references.
    borrowed = any(c.type == "foreign_key" and c.columns == pk for c in t.constraints.values())
    if rules.primary_keys and len(pk) == 1 and not borrowed and not any(
            fits_template(pk[0], p, n) for p in rules.primary_keys):
        yield pk[0], "primary key", ", ".join(rules.primary_keys)
    for con in sorted(t.constraints.values(), key=lambda c: c.columns):
        ref = con.references
        if rules.foreign_keys and ref and len(con.columns) == 1 and not any(
                fits_template(con.columns[0], p, ref.table, ref.columns[0])
                for p in rules.foreign_keys):
            yield con.columns[0], "foreign key", ", ".join(rules.foreign_keys)
    for c, col in t.columns.items():
        kind = ("timestamps" if col.type.startswith("timestamp") or col.type == "date"
                else "booleans" if col.type == "boolean" else None)
        patterns = getattr(rules, kind) if kind else ()
        if patterns and not any(fits_template(c, p, n) for p in patterns):
            yield c, kind[:-1] if kind else "", ", ".join(patterns)


def naming_convention(ctx: LintContext) -> Iterator[Hit]:
    """Keys, timestamps and booleans named against schemadoc.yml's conventions."""
    for s, n, t in ctx.tables():
        for column, what, expected in _naming_checks(ctx, s, n, t):
            yield Hit(s, n, q(s, n, column), f"{what} column {column} does not follow the "
                      f"naming convention ({expected})")


def id_format(ctx: LintContext) -> Iterator[Hit]:
    """Sampled values of ID columns that do not match their format."""
    for (s, n, c), found in sorted((ctx.samples or {}).items()):
        if found.bad:
            examples = ", ".join(repr(e) for e in found.examples)
            yield Hit(s, n, q(s, n, c), f"{found.bad} of {found.checked} sampled values do not "
                      f"match {found.format.name} ({found.format.regex}), e.g. {examples}")


def text_null_default(ctx: LintContext) -> Iterator[Hit]:
    """Defaults that are the text 'NULL' rather than NULL."""
    for s, n, t in ctx.tables():
        for c, col in t.columns.items():
            if col.default and re.match(r"^'null'::", col.default, re.IGNORECASE):
                yield Hit(s, n, q(s, n, c), f"default of {c} is the text {col.default}, not "
                          "NULL", f"ALTER TABLE {sql_name(s, n)} ALTER COLUMN {sql_name(c)} "
                          "DROP DEFAULT;")


def single_column_table(ctx: LintContext) -> Iterator[Hit]:
    """Tables with one column."""
    for s, n, t in ctx.tables():
        if len(t.columns) == 1:
            yield Hit(s, n, q(s, n), f"table has a single column ({next(iter(t.columns))})")


def incrementing_column_names(ctx: LintContext) -> Iterator[Hit]:
    """Numbered columns (phone1, phone2): a repeating group that wants its own table."""
    for s, n, t in ctx.tables():
        groups: dict[str, list[str]] = defaultdict(list)
        for c in t.columns:
            match = re.fullmatch(r"(.*?[^\d_])_?\d+", c)
            if match:
                groups[match.group(1)].append(c)
        for base, cols in sorted(groups.items()):
            if len(cols) > 1:
                yield Hit(s, n, q(s, n, base), f"columns {', '.join(cols)} number a repeating "
                          "group")


def rls_enabled_no_policy(ctx: LintContext) -> Iterator[Hit]:
    """Row-level security on, no policy: only the owner (and superusers) see rows."""
    for s, n, t in ctx.tables():
        if t.rls_enabled and not t.policies:
            yield Hit(s, n, q(s, n), "row-level security is enabled but the table has no "
                      "policy, so other roles see no rows")


def policy_rls_disabled(ctx: LintContext) -> Iterator[Hit]:
    """Policies on a table whose row-level security is off: they do nothing."""
    for s, n, t in ctx.tables():
        if t.policies and not t.rls_enabled:
            names = ", ".join(sorted(t.policies))
            what = f"policy {names} has" if len(t.policies) == 1 else f"policies {names} have"
            yield Hit(s, n, q(s, n), f"{what} no effect: row-level security is disabled",
                      f"ALTER TABLE {sql_name(s, n)} ENABLE ROW LEVEL SECURITY;")


def _case_groups(names: list[str]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        groups[name.lower()].append(name)
    return [g for g in groups.values() if len(g) > 1]


def case_variant_names(ctx: LintContext) -> Iterator[Hit]:
    """Schemas or tables whose names differ only in case (bit and BIT)."""
    for group in _case_groups(list(ctx.snapshot.schemas)):
        yield Hit(group[0], None, " / ".join(group),
                  f"schemas {' and '.join(group)} differ only in case")
    for s, schema in sorted(ctx.snapshot.schemas.items()):
        for group in _case_groups(list(schema.tables)):
            yield Hit(s, group[0], " / ".join(q(s, g) for g in group),
                      f"tables {' and '.join(group)} differ only in case")


def isolated_table(ctx: LintContext) -> Iterator[Hit]:
    """Tables with no relation in or out, in a schema whose other tables have some."""
    linked: set[tuple[str, str]] = set()
    for s, n, t in ctx.tables():
        for con in t.constraints.values():
            if con.references is not None:
                linked |= {(s, n), (con.references.schema, con.references.table)}
    for rel in ctx.relations:
        linked |= {(rel.source.schema, rel.source.table), (rel.target.schema, rel.target.table)}
    schemas_with_links = {s for s, _ in linked}
    for s, n, _ in ctx.tables():
        if s in schemas_with_links and (s, n) not in linked:
            yield Hit(s, n, q(s, n), "table has no foreign key in or out, unlike the rest of "
                      "its schema")


def too_many_columns(ctx: LintContext) -> Iterator[Hit]:
    """Tables wider than the configured maximum (default 50)."""
    limit = ctx.max_columns()
    for s, n, t in ctx.tables():
        if len(t.columns) > limit:
            yield Hit(s, n, q(s, n), f"table has {len(t.columns)} columns (more than {limit})")


def _extension_relations(ctx: LintContext) -> set[str]:
    """Names of the relations extensions own, as pg_describe_object prints them."""
    return {text.split(" ", 1)[1] for ext in ctx.snapshot.extensions.values()
            for text in ext.objects if " " in text}


def function_missing_object(ctx: LintContext) -> Iterator[Hit]:
    """A function body (parsed) that names a table, or a column of one, that does not
    exist: the classic PL/pgSQL left broken by a rename, which fails only when it runs."""
    owned = _extension_relations(ctx)
    for s, schema in sorted(ctx.snapshot.schemas.items()):
        for sig, fn in sorted(schema.functions.items()):
            missing: list[str] = []
            for dep in fn.depends_on:
                if dep.source != "parsed":
                    continue
                if dep.kind == "relation":
                    name = q(dep.schema, dep.name)
                    if name not in owned and dep.name not in owned and name not in missing:
                        missing.append(name)
                elif dep.kind in ("table", "view", "materialized_view") and dep.column:
                    relation = _relation(ctx, dep.schema, dep.name)
                    if relation is not None and dep.column not in relation.columns:
                        text = f"column {q(dep.schema, dep.name, dep.column)}"
                        if text not in missing:
                            missing.append(text)
            if missing:
                yield Hit(s, None, f"{q(s, fn.name)}({sig.partition('(')[2]}",
                          f"the function body names {', '.join(missing)}, which does not exist "
                          "(it fails when it runs)")


def _relation(ctx: LintContext, schema: str, name: str) -> Table | View | None:
    found = ctx.snapshot.schemas.get(schema)
    if found is None:
        return None
    return (found.tables.get(name) or found.views.get(name)
            or found.materialized_views.get(name))


def reads_archived_table(ctx: LintContext) -> Iterator[Hit]:
    """A view, materialized view or function outside archive schemas that reads a table
    in a schema schemadoc.yml gives the status archive."""
    for s, schema in sorted(ctx.snapshot.schemas.items()):
        if ctx.archived(s):
            continue
        readers: list[tuple[str, str, list[Dependency]]] = [
            *((q(s, n), "view", v.depends_on) for n, v in sorted(schema.views.items())),
            *((q(s, n), "materialized view", v.depends_on)
              for n, v in sorted(schema.materialized_views.items())),
            *((f"{q(s, f.name)}({sig.partition('(')[2]}", "function", f.depends_on)
              for sig, f in sorted(schema.functions.items())),
        ]
        for name, kind, deps in readers:
            archived = sorted({q(d.schema, d.name) for d in deps
                               if d.kind in ("table", "view", "materialized_view")
                               and ctx.archived(d.schema)})
            if archived:
                yield Hit(s, None, name, f"{kind} reads {', '.join(archived)}, in an archive "
                          "schema")


def dynamic_sql_security_definer(ctx: LintContext) -> Iterator[Hit]:
    """SECURITY DEFINER functions that run SQL they build at run time (EXECUTE)."""
    for s, schema in sorted(ctx.snapshot.schemas.items()):
        for sig, fn in sorted(schema.functions.items()):
            if fn.security_definer and fn.dynamic_sql:
                yield Hit(s, None, f"{q(s, fn.name)}({sig.partition('(')[2]}",
                          "security: a SECURITY DEFINER function runs SQL it builds at run "
                          f"time (EXECUTE), with the rights of its owner {fn.owner}")
