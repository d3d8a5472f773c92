"""SVG from DOT with Graphviz `dot`, in parallel, batched and cached.

`render_svgs(jobs, cache_dir)` renders what the cache lacks and returns every SVG.
Starting `dot` costs about 15 ms, more than laying out a small neighbourhood, so small
graphs go to one `dot` process in batches (`dot` reads several graphs from one input
and writes one SVG after another); large ones, and those that pick their own layout
engine, get a process each. `dot` is a separate
process, so a thread pool keeps every core busy.

The SVG is cleaned so that it is the same bytes for the same DOT whatever the batch
and ready to be inlined into HTML: no XML prolog, DOCTYPE or comments (one holds the
Graphviz version), no `<title>` of generated node ids, no blank lines (a blank line
would end a raw HTML block in Markdown), and the graph's id without the
`page0,1_` prefix `dot` gives every graph after the first of a batch.
"""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import graphviz  # type: ignore[import-untyped]

from generator.diagrams.cache import SvgCache
from generator.errors import DiagramError
from generator.runtime.interrupts import run_child

__all__ = ["DiagramError", "RenderedSvgs", "clean_svg", "dot_version", "render_svgs"]

K = TypeVar("K", bound=Hashable)

# Bump when clean_svg changes what it returns: cached SVGs are then rendered again.
CLEANUP_VERSION = 1
BATCH_GRAPHS = 50
BATCH_CHARS = 400_000
ALONE_CHARS = 60_000  # a source this long (a big schema) gets a dot process of its own
# A graph that picks its layout engine (the map of a schema's parts: `layout=fdp`) gets
# a process of its own too: the engine it picks stays on for the graphs after it in one
# `dot` input, which laid the overview after a map out by fdp.
_OWN_LAYOUT = re.compile(r"^\s*graph \[layout=", re.MULTILINE)
DOT_COMMAND = ("dot", "-Kdot", "-Tsvg")
INSTALL_HINT = (
    "Install Graphviz (`apt-get install graphviz` on Debian and Ubuntu, "
    "`brew install graphviz` on macOS, https://graphviz.org/download/ elsewhere) so that "
    "`dot` is on PATH, or choose `diagrams: mermaid` (drawn in the browser) or "
    "`diagrams: none` in schemadoc.yml."
)

_PROLOG = re.compile(r"\A.*?(?=<svg[\s>])", re.S)
_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
_BATCH_ID = re.compile(r'(<g id=")page\d+,\d+_')
_NODE_TITLE = re.compile(r'(<g id="[^"]*?(?:node|edge)\d+" class="[^"]*">)\n<title>[^<]*</title>')
_BLANK = re.compile(r"\n\s*\n")


def clean_svg(svg: str) -> str:
    """An SVG as `dot` writes it, made stable and fit for inlining (see the module doc)."""
    svg = _PROLOG.sub("", svg, count=1)
    svg = _COMMENT.sub("", svg)
    svg = _BATCH_ID.sub(r"\1", svg)
    svg = _NODE_TITLE.sub(r"\1", svg)
    return _BLANK.sub("\n", svg).strip() + "\n"


@lru_cache(maxsize=8)
def _version(path: str | None) -> str:
    try:
        return ".".join(str(part) for part in graphviz.version())
    except graphviz.ExecutableNotFound as exc:
        raise DiagramError(f"Graphviz `dot` was not found on PATH, so diagrams cannot be "
                           f"drawn. {INSTALL_HINT}") from exc
    except (graphviz.CalledProcessError, RuntimeError) as exc:
        raise DiagramError(f"Graphviz `dot -V` failed ({exc}). {INSTALL_HINT}") from exc


def dot_version() -> str:
    """The version of the `dot` on PATH, e.g. `2.43.0`; DiagramError when there is none."""
    return _version(os.environ.get("PATH"))


class _DotFailed(Exception):
    """`dot` exited with an error (its message)."""


