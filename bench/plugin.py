"""Benchmark of plugin mode: `mkdocs build` and `mkdocs serve` rendering the reference.

Targets: a plugin-mode `mkdocs build --strict` of the 10,000-table site takes at most
120 s (issue 3's limit for `mkdocs build`, which here also renders the pages); a
`mkdocs serve` rebuild after one description changed takes a few seconds on the demo
(measured on the 10,000-table site too).

Steps, in a fresh `schemadoc init` project switched to plugin mode (as its mkdocs.yml
shows) holding the snapshot and a schemadoc.yml:
1. `mkdocs build --strict` twice: with the diagram cache empty (every SVG drawn), then
   with it filled (the usual case: the cache lives beside mkdocs.yml);
   With `--compare`, the committed-Markdown path is timed beside it, in a second
   project under the same load: `schemadoc build --snapshot` then `mkdocs build
   --strict` (cached diagrams for both);
2. `mkdocs serve` (livereload), then `mkdocs serve --dirty`: start it, wait for a table
   page, write a new description of that table into schemadoc.yml and time until the
   page serves it (polling every 0.1 s); the server's own "Documentation built in"
   lines are reported beside.

The snapshot: `--snapshot PATH` (with `--config schemadoc.yml`), `--demo DIR` (the
snapshot and schemadoc.yml `schemadoc demo --dir DIR` left there), or by default the
synthetic database of bench/synthetic.py, snapshotted as bench/render.py does.
Results go to bench/results/plugin-<name>.json.

    .venv/bin/python bench/plugin.py                          # 10,000 tables
    .venv/bin/python bench/plugin.py --demo /tmp/demo   # after `schemadoc demo --dir /tmp/demo`
    .venv/bin/python bench/plugin.py --snapshot schema_map.json --skip-build
    .venv/bin/python bench/plugin.py --snapshot .schemadoc/bench-render/schema_map-10000.json \
        --compare --skip-serve    # both paths' builds, one after the other
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import render  # noqa: E402  (the snapshot of the synthetic database, timing helpers)
from run import embedded_server  # noqa: E402

from generator.config import find_config  # noqa: E402
from generator.render.reference import site_facts  # noqa: E402
from generator.snapshot import read_snapshot  # noqa: E402

REPO = render.REPO
TARGET_BUILD_S = 120.0
TARGET_SERVE_DEMO_S = 5.0
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
MKDOCS = [sys.executable, "-m", "mkdocs"]


def plugin_project(project: Path, snapshot: Path, config: Path | None) -> None:
    """`schemadoc init`, then plugin mode as the scaffolded mkdocs.yml describes it."""
    render.run_timed([*render.schemadoc_command(), "init", str(project), "--site-name",
                      "Benchmark"])
    shutil.copy(snapshot, project / "schema_map.json")
    if config is not None:
        shutil.copy(config, project / "schemadoc.yml")
    mkdocs_yml = project / "mkdocs.yml"
    text = mkdocs_yml.read_text("utf-8").replace("\n  - schemadoc\n", "\n")
    text = re.sub(r"^  # (- schemadoc:|    \w+: )", r"  \1", text, flags=re.MULTILINE)
    mkdocs_yml.write_text(text, "utf-8")


def table_page(project: Path) -> tuple[str, str, str]:
    """(schema, table, URL path) of the first documented table."""
    snapshot = read_snapshot(project / "schema_map.json")
    facts = site_facts(snapshot, find_config(None, project))
    for schema in sorted(facts.snapshot.schemas):
        for table in sorted(facts.snapshot.schemas[schema].tables):
            path = facts.paths.relation(schema, table)
            if path:
                return schema, table, "reference/" + path.removesuffix(".md") + "/"
    raise RuntimeError("the snapshot has no table")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until `url` serves a page holding `text` (polling every 0.1 s)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not serve {text!r} within {timeout:.0f} s")


def describe(project: Path, schema: str, table: str, text: str) -> None:
    """Save schemadoc.yml with `text` as the table's description, the rest as it was."""
    config = project / "schemadoc.yml"
    data = (yaml.safe_load(config.read_text("utf-8")) if config.exists() else None) or {}
    data.setdefault("version", 1)
    tables = data.setdefault("tables", {}) or {}
    data["tables"] = tables
    key = f"{schema}.{table}"
    if isinstance(tables.get(key), dict):
        tables[key]["description"] = text
    else:
        tables[key] = text
    config.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def serve_rebuild(project: Path, dirty: bool, timeout: float) -> dict[str, object]:
    """Start `mkdocs serve`, change one description, time until it is served."""
    schema, table, path = table_page(project)
    port = free_port()
    log_path = project / f"serve{'-dirty' if dirty else ''}.log"
    command = [*MKDOCS, "serve", "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    with log_path.open("w") as log:
        started = time.perf_counter()
        server = subprocess.Popen(command, cwd=project, env=ENV, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/{path}"
            wait_for(url, table, timeout)
            first = time.perf_counter() - started
            marker = f"Benchmark description {time.time_ns()}"
            describe(project, schema, table, marker)
            rebuild = wait_for(url, marker, timeout)
        finally:
            server.terminate()
            server.wait(timeout=60)
    output = log_path.read_text("utf-8")
    builds = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", output)]
    rendered = re.findall(r"rendered (\d+) reference pages in ([\d.]+) s", output)
    return {"dirty": dirty, "first_served_s": round(first, 2),
            "rebuild_served_s": round(rebuild, 2), "mkdocs_builds_s": builds,
            "render_s": [float(s) for _, s in rendered], "page": path}


def committed_markdown(snapshot: Path, config: Path | None, project: Path
                       ) -> dict[str, float]:
    """`schemadoc build --snapshot` + `mkdocs build --strict` (the diagram cache filled
    by a first `schemadoc build`), timed."""
    render.run_timed([*render.schemadoc_command(), "init", str(project), "--site-name",
                      "Benchmark"])
    if config is not None:
        shutil.copy(config, project / "schemadoc.yml")
    command = [*render.schemadoc_command(), "build", "--snapshot", str(snapshot),
               "--site-dir", str(project / "site_src"), "-q"]
    render.run_timed(command)
    shutil.rmtree(project / "site_src" / "reference")
    render.say("schemadoc build + mkdocs build --strict (cached diagrams) ...")
    schemadoc = render.run_timed(command)
    load = [round(x, 2) for x in os.getloadavg()]
    mkdocs = render.run_timed([*MKDOCS, "build", "--strict"], cwd=project)
    render.say(f"  {schemadoc.seconds + mkdocs.seconds:.1f} s (schemadoc build "
               f"{schemadoc.seconds:.1f} s, mkdocs build {mkdocs.seconds:.1f} s, CPU "
               f"{mkdocs.cpu_seconds:.1f} s)")
    return {"schemadoc_build_s": round(schemadoc.seconds, 2),
            "schemadoc_build_cpu_s": round(schemadoc.cpu_seconds, 2),
            "mkdocs_build_s": round(mkdocs.seconds, 2),
            "mkdocs_build_cpu_s": round(mkdocs.cpu_seconds, 2), "mkdocs_build_load": load}


def bench(snapshot: Path, config: Path | None, project: Path, skip_build: bool,
          timeout: float, compare: bool = False, skip_serve: bool = False
          ) -> dict[str, object]:
    """Build and serve the plugin-mode site of `snapshot`; print and return the figures."""
    plugin_project(project, snapshot, config)
    results: dict[str, object] = {}
    if not skip_build:
        for label in ("cold", "cached"):
            render.say(f"mkdocs build --strict ({label} diagram cache) ...")
            results[f"build_{label}_load"] = [round(x, 2) for x in os.getloadavg()]
            took = render.run_timed([*MKDOCS, "build", "--strict"], cwd=project)
            found = re.search(r"rendered (\d+) reference pages in ([\d.]+) s", took.output)
            results[f"build_{label}_s"] = round(took.seconds, 2)
            results[f"build_{label}_cpu_s"] = round(took.cpu_seconds, 2)
            results[f"build_{label}_render_s"] = float(found.group(2)) if found else None
            render.say(f"  {took.seconds:.1f} s, CPU {took.cpu_seconds:.1f} s (rendering the "
                       f"reference {found.group(2) if found else '?'} s of it)")
        site = render.measure_site(project / "site")
        results["pages"] = site.pages
        shutil.rmtree(project / "site")
    if compare:
        results["committed_markdown"] = committed_markdown(
            snapshot, config, project.with_name(project.name + "-markdown"))
    docs = sorted(p.name for p in (project / "site_src").iterdir())
    for dirty in () if skip_serve else (False, True):
        render.say(f"mkdocs serve{' --dirty' if dirty else ''}: one description changed ...")
        figures = serve_rebuild(project, dirty, timeout)
        results[f"serve{'_dirty' if dirty else ''}"] = figures
        render.say(f"  first build served after {figures['first_served_s']} s; the change "
                   f"served after {figures['rebuild_served_s']} s (MkDocs builds: "
                   f"{figures['mkdocs_builds_s']} s)")
    if sorted(p.name for p in (project / "site_src").iterdir()) != docs:
        raise RuntimeError("plugin mode wrote into the docs folder")
    return results


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time plugin-mode `mkdocs build` and a `mkdocs serve` rebuild "
        "(see bench/README.md).")
    parser.add_argument("--tables", type=int, default=10_000, metavar="N",
                        help="tables in the synthetic database (default: 10000)")
    parser.add_argument("--snapshot", type=Path, metavar="PATH",
                        help="this schema_map.json instead of the synthetic database's")
    parser.add_argument("--config", type=Path, metavar="FILE", help="its schemadoc.yml")
    parser.add_argument("--demo", type=Path, metavar="DIR",
                        help="the site `schemadoc demo --dir DIR` made: its snapshot and "
                        "the sample's schemadoc.yml")
    parser.add_argument("--skip-build", action="store_true", help="only the serve rebuilds")
    parser.add_argument("--compare", action="store_true",
                        help="also time schemadoc build + mkdocs build under the same load")
    parser.add_argument("--skip-serve", action="store_true", help="only the builds")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the project in DIR")
    parser.add_argument("--timeout", type=float, default=900, metavar="SECONDS",
                        help="longest wait for a page (default: 900)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    config = args.config
    name = f"plugin-{args.tables}"
    try:
        if args.demo:
            snapshot = args.demo / "site_src" / "schema_map.json"
            config = config or REPO / "generator" / "commands" / "demo" / "schemadoc.yml"
            name = "plugin-demo"
        elif args.snapshot:
            snapshot, name = args.snapshot, "plugin-snapshot"
        else:
            with embedded_server() as admin_dsn:
                snapshot = render.take_snapshot(admin_dsn, args.tables)
        load_before = os.getloadavg()
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.rmtree(args.keep.with_name(args.keep.name + "-markdown"), ignore_errors=True)
            results = bench(snapshot, config, args.keep, args.skip_build, args.timeout,
                            args.compare, args.skip_serve)
        else:
            with tempfile.TemporaryDirectory(prefix="schemadoc-bench-plugin-") as tmp:
                results = bench(snapshot, config, Path(tmp) / "site", args.skip_build,
                                args.timeout, args.compare, args.skip_serve)
    except (RuntimeError, OSError) as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    build_s = results.get("build_cached_s")
    if isinstance(build_s, float):
        verdict = "PASS" if build_s <= TARGET_BUILD_S else "FAIL"
        render.say(f"\nplugin-mode mkdocs build (cached diagrams): {build_s:.1f} s, target "
                   f"{TARGET_BUILD_S:.0f} s: {verdict}")
    results = {
        "benchmark": "plugin", "snapshot": str(snapshot),
        "snapshot_mb": round(snapshot.stat().st_size / 1e6, 1),
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "revision": render.git_revision(),
        "machine": {"cpus": os.cpu_count(), "load_before": load_before,
                    "load_after": os.getloadavg()},
    } | results
    render.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (render.RESULTS_DIR / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n",
                                                     "utf-8")
    render.say(f"results written to bench/results/{name}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
