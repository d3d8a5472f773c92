"""Writing snapshot files (and any file that must be replaced whole: `write_atomic`):
compared with the file already there, staged beside it, and renamed into place only
when every path is fully on disk.

A path that is a symbolic link is written through: its target is replaced and the link
stays. A replaced file keeps its permission bits, and its owner and group where the
user may set them. Temporary files (`.NAME.XXXXXXXX.tmp`, see `tempfiles`) never
outlive the run, and the next run removes any a killed one left.

The file's pieces (`text.encode_chunks`) are handed to one writer thread as
they are made. Writing and syncing release the GIL, so the disk works while the rest
is still being encoded; at 10,000 tables that hides most of the 115 MB write.
"""

from __future__ import annotations

import errno
import os
import queue
import re
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from generator.errors import SnapshotError
from generator.model import FORMAT_VERSION
from generator.runtime.interrupts import deferred
from generator.runtime.tempfiles import TempFile, sweep

Piece = bytes | memoryview

# Formats this schemadoc reads (format 1 is upgraded on reading, upgrade.py):
# a file of one of them may be replaced by a new snapshot without --force.
READABLE_VERSIONS = frozenset(range(1, FORMAT_VERSION + 1))
_GENERATED_AT = re.compile(rb'"generated_at": "[^"]*"')
_FORMAT_VERSION = re.compile(rb'^\s*\{\s*"format_version":\s*(\d+)')
_HEAD = 512  # generated_at is the second key: it sits in the file's first bytes
# A complete file ends with the top-level object's closing brace on a line of its own
# (only that brace is not indented), as schemadoc and `jq` write it.
_TAIL = 64
_COMPLETE_END = re.compile(rb"\n\}\s*\Z")
# Data is synced as it goes, so that the final fsync has little left to wait for.
_SYNC_EVERY = 8 << 20
# Pieces waiting for the writer thread, at most: past that the encoder waits for the
# disk, rather than holding the file in memory.
_QUEUED = 8
# The part of an existing file that matched is copied from it in blocks of this size.
_COPY_BLOCK = 1 << 20
_datasync = getattr(os, "fdatasync", os.fsync)  # macOS has no fdatasync


def _masked(head: bytes) -> bytes:
    return _GENERATED_AT.sub(b'"generated_at": ""', head, count=1)


class _Writer:
    """One background thread doing every write and sync, in the order submitted."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[Path, Callable[[], None]] | None] = queue.Queue(_QUEUED)
        self.failure: tuple[Path, OSError] | None = None
        self._cancelled = False
        self._thread = threading.Thread(target=self._run, name="schemadoc-writer", daemon=True)
        self._thread.start()

    def submit(self, path: Path, job: Callable[[], None]) -> None:
        self._jobs.put((path, job))

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            path, job = item
            if self.failure is None and not self._cancelled:  # then the rest is moot
                try:
                    job()
                except OSError as exc:
                    self.failure = (path, exc)
                except BaseException as exc:  # a bug: still fail the write, never hang it
                    self.failure = (path, OSError(f"unexpected {exc!r}"))

    def cancel(self) -> None:
        """Skip the jobs not started yet (the run failed or was interrupted)."""
        self._cancelled = True

    def finish(self) -> None:
        """Wait until every job has run (or the first one failed)."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()


class _Staged:
    """A temporary file beside the file it replaces, written by the writer thread."""

    def __init__(self, target: Path, writer: _Writer, new_mode: int,
                 owner: os.stat_result | None) -> None:
        self.target = target
        self._writer = writer
        self._new_mode = new_mode
        self._owner = owner
        self._file = TempFile(target.parent, f".{target.name}.", ".tmp")
        self._unsynced = 0

    def write(self, piece: Piece) -> None:
        self._writer.submit(self.target, lambda: self._write(piece))

    def _write(self, piece: Piece) -> None:
        fd = self._file.fd
        assert fd is not None
        view = memoryview(piece)
        while view:
            view = view[os.write(fd, view) :]
        self._unsynced += len(piece)
        if self._unsynced >= _SYNC_EVERY:
            _datasync(fd)
            self._unsynced = 0

    def copy(self, source: int, start: int, length: int) -> None:
        """Append `length` bytes of the open file `source` from `start`: the part of the
        file this one replaces that matched what is written (so it need not be held in
        memory). `source` must stay open until the writer has finished."""
        self._writer.submit(self.target, lambda: self._copy(source, start, length))

    def _copy(self, source: int, start: int, length: int) -> None:
        end = start + length
        while start < end:
            block = os.pread(source, min(_COPY_BLOCK, end - start), start)
            if not block:
                raise OSError(errno.EIO, "the existing file was cut short while it was read")
            self._write(block)
            start += len(block)

    def seal(self) -> None:
        """Sync the file, and give it the mode (and owner) of the file it replaces."""
        self._writer.submit(self.target, self._seal)

    def _seal(self) -> None:
        fd = self._file.fd
        assert fd is not None
        os.fsync(fd)
        if self._owner is None:
            os.fchmod(fd, self._new_mode)
            return
        os.fchmod(fd, stat.S_IMODE(self._owner.st_mode))
        mine = os.fstat(fd)
        if (mine.st_uid, mine.st_gid) != (self._owner.st_uid, self._owner.st_gid):
            try:
                os.fchown(fd, self._owner.st_uid, self._owner.st_gid)
                # chown clears set-user/group-id bits: set the mode again
                os.fchmod(fd, stat.S_IMODE(self._owner.st_mode))
            except PermissionError:  # only root may give a file away; keep ours
                pass

    def move_into_place(self) -> None:
        self._file.replace(self.target)

    def discard(self) -> None:
        """Close the file, removing it unless it was moved into place (call after the
        writer thread has finished)."""
        self._file.close()


