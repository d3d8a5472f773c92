"""Work shared out to forked processes (generator/runtime/forked.py): the results come
back in order and equal to running the tasks here; an error in a task is raised here
as itself; a worker that dies is reported (a signal as an interruption, anything else
as one line); and no worker process outlives the call, however it ends."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from functools import partial

import psutil
import pytest

from generator.errors import ConfigError
from generator.runtime.forked import WorkerFailed, ordered_map
from generator.runtime.interrupts import Interrupted


def _square(n: int) -> tuple[int, int]:
    # Uneven work: later tasks of one worker finish before earlier ones of the other.
    time.sleep(0.002 * (n % 5))
    return n * n, os.getpid()


def _tasks(count: int, work: Callable[[int], object] = _square) -> list[Callable[[], object]]:
    return [partial(work, n) for n in range(count)]


def _children() -> list[psutil.Process]:
    return [p for p in psutil.Process().children() if p.status() != psutil.STATUS_ZOMBIE]


@pytest.fixture(autouse=True)
def no_workers_left() -> None:
    """Every test ends with no worker process left, running or zombie."""
    before = {p.pid for p in psutil.Process().children()}
    yield
    left = [p for p in psutil.Process().children() if p.pid not in before]
    assert left == [], "worker processes outlived ordered_map"


def test_results_come_in_order_from_the_workers() -> None:
    results = list(ordered_map(_tasks(200), workers=2))
    assert [square for square, _ in results] == [n * n for n in range(200)]
    pids = {pid for _, pid in results}
    assert len(pids) == 2 and os.getpid() not in pids


def test_one_worker_or_few_tasks_run_here() -> None:
    assert {pid for _, pid in ordered_map(_tasks(200), workers=1)} == {os.getpid()}
    assert {pid for _, pid in ordered_map(_tasks(10), workers=2)} == {os.getpid()}
    assert {pid for _, pid in ordered_map(_tasks(10), workers=2, min_tasks=2)} != {os.getpid()}


def _fails_at(bad: int, n: int) -> int:
    if n == bad:
        raise ConfigError(f"schemadoc.yml: task {n} is broken")
    return n


def test_an_error_in_a_task_is_raised_here_as_itself() -> None:
    results = ordered_map(_tasks(200, partial(_fails_at, 77)), workers=2)
    seen = []
    with pytest.raises(ConfigError, match="^schemadoc.yml: task 77 is broken$"):
        for value in results:
            seen.append(value)
    assert seen == list(range(77))  # every result before it, in order


class _Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:  # pickle rebuilds it with one argument
        super().__init__(f"{a}/{b}")


def _raises_unpicklable(n: int) -> int:
    if n == 100:
        raise _Unpicklable(1, 2)
    return n


def test_an_error_pickle_cannot_carry_still_says_what_it_was() -> None:
    with pytest.raises(WorkerFailed, match="_Unpicklable: 1/2"):
        list(ordered_map(_tasks(200, _raises_unpicklable), workers=2))


def _dies_at(bad: int, signum: int, n: int) -> int:
    if n == bad:
        os.kill(os.getpid(), signum)
        time.sleep(5)
    return n


def test_a_worker_killed_outright_is_one_line_saying_so() -> None:
    tasks = _tasks(200, partial(_dies_at, 51, signal.SIGKILL))
    with pytest.raises(WorkerFailed, match=r"^a worker process was killed by SIGKILL "
                                          r"\(out of memory\?\) before it finished"):
        list(ordered_map(tasks, workers=2))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM],
                         ids=lambda s: signal.Signals(s).name)
def test_a_worker_stopped_by_a_signal_is_an_interruption(signum: int) -> None:
    """Ctrl-C reaches every process of the group; the workers die of it at once, and
    the parent reports the interruption, not a failure."""
    with pytest.raises(Interrupted) as raised:
        list(ordered_map(_tasks(200, partial(_dies_at, 20, signum)), workers=2))
    assert raised.value.signum == signum


def test_stopping_early_stops_the_workers() -> None:
    results = ordered_map(_tasks(2000), workers=2)
    assert [next(results)[0] for _ in range(3)] == [0, 1, 4]
    assert len(_children()) == 2
    results.close()
    assert _children() == []
