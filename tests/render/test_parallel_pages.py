"""A build shares its diagrams' DOT and its pages out to forked processes
(runtime.forked): the reference is the same, page for page and byte for byte, whatever
their number, for the seed's database and for hostile names; and the command line's
build does use them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.config import Config
from generator.model import Snapshot
from generator.render.reference import ReferencePages, ReferenceSource
from generator.runtime import forked
from tests.factories import odd_snapshot, seed_snapshot
from tests.render.site_check import project_with


class _Forks(list[int]):
    """The workers os.fork started (their pids), while patched in."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        super().__init__()
        real_fork = os.fork

        def counted_fork() -> int:
            pid = real_fork()
            if pid:
                self.append(pid)
            return pid

        monkeypatch.setattr(os, "fork", counted_fork)
        # Small sites are rendered in one process; here every step is shared out.
        monkeypatch.setattr(forked, "MIN_TASKS", 1)


def _reference(snapshot: Snapshot, processes: int, cache: Path) -> list[tuple[str, str]]:
    pages = ReferencePages(ReferenceSource(snapshot, Config(), history=cache / "none.jsonl",
                                           cache_dir=cache), processes=processes)
    pages.draw()
    return list(pages.pages())


@pytest.mark.parametrize("make", [lambda: seed_snapshot(dependencies=True), odd_snapshot],
                         ids=["seed", "odd-names"])
def test_the_pages_do_not_depend_on_the_number_of_processes(
        make: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert callable(make)
    snapshot = make()
    alone = _reference(snapshot, 1, tmp_path / "cache")
    forks = _Forks(monkeypatch)
    shared = _reference(snapshot, 3, tmp_path / "cache")
    assert len(forks) == 6  # three for the diagrams' DOT, three for the pages
    assert [path for path, _ in shared] == [path for path, _ in alone]
    for (path, text), (_, expected) in zip(shared, alone, strict=True):
        assert text == expected, path
    assert len(alone) > 10


@pytest.mark.skipif(forked.default_workers() < 2, reason="one core: nothing to share out")
def test_a_build_uses_a_process_per_core(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    forks = _Forks(monkeypatch)
    _, result = project_with(tmp_path, seed_snapshot())
    assert len(forks) == 2 * forked.default_workers()
    assert result.pages.added > 10
