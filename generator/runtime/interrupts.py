"""SIGINT, SIGTERM and SIGHUP end schemadoc cleanly, at any moment.

`install()` (the first thing `schemadoc` does, before its heavy imports) turns each of
these signals into `Interrupted`, raised in the main thread, so that every `finally`
and context manager on the way out runs: temporary files are removed, child processes
killed, the demo's server stopped. The command then prints one line and exits with
128 + the signal's number (130, 143, 129), as a shell reports a process the signal
ended.

`Interrupted` is a KeyboardInterrupt, so code that reacts to Ctrl-C does the same for
SIGTERM (psycopg cancels the query the server is running). Only the first signal
raises: a second one would cut the clean-up short, so it is only remembered. Code that
must not stop half way (renaming a set of pages into place) runs inside `deferred()`;
a signal arriving then is raised when that block ends.

Child processes started through `run_child` are killed as soon as a signal arrives,
wherever the main thread is (a `dot` of a worker thread would otherwise run on).
"""

from __future__ import annotations

import signal
import subprocess
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

__all__ = ["HANDLED", "Interrupted", "deferred", "install", "message", "run_child", "settle"]

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """A signal asked schemadoc to stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """What a shell reports for a process this signal ended."""
        return 128 + self.signum


def message(exc: KeyboardInterrupt) -> tuple[str, int]:
    """The line to print and the exit status for an interruption (plain Ctrl-C too)."""
    signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
    name = signal.Signals(signum).name
    return (f"schemadoc: interrupted by {name}; stopped cleanly (no file was left "
            "half-written, no process left running)", 128 + signum)


class _State:
    """What the handler does now: raise, or remember (while deferred or stopping)."""

    def __init__(self) -> None:
        self.depth = 0  # nesting of deferred() blocks
        self.pending: int | None = None  # a signal that arrived while deferred
        self.stopping = False  # Interrupted was raised: later signals are only noted
        self.children: set[subprocess.Popen[bytes]] = set()
        # Reentrant: the handler takes it in the main thread, which may hold it already.
        self.lock = threading.RLock()


_state = _State()


def _kill_children() -> None:
    with _state.lock:
        children = list(_state.children)
    for child in children:
        try:
            child.kill()
        except OSError:  # already gone
            pass


def _handle(signum: int, frame: FrameType | None) -> None:
    _kill_children()
    if _state.stopping:
        return
    if _state.depth:
        _state.pending = _state.pending or signum
        return
    _state.stopping = True
    raise Interrupted(signum)


def install() -> None:
    """Turn SIGINT, SIGTERM and SIGHUP into Interrupted (main thread only; idempotent)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in HANDLED:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup keeps SIGHUP ignored
            signal.signal(signum, _handle)


def settle() -> None:
    """From now on signals are only noted: the work is done and Python is shutting down
    (an exception raised then would be printed as a traceback)."""
    _state.stopping = True


@contextmanager
def deferred() -> Iterator[None]:
    """Run a block that must not stop half way; a signal arriving meanwhile is raised
    (as Interrupted) once it ends. Only the main thread receives signals: elsewhere,
    and without install(), it changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _state.depth += 1
    try:
        yield
    finally:
        _state.depth -= 1
    if _state.depth == 0 and _state.pending is not None and not _state.stopping:
        signum, _state.pending = _state.pending, None
        _state.stopping = True
        raise Interrupted(signum)


def run_child(args: Sequence[str], data: bytes) -> subprocess.CompletedProcess[bytes]:
    """Run a program with `data` on its stdin and its output captured, from any thread;
    a signal to schemadoc kills it at once. Raises OSError when it cannot start."""
    with subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as child:
        with _state.lock:
            _state.children.add(child)
        try:
            if _state.stopping:
                child.kill()
            out, err = child.communicate(data)
        except BaseException:
            child.kill()
            raise
        finally:
            with _state.lock:
                _state.children.discard(child)
    return subprocess.CompletedProcess(list(args), child.returncode, out, err)
