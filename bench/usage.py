"""Benchmark of dependency rendering at scale, in memory (no database, no MkDocs).

A snapshot of N tables (10,000 by default) in a chain, each with a trigger calling one
shared function whose parsed body reads every table, and N/10 views each reading the
first table and one other: the worst fan-in pages have (a function with 10,000
triggers, a table 1,000 views read). Measures deriving "used by" (`Usage`) and the
site facts, rendering the heaviest pages, and their size in Markdown.

    .venv/bin/python bench/usage.py                  # 10,000 tables (~10 s)
    .venv/bin/python bench/usage.py --tables 1000
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.commands.build import site_facts  # noqa: E402
from generator.config import Config  # noqa: E402
from generator.model import Dependency, Function, ObjectRef, Snapshot, Trigger, View  # noqa: E402
from generator.model.usage import Usage  # noqa: E402
from generator.render import make_environment  # noqa: E402
from generator.render.pages import render_schema, render_table, render_view  # noqa: E402
from tests.factories import columns, wide_snapshot  # noqa: E402


def fan_in_snapshot(count: int) -> Snapshot:
    """`wide_snapshot(count)` with a shared trigger function and views over table 0."""
    snap = wide_snapshot(count)
    wide = snap.schemas["wide"]
    touch = [Dependency("function", "wide", "touch()")]
    tables = {name: replace(t, triggers={"touch": Trigger(
        "BEFORE", ["UPDATE"], "ROW", ObjectRef("wide", "touch"), "enabled", "CREATE TRIGGER",
        depends_on=touch)}) for name, t in wide.tables.items()}
    views = {f"v{i:05d}": View(
        oid=900_000 + i, owner="app", definition=" SELECT 1;", columns=columns(("id", "bigint")),
        depends_on=[Dependency("table", "wide", "t00000", c) for c in ("id", "note", "prev_id")]
        + [Dependency("table", "wide", f"t{i:05d}", "id")]) for i in range(1, count // 10 + 1)}
    function = Function(
        oid=1, name="touch", kind="function", arguments="", returns="trigger",
        language="plpgsql", volatility="volatile", security_definer=False, strict=False,
        parallel="unsafe", owner="app", definition="...",
        depends_on=[Dependency("table", "wide", f"t{i:05d}", "note", "parsed", "read")
                    for i in range(count)])
    return replace(snap, schemas={"wide": replace(wide, tables=tables, views=views,
                                                  functions={"touch()": function})})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=10_000)
    args = parser.parse_args()
    snap = fan_in_snapshot(args.tables)
    wide = snap.schemas["wide"]
    start = time.perf_counter()
    Usage(snap)
    print(f"Usage (used by, derived): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    facts = site_facts(snap, Config())
    print(f"site facts (with Usage): {time.perf_counter() - start:.2f} s")
    env = make_environment()
    pages = {
        "schema page (function called by every trigger)": lambda: render_schema(
            env, facts, "wide"),
        "table page read by every view": lambda: render_table(
            env, facts, ("wide", "t00000"), wide.tables["t00000"]),
        "view page": lambda: render_view(env, facts, ("wide", "v00001"),
                                         wide.views["v00001"], False),
    }
    for label, render in pages.items():
        start = time.perf_counter()
        text = render()
        print(f"{label}: {len(text.encode()):,} bytes of Markdown, "
              f"{time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    for name, table in wide.tables.items():
        render_table(env, facts, ("wide", name), table)
    print(f"every table page ({len(wide.tables):,}): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
