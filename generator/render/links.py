"""A link to another generated page, as page data carries it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LinkRef"]


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A name, and the page it links to when that page exists (else None: templates
    then show the name without a link rather than a broken one)."""

    text: str
    href: str | None
    virtual: bool = False