def _pipe(source: str) -> str:
    # A child schemadoc tracks: a signal kills it at once, whatever thread waits on it.
    # (Both pipes are read while the input is written, so a batch's SVG never fills
    # a pipe and deadlocks.)
    try:
        done = run_child(DOT_COMMAND, source.encode("utf-8"))
    except FileNotFoundError as exc:
        raise DiagramError(f"Graphviz `dot` was not found on PATH. {INSTALL_HINT}") from exc
    if done.returncode != 0:
        raise _DotFailed(done.stderr.decode("utf-8", "replace").strip()
                         or f"dot exited with status {done.returncode}")
    return done.stdout.decode("utf-8")


def _render_one(label: str, source: str) -> str:
    try:
        return clean_svg(_pipe(source))
    except _DotFailed as exc:
        raise DiagramError(f"Graphviz could not draw diagram {label}: {exc}") from exc


def _render_batch(batch: Sequence[tuple[str, str]]) -> list[str]:
    """The SVGs of several (label, source) graphs from one `dot` process, in order."""
    if len(batch) == 1:
        return [_render_one(*batch[0])]
    try:
        out = _pipe("\n".join(source for _, source in batch))
        pieces = [p + "</svg>\n" for p in out.split("</svg>\n")[:-1]]
        if len(pieces) == len(batch):
            return [clean_svg(p) for p in pieces]
    except _DotFailed:
        pass
    # A graph dot could not read stops the whole batch: render each alone to find it.
    return [_render_one(label, source) for label, source in batch]


def _batches(sources: dict[str, str]) -> list[list[str]]:
    """Hashes grouped for one dot process each, the longest work first."""
    ordered = sorted(sources, key=lambda h: (-len(sources[h]), h))
    batches: list[list[str]] = []
    current: list[str] = []
    size = 0
    for digest in ordered:
        length = len(sources[digest])
        if length >= ALONE_CHARS or _OWN_LAYOUT.search(sources[digest]):
            batches.append([digest])
            continue
        if current and (len(current) == BATCH_GRAPHS or size + length > BATCH_CHARS):
            batches.append(current)
            current, size = [], 0
        current.append(digest)
        size += length
    return batches + ([current] if current else [])


class RenderedSvgs(dict[K, str]):
    """SVG text by job key; `rendered` and `cached` say which keys came from where."""

    def __init__(self) -> None:
        super().__init__()
        self.rendered: list[K] = []
        self.cached: list[K] = []


def render_svgs(jobs: Sequence[tuple[K, str]], cache_dir: Path | str,
                workers: int | None = None) -> RenderedSvgs[K]:
    """The SVG of each (key, DOT source) job: from the cache, or rendered and cached.

    Jobs with the same source are rendered once. Raises DiagramError when `dot` is
    missing or fails on a graph.
    """
    result: RenderedSvgs[K] = RenderedSvgs()
    if not jobs:
        return result
    cache = SvgCache(cache_dir, f"dot {dot_version()}; cleanup {CLEANUP_VERSION}")
    digests = {key: cache.key(source) for key, source in jobs}
    found: dict[str, str] = {}
    missing: dict[str, str] = {}
    labels = {digest: repr(key) for key, digest in reversed(digests.items())}
    for key, source in jobs:
        digest = digests[key]
        if digest not in found and digest not in missing:
            svg = cache.get(digest)
            if svg is None:
                missing[digest] = source
            else:
                found[digest] = svg
    batches = _batches(missing)
    pool = ThreadPoolExecutor(max_workers=max(1, workers or os.cpu_count() or 1))
    try:
        outputs = pool.map(_render_batch, [[(labels[d], missing[d]) for d in b] for b in batches])
        for batch, svgs in zip(batches, outputs, strict=True):
            for digest, svg in zip(batch, svgs, strict=True):
                cache.put(digest, svg)
                found[digest] = svg
    except BaseException:
        # An error, or a signal (which has killed the running `dot`s): start no more.
        pool.shutdown(cancel_futures=True)
        raise
    pool.shutdown()
    for key, _ in jobs:
        result[key] = found[digests[key]]
        (result.rendered if digests[key] in missing else result.cached).append(key)
    return result
