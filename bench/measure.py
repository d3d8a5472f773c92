"""Running a tool and measuring it: wall time, its own CPU time and peak memory, and
the CPU time the server spent on it (bench/run.py)."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

TIME_BIN = Path("/usr/bin/time")


@dataclass
class Run:
    """One run of a child process."""

    seconds: float
    cpu_seconds: float  # user + system time of the child itself (the server's is not in it)
    peak_kib: int
    stderr: str
    server_cpu_seconds: float | None = None  # of the server processes that served it


@dataclass
class Measurement:
    """Repeated runs of one tool."""

    tool: str
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    server_cpu_seconds: list[float] = field(default_factory=list)

    def add(self, run: Run) -> None:
        self.seconds.append(run.seconds)
        self.cpu_seconds.append(run.cpu_seconds)
        self.peak_kib.append(run.peak_kib)
        if run.server_cpu_seconds is not None:
            self.server_cpu_seconds.append(run.server_cpu_seconds)

    @property
    def total_cpu(self) -> float | None:
        """Median CPU seconds of the client and the server together, if known."""
        if len(self.server_cpu_seconds) != len(self.cpu_seconds):
            return None
        return statistics.median(map(sum, zip(self.cpu_seconds, self.server_cpu_seconds,
                                              strict=True)))

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kib) / 1024

    def as_json(self) -> dict[str, object]:
        return {"command": self.command, "seconds": [round(s, 4) for s in self.seconds],
                "best_s": round(self.best, 4), "median_s": round(self.median, 4),
                "client_cpu_s": [round(s, 3) for s in self.cpu_seconds],
                "server_cpu_s": [round(s, 3) for s in self.server_cpu_seconds],
                "peak_rss_mb": round(self.peak_mb, 1)}


def server_cpu_clock(dsn: str) -> Callable[[], float] | None:
    """A reader of the CPU seconds used by the server processes that have ended (the
    postmaster's cutime + cstime, from /proc), or None when the server does not run on
    this machine. A tool's backends end with it: the difference over a run is the
    server's work for it, which a busy machine inflates far less than wall time."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute("select pg_backend_pid()").fetchone()
        assert row is not None
        try:  # while the backend lives: its parent is the postmaster
            backend = Path(f"/proc/{row[0]}/stat").read_text()
            postmaster = int(backend.rsplit(")", 1)[1].split()[1])
            Path(f"/proc/{postmaster}/stat").read_text()
        except (OSError, ValueError, IndexError):
            return None
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[13]) + int(fields[14])) / tick

    return read


def run_measured(command: Sequence[str], env: dict[str, str] | None = None,
                 server_cpu: Callable[[], float] | None = None) -> Run:
    """Run `command` to completion: wall time, the child's own peak RSS and CPU time,
    and with `server_cpu` the server's CPU time for it.

    getrusage(RUSAGE_CHILDREN) reports the largest child so far, not this one, so the
    peak comes from /usr/bin/time when present, else from wait4() on the child.
    """
    server_before = server_cpu() if server_cpu else 0.0
    with tempfile.TemporaryDirectory(prefix="schemadoc-bench-") as tmp:
        err_path = Path(tmp) / "stderr"
        time_path = Path(tmp) / "maxrss"
        use_time = TIME_BIN.exists()
        argv = [str(TIME_BIN), "-f", "%M %U %S", "-o", str(time_path), *command] if use_time \
            else list(command)
        with open(err_path, "w") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
        stderr = err_path.read_text(errors="replace")
        if proc.returncode != 0:
            raise RuntimeError(f"{command[0]} exited with {proc.returncode}:\n{stderr[-3000:]}")
        if use_time:
            # "%M %U %S" is the last line (after any "Command exited" note).
            peak_text, user, system = time_path.read_text().splitlines()[-1].split()
            peak, cpu = int(peak_text), float(user) + float(system)
        else:
            peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    server = None
    if server_cpu is not None:
        time.sleep(0.3)  # the postmaster counts a backend's time once it has reaped it
        server = server_cpu() - server_before
    return Run(seconds, cpu, peak, stderr, server)
