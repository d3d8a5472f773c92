"""The navigation of a schemadoc site in the overview's order: the overview, its schemas
as the overview groups them, then the other pages, Health and Changelog last.

MkDocs sorts a folder's pages by file name ("archive, BIT, bit, changelog, company,
health, intake..."). The overview lists its schema pages in its front matter
(`schemadoc: {nav: [...]}`, paths relative to it); the navigation is built before
pages are read, so that front matter is read from the file here.
"""

from __future__ import annotations

import posixpath

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

__all__ = ["nav_order", "order_navigation"]

# The site-wide pages beside the overview, listed after the schemas in this order.
SITE_PAGES = ("health.md", "changelog.md")


def order_navigation(nav: Navigation) -> None:
    """Reorder every folder of `nav` that holds an overview, and the pages' previous
    and next links with it."""
    if not _reorder(nav.items):
        return
    pages = _pages(nav.items)
    for before, after in zip([None, *pages], [*pages, None], strict=False):
        if before is not None:
            before.next_page = after
        if after is not None:
            after.previous_page = before
    nav.pages = pages


def nav_order(page: Page) -> list[str] | None:
    """The schema pages, relative to `page`, that an overview page lists in its front
    matter; None for any other page."""
    if posixpath.basename(page.file.src_uri) != "index.md":
        return None
    try:
        _, meta = get_data(page.file.content_string)
    except (OSError, UnicodeDecodeError):
        return None
    found = meta.get("schemadoc")
    order = found.get("nav") if isinstance(found, dict) else None
    return [str(item) for item in order] if isinstance(order, list) else None


def _reorder(items: list[StructureItem]) -> bool:
    """Order each list of items that holds an overview by its order; whether any was."""
    changed = False
    for item in items:
        if isinstance(item, Section):
            changed = _reorder(item.children) or changed
    for overview in [i for i in items if isinstance(i, Page)]:
        order = nav_order(overview)
        if order is None:
            continue
        folder = posixpath.dirname(overview.file.src_uri)
        rank = {name: i for i, name in enumerate(order)}

        def key(item: StructureItem, folder: str = folder, rank: dict[str, int] = rank,
                overview: Page = overview) -> tuple[int, int]:
            if item is overview:
                return (0, 0)
            if isinstance(item, Page):
                where = posixpath.relpath(item.file.src_uri, folder or ".")
                if where in rank:
                    return (1, rank[where])
                if where in SITE_PAGES:
                    return (3, SITE_PAGES.index(where))
            return (2, 0)  # the rest keep their order (sorted() is stable)

        items[:] = sorted(items, key=key)
        changed = True
    return changed


def _pages(items: list[StructureItem]) -> list[Page]:
    found: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            found.append(item)
        elif isinstance(item, Section):
            found += _pages(item.children)
    return found
