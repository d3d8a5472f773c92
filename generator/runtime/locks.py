"""One schemadoc run at a time per folder: a lock file held with `flock`.

`schemadoc build` holds `.schemadoc/build.lock` beside the docs folder while it writes
the snapshot, the history, the diagram cache and the pages; `schemadoc demo` holds
`DIR/.schemadoc/demo.lock` while it starts the server and loads the sample. A second
run says (one line on stderr) that it waits, and waits. The kernel drops the lock when
the process ends, however it ends, so a lock file left by a killed run never blocks
the next one.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["folder_lock"]

log = logging.getLogger("schemadoc.locks")


def _open(path: Path) -> tuple[int, bool] | None:
    """The lock file, opened for writing (to note our pid) or, on a read-only disk,
    for reading; None when it cannot even be read (nobody can write there either)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o666), True
    except OSError:
        pass
    try:
        return os.open(path, os.O_RDONLY), False
    except OSError as exc:
        log.info("no lock file %s (%s); going on without", path, exc.strerror)
        return None


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


def _note_pid(fd: int) -> None:
    """Write our pid into the lock file, for the message of a run that waits for us."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except OSError:  # a full disk: the pid is only a courtesy
        pass


@contextmanager
def folder_lock(path: Path, what: str) -> Iterator[None]:
    """Hold the lock file `path` for the block; while another process holds it, say
    so and wait (Ctrl-C stops the wait)."""
    opened = _open(path)
    if opened is None:
        yield
        return
    fd, writable = opened
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"schemadoc: another {what} is running{_holder(fd)}; waiting for it to "
                  f"finish ({path})", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:  # e.g. ENOLCK: a network file system without locks
            log.info("cannot lock %s (%s); going on without", path, exc.strerror)
        if writable:
            _note_pid(fd)
        yield
    finally:
        os.close(fd)
