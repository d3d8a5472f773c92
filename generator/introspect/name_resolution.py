"""Names found in a function body, resolved against the snapshot as PostgreSQL would
resolve them when the function runs.

A qualified name is what it says. An unqualified one is looked up along the function's
own `SET search_path`; a function that sets none resolves names against its caller's
search_path, which no catalog records: schemadoc then assumes the function's own schema
followed by `public` (the default search_path's schema), and marks each dependency it
resolved that way `assumed`. A name found nowhere is kept, as kind `relation`, in the
first schema of the path (a table the body names that does not exist is worth
knowing), except names of the system (pg_catalog, `pg_*`). Functions and types found in
no user schema are taken for built-in ones and left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.model import Dependency, Function, Schema

PARSED = "parsed"
SYSTEM_SCHEMAS = frozenset({"pg_catalog", "information_schema"})
DEFAULT_SCHEMA = "public"
_RELATION_KINDS = (("tables", "table"), ("views", "view"),
                   ("materialized_views", "materialized_view"))
_NOT_IN_PATH = frozenset({"$user", "pg_temp"})


@dataclass(frozen=True, slots=True)
class Target:
    """A relation a statement names: what it resolved to, and its columns when known."""

    kind: str
    schema: str
    name: str
    columns: Any  # a container of column names, or None when unknown
    assumed: bool

    def dependency(self, access: str | None, column: str | None = None) -> Dependency:
        return Dependency(self.kind, self.schema, self.name, column, PARSED, access,
                          self.assumed)


@dataclass(frozen=True, slots=True)
class _Overload:
    signature: str
    arguments: int
    defaults: int
    variadic: bool

    def takes(self, count: int) -> bool:
        fewest = self.arguments - self.defaults - (1 if self.variadic else 0)
        return fewest <= count and (self.variadic or count <= self.arguments)


class CatalogIndex:
    """The model's relations (with their column names), functions, sequences and types
    by (schema, name): a copy, which another thread may read while the model's own
    collections are still being put in order."""

    def __init__(self, schemas: dict[str, Schema]) -> None:
        self.relations: dict[tuple[str, str], tuple[str, frozenset[str]]] = {}
        self.functions: dict[tuple[str, str], list[_Overload]] = {}
        self.sequences: set[tuple[str, str]] = set()
        self.types: set[tuple[str, str]] = set()
        for schema_name, schema in schemas.items():
            for attribute, kind in _RELATION_KINDS:
                for name, relation in getattr(schema, attribute).items():
                    self.relations[(schema_name, name)] = (kind, frozenset(relation.columns))
            for signature, function in schema.functions.items():
                self.functions.setdefault((schema_name, function.name), []).append(
                    _overload(signature, function))
            self.sequences.update((schema_name, name) for name in schema.sequences)
            self.types.update((schema_name, name) for name in schema.types)


def _overload(signature: str, function: Function) -> _Overload:
    types = signature[len(function.name) + 1 : -1]
    count = types.count(", ") + 1 if types else 0
    return _Overload(signature, count, function.arguments.count(" DEFAULT "),
                     function.arguments.startswith("VARIADIC ")
                     or ", VARIADIC " in function.arguments)


class Resolver:
    """Resolves the names of one function's body (see the module's docstring)."""

    def __init__(self, index: CatalogIndex, own_schema: str, search_path: list[str] | None):
        self.index = index
        self.assumed = search_path is None
        path = [own_schema, DEFAULT_SCHEMA] if search_path is None else search_path
        self.path = list(dict.fromkeys(s for s in path if s and s not in _NOT_IN_PATH))
        self.fallback = next((s for s in self.path if s not in SYSTEM_SCHEMAS),
                             self.path[0] if self.path else own_schema)

    def _candidates(self, schema: str | None) -> list[tuple[str, bool]]:
        """Schemas to look in, each with whether finding it there is an assumption."""
        if schema is not None:
            return [(schema, False)]
        return [(s, self.assumed) for s in self.path]

    def relation(self, schema: str | None, name: str) -> Target | None:
        """The relation `[schema.]name`; None for one of the system's."""
        for candidate, assumed in self._candidates(schema):
            found = self.index.relations.get((candidate, name))
            if found is not None:
                return Target(found[0], candidate, name, found[1], assumed)
        if schema in SYSTEM_SCHEMAS or (schema is None and name.startswith("pg_")):
            return None
        if schema is None:
            return Target("relation", self.fallback, name, None, self.assumed)
        return Target("relation", schema, name, None, False)

    def functions(self, schema: str | None, name: str, arguments: int) -> list[Dependency]:
        """The user functions a call of `[schema.]name` with that many arguments may
        be: the overloads that take that many, else all of them."""
        for candidate, assumed in self._candidates(schema):
            overloads = self.index.functions.get((candidate, name))
            if overloads:
                fitting = [o for o in overloads if o.takes(arguments)] or overloads
                return [Dependency("function", candidate, o.signature, None, PARSED, None,
                                   assumed) for o in fitting]
        if schema is None or schema in SYSTEM_SCHEMAS:
            return []  # a built-in function, or an extension's
        return [Dependency("function", schema, name, None, PARSED, None, False)]

    def sequence(self, parts: list[str], access: str) -> Dependency | None:
        """The sequence a nextval('[schema.]name') literal names."""
        if not parts or len(parts) > 2:
            return None
        schema, name = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
        for candidate, assumed in self._candidates(schema):
            if (candidate, name) in self.index.sequences:
                return Dependency("sequence", candidate, name, None, PARSED, access, assumed)
        if schema in SYSTEM_SCHEMAS:
            return None
        return Dependency("sequence", schema or self.fallback, name, None, PARSED, access,
                          schema is None and self.assumed)

    def type(self, parts: list[str]) -> Dependency | None:
        """The user type `[schema.]name`, or None (a built-in type, or unknown)."""
        if not parts or len(parts) > 2:
            return None
        schema, name = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
        for candidate, assumed in self._candidates(schema):
            if (candidate, name) in self.index.types:
                return Dependency("type", candidate, name, None, PARSED, None, assumed)
        return None
