"""The site's home page (`site_src/index.md`): the database at a glance.

What a reader opening the site wants first: what the database is for (the
configuration's introduction), its size, and its schemas, grouped as on the
overview, each with its description, counts and a link; then where to read on.
Instructions for whoever maintains the site live on a page of their own
(`maintaining.md`, written by `schemadoc init`).

The home page is the team's page, outside the folder schemadoc owns: `schemadoc build`
writes it only while its front matter holds the `HOME_MARKER` line (as the page
`init` writes does); a team that removes that line keeps its own page, never touched.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.render.facts import SiteFacts
from generator.render.overview import overview_page
from generator.snapshot import write_atomic

__all__ = ["HOME", "HOME_MARKER", "MAINTAINING", "is_generated_home", "render_home",
           "write_home"]

HOME = "index.md"  # in the docs folder, beside reference/
MAINTAINING = "maintaining.md"
# A front matter line: while it is there, each build rewrites the page.
HOME_MARKER = "schemadoc_home: generated"
REFERENCE = "reference/"


def is_generated_home(text: str) -> bool:
    """Whether a home page is schemadoc's to rewrite (its front matter has the marker)."""
    if not text.startswith("---\n"):
        return False
    front = text[4:].split("\n---\n", 1)[0]
    return any(line.startswith(HOME_MARKER) for line in front.splitlines())


def render_home(env: jinja2.Environment, facts: SiteFacts, maintaining: bool) -> str:
    """The home page's Markdown; `maintaining`: link the maintainers' page."""
    return env.get_template("home.md.j2").render(
        page=overview_page(facts), reference=REFERENCE, marker=HOME_MARKER,
        maintaining=MAINTAINING if maintaining else None)


def write_home(site_dir: Path, env: jinja2.Environment, facts: SiteFacts) -> bool:
    """Write the home page if it is schemadoc's (absent, or marked) and its text
    changed; whether it was written."""
    target = site_dir / HOME
    try:
        old = target.read_text("utf-8")
    except FileNotFoundError:
        old = None
    except (OSError, UnicodeDecodeError):
        return False  # not ours to judge: leave it
    if old is not None and not is_generated_home(old):
        return False
    text = render_home(env, facts, (site_dir / MAINTAINING).exists())
    if text == old:
        return False
    write_atomic(target, text)
    return True
