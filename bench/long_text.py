"""Benchmark of a long comment: `mkdocs build` of a site whose one table has a comment
of SIZE characters (default 1 MB of `<b>x</b> | ...` lines, markup and Markdown in
every line) on the table and on a column.

Target: no slower than a few seconds. Escaped into one paragraph and one table cell,
such a comment made Markdown lines of 1.6 MB that Python-Markdown took minutes over;
schemadoc now shows long text as raw HTML (see generator/render/env.py, LONG_TEXT).

    .venv/bin/python bench/long_text.py                 # 1 MB
    .venv/bin/python bench/long_text.py --size 200000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.commands.build import BuildOptions, build
from generator.commands.scaffold import scaffold
from generator.model import (
    FORMAT_VERSION,
    Column,
    Constraint,
    Database,
    RowCount,
    Schema,
    Snapshot,
    Table,
)
from generator.snapshot import write_snapshot

TARGET_S = 10.0
LINE = "<b>x</b> | y * z _a_ [l](u) `c` <script>alert(1)</script>"


def long_comment(size: int) -> str:
    """Numbered lines of markup and Markdown, `size` characters or a little more."""
    lines, total, n = [], 0, 0
    while total < size:
        n += 1
        lines.append(f"{n} {LINE}")
        total += len(lines[-1]) + 1
    return "\n".join(lines)


def snapshot_with(comment: str) -> Snapshot:
    """One schema, one table: the comment on the table and on its `note` column."""
    table = Table(oid=20001, kind="table", owner="app", comment=comment,
                  row_count=RowCount(0, "reltuples"),
                  columns={"id": Column(position=1, attnum=1, type="integer", nullable=False),
                           "note": Column(position=2, attnum=2, type="text", nullable=True,
                                          comment=comment)},
                  constraints={"big_pkey": Constraint("primary_key", ["id"],
                                                      "PRIMARY KEY (id)")})
    database = Database(name="bench", host=None, port=None, user="bench",
                        server_version="18.0", server_version_num=180000)
    return Snapshot(format_version=FORMAT_VERSION, generated_at="2026-01-01T00:00:00Z",
                    database=database,
                    schemas={"public": Schema(oid=2200, owner="app", tables={"big": table})})


def main(argv: list[str] | None = None) -> int:
    """Build the site, time `mkdocs build --strict`, print PASS or FAIL."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="comment length")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        scaffold(project, "Long text")
        write_snapshot(project / "schema_map.json", snapshot_with(long_comment(args.size)))
        build(BuildOptions(snapshot=project / "schema_map.json",
                           site_dir=project / "site_src", quiet=True))
        page = project / "site_src" / "reference" / "public" / "big.md"
        longest = max(len(line) for line in page.read_text("utf-8").splitlines())
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                       cwd=project, check=True,
                       env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        seconds = time.perf_counter() - started
    verdict = "PASS" if seconds <= TARGET_S else "FAIL"
    print(f"comment of {args.size:,} characters: longest Markdown line {longest:,}, "
          f"mkdocs build {seconds:.1f} s (target ≤ {TARGET_S:g} s) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
