"""The JSON Schema of `schema_map.json`, shipped in the package for editors and CI.

The schema is written by hand (its descriptions are the file's user documentation)
and kept equal to `generator.model` by the tests. Validating needs the `jsonschema`
package, a development dependency: schemadoc itself reads snapshots with
`snapshot.loads`, which does not need it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from generator.errors import SchemadocError

SCHEMA_RESOURCE = ("schema_map.schema.json",)

# A message quotes the offending value; a whole table in it would drown the path.
MAX_MESSAGE = 300


@cache
def _schema_text() -> str:
    return files("generator.snapshot").joinpath(*SCHEMA_RESOURCE).read_text("utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of the snapshot file, as a fresh dict."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


def validate(data: dict[str, Any]) -> list[str]:
    """Every way `data` (a parsed snapshot) breaks the schema, as `path: message`, sorted.

    An empty list means the snapshot is valid.
    """
    try:
        # No type stubs in the dev environment (types-jsonschema) yet.
        from jsonschema import Draft202012Validator  # type: ignore[import-untyped,unused-ignore]
        from jsonschema.exceptions import best_match  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise SchemadocError(
            "validating a snapshot against its JSON Schema needs the jsonschema package; "
            "install it with `pip install jsonschema`"
        ) from None
    validator = Draft202012Validator(
        json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    messages = []
    for error in validator.iter_errors(data):
        # For "X or null" (anyOf), name the reason inside X rather than "not valid under
        # any of the given schemas".
        leaf = best_match([error])
        message = leaf.message
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        messages.append(f"{leaf.json_path}: {message}")
    return sorted(messages)
