"""Where each generated page goes: unique, stable, safe file names.

Layout under the generated folder (`site_src/reference/`):

    index.md                     the overview
    <schema>.md                  one page per schema (these are the navigation)
    <schema>/<relation>.md       one page per table, view or materialized view
    <schema>/tables.<n>.md       the rest of a long table list (n = 2, 3, ...)
    <schema>/functions.<n>.md    the function sections of a schema with many (n = 1, 2, ...)
    <schema>/diagram.<n>.md      part n of a big schema's diagram (render/diagrams.py)

Tables, views and materialized views share one name space per schema in PostgreSQL
(pg_class), so they share one folder. A name becomes a slug: lower-cased, with runs
of anything but `a-z 0-9 _ -` turned into `-`. When the slug is not exactly the name
(`BIT`, `my table`, `café`), or is a name the file system or MkDocs treats specially
(`index`, `con`), a short hash of the exact name is appended. So `bit` stays `bit.md`
and `BIT` becomes `bit-<hash>.md`: distinct on case-insensitive file systems, and
the same on every run because the hash depends on the name only. A slug never holds
a dot, so `tables.2.md`, `functions.1.md` and `diagram.2.md` cannot be a relation's page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote

from generator.model import Snapshot

__all__ = ["FUNCTIONS_INLINE", "FUNCTIONS_PER_PAGE", "OVERVIEW", "SitePaths", "relative_link",
           "unique_slugs"]

OVERVIEW = "index.md"

# `index` would collide with a folder's index page under MkDocs' directory URLs;
# the others are device names Windows will not create files for.
RESERVED = frozenset(
    # index: the overview; health, changelog: the site-wide pages beside it
    ["index", "health", "changelog", "con", "prn", "aux", "nul"]
    + [f"com{i}" for i in range(1, 10)]
    + [f"lpt{i}" for i in range(1, 10)]
)
_UNSAFE = re.compile(r"[^a-z0-9_-]+")
MAX_SLUG = 60
# A schema page lists this many tables; the rest go to continuation pages, so that no
# page outgrows what a browser (and MkDocs) handles well: about 150 kB of HTML. A row
# is about 380 bytes of HTML; 150 rows with a schema's diagram, views and functions
# passed the limit (the "cross" bench shape at 10,000 tables).
TABLES_PER_PAGE = 100
# A function's section (its lists, its highlighted definition) is about 4 kB of HTML
# (5 kB with the Material navigation's entry for it): a schema page keeps up to
# FUNCTIONS_INLINE of them; a schema with more has them on pages of their own,
# FUNCTIONS_PER_PAGE each, and its page lists their names (up to TABLES_PER_PAGE).
FUNCTIONS_INLINE = 12
FUNCTIONS_PER_PAGE = 20


def _hash(name: str, length: int) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:length]


def _candidate(name: str, hash_length: int) -> str:
    slug = _UNSAFE.sub("-", name.lower()).strip("-")[:MAX_SLUG].rstrip("-")
    if slug == name and slug not in RESERVED:
        return slug
    return f"{slug}-{_hash(name, hash_length)}" if slug else _hash(name, hash_length)


def unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """A file-name slug for each name, unique among them even when compared case-blind."""
    names = sorted(set(names))
    slugs = {name: _candidate(name, 8) for name in names}
    taken: dict[str, str] = {}
    for name in names:
        slug = slugs[name]
        # A clash needs a name that looks like another's hashed slug; lengthen the
        # hash of the later name (sorted order keeps the choice stable).
        length = 16
        while slug.casefold() in taken or slug in RESERVED:
            slug = _candidate(name, length) if length <= 64 else f"{slug}-x"
            length += 16
        taken[slug.casefold()] = name
        slugs[name] = slug
    return slugs


@lru_cache(maxsize=4096)
def _folders(path: str) -> tuple[str, ...]:
    return tuple(path.split("/")[:-1])


def relative_link(source: str, target: str) -> str:
    """The Markdown link from page `source` to page `target` (both relative to one root,
    normalised: no `.`, `..` or doubled slashes, as SitePaths makes them)."""
    # posixpath.relpath, without its two getcwd() calls: it runs for every link of
    # 10,000 pages.
    here, there = _folders(source), _folders(target)
    common = 0
    for mine, theirs in zip(here, there, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(here) - common) + [*there[common:], target.rpartition("/")[2]]
    return quote("/".join(parts))


class SitePaths:
    """The page path of every schema and relation in one snapshot."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._schemas = unique_slugs(snapshot.schemas)
        self._relations: dict[str, dict[str, str]] = {}
        self._parts: dict[str, int] = {}
        # A paged schema's functions: signature → its page's number (by signature).
        self._function_parts: dict[str, dict[str, int]] = {}
        # Each schema's relations in page order (by name), for previous/next links.
        self._order: dict[str, list[str]] = {}
        self._place: dict[str, dict[str, int]] = {}
        for name, schema in snapshot.schemas.items():
            relations = [*schema.tables, *schema.views, *schema.materialized_views]
            self._relations[name] = unique_slugs(relations)
            self._parts[name] = max(1, -(-len(schema.tables) // TABLES_PER_PAGE))
            if len(schema.functions) > FUNCTIONS_INLINE:
                self._function_parts[name] = {
                    sig: i // FUNCTIONS_PER_PAGE + 1
                    for i, sig in enumerate(sorted(schema.functions))}

    def schema(self, schema: str) -> str:
        """The schema's page."""
        return f"{self._schemas[schema]}.md"

    def table_list(self, schema: str, part: int) -> str:
        """Part `part` of a schema's table list: part 1 is the schema page itself."""
        if part == 1:
            return self.schema(schema)
        return f"{self._schemas[schema]}/tables.{part}.md"

    def function_list(self, schema: str, part: int) -> str:
        """Page `part` of a paged schema's function sections."""
        return f"{self._schemas[schema]}/functions.{part}.md"

    def function_list_parts(self, schema: str) -> int:
        """How many pages of its own a schema's functions take: 0 if on its page."""
        parts = self._function_parts.get(schema)
        return max(parts.values()) if parts else 0

    def function(self, schema: str, signature: str) -> str:
        """The page with a function's section: its schema's, or a functions page."""
        part = self._function_parts.get(schema, {}).get(signature)
        return self.schema(schema) if part is None else self.function_list(schema, part)

    def diagram_part(self, schema: str, part: int) -> str:
        """The page of part `part` of a schema's diagram, when it has a page of its own."""
        return f"{self._schemas[schema]}/diagram.{part}.md"

    def table_list_parts(self, schema: str) -> int:
        """How many pages the schema's table list takes."""
        return self._parts[schema]

    def relation(self, schema: str, name: str) -> str | None:
        """The page of a table, view or materialized view; None if not in the snapshot."""
        slug = self._relations.get(schema, {}).get(name)
        if slug is None:
            return None
        return f"{self._schemas[schema]}/{slug}.md"

    def neighbours(self, schema: str, name: str) -> tuple[str | None, str | None]:
        """The relations (tables, views) before and after `name` in its schema, by name."""
        if schema not in self._order:
            self._order[schema] = sorted(self._relations.get(schema, {}))
            self._place[schema] = {n: i for i, n in enumerate(self._order[schema])}
        order, at = self._order[schema], self._place[schema].get(name)
        if at is None:
            return None, None
        return (order[at - 1] if at > 0 else None,
                order[at + 1] if at + 1 < len(order) else None)

    def all_pages(self) -> list[str]:
        """Every page this snapshot produces, overview first."""
        pages = [OVERVIEW]
        for schema, relations in self._relations.items():
            pages += [self.table_list(schema, n) for n in range(1, self._parts[schema] + 1)]
            pages += [self.function_list(schema, n)
                      for n in range(1, self.function_list_parts(schema) + 1)]
            pages += [f"{self._schemas[schema]}/{slug}.md" for slug in relations.values()]
        return pages
