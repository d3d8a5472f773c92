"""The reference as {path: Markdown}: the one renderer behind both ways of publishing.

`schemadoc build` writes what `ReferencePages.pages()` yields into `site_src/reference/`
(`writer.write_tree`); the `schemadoc` MkDocs plugin in plugin mode hands the same
pairs to MkDocs as in-memory files. Both call this module, so the two sites are made
of the same pages.

    reference = ReferencePages(source)   # schemadoc.yml applied, diagrams planned
    reference.draw()                     # every SVG, from the cache where it is there
    for path, text in reference.pages(): # Health, Changelog, overview, schemas, tables
        ...

`schemadoc build` passes `processes` (one per core): the diagrams' DOT and the pages
are then rendered by forked workers (`runtime.forked`), into the same text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.config import Config, filter_snapshot
from generator.diff.history import read_history
from generator.lint import lint_snapshot
from generator.model import Snapshot
from generator.render.crumbs import page_crumbs
from generator.render.diagrams import PageDiagrams, draw_diagrams, plan_diagrams
from generator.render.env import make_environment
from generator.render.facts import SiteFacts
from generator.render.health import render_health
from generator.render.history import render_changelog
from generator.render.home import render_home
from generator.render.overview import overview_page
from generator.render.pages import PageTask, page_count, run_tasks, site_tasks
from generator.render.paths import relative_link
from generator.render.status import StatusRules

__all__ = ["CACHE_DIR", "CHANGELOG_PAGE", "HEALTH_PAGE", "HISTORY_NAME", "DiagramCounts",
           "ReferencePages", "ReferenceSource", "site_facts"]

HEALTH_PAGE = "health.md"
CHANGELOG_PAGE = "changelog.md"
# Beside the snapshot: what changed at each snapshot, for the Changelog.
HISTORY_NAME = "schema_history.jsonl"
# Rendered SVGs by the hash of their DOT source, beside mkdocs.yml (and the docs folder).
CACHE_DIR = Path(".schemadoc") / "diagram-cache"

StepHook = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ReferenceSource:
    """Everything the reference is made from, wherever it ends up."""

    snapshot: Snapshot
    config: Config
    # schema_history.jsonl (the Changelog); a missing file is an empty history.
    history: Path
    # Rendered SVGs by the hash of their DOT source (`.schemadoc/diagram-cache/`).
    cache_dir: Path
    # The reference's folder under the docs folder: diagrams link pages through it.
    folder: str = "reference"
    directory_urls: bool = True
    templates: Path | None = None
    rules: StatusRules = field(default_factory=StatusRules)


@dataclass(frozen=True, slots=True)
class DiagramCounts:
    """How many diagrams the pages show, and how many of them `dot` drew (not cached)."""

    total: int
    rendered: int


def site_facts(snapshot: Snapshot, config: Config, rules: StatusRules | None = None
               ) -> SiteFacts:
    """The snapshot as schemadoc.yml documents it: objects it leaves out removed, its
    statuses over the built-in rules (`rules.overrides` over both), its descriptions,
    virtual relations and flows at hand for the pages."""
    rules = rules or StatusRules()
    documented = filter_snapshot(snapshot, config)
    overrides = {**config.status_overrides(documented.schemas), **rules.overrides}
    return SiteFacts(documented, replace(rules, overrides=overrides), config)


class ReferencePages:
    """The pages of one snapshot and configuration: plan, draw, then render."""

    def __init__(self, source: ReferenceSource, processes: int = 1) -> None:
        """`processes`: how many processes draw and render (`runtime.forked`); the
        pages are the same whatever their number."""
        self.source = source
        self.processes = processes
        self.facts = site_facts(source.snapshot, source.config, source.rules)
        self.plan = plan_diagrams(self.facts, source.folder, source.directory_urls)
        self.env = make_environment(source.templates)
        self._drawn: PageDiagrams = {}

    @property
    def steps(self) -> int:
        """Diagrams plus pages: the length of a progress bar over `draw` and `pages`."""
        parts = sum(len(pages) for pages in self.plan.part_pages.values())
        return len(self.plan.diagrams) + page_count(self.facts) + parts + 2

    def draw(self, on_diagram: StepHook | None = None) -> DiagramCounts:
        """Draw every diagram before any page is rendered: a missing `dot` stops the
        build with nothing written."""
        self._drawn, rendered = draw_diagrams(self.plan, self.source.config.diagrams.engine,
                                              self.source.cache_dir, self.env, self.processes)
        for diagram in self.plan.diagrams:
            (on_diagram or _ignore)(diagram.name)
        return DiagramCounts(len(self.plan.diagrams), rendered)

    def pages(self, on_page: StepHook | None = None) -> Iterator[tuple[str, str]]:
        """Every page as (path under the reference folder, Markdown), one at a time:
        Health and the Changelog (the longest to render: first, so that no worker is
        left with them at the end), then the overview, schemas and relations."""
        # Here, before the workers fork, so that the home page (rendered here after
        # them) does not work it out a second time.
        overview_page(self.facts)
        tasks = site_tasks(self.env, self.facts, diagrams=self._drawn, plan=self.plan)
        yield from run_tasks([*self.site_wide_tasks(), *tasks], on_page, self.processes)

    def home(self, maintaining: bool) -> str:
        """The docs folder's home page (`home.py`); `maintaining`: link maintaining.md."""
        return render_home(self.env, self.facts, maintaining)

    def site_wide_tasks(self) -> list[PageTask]:
        """The pages beside the overview that are not about one object: Health (lint
        findings and comment coverage) and the Changelog (the history file)."""
        return [(HEALTH_PAGE, self._health), (CHANGELOG_PAGE, self._changelog)]

    def _linker(self, page: str) -> Callable[[str, str], str | None]:
        facts = self.facts

        def link(schema: str, table: str) -> str | None:
            target = facts.paths.relation(schema, table)
            return relative_link(page, target) if target else None

        return link

    def _health(self) -> str:
        source = self.source
        result = lint_snapshot(source.snapshot, source.config)
        return render_health(result, source.snapshot, self._linker(HEALTH_PAGE),
                             self.facts.status, source.templates,
                             page_crumbs(self.facts, HEALTH_PAGE, "Schema health"))

    def _changelog(self) -> str:
        return render_changelog(read_history(self.source.history),
                                self._linker(CHANGELOG_PAGE), self.source.templates,
                                page_crumbs(self.facts, CHANGELOG_PAGE, "Changelog"))


def _ignore(_: str) -> None:
    pass
