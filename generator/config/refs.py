"""Names in schemadoc.yml, checked twice: their form when the file is read, and what
they name once a snapshot is at hand.

Every name is read by `identifiers.parse_name` with the number of parts its place
needs (a schema 1, a table 2, a column pattern 3). A bare dotted name that can be read
more than one way (`a.b.c` as `"a.b".c` or `a."b.c"`) is fine as long as only one
reading names something; when two do, the file is ambiguous and `check_names` stops
with one line naming both, in the quoted form that names each exactly.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from generator.config.names import (
    EndpointName,
    column_globs,
    iter_tables,
    object_pattern,
    relation_keys,
    split_call,
)
from generator.config.reader import KeyPath, dotted
from generator.errors import ConfigError
from generator.model import Snapshot, Table, View
from generator.names.identifiers import BadName, Name, parse_name, qualified

__all__ = ["check_form", "function_key", "resolve_relation", "table_index", "where"]

# Kinds of object a pattern can name, as (kind, the Schema attribute holding them).
_PATTERN_KINDS = (("table", "tables"), ("view", "views"),
                  ("materialized_view", "materialized_views"), ("function", "functions"),
                  ("sequence", "sequences"), ("type", "types"))


def where(source: str, lines: Mapping[KeyPath, int], path: KeyPath) -> str:
    """`file:line` of a key (or of the nearest key above it)."""
    line = next((lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in lines), 1)
    return f"{source}:{line}"


# -- the form of each name, when the file is read ----------------------------------------


def _table(text: str) -> None:
    if not parse_name(text).readings(2):
        raise BadName(f"{text!r} is not a table as schema.table")


def _schema(text: str) -> None:
    if not parse_name(text).readings(1):
        raise BadName(f"{text!r} is not one schema name (a quoted part cannot join others)")


def _columns(text: str) -> None:
    if not column_globs(text):
        raise BadName(f"{text!r} is not a column pattern schema.table.column")


def _pattern(text: str) -> None:
    if not object_pattern(text).readings:
        raise BadName(f"{text!r} is not a pattern schema or schema.name")


def function_key(text: str) -> tuple[Name, str | None]:
    """A `functions:` key: the function's name and its argument types (None: every
    overload), spaces after commas made one."""
    head, inside = split_call(text)
    name = parse_name(head)
    if not name.readings(2):
        raise BadName(f"{head!r} is not a function as schema.name")
    if inside is None:
        return name, None
    return name, ", ".join(part.strip() for part in inside.split(",")) if inside.strip() else ""


def _names(data: dict[str, Any]) -> Iterator[tuple[KeyPath, str, Callable[[str], object]]]:
    """Every name of the file with its key path and the check of its form."""
    patterns: list[tuple[KeyPath, str]] = [
        (("include", i), p) for i, p in enumerate(data.get("include", ()))]
    patterns += [(("exclude", i), p) for i, p in enumerate(data.get("exclude", ()))]
    lint = data.get("lint", {})
    patterns += [(("lint", "exclude", i), p) for i, p in enumerate(lint.get("exclude", ()))]
    for rule, settings in lint.get("rules", {}).items():
        if isinstance(settings, dict):
            patterns += [(("lint", "rules", rule, "exclude", i), p)
                         for i, p in enumerate(settings.get("exclude", ()))]
    yield from ((path, text, _pattern) for path, text in patterns)
    yield from ((("schemas", k), k, _schema) for k in data.get("schemas", {}))
    yield from ((("tables", k), k, _table) for k in data.get("tables", {}))
    yield from ((("functions", k), k, function_key) for k in data.get("functions", {}))
    for i, relation in enumerate(data.get("relations", {}).get("declared", ())):
        for end in ("from", "to"):
            yield ("relations", "declared", i, end), relation[end], EndpointName.parse
    for i, flow in enumerate(data.get("flows", ())):
        for j, step in enumerate(flow["steps"]):
            for key in ("table", "from"):
                if key in step:
                    yield ("flows", i, "steps", j, key), step[key], _table
    for i, fmt in enumerate(data.get("conventions", {}).get("id_formats", ())):
        for j, pattern in enumerate(fmt["columns"]):
            yield ("conventions", "id_formats", i, "columns", j), pattern, _columns


def check_form(data: dict[str, Any], source: str, lines: Mapping[KeyPath, int]) -> None:
    """Raise ConfigError (file:line: key: what is wrong) for the first name that is not
    written as a name: an unclosed quote, a blank outside quotes, too few parts."""
    for path, text, read in _names(data):
        try:
            read(text)
        except BadName as exc:
            raise ConfigError(f"{where(source, lines, path)}: {dotted(path)}: {exc}") from None


# -- what each name names, once a snapshot is at hand -----------------------------------


def _ambiguous(path: KeyPath, text: str, found: Iterable[tuple[str, ...]],
               source: str, lines: Mapping[KeyPath, int], what: str = "") -> ConfigError:
    shown = " and ".join(qualified(*key) for key in found)
    return ConfigError(f"{where(source, lines, path)}: {dotted(path)}: {text} could name two "
                       f"{what or 'objects'}, {shown}; write the one you mean with its quotes")


def resolve_relation(snapshot: Snapshot, text: str, path: KeyPath, source: str,
                     lines: Mapping[KeyPath, int]) -> tuple[tuple[str, str], Table | View]:
    """The table, view or materialized view `text` names; ConfigError when none or two."""
    found = relation_keys(snapshot, parse_name(text))
    if len(found) > 1:
        raise _ambiguous(path, text, found[:2], source, lines, "tables")
    if not found:
        names = [qualified(s, t) for s, t, _ in iter_tables(snapshot)]
        close = difflib.get_close_matches(text, names, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ConfigError(f"{where(source, lines, path)}: {dotted(path)}: table {text} does "
                          f"not exist in the database{hint}")
    schema = snapshot.schemas[found[0][0]]
    name = found[0][1]
    relation = schema.tables.get(name) or schema.views.get(name) or \
        schema.materialized_views[name]
    return found[0], relation


def _objects(snapshot: Snapshot) -> Iterator[tuple[str, str | None, str]]:
    """(schema, name, kind) of every schema and object a pattern can name."""
    for schema_name, schema in snapshot.schemas.items():
        yield schema_name, None, "schema"
        for kind, attr in _PATTERN_KINDS:
            objects: Mapping[str, Any] = getattr(schema, attr)
            if kind == "function":
                yield from ((schema_name, f.name, kind) for f in objects.values())
            else:
                yield from ((schema_name, name, kind) for name in objects)


def check_patterns(snapshot: Snapshot, patterns: Iterable[tuple[KeyPath, str]], source: str,
                   lines: Mapping[KeyPath, int]) -> None:
    """Raise ConfigError for a pattern two of whose readings each name something."""
    objects: list[tuple[str, str | None, str]] | None = None
    for path, text in patterns:
        pattern = object_pattern(text)
        if len(pattern.readings) < 2:
            continue
        objects = objects if objects is not None else list(_objects(snapshot))
        hits: list[tuple[str, ...]] = []
        for reading in pattern.readings:
            hit = next((o for o in objects if pattern.reading_matches(reading, *o)), None)
            if hit is not None:
                hits.append((hit[0], hit[1]) if hit[1] is not None else (hit[0],))
        if len(hits) > 1:
            raise _ambiguous(path, text, hits[:2], source, lines)


def check_columns(snapshot: Snapshot, patterns: Iterable[tuple[KeyPath, str]], source: str,
                  lines: Mapping[KeyPath, int]) -> None:
    """Raise ConfigError for a column pattern two of whose readings each name columns."""
    for path, text in patterns:
        readings = column_globs(text)
        if len(readings) < 2:
            continue
        hits = []
        for reading in readings:
            hit = next(((s, t, c) for s, t, table in iter_tables(snapshot)
                        for c in table.columns
                        if all(map(fnmatch.fnmatchcase, (s, t, c), reading))), None)
            if hit is not None:
                hits.append(hit)
        if len(hits) > 1:
            raise _ambiguous(path, text, hits[:2], source, lines, "columns")


def check_functions(snapshot: Snapshot, functions: Mapping[str, str], source: str,
                    lines: Mapping[KeyPath, int]) -> None:
    """Raise ConfigError for a `functions:` key two of whose readings name functions."""
    for text in functions:
        name, _ = function_key(text)
        found = [(schema, function) for schema, function in name.pairs()
                 if any(f.name == function
                        for f in getattr(snapshot.schemas.get(schema), "functions", {}).values())]
        if len(found) > 1:
            raise _ambiguous(("functions", text), text, found[:2], source, lines, "functions")


def table_index(notes: Mapping[str, Any]) -> dict[tuple[str, str], Any]:
    """(schema, table) -> what the `tables:` key that names it holds. A key read more
    than one way stands for each reading, unless a key naming it exactly is there too."""
    index: dict[tuple[str, str], Any] = {}
    exact: set[tuple[str, str]] = set()
    for text, value in notes.items():
        readings = parse_name(text).pairs()
        for key in readings:
            if len(readings) == 1:
                exact.add(key)
                index[key] = value
            elif key not in exact:
                index.setdefault(key, value)
    return index
