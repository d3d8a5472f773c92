"""Diagrams to SVG in one call: DOT through the templates, then `render_svgs`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import jinja2

from generator.diagrams.diagram import Diagram
from generator.diagrams.dot import DotRenderer
from generator.diagrams.svg import RenderedSvgs, render_svgs
from generator.runtime.forked import ordered_map

__all__ = ["draw_svgs"]


def draw_svgs(diagrams: Sequence[Diagram], cache_dir: Path | str,
              templates: Path | None = None, workers: int | None = None,
              env: jinja2.Environment | None = None,
              processes: int = 1) -> RenderedSvgs[str]:
    """The SVG of every diagram, keyed by `Diagram.name` (names must be unique); `env`:
    the environment to render DOT with (a build's one environment), else the DOT
    filters' own over `templates`. `processes` write the DOT (`runtime.forked`);
    `workers` threads run `dot`."""
    renderer = DotRenderer(templates, env)
    sources = ordered_map([partial(renderer.render, d) for d in diagrams], processes)
    jobs = list(zip((d.name for d in diagrams), sources, strict=True))
    if len({name for name, _ in jobs}) != len(jobs):
        raise ValueError("diagram names must be unique: they key the SVGs")
    return render_svgs(jobs, cache_dir, workers)