class _Output:
    """One path: compared with the file there while it matches, else staged.

    An existing file that turns out to differ must be a complete snapshot of this
    format, or it is refused unless `force`: it may be something the user wants to
    keep. A file that is not a regular file (a device, a FIFO) is always refused.
    """

    def __init__(self, path: Path, force: bool, writer: _Writer) -> None:
        self.path = path
        # A symbolic link is written through: its target is compared and replaced.
        self.target = Path(os.path.realpath(path))
        self.changed = True
        self.staged: _Staged | None = None
        self._writer = writer
        self._existing: BinaryIO | None = None
        # what matched the existing file so far: the head (the same but for
        # generated_at), then a number of bytes equal in both
        self._head: Piece | None = None
        self._matched = 0
        self._copied: BinaryIO | None = None  # the existing file, once it differs
        self._owner = self._stat()
        self._new_mode = _file_mode()
        sweep(self.target.parent, f".{self.target.name}.", ".tmp")
        if self._owner is not None and not force:
            try:
                self._existing = self.target.open("rb")
            except OSError as exc:
                raise SnapshotError(f"{path}: cannot read the existing file ({exc})") from None
        else:
            self.staged = self._stage()

    def _stat(self) -> os.stat_result | None:
        try:
            found = os.stat(self.target)
        except (FileNotFoundError, NotADirectoryError):  # the write says why it fails
            return None
        except OSError as exc:
            raise SnapshotError(f"{self.path}: cannot read the existing file ({exc})") from None
        if not stat.S_ISREG(found.st_mode):
            raise SnapshotError(f"{self.path} exists and is not a regular file; "
                                "choose another output path")
        return found

    def _stage(self) -> _Staged:
        return _Staged(self.target, self._writer, self._new_mode, self._owner)

    def add(self, piece: Piece) -> None:
        if self._existing is not None:
            if self._matches(piece):
                if self._head is None:
                    self._head = piece
                else:
                    self._matched += len(piece)
                return
            self._switch_to_writing()
        assert self.staged is not None
        self.staged.write(piece)

    def finish(self) -> None:
        if self._existing is not None:
            if self._read(1) == b"":  # same length too: the file stays as it is
                self.changed = False
                self.close()
                return
            self._switch_to_writing()
        assert self.staged is not None
        self.staged.seal()

    def close(self) -> None:
        if self._existing is not None:
            self._existing.close()
            self._existing = None

    def discard(self) -> None:
        """Close everything (after the writer thread has finished)."""
        self.close()
        if self._copied is not None:
            self._copied.close()
            self._copied = None
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
        if self._head is None:  # the head: the same file apart from generated_at is unchanged
            # (generated_at is always as long: a matching head is as long as the old one)
            return _masked(old) == _masked(bytes(piece))
        # bytes with bytes: comparing bytes with a memoryview goes item by item, 13
        # times slower than copying the piece first (0.4 s for a 10,000-table file)
        return old == bytes(piece)

    def _switch_to_writing(self) -> None:
        self._refuse_unless_snapshot()
        assert self._existing is not None
        self.staged = self._stage()
        if self._head is not None:
            self.staged.write(self._head)
            if self._matched:
                self.staged.copy(self._existing.fileno(), len(self._head), self._matched)
        self._head, self._matched = None, 0
        # read by the writer thread until it has finished: closed by discard()
        self._copied, self._existing = self._existing, None

    def _refuse_unless_snapshot(self) -> None:
        # Only the head and the tail are read: parsing a 100 MB file to learn that it
        # is ours would cost a gigabyte of memory.
        assert self._existing is not None
        problem = _not_a_snapshot(self._existing.fileno())
        if problem:
            raise SnapshotError(
                f"{self.path} exists and is not a readable snapshot ({problem}); "
                "move it away or pass --force to replace it"
            )


def _not_a_snapshot(fd: int) -> str | None:
    """Why the open file is not a complete snapshot of this format; None if it is."""
    try:
        size = os.fstat(fd).st_size
        head = os.pread(fd, _HEAD, 0)
        tail = os.pread(fd, _TAIL, max(0, size - _TAIL))
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    version = _FORMAT_VERSION.search(head)
    if not head.lstrip().startswith(b"{") or version is None:
        return "not a schemadoc snapshot"
    if int(version.group(1)) not in READABLE_VERSIONS:
        return (f"snapshot format {int(version.group(1))}; this schemadoc reads "
                f"formats 1 to {FORMAT_VERSION}")
    if not _COMPLETE_END.search(tail):
        return "incomplete: it does not end with the closing brace, it was cut short"
    return None


def _file_mode() -> int:
    """The mode a new file gets: 0666 less the umask (asked for once per output, in the
    main thread: reading the umask means setting it for a moment)."""
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
        for output in outputs:
            path = output.path
            output.finish()
        writer.finish()
        if writer.failure is not None:
            path, failure = writer.failure
            raise failure
        with deferred():  # every path replaced, or (interrupted before) none
            for output in outputs:
                if output.changed and output.staged is not None:
                    path = output.path
                    output.staged.move_into_place()
    except OSError as exc:
        writer.cancel()
        raise SnapshotError(
            f"cannot write {path}: {exc.strerror or exc}; check that the folder exists, is "
            "writable and has free space (the previous file is unchanged)"
        ) from None
    except BaseException:  # any other error, or a signal: stop writing at once
        writer.cancel()
        raise
    finally:
        writer.finish()
        for output in outputs:
            output.discard()
    return [(output.path, output.changed) for output in outputs]
