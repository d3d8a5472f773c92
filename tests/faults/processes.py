"""Real `schemadoc` processes for the fault tests: start one, wait for a moment of its
work that can be seen from outside (a child process, a file, a server session), send
it a real signal, and check how it ended.

No sleeps that guess how long something takes: each moment is observed, and the test
fails (rather than passing vacuously) when the process ends before it is reached.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import psutil

SCHEMADOC = Path(sys.executable).with_name("schemadoc")
# Generous: a limit on a run that must not hang, never a measurement.
PATIENCE = 300.0


@dataclass
class Ended:
    """How a process ended."""

    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _as_from_a_terminal() -> None:
    # A shell without job control starts background commands with SIGINT ignored, and
    # schemadoc keeps a signal it inherits as ignored (as nohup expects); a test suite
    # started that way (CI, `make test &`) must still see Ctrl-C act as at a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(*args: str, cwd: Path | None = None) -> subprocess.Popen[str]:
    """`schemadoc ARGS` as a user runs it at a terminal."""
    return subprocess.Popen([str(SCHEMADOC), *args], cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                            preexec_fn=_as_from_a_terminal)


def run(*args: str, cwd: Path | None = None) -> Ended:
    """`schemadoc ARGS` to the end."""
    return finish(start(*args, cwd=cwd))


def finish(proc: subprocess.Popen[str]) -> Ended:
    """Wait for the process; its exit code and output."""
    out, err = proc.communicate(timeout=PATIENCE)
    return Ended(proc.returncode, out, err)


def wait_until(proc: subprocess.Popen[str], moment: Callable[[], object], what: str) -> object:
    """Poll until `moment()` is truthy (and return it) while `proc` runs; fail the test
    if the process ends first (the moment was never reached)."""
    deadline = time.monotonic() + PATIENCE
    while True:
        found = moment()
        if found:
            return found
        if proc.poll() is not None:
            ended = finish(proc)
            raise AssertionError(f"the process ended (exit {ended.code}) before {what}:\n"
                                 f"{ended.output[-3000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"{what} did not happen")
        time.sleep(0.002)


def handlers_installed(proc: subprocess.Popen[str]) -> bool:
    """schemadoc's signal handlers are in place (SIGTERM is caught: /proc's SigCgt)."""
    try:
        status = Path(f"/proc/{proc.pid}/status").read_text()
    except OSError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGTERM - 1)))


def still_importing(proc: subprocess.Popen[str]) -> bool:
    """The handlers are in place and the CLI's heavy imports have not yet happened
    (psycopg's compiled module, imported with the CLI, is not mapped yet)."""
    try:
        maps = Path(f"/proc/{proc.pid}/maps").read_text()
    except OSError:
        return False
    return handlers_installed(proc) and "psycopg" not in maps


def descendants(proc: subprocess.Popen[str]) -> list[psutil.Process]:
    """The process's children, grandchildren, ... now."""
    try:
        return psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def child_named(proc: subprocess.Popen[str], name: str) -> psutil.Process | None:
    """A running descendant whose command line mentions `name` (dot, mkdocs, ...)."""
    for child in descendants(proc):
        try:
            if any(name in part for part in child.cmdline()):
                return child
        except psutil.Error:
            continue
    return None


def still_running(processes: Iterable[psutil.Process]) -> list[str]:
    """Those of `processes` that still run (zombies count as gone)."""
    alive = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(f"{process.pid} {' '.join(process.cmdline())}")
        except psutil.Error:
            continue
    return alive


def postgres_on(data_dir: Path) -> list[str]:
    """Running postgres processes whose command line names `data_dir`."""
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = process.info.get("cmdline") or []
        if process.info.get("name") == "postgres" and any(
                str(data_dir) in part for part in cmdline):
            found.append(f"{process.pid} {' '.join(cmdline)}")
    return found


def interrupt(proc: subprocess.Popen[str], signum: int) -> Ended:
    """Send the signal and wait for the end, checking that every child went too."""
    children = descendants(proc)
    proc.send_signal(signum)
    ended = finish(proc)
    assert still_running(children) == [], "child processes outlived schemadoc"
    return ended


def assert_interrupted(ended: Ended, signum: int) -> None:
    """Exit status 128 + signal, one line on stderr saying so, no traceback."""
    assert ended.code == 128 + signum, ended.output[-3000:]
    lines = ended.stderr.strip().splitlines()
    name = signal.Signals(signum).name
    assert lines == [lines[0]] and lines[0].startswith(f"schemadoc: interrupted by {name};"), \
        ended.stderr
    assert "Traceback" not in ended.output


def assert_failed(ended: Ended, *fragments: str) -> str:
    """Exit status 2 with one error line holding every fragment; returns the line."""
    assert ended.code == 2, ended.output[-3000:]
    lines = ended.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("schemadoc: error: "), ended.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert "Traceback" not in ended.output
    return lines[0]


def files(folder: Path) -> dict[str, str]:
    """Every file under `folder` (dot files too) with the hash of its bytes: two equal
    results mean byte-for-byte the same tree, leftovers included."""
    found = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = Path(directory, name)
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(
                path.read_bytes()).hexdigest()
    return found


def temporary_files(folder: Path) -> list[str]:
    """Leftover temporary files and staging folders anywhere under `folder`."""
    found = []
    for directory, folders, names in os.walk(folder):
        here = Path(directory)
        for name in names:
            if name.endswith(".tmp") or here.name == ".tmp":  # .tmp: the cache's scratch
                found.append((here / name).relative_to(folder).as_posix())
        for name in folders:
            if name == ".schemadoc-staging" or name.endswith((".building", ".old")):
                found.append((here / name).relative_to(folder).as_posix())
    return found
