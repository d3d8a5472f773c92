"""The definitions of plain indexes and of primary key, unique and foreign key
constraints, printed on the client exactly as the server prints them.

On a fresh connection `pg_get_indexdef()` and `pg_get_constraintdef()` are the
costliest calls of a snapshot: each looks up its object's names one catalog cache miss
at a time (a third of the server's time at 10,000 tables, bench/README.md), and opens
its table, so a migration's lock on it holds the snapshot up. Most definitions are
made only of names the snapshot reads anyway, so indexes.sql and constraints.sql leave
those to these functions (`plain` in each query) and ask the server for all others:
expressions, storage options, other access methods, CHECK and EXCLUDE constraints. An
index is plain only if, besides, each key column takes its type's default operator
class and its own collation (`plain_keys`); those that do not are printed by the
server in one more query (index_definitions.sql).

Each function follows `pg_get_indexdef_worker()` and `pg_get_constraintdef_worker()`
in PostgreSQL's ruleutils.c, with names quoted as its quote_identifier() does
(`IdentifierQuoter`, with the server's own keywords); tests/introspect/
test_definitions.py compares every one with the server's on PostgreSQL 15 and 18.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence

__all__ = ["INDOPTION_DESC", "INDOPTION_NULLS_FIRST", "constraint_definition",
           "index_definition", "plain_keys"]

Quote = Callable[[str], str]

# pg_index.indoption bits (catalog/pg_index.h)
INDOPTION_DESC = 1
INDOPTION_NULLS_FIRST = 2
# The access methods whose key columns take ASC/DESC and NULLS FIRST/LAST (amcanorder)
_ORDERED = frozenset({"btree"})
_MATCH = {"f": " MATCH FULL", "p": " MATCH PARTIAL"}


def plain_keys(
    opclasses: Sequence[int],
    collations: Sequence[int],
    attnums: Sequence[int],
    column_types: Mapping[int, tuple[int, int]],
    default_opclasses: Container[tuple[int, int]],
) -> bool:
    """Whether the server prints no operator class and no collation after any key
    column (`attnums`, with `opclasses` and `collations` from pg_index): each takes
    the default operator class for its column's type (`default_opclasses`: (opclass,
    type) pairs, see database.sql; `column_types`: attnum -> (type, collation)) and
    the column's collation (or none).

    Any other case makes this False (a class named in the index, a domain's column,
    an array's): the server then prints the definition.
    """
    for opclass, collation, attnum in zip(opclasses, collations, attnums, strict=True):
        column_type, column_collation = column_types[attnum]
        if (opclass, column_type) not in default_opclasses:
            return False
        if collation and collation != column_collation:
            return False
    return True


def index_definition(
    quote: Quote,
    name: str,
    table: str,
    unique: bool,
    method: str,
    keys: Sequence[str],
    options: Sequence[int],
    include: Sequence[str],
    nulls_not_distinct: bool,
    where: str | None = None,
) -> str:
    """`CREATE [UNIQUE] INDEX name ON table USING method (keys) [INCLUDE (...)] [NULLS
    NOT DISTINCT] [WHERE ...]` as pg_get_indexdef() prints a plain index. `table` is
    `schema.table`, `keys` and `include` the columns, all quoted; `options` is each
    key's indoption; `where` the predicate of a partial index, as
    pg_get_expr(indpred, indrelid) prints it (not pretty, as pg_get_indexdef())."""
    if any(options) and method in _ORDERED:
        keys = [_ordered(key, option) for key, option in zip(keys, options, strict=True)]
    text = (f"CREATE {'UNIQUE ' if unique else ''}INDEX {quote(name)} ON {table} "
            f"USING {quote(method)} ({', '.join(keys)}")
    if include:
        text += f") INCLUDE ({', '.join(include)}"
    text += ")"
    if nulls_not_distinct:
        text += " NULLS NOT DISTINCT"
    if where is not None:
        text += f" WHERE {where}"
    return text


def _ordered(key: str, option: int) -> str:
    """A key column of an ordered index with its DESC and NULLS FIRST/LAST, where they
    are not the default (NULLS LAST after ASC, NULLS FIRST after DESC)."""
    if option & INDOPTION_DESC:
        return key + (" DESC" if option & INDOPTION_NULLS_FIRST else " DESC NULLS LAST")
    if option & INDOPTION_NULLS_FIRST:
        return key + " NULLS FIRST"
    return key


def constraint_definition(
    quote: Quote,
    kind: str,
    columns: Sequence[str],
    include: Sequence[str] = (),
    nulls_not_distinct: bool = False,
    references: tuple[str, str, Sequence[str]] | None = None,
    match: str = "s",
    on_update: str = "NO ACTION",
    on_delete: str = "NO ACTION",
    deferrable: bool = False,
    initially_deferred: bool = False,
    validated: bool = True,
) -> str:
    """A primary key, unique or foreign key constraint (`kind` as in the model) as
    pg_get_constraintdef() prints it; names unquoted, `references` (schema, table,
    columns) for a foreign key, `match` its pg_constraint.confmatchtype."""
    keys = ", ".join(map(quote, columns))
    if kind == "foreign_key":
        assert references is not None
        schema, table, referenced = references
        text = (f"FOREIGN KEY ({keys}) REFERENCES {quote(schema)}.{quote(table)}"
                f"({', '.join(map(quote, referenced))}){_MATCH.get(match, '')}")
        if on_update != "NO ACTION":
            text += f" ON UPDATE {on_update}"
        if on_delete != "NO ACTION":
            text += f" ON DELETE {on_delete}"
    else:
        head = "PRIMARY KEY" if kind == "primary_key" else "UNIQUE"
        if kind == "unique" and nulls_not_distinct:
            head += " NULLS NOT DISTINCT"
        text = f"{head} ({keys})"
        if include:
            text += f" INCLUDE ({', '.join(map(quote, include))})"
    if deferrable:
        text += " DEFERRABLE"
    if initially_deferred:
        text += " INITIALLY DEFERRED"
    if not validated:
        text += " NOT VALID"
    return text
