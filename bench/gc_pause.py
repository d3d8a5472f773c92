"""What the garbage collector costs around `introspect()` and `loads()` in a process that
embeds schemadoc: the client CPU of each, of the `gc.collect()` after it, and of making
and dropping 300,000 small lists after it (a host going on with its work). Uses the
snapshot benchmark's database of N tables (run `bench/run.py --tables N` once first).

    .venv/bin/python bench/gc_pause.py --tables 2000
"""

from __future__ import annotations

import argparse
import functools
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from psycopg.conninfo import make_conninfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from run import embedded_server  # noqa: E402

from generator.introspect import introspect, introspect_options  # noqa: E402
from generator.snapshot import encode, loads  # noqa: E402

T = TypeVar("T")


def cpu(func: Callable[[], T]) -> tuple[T, float]:
    started = time.process_time()
    result = func()
    return result, time.process_time() - started


def churn() -> None:
    for _ in range(3):
        junk = [[i] for i in range(100_000)]
        del junk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    times: dict[str, list[float]] = {}
    with embedded_server() as admin:
        dsn = make_conninfo(admin, dbname=f"schemadoc_bench_{args.tables}")
        for run in range(args.repeat + 1):  # the first run warms up, and is not counted
            snapshot, took = cpu(lambda: introspect(dsn, introspect_options(jobs=1)))
            measured = [("introspect", took), ("collect after introspect", cpu(gc.collect)[1]),
                        ("churn after introspect", cpu(churn)[1])]
            text = encode(snapshot)
            del snapshot
            gc.collect()
            snapshot, took = cpu(functools.partial(loads, text))
            measured += [("loads", took), ("collect after loads", cpu(gc.collect)[1]),
                         ("churn after loads", cpu(churn)[1])]
            del snapshot
            gc.collect()
            for name, seconds in measured if run else []:
                times.setdefault(name, []).append(seconds)
    print(f"{args.tables} tables, file {len(text) / 1e6:.1f} MB; client CPU, {args.repeat} runs")
    for name, values in times.items():
        print(f"  {name:26} median {statistics.median(values):.3f}s  best {min(values):.3f}s")


if __name__ == "__main__":
    main()
