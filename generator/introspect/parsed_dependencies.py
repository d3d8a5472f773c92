"""Dependencies found by parsing function bodies, added to the snapshot's functions.

Each PL/pgSQL or string-bodied SQL function gets what its statements name (`source:
parsed`) beside what the catalog records for it, `dynamic_sql` when it runs SQL it
builds at run time (EXECUTE: what that reads is not guessed), and `parse_error` with a
warning when its body does not parse.

Parsing never holds the catalog transaction open: `BodyParser` starts in a thread of
its own once every object is in the model, while the server still answers the last
query (the client would only wait), and is joined after the transaction has ended.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from dataclasses import dataclass, field

from generator.introspect.function_body import (
    PARSED_LANGUAGES,
    Body,
    import_parser_soon,
    read_body,
)
from generator.introspect.name_resolution import CatalogIndex, Resolver
from generator.introspect.sql_references import StatementWalker
from generator.model import Dependency, Function, Schema, Snapshot
from generator.model.canonical import sort_dependencies

log = logging.getLogger("schemadoc.bodies")


@dataclass(frozen=True, slots=True)
class ParsedBody:
    """What parsing one function body found."""

    dependencies: list[Dependency]
    dynamic_sql: bool
    error: str | None


_Job = tuple[str, str, Function]  # schema, signature, function


@dataclass
class BodyParser:
    """Parses the bodies of a model's functions in a thread (see the module)."""

    seconds: float = 0.0  # spent parsing
    _results: dict[tuple[str, str], ParsedBody] = field(default_factory=dict)
    _thread: threading.Thread | None = None
    _failure: BaseException | None = None

    def prepare(self, schemas: dict[str, Schema]) -> None:
        """Have the parser imported meanwhile if a function now in `schemas` has a body
        to parse (called as soon as the functions are read; see import_parser_soon)."""
        if any(_parsed(function) for schema in schemas.values()
               for function in schema.functions.values()):
            import_parser_soon()

    def start(self, schemas: dict[str, Schema]) -> None:
        """Begin with the functions now in `schemas` (each one's catalog dependencies
        already placed); the model's collections are not read again from the thread."""
        jobs = [(schema_name, signature, function)
                for schema_name, schema in schemas.items()
                for signature, function in schema.functions.items()
                if _parsed(function)]
        if not jobs:
            return
        index = CatalogIndex(schemas)
        self._thread = threading.Thread(target=self._run, args=(jobs, index),
                                        name="schemadoc-bodies", daemon=True)
        self._thread.start()

    def _run(self, jobs: list[_Job], index: CatalogIndex) -> None:
        started = time.perf_counter()
        try:
            for schema_name, signature, function in jobs:
                found = parse_function(function, schema_name, signature, index)
                if found is not None:
                    self._results[(schema_name, signature)] = found
        except BaseException as exc:  # handed to finish(), which raises it
            self._failure = exc
        self.seconds = time.perf_counter() - started

    def finish(self, snapshot: Snapshot) -> int:
        """Wait for the thread (start it first if it never was), add what it found to
        the snapshot's functions and warnings; return how many bodies were parsed."""
        if self._thread is None:
            self.start(snapshot.schemas)
        if self._thread is not None:
            self._thread.join()
        if self._failure is not None:
            raise self._failure
        for (schema_name, signature), found in self._results.items():
            functions = snapshot.schemas[schema_name].functions
            functions[signature] = _with_parsed(functions[signature], found)
            if found.error is not None:
                snapshot.warnings.append(
                    f"function {schema_name}.{signature}: its body does not parse "
                    f"({found.error}); what it reads is listed only in part"
                )
        snapshot.warnings.sort()
        return len(self._results)


def _parsed(function: Function) -> bool:
    """Whether the function has a body to parse."""
    return function.language in PARSED_LANGUAGES and function.definition is not None


def attach_parsed_dependencies(snapshot: Snapshot) -> int:
    """Parse every function body PostgreSQL does not track and add what it names to the
    function, in this thread; returns how many bodies were parsed."""
    return BodyParser().finish(snapshot)


def _with_parsed(function: Function, found: ParsedBody) -> Function:
    # a type the body names that the catalog has already (its result type)
    exact = {(d.kind, d.schema, d.name, d.column) for d in function.depends_on}
    new = [d for d in found.dependencies
           if d.access is not None or (d.kind, d.schema, d.name, d.column) not in exact]
    return dataclasses.replace(
        function,
        depends_on=sort_dependencies([*function.depends_on, *new]),
        dynamic_sql=found.dynamic_sql,
        parse_error=found.error,
    )


def parse_function(
    function: Function, schema: str, signature: str, index: CatalogIndex
) -> ParsedBody | None:
    """What the body of `function` (in `schema`) names, resolved against `index`; None
    when its body is not one to parse."""
    assert function.definition is not None
    try:
        body = read_body(function.definition)
        if body is None:
            return None
        dependencies = _names(body, Resolver(index, schema, body.search_path))
    except Exception as exc:  # a parse tree of a shape we did not foresee, a bug of ours:
        # it must not cost the whole snapshot; the function and the warnings say so
        log.debug("reading the body of %s.%s failed", schema, signature, exc_info=True)
        return ParsedBody([], False, f"schemadoc could not read its parse tree ({exc!r})")
    itself = ("function", schema, signature)
    return ParsedBody(
        [d for d in dependencies if (d.kind, d.schema, d.name) != itself],
        body.dynamic_sql,
        body.error,
    )


def _names(body: Body, resolver: Resolver) -> set[Dependency]:
    walker = StatementWalker(resolver, body.variables)
    for statement in body.statements:
        walker.statement(statement)
    for parts, suffix in body.declared:
        if not suffix:
            walker.add_type(parts)
            continue
        table, column = (parts, None) if suffix == "%rowtype" else (parts[:-1], parts[-1])
        if not 1 <= len(table) <= 2 or table[0] in body.variables:
            continue  # `v other_variable%TYPE`, or a name too long to be a relation
        schema = table[0] if len(table) == 2 else None
        target = resolver.relation(schema, table[-1])
        if target is not None:
            walker.found.add(target.dependency(None, column))
    return walker.found
