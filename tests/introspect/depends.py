"""Shorthands for the expected `depends_on` lists of the tests/introspect/test_depends_*.py
files, so that each expectation reads as one line per dependency."""

from __future__ import annotations

from generator.model import Dependency


def C(kind: str, schema: str, name: str, column: str | None = None) -> Dependency:  # noqa: N802
    """A dependency the catalog records."""
    return Dependency(kind, schema, name, column)


def P(  # noqa: N802
    kind: str, schema: str, name: str, column: str | None = None,
    access: str | None = None, assumed: bool = False,
) -> Dependency:
    """A dependency found by parsing a function body."""
    return Dependency(kind, schema, name, column, "parsed", access, assumed)


def R(kind: str, schema: str, name: str, column: str | None = None,  # noqa: N802
      assumed: bool = False) -> Dependency:
    """Parsed, read."""
    return P(kind, schema, name, column, "read", assumed)


def W(kind: str, schema: str, name: str, column: str | None = None,  # noqa: N802
      assumed: bool = False) -> Dependency:
    """Parsed, written."""
    return P(kind, schema, name, column, "write", assumed)
