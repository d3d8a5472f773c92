"""Where a generated page sits: its breadcrumbs (database › schema › page) and, on a
table or view page, the previous and next relation of its schema.

Every generated page has a trail: the overview is its root (the trail of one crumb,
the database), Health and the Changelog sit under it beside the schemas.

Table pages are out of the navigation (10,000 of them would repeat on every page), so
these links are a reader's way along a schema and back up to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.names.identifiers import qualified
from generator.render.facts import SiteFacts
from generator.render.paths import OVERVIEW, relative_link

__all__ = ["Crumb", "Crumbs", "overview_crumbs", "page_crumbs", "relation_crumbs",
           "schema_crumbs"]


@dataclass(frozen=True, slots=True)
class Crumb:
    """A name, and the page it links to (None: the page itself)."""

    text: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Crumbs:
    """A page's trail from the overview, and its neighbours in its schema."""

    trail: list[Crumb]
    previous: Crumb | None = None
    next: Crumb | None = None
    up: Crumb | None = None
    siblings: list[Crumb] = field(default_factory=list)


def _title(facts: SiteFacts) -> str:
    # The overview's title (schemadoc.yml's `title`, else the database's name).
    return facts.config.title or facts.snapshot.database.name or "database"


def _database(facts: SiteFacts, source: str) -> Crumb:
    return Crumb(_title(facts), relative_link(source, OVERVIEW))


def overview_crumbs(facts: SiteFacts) -> Crumbs:
    """The overview's trail: the database alone, the page itself (the trail's root)."""
    return Crumbs([Crumb(_title(facts))])


def page_crumbs(facts: SiteFacts, source: str, title: str) -> Crumbs:
    """A site-wide page's trail (Health, the Changelog): database › its title."""
    return Crumbs([_database(facts, source), Crumb(title)])


def schema_crumbs(facts: SiteFacts, source: str, schema: str, here: str | None = None) -> Crumbs:
    """A schema page's trail (`here` names a continuation page of its table list)."""
    if here is None:
        return Crumbs([_database(facts, source), Crumb(qualified(schema))])
    return Crumbs([_database(facts, source),
                   Crumb(qualified(schema), facts.schema_link(source, schema)), Crumb(here)])


def relation_crumbs(facts: SiteFacts, source: str, schema: str, name: str) -> Crumbs:
    """A table or view page's trail, its schema's previous and next relation, and the
    schema's table list."""

    def crumb(other: str | None) -> Crumb | None:
        path = facts.paths.relation(schema, other) if other is not None else None
        return Crumb(qualified(other), relative_link(source, path)) if other and path else None

    before, after = facts.paths.neighbours(schema, name)
    schema_link = facts.schema_link(source, schema)
    return Crumbs([_database(facts, source), Crumb(qualified(schema), schema_link),
                   Crumb(qualified(name))],
                  previous=crumb(before), next=crumb(after),
                  up=Crumb(qualified(schema), f"{schema_link}#{_list_anchor(facts, schema)}"))


def _list_anchor(facts: SiteFacts, schema: str) -> str:
    """The schema page's section that lists its relations (tables unless it has none)."""
    found = facts.snapshot.schemas.get(schema)
    return "tables" if found is None or found.tables else "views"
