"""A link to another generated page, as page data carries it, and the ids of sections
other pages link to."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["LinkRef", "anchor"]

_UNSAFE = re.compile(r"[^a-z0-9_]+")


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A name, and the page it links to when that page exists (else None: templates
    then show the name without a link rather than a broken one)."""

    text: str
    href: str | None
    virtual: bool = False


# 10,000 table pages each link their triggers' one function: hash its name once.
@lru_cache(maxsize=1 << 14)
def anchor(prefix: str, name: str) -> str:
    """A stable HTML id for a section named `name` (a function's signature, a type's
    name): a readable slug plus a hash of the exact name, so that two names differing
    only in case or punctuation get different ids, and no name can inject markup."""
    slug = _UNSAFE.sub("-", name.lower()).strip("-")[:40].rstrip("-")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{prefix}-{slug}-{digest}" if slug else f"{prefix}-{digest}"
