"""`schemadoc init [DIR]`: the starting files of a team's documentation site.

Writes `mkdocs.yml`, `schemadoc.yml` (every setting commented out),
`site_src/index.md` (the home page, which each `schemadoc build` turns into the
database at a glance while it keeps its marker line) and `site_src/maintaining.md`
(how to rebuild the site), each only if it does not exist yet (the style sheet and the
table-sorting script come with the `schemadoc` MkDocs plugin):
running `init` again, or in a repository that already has a `mkdocs.yml`, changes
nothing the team wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SchemadocError
from generator.render.env import make_environment
from generator.snapshot import write_atomic

__all__ = ["SCAFFOLD", "ScaffoldResult", "scaffold", "scaffold_text"]

# Destination (relative to DIR) -> template under templates/scaffold/.
SCAFFOLD = {
    "mkdocs.yml": "mkdocs.yml.j2",
    "schemadoc.yml": "schemadoc.yml.j2",
    "site_src/index.md": "index.md.j2",
    "site_src/maintaining.md": "maintaining.md.j2",
}
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True, slots=True)
class ScaffoldResult:
    """Which files `init` created and which it left alone because they existed."""

    created: list[str]
    kept: list[str]


def scaffold_text(destination: str, site_name: str, site_url: str = DEFAULT_SITE_URL) -> str:
    """The text `init` writes to one destination."""
    template = make_environment().get_template(f"scaffold/{SCAFFOLD[destination]}")
    return template.render(site_name=site_name, site_url=site_url)


def scaffold(directory: Path, site_name: str,
             names: Iterable[str] | None = None) -> ScaffoldResult:
    """Write the starting files (`names`, by default all) into `directory`, never
    replacing an existing one."""
    created, kept = [], []
    for destination in SCAFFOLD if names is None else names:
        target = directory / destination
        if target.exists():
            kept.append(destination)
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SchemadocError(f"cannot create {target.parent}: {exc.strerror or exc}") from None
        write_atomic(target, scaffold_text(destination, site_name))
        created.append(destination)
    return ScaffoldResult(created, kept)
