"""Writing snapshot files (and any file that must be replaced whole: `write_atomic`):
compared with the file already there, staged beside it, and renamed into place only
when every path is fully on disk.

The file's pieces (`snapshot_text.encode_chunks`) are handed to one writer thread as
they are made. Writing and syncing release the GIL, so the disk works while the rest
is still being encoded; at 10,000 tables that hides most of the 115 MB write.
"""

from __future__ import annotations

import os
import queue
import re
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from generator.errors import SnapshotError
from generator.model import FORMAT_VERSION

Piece = bytes | memoryview

# Formats this schemadoc reads (format 1 is upgraded on reading, snapshot_upgrade.py):
# a file of one of them may be replaced by a new snapshot without --force.
READABLE_VERSIONS = frozenset(range(1, FORMAT_VERSION + 1))
_GENERATED_AT = re.compile(rb'"generated_at": "[^"]*"')
_FORMAT_VERSION = re.compile(rb'^\s*\{\s*"format_version":\s*(\d+)')
_HEAD = 512  # generated_at is the second key: it sits in the file's first bytes
# Data is synced as it goes, so that the final fsync has little left to wait for.
_SYNC_EVERY = 8 << 20
_datasync = getattr(os, "fdatasync", os.fsync)  # macOS has no fdatasync


def _masked(head: bytes) -> bytes:
    return _GENERATED_AT.sub(b'"generated_at": ""', head, count=1)


class _Writer:
    """One background thread doing every write and sync, in the order submitted."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Path, Callable[[], None]] | None] = (
            queue.SimpleQueue()
        )
        self.failure: tuple[Path, OSError] | None = None
        self._thread = threading.Thread(target=self._run, name="schemadoc-writer", daemon=True)
        self._thread.start()

    def submit(self, path: Path, job: Callable[[], None]) -> None:
        self._jobs.put((path, job))

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            path, job = item
            if self.failure is None:  # after a failure, the rest is moot
                try:
                    job()
                except OSError as exc:
                    self.failure = (path, exc)

    def finish(self) -> None:
        """Wait until every job has run (or the first one failed)."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()


class _Staged:
    """A temporary file beside `path`, written by the writer thread."""

    def __init__(self, path: Path, writer: _Writer) -> None:
        self.path = path
        self._writer = writer
        fd, self.name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._fd: int | None = fd
        self._unsynced = 0

    def write(self, piece: Piece) -> None:
        self._writer.submit(self.path, lambda: self._write(piece))

    def _write(self, piece: Piece) -> None:
        assert self._fd is not None
        view = memoryview(piece)
        while view:
            view = view[os.write(self._fd, view) :]
        self._unsynced += len(piece)
        if self._unsynced >= _SYNC_EVERY:
            _datasync(self._fd)
            self._unsynced = 0

    def seal(self, mode: int) -> None:
        """Sync and close the file once everything before is written."""
        self._writer.submit(self.path, lambda: self._seal(mode))

    def _seal(self, mode: int) -> None:
        assert self._fd is not None
        os.fsync(self._fd)
        os.fchmod(self._fd, mode)
        os.close(self._fd)
        self._fd = None

    def discard(self) -> None:
        """Close and remove the file (after the writer thread has finished)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if os.path.exists(self.name):
            os.unlink(self.name)


class _Output:
    """One path: compared with the file there while it matches, else staged.

    An existing file that turns out to differ must be a snapshot (any format), or it
    is refused unless `force`: it may be something the user wants to keep.
    """

    def __init__(self, path: Path, force: bool, writer: _Writer) -> None:
        self.path = path
        self.changed = True
        self.staged: _Staged | None = None
        self._writer = writer
        self._existing: BinaryIO | None = None
        self._matched: list[Piece] = []
        self._first = True
        if path.exists() and not force:
            try:
                self._existing = path.open("rb")
            except OSError as exc:
                raise SnapshotError(f"{path}: cannot read the existing file ({exc})") from None
        else:
            self.staged = _Staged(path, writer)

    def add(self, piece: Piece) -> None:
        if self._existing is not None:
            if self._matches(piece):
                self._matched.append(piece)
                return
            self._switch_to_writing()
        assert self.staged is not None
        self.staged.write(piece)

    def finish(self, mode: int) -> None:
        if self._existing is not None:
            if self._read(1) == b"":  # same length too: the file stays as it is
                self.changed = False
                self.close()
                return
            self._switch_to_writing()
        assert self.staged is not None
        self.staged.seal(mode)

    def close(self) -> None:
        if self._existing is not None:
            self._existing.close()
            self._existing = None

    def discard(self) -> None:
        self.close()
        if self.staged is not None:
            self.staged.discard()

    def _read(self, size: int) -> bytes:
        assert self._existing is not None
        try:
            return self._existing.read(size)
        except OSError as exc:
            raise SnapshotError(f"{self.path}: cannot read the existing file ({exc})") from None

    def _matches(self, piece: Piece) -> bool:
        old = self._read(len(piece))
        if self._first:  # the head: the same file apart from generated_at is unchanged
            self._first = False
            return _masked(old) == _masked(bytes(piece))
        return old == piece

    def _switch_to_writing(self) -> None:
        self._refuse_unless_snapshot()
        self.close()
        self.staged = _Staged(self.path, self._writer)
        for piece in self._matched:
            self.staged.write(piece)
        self._matched = []

    def _refuse_unless_snapshot(self) -> None:
        # Only the head is checked: parsing a 100 MB file to learn that it is ours
        # would cost a gigabyte of memory.
        assert self._existing is not None
        try:
            head = os.pread(self._existing.fileno(), _HEAD, 0)
        except OSError as exc:
            raise SnapshotError(f"{self.path}: cannot read the existing file ({exc})") from None
        version = _FORMAT_VERSION.search(head)
        problem = None
        if not head.lstrip().startswith(b"{") or version is None:
            problem = "not a schemadoc snapshot"
        elif int(version.group(1)) not in READABLE_VERSIONS:
            problem = (f"snapshot format {int(version.group(1))}; this schemadoc reads "
                       f"formats 1 to {FORMAT_VERSION}")
        if problem:
            raise SnapshotError(
                f"{self.path} exists and is not a readable snapshot ({problem}); "
                "move it away or pass --force to replace it"
            )


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_pieces(
    paths: list[Path], pieces: Iterable[Piece], force: bool = False
) -> list[tuple[Path, bool]]:
    """Write the file made of `pieces` to every path, all or nothing; report which
    paths changed (a file equal but for generated_at is left as it is)."""
    writer = _Writer()
    outputs: list[_Output] = []
    path = paths[0]
    try:
        for path in paths:
            outputs.append(_Output(path, force, writer))
        for piece in pieces:
            for output in outputs:
                path = output.path
                output.add(piece)
        mode = _file_mode()
        for output in outputs:
            path = output.path
            output.finish(mode)
        writer.finish()
        if writer.failure is not None:
            path, failure = writer.failure
            raise failure
        for output in outputs:
            if output.changed and output.staged is not None:
                path = output.path
                os.replace(output.staged.name, output.path)
    except OSError as exc:
        raise SnapshotError(
            f"cannot write {path}: {exc.strerror or exc}; check that the folder exists, is "
            "writable and has free space (the previous file is unchanged)"
        ) from None
    finally:
        writer.finish()
        for output in outputs:
            output.discard()
    return [(output.path, output.changed) for output in outputs]
