"""SIGINT, SIGTERM and SIGHUP while a command is still starting (importing click, rich,
psycopg, Jinja2: the first quarter of a second) end it with one line and exit status
128 + the signal's number, never a traceback; and nothing is written."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.processes import (
    assert_interrupted,
    handlers_installed,
    interrupt,
    start,
    temporary_files,
    wait_until,
)
from tests.faults.silent_server import SilentServer

SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
COMMANDS = ["snapshot", "build", "diff", "lint", "init", "demo"]


def _arguments(command: str, dsn: str) -> list[str]:
    # Commands that connect wait on a server that never answers, so that none has
    # ended before the signal arrives.
    return {
        "snapshot": ["snapshot", "--dsn", dsn, "-o", "out.json"],
        "build": ["build", "--dsn", dsn],
        "diff": ["diff", dsn, dsn],
        "lint": ["lint", "--dsn", dsn],
        "init": ["init", "site"],
        "demo": ["demo", "--dir", "demo"],
    }[command]


def _starting(args: list[str], cwd: Path) -> subprocess.Popen[str] | None:
    """schemadoc started and holding its handlers; None if it had already ended."""
    proc = start(*args, cwd=cwd)
    try:
        wait_until(proc, lambda: handlers_installed(proc), "the signal handlers were installed")
    except AssertionError:
        return None
    return proc


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("command", COMMANDS)
def test_signal_while_starting_ends_with_one_line(
    command: str, signum: int, tmp_path: Path, silent_server: SilentServer
) -> None:
    """The signal arrives as soon as schemadoc's handlers are in place, while the
    command's modules are imported; the folder stays empty."""
    for _attempt in range(5):  # `init` may finish first on a busy machine: try again
        proc = _starting(_arguments(command, silent_server.dsn), tmp_path)
        if proc is None:
            assert command == "init", f"schemadoc {command} ended before the signal"
            for path in tmp_path.iterdir():
                subprocess.run(["rm", "-rf", str(path)], check=True)
            continue
        ended = interrupt(proc, signum)
        assert_interrupted(ended, signum)
        assert temporary_files(tmp_path) == []
        if command != "init":  # init may have written some of its files, each whole
            assert list(tmp_path.iterdir()) == []
        return
    raise AssertionError("schemadoc init always finished before the signal could be sent")


def test_handlers_are_installed_before_the_cli_is_imported() -> None:
    """What makes the test above hit the imports: the `schemadoc` entry point installs
    the handlers having imported nothing heavy (click, rich, psycopg come after)."""
    code = ("import sys, signal; import generator.__main__; "
            "heavy = [m for m in ('click', 'rich', 'psycopg', 'jinja2') if m in sys.modules]; "
            "print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
    entry = Path(sys.executable).with_name("schemadoc").read_text()
    assert "from generator.__main__ import main" in entry


def test_ctrl_c_while_the_handlers_are_imported_ends_with_one_line() -> None:
    """Ctrl-C before schemadoc's own handlers are in place, while their module is
    imported (Python's handler raises KeyboardInterrupt there): one line, exit 130, no
    traceback. The interrupt is raised by an import hook at exactly that import."""
    code = (
        "import sys, runpy\n"
        "class Hook:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'generator.runtime.interrupts':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Hook())\n"
        "runpy.run_module('generator', run_name='__main__')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "schemadoc: interrupted by SIGINT; stopped cleanly (no file was left half-written, "
        "no process left running)"]
