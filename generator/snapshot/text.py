"""The bytes of `schema_map.json`, made in pieces.

A 10,000-table snapshot is 115 MB of JSON. Made in pieces of a few megabytes, it can
be written (and compared with the file already there) while the rest is still being
encoded, and no single buffer holds all of it. Joined, the pieces are exactly
`orjson.dumps(snapshot, option=OPT_INDENT_2)` plus a final newline: a test checks it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from generator.model import Snapshot
from generator.model.canonical import canonicalise

_OPTIONS = orjson.OPT_INDENT_2
# Stands for a collection that is encoded apart; names cannot hold a NUL character.
_MARK = b'"\\u0000pieces"'
_FRAGMENT: Any = orjson.Fragment(_MARK)  # in place of a dict, for orjson only
TABLES_PER_PIECE = 256


def _entries(mapping: Mapping[str, Any], depth: int) -> memoryview:
    """The entries of `mapping` as they read inside an object `depth` levels down:
    indented like the rest of the file, without the braces.

    orjson cannot start at an indentation, so the mapping is wrapped in `depth - 1`
    objects with empty keys and the wrappers' lines are cut off again.
    """
    wrapper: Any = mapping
    for _ in range(depth - 1):
        wrapper = {"": wrapper}
    text = orjson.dumps(wrapper, option=_OPTIONS)
    start = 0
    for _ in range(depth):
        start = text.index(b"\n", start) + 1
    end = len(text)
    for _ in range(depth):
        end = text.rindex(b"\n", 0, end)
    return memoryview(text)[start:end]


def _split(text: bytes | memoryview) -> tuple[bytes, bytes]:
    before, after = bytes(text).split(_MARK)
    return before, after


def encode_chunks(snapshot: Snapshot, ordered: bool = False) -> Iterator[bytes | memoryview]:
    """The file's bytes in order: the head, each schema in pieces of at most
    TABLES_PER_PIECE tables, the tail. The model is put in canonical order first,
    unless the caller knows it is (`ordered`: as introspect() returns it; the check
    costs 0.05 s at 10,000 tables)."""
    if not ordered:
        canonicalise(snapshot)
    head, tail = _split(orjson.dumps(dataclasses.replace(snapshot, schemas=_FRAGMENT),
                                     option=_OPTIONS))
    if not snapshot.schemas:
        yield head + b"{}" + tail + b"\n"
        return
    yield head + b"{\n"
    for number, (name, schema) in enumerate(snapshot.schemas.items()):
        if number:
            yield b",\n"
        before, after = _split(_entries({name: dataclasses.replace(schema, tables=_FRAGMENT)}, 2))
        tables = list(schema.tables.items())
        if not tables:
            yield before + b"{}" + after
            continue
        yield before + b"{\n"
        for start in range(0, len(tables), TABLES_PER_PIECE):
            if start:
                yield b",\n"
            yield _entries(dict(tables[start : start + TABLES_PER_PIECE]), 4)
        yield b"\n      }" + after
    yield b"\n  }" + tail + b"\n"
