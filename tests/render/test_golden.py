"""Golden tests: the Markdown rendered for small snapshots built in tests/factories.py.

Each case is a folder `tests/golden/<case>/` holding the input `schema_map.json` (and,
for a case that has one, the hand-written input `schemadoc.yml`) and the expected pages
under `reference/`. After an intended change to the output, run
`UPDATE_GOLDEN=1 bash scripts/test -q tests/render/test_golden.py` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.commands.build import site_facts
from generator.config import Config, load_config
from generator.model import Snapshot
from generator.render import make_environment, render_site
from generator.render.diagrams import draw_diagrams, plan_diagrams
from generator.snapshot import dumps, read_snapshot
from tests.factories import odd_snapshot, seed_snapshot

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CASES: dict[str, Callable[[], Snapshot]] = {
    "seed": seed_snapshot, "odd": odd_snapshot, "configured": seed_snapshot,
    "dependencies": lambda: seed_snapshot(dependencies=True)}
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
HOW = "run `UPDATE_GOLDEN=1 bash scripts/test -q tests/render/test_golden.py` to update"


def _expected(case: str) -> dict[str, str]:
    root = GOLDEN / case / "reference"
    return {p.relative_to(root).as_posix(): p.read_text("utf-8")
            for p in sorted(root.rglob("*.md"))}


def _update(case: str, snapshot_text: str, pages: dict[str, str]) -> None:
    folder = GOLDEN / case
    shutil.rmtree(folder / "reference", ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "schema_map.json").write_text(snapshot_text, "utf-8")
    for relative, text in pages.items():
        target = folder / "reference" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_input_is_the_factory_snapshot(case: str) -> None:
    """The committed input is exactly what the factory builds (the factory is the source)."""
    if UPDATE:
        pytest.skip("rewriting golden files")
    path = GOLDEN / case / "schema_map.json"
    assert path.exists(), f"no golden input for {case}; {HOW}"
    assert path.read_text("utf-8") == dumps(CASES[case]()), f"golden input {case} is stale; {HOW}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_rendered_markdown_matches_golden(case: str) -> None:
    """Every page of the case renders exactly as the committed Markdown."""
    snapshot_text = dumps(CASES[case]())
    if UPDATE:
        snapshot = CASES[case]()
    else:
        snapshot = read_snapshot(GOLDEN / case / "schema_map.json")
    config_file = GOLDEN / case / "schemadoc.yml"
    config = load_config(config_file) if config_file.exists() else Config()
    assert config.check(snapshot) == []
    facts = site_facts(snapshot, config)
    drawn = None
    if config.diagrams.engine == "mermaid":  # Graphviz SVGs vary with dot's version
        drawn, _ = draw_diagrams(plan_diagrams(facts, "reference", True), "mermaid",
                                 GOLDEN / "unused")
    pages = dict(render_site(make_environment(), facts, diagrams=drawn))
    if UPDATE:
        _update(case, snapshot_text, pages)
        return
    expected = _expected(case)
    assert sorted(pages) == sorted(expected), f"pages differ for case {case}; {HOW}"
    for relative, text in pages.items():
        assert text == expected[relative], f"{case}/reference/{relative} differs; {HOW}"
