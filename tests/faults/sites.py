"""Small sites for the disk-full and read-only tests: the seed's Marketing DB built from
one snapshot, and a second snapshot that changes every table page."""

from __future__ import annotations

import dataclasses
import errno
import os
from pathlib import Path

from generator.commands.scaffold import scaffold
from generator.model import Snapshot
from generator.snapshot import write_snapshot
from tests.factories import seed_snapshot
from tests.faults.processes import files, run


@dataclasses.dataclass(frozen=True)
class SmallSite:
    """A project built from `one`; its diagram cache also holds `two`'s diagrams, so a
    build of `two` only has pages to write."""

    project: Path
    one: Path
    two: Path

    def pages(self) -> dict[str, str]:
        return files(self.project / "site_src" / "reference")

    def build(self, snapshot: Path) -> None:
        done = run("build", "--snapshot", str(snapshot), "-q", cwd=self.project)
        assert done.code == 0, done.output


def commented(snapshot: Snapshot, note: str) -> Snapshot:
    """Every table's comment with `note` added (a long note makes every page longer)."""
    schemas = {
        name: dataclasses.replace(schema, tables={
            t: dataclasses.replace(table, comment=f"{table.comment or ''} {note}")
            for t, table in schema.tables.items()})
        for name, schema in snapshot.schemas.items()}
    return dataclasses.replace(snapshot, schemas=schemas)


def small_site(folder: Path) -> SmallSite:
    """Snapshots and the built project in `folder` (which may be a small disk)."""
    folder.mkdir(parents=True, exist_ok=True)
    one, two = folder / "one.json", folder / "two.json"
    write_snapshot(one, seed_snapshot(), force=True)
    write_snapshot(two, commented(seed_snapshot(), "A long revision note. " * 200),
                   force=True)
    site = SmallSite(folder / "project", one, two)
    scaffold(site.project, "Small")
    site.build(two)
    site.build(one)
    return site


def fill(disk: Path, leave: int = 0) -> Path:
    """Fill the file system of `disk` up, then free `leave` bytes; returns the filler."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for chunk in (1 << 20, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    finally:
        os.close(fd)
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler
