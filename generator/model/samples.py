"""What reading a table's sample can end in besides values, shared by the stage that
reads samples (`introspect.samples`) and the check that judges them (`lint.sample`)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Unread"]


@dataclass(frozen=True, slots=True)
class Unread:
    """Why a table's sample could not be read: its time ran out, or the server's message."""

    timed_out: bool
    message: str = ""
