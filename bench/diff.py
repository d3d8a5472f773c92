"""Benchmark of `schemadoc diff`: two 10,000-table snapshots diffed in at most 1 s.

Builds two snapshots in memory (no database): N tables of 14 columns each, with a
primary key, a foreign key, two indexes, comments and row estimates, spread over 20
schemas. NEW is built separately from OLD (no shared objects, as when both come from
files) with a few hundred changes: tables added, dropped and renamed, columns added,
dropped, renamed and retyped, NOT NULL, defaults, comments, indexes, and every row
estimate drifting by a few percent. Two cases are timed, best of --repeat runs each:

- same database: both snapshots carry the same oids (renames are certain);
- across databases: every oid differs (e.g. a CI database against a committed file).

Results go to bench/results/diff-<N>.json. A missed target prints FAIL; the exit code
stays 0, as this is a measurement.

    .venv/bin/python bench/diff.py                 # 10,000 tables
    .venv/bin/python bench/diff.py --tables 1000
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.diff import diff  # noqa: E402
from generator.diff.render_json import render_json  # noqa: E402
from generator.model import (  # noqa: E402
    Column,
    Constraint,
    Database,
    Index,
    Reference,
    RowCount,
    Schema,
    Snapshot,
    Table,
)
from generator.render.pr_comment import render_markdown  # noqa: E402

TARGET_SECONDS = 1.0
SCHEMAS = 20
COLUMNS = 14
TYPES = ("integer", "text", "character varying(255)", "numeric(12,2)", "boolean",
         "timestamp with time zone", "jsonb", "bigint")
RESULTS = Path(__file__).resolve().parent / "results"


def _columns(rng: random.Random, changed: bool) -> dict[str, Column]:
    cols = {"id": Column(1, 1, "bigint", False, identity="by default")}
    for i in range(2, COLUMNS + 1):
        cols[f"col_{i}"] = Column(i, i, rng.choice(TYPES), i % 3 != 0,
                                  default="0" if i % 5 == 0 else None,
                                  comment="Set by the application." if i % 4 == 0 else None)
    if changed:
        cols["col_3"] = Column(3, 3, "text", False)  # retyped and made NOT NULL
    return cols


def _table(schema: str, n: int, oid: int, rng: random.Random, changed: bool,
           drift: float) -> Table:
    name = f"table_{n:05d}"
    constraints = {f"{name}_pkey": Constraint("primary_key", ["id"], "PRIMARY KEY (id)",
                                              index=f"{name}_pkey")}
    if n:
        parent = f"table_{n - 1:05d}"
        constraints[f"{name}_col_2_fkey"] = Constraint(
            "foreign_key", ["col_2"], f"FOREIGN KEY (col_2) REFERENCES {schema}.{parent}(id)",
            references=Reference(schema, parent, ["id"]), on_delete="NO ACTION")
    indexes = {
        f"{name}_pkey": Index(f"CREATE UNIQUE INDEX {name}_pkey ON {schema}.{name} USING "
                              "btree (id)", True, True, "btree", ["id"], bytes=8192),
        f"{name}_col_2_idx": Index(f"CREATE INDEX {name}_col_2_idx ON {schema}.{name} USING "
                                   "btree (col_2)", False, False, "btree", ["col_2"],
                                   bytes=16384, scans=rng.randrange(1000)),
    }
    rows = 1000 + n * 7
    return Table(oid=oid, kind="table", owner="app",
                 comment=("Changed comment" if changed else f"Table {n}"),
                 row_count=RowCount(round(rows * drift), "reltuples"),
                 total_bytes=rows * 120, columns=_columns(rng, changed),
                 constraints=constraints, indexes=indexes)


def build(tables: int, new: bool, same_oids: bool) -> Snapshot:
    """OLD (new=False) or NEW with its changes; oids shift unless `same_oids`."""
    rng = random.Random(42)
    drift_rng = random.Random(7)
    schemas: dict[str, dict[str, Table]] = {f"schema_{s:02d}": {} for s in range(SCHEMAS)}
    names = list(schemas)
    for n in range(tables):
        schema = names[n % SCHEMAS]
        changed = new and n % 50 == 0  # 200 tables of 10,000 with changes
        drift = 1 + drift_rng.uniform(-0.05, 0.05) if new else 1.0
        oid = 100_000 + n if (same_oids or not new) else 500_000 + n
        table = _table(schema, n, oid, rng, changed, drift)
        name = f"table_{n:05d}"
        if new and n % 500 == 1:
            continue  # dropped
        if new and n % 500 == 2:
            name += "_renamed"
        schemas[schema][name] = table
    if new:
        for n in range(20):
            schemas[names[n]][f"added_{n}"] = _table(names[n], tables + n, 900_000 + n, rng,
                                                     False, 1.0)
    db = Database("bench", None, None, "app", "18.0", 180000)
    return Snapshot(1, "2025-01-01T00:00:00Z", db, schemas={
        name: Schema(oid=50_000 + i, owner="app", tables=tabs)
        for i, (name, tabs) in enumerate(schemas.items())})


def time_diff(old: Snapshot, new: Snapshot, repeat: int) -> tuple[float, int]:
    """Best wall time of `diff(old, new)` over `repeat` runs, and the number of changes."""
    best, changes = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = diff(old, new)
        best = min(best, time.perf_counter() - start)
        changes = len(result.changes)
    return best, changes


def main() -> None:
    """Build, time, print, save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    old = build(args.tables, new=False, same_oids=True)
    results = {}
    for case, same in (("same database", True), ("across databases", False)):
        new = build(args.tables, new=True, same_oids=same)
        seconds, changes = time_diff(old, new, args.repeat)
        start = time.perf_counter()
        result = diff(old, new)
        render_json(result)
        render_markdown(result, new)
        render = time.perf_counter() - start - seconds
        verdict = "ok" if seconds <= TARGET_SECONDS else "FAIL"
        print(f"{case:>17}: diff {seconds:.3f} s (target {TARGET_SECONDS:.1f} s) {verdict}; "
              f"{changes} changes, {len(result.volumes)} volume changes; "
              f"JSON + Markdown {render:.3f} s")
        results[case] = {"seconds": round(seconds, 4), "changes": changes,
                         "render_seconds": round(render, 4), "ok": seconds <= TARGET_SECONDS}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"diff-{args.tables}.json"
    out.write_text(json.dumps({"tables": args.tables, "columns_per_table": COLUMNS,
                               "repeat": args.repeat, "python": platform.python_version(),
                               "machine": platform.machine(), "target_seconds": TARGET_SECONDS,
                               "cases": results}, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
