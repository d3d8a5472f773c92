"""Temporary files that no run leaves behind, whatever stops it.

A file schemadoc replaces (a snapshot, a cached diagram) is first written to a
temporary file beside it and then renamed over it. Such a file is:

- locked (`flock`) by its writer for as long as it exists. The kernel drops the lock
  when the writer's process ends, however it ends, so a later run tells a file still
  being written by a run going on beside it from one left by a run that died;
- registered while it exists, so that `remove_all()` deletes what an interrupted run
  was writing, even in a worker thread;
- swept by the next run that writes beside it (`sweep`): every temporary file of the
  same name pattern that nobody holds is removed (a run killed by SIGKILL, or by a
  power cut, cleans up nothing itself).
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
from pathlib import Path

from generator.runtime.interrupts import deferred

__all__ = ["TempFile", "remove_all", "sweep"]

_live: set[str] = set()
_live_lock = threading.Lock()


class TempFile:
    """A new, empty, locked temporary file `prefix…suffix` in `directory`.

    Raises OSError when it cannot be created (read-only folder, no space, no inodes).
    """

    def __init__(self, directory: Path, prefix: str, suffix: str) -> None:
        with deferred():  # a signal here would leave a file no one has registered
            while True:
                fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=directory)
                with _live_lock:
                    _live.add(name)
                # Waits only while a sweeper that found the file unlocked looks at it.
                fcntl.flock(fd, fcntl.LOCK_EX)
                if os.fstat(fd).st_nlink:
                    break
                os.close(fd)  # the sweeper removed it before we held it: make another
                _forget(name)
        self.fd: int | None = fd
        self.name = name
        self._moved = False

    def replace(self, target: Path | str) -> None:
        """Rename the file over `target`. The file stays open (and locked) until close()."""
        os.replace(self.name, target)
        self._moved = True
        _forget(self.name)

    def close(self) -> None:
        """Close the file, and remove it unless it was renamed into place."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if not self._moved:
            try:
                os.unlink(self.name)
            except FileNotFoundError:
                pass
            _forget(self.name)


def _forget(name: str) -> None:
    with _live_lock:
        _live.discard(name)


def remove_all() -> None:
    """Remove every temporary file this process still has (after an interruption)."""
    with _live_lock:
        names = list(_live)
        _live.clear()
    for name in names:
        try:
            os.unlink(name)
        except OSError:
            pass


def sweep(directory: Path, prefix: str, suffix: str) -> int:
    """Remove the temporary files `prefix…suffix` in `directory` that no running
    process holds; return how many. A folder that cannot be read or written is left
    alone: the write that follows fails with a clear message."""
    try:
        entries = [e.path for e in os.scandir(directory)
                   if e.name.startswith(prefix) and e.name.endswith(suffix)
                   and e.is_file(follow_symlinks=False)]
    except OSError:
        return 0
    return sum(_remove_if_abandoned(path) for path in entries)


def _remove_if_abandoned(path: str) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if not os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False)):
            return False
        os.unlink(path)
        return True
    except OSError:  # held by a live writer (EWOULDBLOCK), or the folder is read-only
        return False
    finally:
        os.close(fd)
