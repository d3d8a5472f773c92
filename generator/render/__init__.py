"""Rendering: everything a reader sees. The snapshot (and the diff, lint's findings, the
history) in; Markdown pages, Health, the Changelog, DOT diagrams and the PR comment
out, all through one Jinja environment.

Modules, one job each: `env` (the one Jinja environment and its escaping filters,
for every output), `pr_comment` (`schemadoc diff --format markdown`), `paths`
(unique, stable file names), `facts` (lookups shared by all pages), `status`,
`relationships` and `design_notes` (what the overview computes), `views`, `schemas`
and `overview` (view data per page), `pages` (one `render_<page>()` per page),
`reference` (the whole reference as (path, Markdown) pairs: the one renderer behind
`schemadoc build` and plugin mode), `writer` (the only code that writes files),
`mkdocs_plugin` (the `schemadoc` MkDocs plugin: one search entry per table page, and in
plugin mode the reference as in-memory pages, see `plugin_mode`). Nothing here talks
to a database.
"""

from __future__ import annotations

from generator.render.env import make_environment
from generator.render.facts import SiteFacts
from generator.render.pages import page_count, render_site
from generator.render.writer import WriteCounts, write_tree

__all__ = ["SiteFacts", "WriteCounts", "make_environment", "page_count", "render_site",
           "write_tree"]
