"""Pure-Python work on every core: `ordered_map` runs tasks in forked worker processes
and hands their results back in the tasks' order.

Rendering 10,000 pages is Python code holding the GIL, so threads do not help; and a
worker started afresh would have to read the snapshot and plan the site again. A
forked worker starts with the parent's memory as it is (the model, the plan, the drawn
diagrams), so a task is any zero-argument callable, closures included; only results
travel, pickled, through one pipe per worker.

Worker `k` of `n` runs tasks `k`, `k + n`, `k + 2n`, ... (neighbouring pages are alike
in cost, so the shares come out even), and the parent reads the next result from the
pipe of the worker that has it: results arrive in order, and a worker whose pipe is
full waits for the parent, so no more than a pipe's worth is held ahead. The output is
the same as running the tasks one after another in the parent, which is what happens
with one worker, with few tasks, or where `os.fork` does not exist.

An exception in a task is raised in the parent (the same class, when it can be pickled,
so a SchemadocError still reads as one line). A signal stops everything: the workers
take the default action (they were told to die, not to clean up: they write no file),
and the parent, on its way out, kills and reaps whatever is left.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable, Generator, Sequence
from functools import partial
from typing import Any, BinaryIO, TypeVar

from generator.runtime.interrupts import HANDLED, Interrupted

__all__ = ["MIN_TASKS", "WorkerFailed", "default_workers", "ordered_map"]

T = TypeVar("T")


class WorkerFailed(RuntimeError):
    """A worker ended without handing back its result, or its task's error could not be
    carried back as it was (the command turns it into a one-line error)."""


# Fewer tasks than this run in the parent: a fork costs a few milliseconds, more than
# a small site's pages.
MIN_TASKS = 64


def default_workers() -> int:
    """One worker per core this process may use, on Linux; elsewhere one (macOS
    forks badly once system frameworks have started threads, Windows not at all)."""
    if sys.platform != "linux":
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def ordered_map(tasks: Sequence[Callable[[], T]], workers: int = 1,
                min_tasks: int | None = None) -> Generator[T, None, None]:
    """The result of each task, in order: computed by `workers` forked processes, or
    here when there is one worker, fewer than `min_tasks` tasks (MIN_TASKS), or no
    `os.fork`."""
    workers = min(workers, len(tasks))
    enough = len(tasks) >= (MIN_TASKS if min_tasks is None else min_tasks)
    if workers <= 1 or not enough or not hasattr(os, "fork"):
        for task in tasks:
            yield task()
        return
    pids: dict[int, int] = {}  # worker -> pid, while it has not been waited for
    pipes: list[BinaryIO] = []
    finished = False
    try:
        for index in range(workers):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(read_end)
                for pipe in pipes:
                    pipe.close()
                _work(tasks, index, workers, write_end)
            os.close(write_end)
            pids[index] = pid
            pipes.append(os.fdopen(read_end, "rb"))
        for position in range(len(tasks)):
            worker = position % workers
            yield _receive(pipes[worker], partial(_ended, pids, worker))
        finished = True
    finally:
        for pipe in pipes:
            pipe.close()
        for pid in pids.values():
            _reap(pid, kill=not finished)


def _work(tasks: Sequence[Callable[[], Any]], first: int, step: int, fd: int) -> None:
    """A worker's life: run its share of the tasks, send each result (or the first
    error) down `fd`, and exit without running the parent's exit handlers."""
    code = 0
    try:
        # What the parent made is never scanned by this process's collector, which would
        # otherwise touch (and so copy) every page of memory it inherited.
        gc.freeze()
        for signum in HANDLED:
            signal.signal(signum, signal.SIG_DFL)
        with os.fdopen(fd, "wb") as out:
            for position in range(first, len(tasks), step):
                try:
                    frame = pickle.dumps(("ok", tasks[position]()), pickle.HIGHEST_PROTOCOL)
                except Exception as exc:  # handed to the parent, which raises it
                    out.write(_error_frame(exc))
                    break
                out.write(frame)
                out.flush()  # the parent waits for this result now, not after the next
    except BaseException:  # a broken pipe too: the parent stopped reading, on its way out
        code = 1
    finally:
        os._exit(code)


def _error_frame(exc: Exception) -> bytes:
    """A task's exception as the parent will raise it: itself when it survives the trip
    through pickle, else a WorkerFailed that says what it was."""
    try:
        frame = pickle.dumps(("error", exc), pickle.HIGHEST_PROTOCOL)
        pickle.loads(frame)
        return frame
    except Exception:  # an exception class pickle cannot rebuild
        failed = WorkerFailed(f"{type(exc).__name__}: {exc}")
        return pickle.dumps(("error", failed), pickle.HIGHEST_PROTOCOL)


def _receive(pipe: BinaryIO, ended: Callable[[], BaseException]) -> Any:
    """The next result from a worker's pipe, or its task's exception raised here;
    `ended` says what to raise when the worker died first."""
    try:
        kind, value = pickle.load(pipe)
    except EOFError:
        raise ended() from None
    if kind == "error":
        raise value
    return value


def _ended(pids: dict[int, int], worker: int) -> BaseException:
    """What to raise for a worker that closed its pipe before sending a result: the
    signal that stopped it (Ctrl-C reaches the whole process group), else why it died.
    It is waited for here, and so no longer one of `pids`."""
    _, status = os.waitpid(pids.pop(worker), 0)
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        if signum in HANDLED:
            return Interrupted(signum)
        why = f"was killed by {signal.Signals(signum).name}"
        if signum == signal.SIGKILL:
            why += " (out of memory?)"
    else:
        why = f"exited with status {os.WEXITSTATUS(status)}"
    return WorkerFailed(f"a worker process {why} before it finished its share of the "
                       "pages; run the build again, and if it recurs, look for what ends "
                       "processes on this machine (memory limits, the OOM killer)")


def _reap(pid: int, kill: bool) -> None:
    """Wait for a worker (no zombie is left), killing it first when `kill`."""
    if kill:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # it has ended already
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
