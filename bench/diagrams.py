"""Benchmark of the diagrams: every diagram of a 10,000-table snapshot, cold and cached.

Target (the ER-diagram issue): all diagrams (one neighbourhood per table, the diagrams
of every schema, the overview) take at most 60 s, on all cores of the machine.

The snapshot is built in memory, no database: tables shaped as bench/synthetic.py
makes them (20 schemas in contiguous blocks, 12 to 16 columns, 0 to 2 foreign keys
per table to one of the 200 previous tables of its schema, or with 20 % odds of any
schema), so the foreign-key graph has the same shape. Seeded: the same N gives the same
snapshot and the same DOT.

Steps, each timed:
1. select: the relation graph and every diagram (`generator.diagrams.graph`);
2. dot: their DOT text (`DotRenderer`);
3. svg cold: `render_svgs` into an empty cache folder;
4. svg warm: `render_svgs` again onto the same folder (must render nothing).

A missed target prints FAIL; the exit code stays 0, as this is a measurement.

    .venv/bin/python bench/diagrams.py                  # 10,000 tables
    .venv/bin/python bench/diagrams.py --tables 1000 --workers 1
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.diagrams import (  # noqa: E402
    Diagram,
    DotRenderer,
    SchemaGraph,
    dot_version,
    neighbourhood,
    overview,
    render_svgs,
    schema_diagrams,
)
from generator.model import (  # noqa: E402
    FORMAT_VERSION,
    Column,
    Constraint,
    Database,
    Reference,
    Schema,
    Snapshot,
    Table,
)

TARGET_S = 60.0
SEED = 20_251_127
SCHEMAS = (
    "sales", "billing", "inventory", "crm", "hr", "finance", "logistics", "marketing",
    "support", "catalog", "analytics", "audit", "payments", "shipping", "procurement",
    "content", "identity", "reporting", "operations", "partners",
)
NOUNS = ("account", "invoice", "order", "product", "customer", "shipment", "payment",
         "ticket", "campaign", "contact", "employee", "contract", "asset", "document")
OPTIONAL = (("code", "varchar(32)", False), ("description", "text", True),
            ("status", "record_status", False), ("quantity", "integer", False),
            ("amount", "numeric(12,2)", True), ("is_active", "boolean", False),
            ("attributes", "jsonb", False), ("tags", "text[]", False),
            ("external_id", "bigint", True), ("email", "varchar(255)", True),
            ("priority", "smallint", False), ("valid_from", "timestamptz", True),
            ("valid_to", "timestamptz", True), ("notes", "text", True),
            ("updated_at", "timestamptz", True))


def _column(position: int, type_: str, nullable: bool) -> Column:
    return Column(position=position, attnum=position, type=type_, nullable=nullable)


def synthetic_snapshot(count: int, seed: int = SEED) -> Snapshot:
    """`count` tables over 20 schemas, about one foreign key each (see the module doc)."""
    rng = random.Random(seed)
    names = SCHEMAS[:max(1, min(len(SCHEMAS), count))]
    tables: dict[str, dict[str, Table]] = {s: {} for s in names}
    created: list[tuple[str, str]] = []
    for index in range(count):
        schema = names[index * len(names) // count]
        name = f"{rng.choice(NOUNS)}_{index:05d}"
        local = [k for k in created[-400:] if k[0] == schema][-200:]
        targets: list[tuple[str, str]] = []
        for _ in range(rng.choice((0, 1, 1, 1, 2)) if created else 0):
            target = rng.choice(local if local and rng.random() < 0.8 else created[-200:])
            if target not in targets:
                targets.append(target)
        columns = [("id", "bigint", False), ("name", "text", False)]
        columns += [(f"{t[1]}_id", "bigint", rng.random() < 0.5) for t in targets]
        columns += rng.sample(OPTIONAL, max(0, rng.randint(12, 16) - len(columns) - 1))
        columns.append(("created_at", "timestamptz", False))
        constraints = {f"{name}_pkey": Constraint("primary_key", ["id"], "PRIMARY KEY (id)")}
        for target in targets:
            col = f"{target[1]}_id"
            constraints[f"{name}_{col}_fkey"] = Constraint(
                "foreign_key", [col], f"FOREIGN KEY ({col}) REFERENCES {target[0]}."
                f"{target[1]}(id)", references=Reference(target[0], target[1], ["id"]))
        tables[schema][name] = Table(
            oid=16384 + index, kind="table", owner="app", constraints=constraints,
            columns={c: _column(i, t, n) for i, (c, t, n) in enumerate(columns, start=1)})
        created.append((schema, name))
    return Snapshot(
        format_version=FORMAT_VERSION, generated_at="2025-11-27T00:00:00Z",
        database=Database(name="bench", host=None, port=None, user="bench",
                          server_version="18.1", server_version_num=180001),
        schemas={s: Schema(oid=i, owner="app", tables=tables[s]) for i, s in enumerate(names)})


def href(schema: str, table: str) -> str:
    """Links as from a table page with directory URLs (the common case)."""
    return f"../../{schema}/{table}/"


def all_diagrams(graph: SchemaGraph) -> list[Diagram]:
    """One neighbourhood per table, every schema's diagrams, the overview."""
    diagrams = [neighbourhood(graph, key, href) for key in graph.tables]
    for schema in graph.schemas():
        diagrams += schema_diagrams(graph, schema, href)
    diagrams.append(overview(graph, lambda s: f"../{s}/"))
    return diagrams


def timed(label: str, times: dict[str, float], start: float) -> float:
    """Record the time since `start` under `label`, print it and return now."""
    now = time.perf_counter()
    times[label] = now - start
    print(f"  {label:<11} {times[label]:7.2f} s", flush=True)
    return now


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--cache", type=Path, help="cache folder (default: a fresh temp one)")
    args = parser.parse_args(argv)
    print(f"diagrams of {args.tables:,} tables, {args.workers} workers, "
          f"dot {dot_version()}, {os.cpu_count()} cores", flush=True)
    snapshot = synthetic_snapshot(args.tables)
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="schemadoc-diagrams-") as tmp:
        cache = args.cache or Path(tmp)
        start = time.perf_counter()
        diagrams = all_diagrams(SchemaGraph(snapshot))
        start = timed("select", times, start)
        renderer = DotRenderer()
        jobs = [(d.name, renderer.render(d)) for d in diagrams]
        start = timed("dot", times, start)
        cold = render_svgs(jobs, cache, args.workers)
        start = timed("svg cold", times, start)
        warm = render_svgs(jobs, cache, args.workers)
        timed("svg warm", times, start)
    sizes = sorted(len(svg.encode("utf-8")) for svg in cold.values())
    biggest = max(diagrams, key=lambda d: len(d.nodes))
    print(f"{len(diagrams):,} diagrams: rendered {len(cold.rendered):,} cold, "
          f"{len(warm.rendered):,} warm ({len(warm.cached):,} cached); SVG median "
          f"{sizes[len(sizes) // 2] / 1024:.1f} kB, largest {sizes[-1] / 1024:.1f} kB; "
          f"most nodes {len(biggest.nodes)} ({biggest.name})")
    base = times["select"] + times["dot"]
    for label, total in (("cold", base + times["svg cold"]), ("warm", base + times["svg warm"])):
        verdict = "PASS" if total <= TARGET_S else "FAIL"
        print(f"{label}: {total:.1f} s (target <= {TARGET_S:.0f} s) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
