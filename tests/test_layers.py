"""The folder tree is the architecture: each package of `generator/` imports only the
packages beneath it, so the data flows one way.

    names, errors, runtime, templating  <-  model  <-  introspect  <-  snapshot
        <-  config  <-  diagrams  <-  diff, lint  <-  render  <-  commands  <-  cli
        <-  __main__

`render` sits above `diff` and `lint`: every output a reader sees (pages, Health, the
Changelog, DOT, the PR comment) is rendered there, with one Jinja environment.

A package may import itself, the layers below it as `ALLOWED` lists them, and
`generator` (for `__version__`). Any other import (sideways or upwards) fails with the
file and line that makes it. The edges in `KNOWN` break the rule today; each names why,
and is removed when the code stops needing it (a stale entry fails too).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import REPO

GENERATOR = REPO / "generator"

_BASE = {"names", "errors", "runtime", "templating"}

# What each part of generator/ may import, besides itself and `generator`.
ALLOWED: dict[str, set[str]] = {
    "generator": set(),  # __init__.py: the version only
    "errors": set(),
    "names": set(),
    "runtime": set(),
    "templating": set(),
    "model": {"names"},
    "introspect": {"model"} | _BASE,
    "snapshot": {"introspect", "model"} | _BASE,
    "config": {"snapshot", "model"} | _BASE,
    "diagrams": {"config", "snapshot", "model"} | _BASE,
    "diff": {"diagrams", "config", "snapshot", "model"} | _BASE,
    "lint": {"config", "snapshot", "model"} | _BASE,
    "render": {"diff", "lint", "diagrams", "config", "snapshot", "model"} | _BASE,
    "commands": {"diff", "lint", "render", "diagrams", "config", "snapshot", "introspect",
                 "model"} | _BASE,
    "cli": {"commands"} | _BASE,
    "__main__": {"cli", "runtime"},
}

# Edges that break the layering, each with its reason; delete one once the code no
# longer needs it (a stale entry fails). None are left (issue 11).
KNOWN: dict[tuple[str, str], str] = {}


def _part(module: str) -> str:
    """The layer a dotted module belongs to: `generator.diff.model` -> `diff`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "generator"


def _own_part(path: Path) -> str:
    relative = path.relative_to(GENERATOR)
    if len(relative.parts) == 1:
        return relative.stem if relative.name != "__init__.py" else "generator"
    return relative.parts[0]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of generator's code in a file, wherever it is."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            module = node.module or ""
            if module == "generator":
                found += [(node.lineno, f"generator.{alias.name}") for alias in node.names]
            elif module.startswith("generator."):
                found.append((node.lineno, module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if alias.name.split(".")[0] == "generator"]
    return found


def _edges() -> dict[tuple[str, str], list[str]]:
    """Every import from one part to another, with where it is made."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        source = _own_part(path)
        for line, module in _imports(path):
            target = _part(module)
            if target == "__version__":
                target = "generator"
            if target not in (source, "generator"):
                where = f"{path.relative_to(REPO)}:{line}: imports {module}"
                edges.setdefault((source, target), []).append(where)
    return edges


def test_every_part_has_a_layer() -> None:
    """A new package or top-level module is placed in the table before it is used."""
    parts = {_own_part(path) for path in GENERATOR.rglob("*.py")}
    assert parts - ALLOWED.keys() == set(), "add these to ALLOWED in tests/test_layers.py"


def test_imports_go_downwards() -> None:
    bad = [where for edge, places in _edges().items()
           if edge[1] not in ALLOWED[edge[0]] and edge not in KNOWN for where in places]
    assert bad == [], "imports against the layering:\n" + "\n".join(bad)


def test_known_exceptions_are_still_needed() -> None:
    edges = _edges()
    stale = [f"{a} -> {b}" for (a, b) in KNOWN if (a, b) not in edges]
    assert stale == [], f"no longer imported, remove from KNOWN: {stale}"
    allowed = [f"{a} -> {b}" for (a, b) in KNOWN if b in ALLOWED[a]]
    assert allowed == [], f"allowed anyway, remove from KNOWN: {allowed}"
