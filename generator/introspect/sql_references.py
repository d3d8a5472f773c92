"""What SQL statements name: relations, columns, functions, sequences and types.

The walk follows the parse tree (libpg_query's JSON, see `function_body`) with the scope
of each FROM clause, as PostgreSQL's analyser does, so that a column lands on the
relation it belongs to: `alias.column` on the aliased relation, a bare column on the
relation in scope that has it (or, when only one relation is in scope, on that one: a
column that does not exist, or one of a relation not in the snapshot). A name that may
be a variable of the function, an output column or a column of something whose columns
are unknown (a subquery, a set-returning function, one of several relations not in the
snapshot) is not guessed.

Relations and columns a statement writes (INSERT, UPDATE, DELETE, MERGE targets and
the columns they set, TRUNCATE, COPY FROM) are `write`; everything else it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.introspect.function_body import identifier_parts
from generator.introspect.name_resolution import Resolver, Target
from generator.model import Dependency

Node = dict[str, Any]
READ, WRITE = "read", "write"
SYSTEM_COLUMNS = frozenset({"ctid", "xmin", "xmax", "cmin", "cmax", "tableoid", "oid"})
# sequence functions whose first argument names a sequence, and what they do to it
SEQUENCE_FUNCTIONS = {"nextval": WRITE, "setval": WRITE, "currval": READ}
_SELECT_PARTS = ("targetList", "whereClause", "groupClause", "havingClause", "windowClause",
                 "sortClause", "distinctClause", "valuesLists", "limitOffset", "limitCount",
                 "lockingClause")


@dataclass
class _Scope:
    """The relations a part of a statement sees, by alias (None: columns unknown)."""

    parent: _Scope | None
    relations: dict[str, Target | None] = field(default_factory=dict)
    ctes: set[str] = field(default_factory=set)
    outputs: set[str] = field(default_factory=set)  # names of the output columns

    def is_cte(self, name: str) -> bool:
        scope: _Scope | None = self
        while scope is not None:
            if name in scope.ctes:
                return True
            scope = scope.parent
        return False

    def lookup(self, alias: str) -> tuple[bool, Target | None]:
        scope: _Scope | None = self
        while scope is not None:
            if alias in scope.relations:
                return True, scope.relations[alias]
            scope = scope.parent
        return False, None


def _strings(nodes: Iterable[Node]) -> list[str]:
    return [n["String"]["sval"] for n in nodes if "String" in n]


def _wrapped(value: Any) -> tuple[str, Node] | None:
    """(type, fields) of a node as libpg_query writes a Node*: {"Type": {...}}."""
    if isinstance(value, dict) and len(value) == 1:
        ((kind, fields),) = value.items()
        if kind[:1].isupper() and isinstance(fields, dict):
            return kind, fields
    return None


class StatementWalker:
    """Collects what statements name into `found`, resolved with `names`."""

    def __init__(self, names: Resolver, variables: frozenset[str]) -> None:
        self.names = names
        self.variables = variables
        self.found: set[Dependency] = set()
        self.created: set[str] = set()  # tables the body itself creates (temporary ones)

    def statement(self, node: Node) -> None:
        """One statement's parse tree ({"SelectStmt": {...}} and so on)."""
        self._visit(node, _Scope(None))

    # -- the generic walk ------------------------------------------------------------

    def _visit(self, value: Any, scope: _Scope) -> None:
        if isinstance(value, list):
            for item in value:
                self._visit(item, scope)
            return
        if not isinstance(value, dict):
            return
        node = _wrapped(value)
        if node is None:  # a struct (an unwrapped field): its parts
            for part in value.values():
                if isinstance(part, dict | list):
                    self._visit(part, scope)
            return
        kind, fields = node
        handler = self._HANDLERS.get(kind)
        if handler is not None:
            handler(self, fields, scope)
        else:
            self._visit(fields, scope)

    # -- queries ---------------------------------------------------------------------

    def _select(self, select: Node, parent: _Scope) -> None:
        scope = _Scope(parent)
        self._with(select.get("withClause"), scope)
        if select.get("op", "SETOP_NONE") != "SETOP_NONE":
            self._select(select["larg"], scope)
            self._select(select["rarg"], scope)
        for item in select.get("fromClause", ()):
            self._from(item, scope)
        scope.outputs = {t["ResTarget"]["name"] for t in select.get("targetList", ())
                         if "name" in t.get("ResTarget", {})}
        for part in _SELECT_PARTS:
            self._visit(select.get(part), scope)

    def _with(self, clause: Node | None, scope: _Scope) -> None:
        if not clause:
            return
        ctes = [c["CommonTableExpr"] for c in clause.get("ctes", ())]
        scope.ctes.update(c["ctename"] for c in ctes)
        for cte in ctes:
            self._visit(cte.get("ctequery"), scope)

    def _from(self, item: Node, scope: _Scope) -> None:
        node = _wrapped(item)
        if node is None:
            return
        kind, fields = node
        alias = fields.get("alias", {}).get("aliasname")
        if kind == "RangeVar":
            self._relation(fields, scope, READ)
        elif kind == "JoinExpr":
            self._from(fields["larg"], scope)
            self._from(fields["rarg"], scope)
            for column in _strings(fields.get("usingClause", ())):
                self._unqualified(column, scope, READ)
            self._visit(fields.get("quals"), scope)
        elif kind == "RangeTableSample":
            self._from(fields["relation"], scope)
            self._visit(fields.get("args"), scope)
        else:  # a subquery, a function, XMLTABLE / JSON_TABLE: columns unknown here
            self._visit(fields, scope)
            scope.relations[alias or f"\x00{len(scope.relations)}"] = None

    def _relation(self, range_var: Node, scope: _Scope, access: str) -> Target | None:
        """A relation named in FROM or as a target, put in scope under its alias."""
        schema, name = range_var.get("schemaname"), range_var["relname"]
        alias = range_var.get("alias", {}).get("aliasname") or name
        target = None
        if schema is not None or not (scope.is_cte(name) or name in self.created):
            target = self.names.relation(schema, name)
        if target is not None:
            self.found.add(target.dependency(access))
        scope.relations[alias] = target
        return target

    # -- writes ----------------------------------------------------------------------

    def _target(self, statement: Node, parent: _Scope) -> tuple[_Scope, Target | None]:
        scope = _Scope(parent)
        self._with(statement.get("withClause"), scope)
        return scope, self._relation(statement["relation"], scope, WRITE)

    def _set_columns(self, targets: Iterable[Node], target: Target | None,
                     scope: _Scope) -> None:
        for item in targets:
            result = item.get("ResTarget", {})
            if target is not None and "name" in result:
                self.found.add(target.dependency(WRITE, result["name"]))
            self._visit(result.get("val"), scope)

    def _insert(self, insert: Node, parent: _Scope) -> None:
        scope, target = self._target(insert, parent)
        self._set_columns(insert.get("cols", ()), target, scope)
        # the rows inserted do not see the target table
        source = _Scope(parent, ctes=scope.ctes)
        self._visit(insert.get("selectStmt"), source)
        conflict = insert.get("onConflictClause")
        if conflict:
            scope.relations["excluded"] = target
            self._set_columns(conflict.get("targetList", ()), target, scope)
            self._visit(conflict.get("whereClause"), scope)
        self._returning(insert, scope)

    def _update(self, update: Node, parent: _Scope) -> None:
        scope, target = self._target(update, parent)
        for item in update.get("fromClause", ()):
            self._from(item, scope)
        self._set_columns(update.get("targetList", ()), target, scope)
        self._visit(update.get("whereClause"), scope)
        self._returning(update, scope)

    def _delete(self, delete: Node, parent: _Scope) -> None:
        scope, _ = self._target(delete, parent)
        for item in delete.get("usingClause", ()):
            self._from(item, scope)
        self._visit(delete.get("whereClause"), scope)
        self._returning(delete, scope)

    def _merge(self, merge: Node, parent: _Scope) -> None:
        scope, target = self._target(merge, parent)
        self._from(merge["sourceRelation"], scope)
        self._visit(merge.get("joinCondition"), scope)
        for clause in merge.get("mergeWhenClauses", ()):
            when = clause["MergeWhenClause"]
            self._set_columns(when.get("targetList", ()), target, scope)
            self._visit(when.get("condition"), scope)
            self._visit(when.get("values"), scope)
        self._returning(merge, scope)

    def _returning(self, statement: Node, scope: _Scope) -> None:
        # PostgreSQL 18 wraps RETURNING in a clause; libpg_query before it did not
        returning = statement.get("returningClause", {}).get("exprs")
        self._visit(returning or statement.get("returningList"), scope)

    def _truncate(self, truncate: Node, scope: _Scope) -> None:
        for item in truncate.get("relations", ()):
            self._relation(item["RangeVar"], _Scope(scope), WRITE)

    def _copy(self, copy: Node, scope: _Scope) -> None:
        if copy.get("relation"):
            self._relation(copy["relation"], _Scope(scope), WRITE if copy.get("is_from") else READ)
        self._visit(copy.get("query"), scope)

    def _create(self, create: Node, scope: _Scope) -> None:
        self.created.add(create["relation"]["relname"])

    def _create_as(self, create: Node, scope: _Scope) -> None:
        self.created.add(create["into"]["rel"]["relname"])
        self._visit(create.get("query"), scope)

    # -- expressions -----------------------------------------------------------------

    def _column_ref(self, ref: Node, scope: _Scope) -> None:
        fields = ref.get("fields", ())
        if not fields or "String" not in fields[-1]:
            return  # alias.* or *: the relation is already recorded
        parts = _strings(fields)
        if len(parts) == 1:
            self._unqualified(parts[0], scope, READ)
            return
        found, target = scope.lookup(parts[0])
        if not found and len(parts) == 3:  # schema.table.column
            (found, target), parts = scope.lookup(parts[1]), parts[1:]
        if found and target is not None:
            self.found.add(target.dependency(READ, parts[1]))

    def _unqualified(self, column: str, scope: _Scope, access: str) -> None:
        at: _Scope | None = scope
        while at is not None:
            targets = list(at.relations.values())
            hits = [t for t in targets if t is not None and t.columns is not None
                    and column in t.columns]
            for target in hits:
                self.found.add(target.dependency(access, column))
            if hits:
                return
            if any(t is None or t.columns is None for t in targets):
                if at is not scope:
                    return  # an outer relation whose columns are unknown may have it
                break
            at = at.parent
        if column in self.variables or column in SYSTEM_COLUMNS or column in scope.outputs:
            return
        only = list(scope.relations.values())
        if len(only) == 1 and only[0] is not None:
            # the one relation in scope: a column it lacks, or one of a relation that
            # is not in the snapshot
            self.found.add(only[0].dependency(access, column))

    def _func_call(self, call: Node, scope: _Scope) -> None:
        names = _strings(call.get("funcname", ()))
        arguments = call.get("args", [])
        schema, name = (names[0], names[-1]) if len(names) > 1 else (None, names[-1])
        if name in SEQUENCE_FUNCTIONS and schema in (None, "pg_catalog") and arguments:
            literal = _string_literal(arguments[0])
            if literal is not None:
                found = self.names.sequence(identifier_parts(literal), SEQUENCE_FUNCTIONS[name])
                if found is not None:
                    self.found.add(found)
        self.found.update(self.names.functions(schema, name, len(arguments)))
        for part in ("args", "agg_order", "agg_filter", "over"):
            self._visit(call.get(part), scope)

    def _call(self, call: Node, scope: _Scope) -> None:
        self._func_call(call["funccall"], scope)

    def _sub_link(self, link: Node, scope: _Scope) -> None:
        self._visit(link.get("testexpr"), scope)
        self._visit(link.get("subselect"), scope)

    def _type_cast(self, cast: Node, scope: _Scope) -> None:
        self._visit(cast.get("arg"), scope)
        self.add_type(_strings(cast.get("typeName", {}).get("names", ())))

    def add_type(self, parts: list[str]) -> None:
        """A type the body names (a cast, a declaration), if it is a user type."""
        found = self.names.type(parts)
        if found is not None:
            self.found.add(found)

    def _range_var(self, range_var: Node, scope: _Scope) -> None:
        # a relation named elsewhere than FROM (LOCK, and the like): read
        self._relation(range_var, _Scope(scope), READ)

    _HANDLERS: dict[str, Callable[[StatementWalker, Node, _Scope], None]] = {
        "SelectStmt": _select,
        "InsertStmt": _insert,
        "UpdateStmt": _update,
        "DeleteStmt": _delete,
        "MergeStmt": _merge,
        "TruncateStmt": _truncate,
        "CopyStmt": _copy,
        "CreateStmt": _create,
        "CreateTableAsStmt": _create_as,
        "CallStmt": _call,
        "ColumnRef": _column_ref,
        "FuncCall": _func_call,
        "SubLink": _sub_link,
        "TypeCast": _type_cast,
        "RangeVar": _range_var,
    }


def _string_literal(node: Node) -> str | None:
    """The text of 'x' or 'x'::regclass, else None."""
    cast = node.get("TypeCast")
    if cast is not None:
        node = cast.get("arg", {})
    value = node.get("A_Const", {}).get("sval")
    return None if value is None else str(value.get("sval", ""))
