"""Generated file names: unique even case-blind, stable, and safe for any identifier."""

from __future__ import annotations

import re

from generator.render.facts import SiteFacts
from generator.render.paths import SitePaths, unique_slugs
from tests.factories import odd_snapshot, seed_snapshot

SAFE = re.compile(r"^[a-z0-9_-]+$")


def test_bit_and_BIT_get_different_files() -> None:
    """Schemas `bit` and `BIT` (both in the seed) do not share a page on macOS or Windows."""
    paths = SitePaths(seed_snapshot())
    assert paths.schema("bit") == "bit.md"
    assert paths.schema("BIT").lower() != "bit.md"
    assert paths.schema("BIT").startswith("bit-")


def test_table_T_and_t_get_different_files() -> None:
    """Tables "T" and t of one schema have pages whose names differ case-blind."""
    paths = SitePaths(odd_snapshot())
    upper, lower = paths.relation("bit", "T"), paths.relation("bit", "t")
    assert upper and lower and upper.lower() != lower.lower()
    assert lower == "bit/t.md"


def test_every_page_name_is_unique_case_blind_and_safe() -> None:
    """Spaces, quotes, slashes, dots, unicode and 63-byte names all become plain file names."""
    pages = SitePaths(odd_snapshot()).all_pages()
    assert len({p.casefold() for p in pages}) == len(pages)
    for page in pages:
        for part in page.removesuffix(".md").split("/"):
            assert SAFE.match(part), page
            assert len(part.encode()) <= 80, page


def test_names_that_need_no_change_keep_their_name() -> None:
    """Ordinary lower-case names are their own file names: readable URLs."""
    slugs = unique_slugs(["company_master", "hyphen-table", "people_master"])
    assert slugs == {"company_master": "company_master", "hyphen-table": "hyphen-table",
                     "people_master": "people_master"}


def test_index_is_never_a_table_page() -> None:
    """A table named `index` would replace a folder's index page; it gets another name."""
    assert unique_slugs(["index"])["index"] != "index"
    assert SitePaths(odd_snapshot()).schema("index") != "index.md"


def test_names_are_stable_whatever_else_exists() -> None:
    """A page keeps its file name when other tables come and go (links and history stay)."""
    alone = unique_slugs(["BIT"])
    crowded = unique_slugs(["BIT", "bit", "Bit", "b i t", "bít"])
    assert alone["BIT"] == crowded["BIT"]
    assert len(set(crowded.values())) == 5


def test_a_name_equal_to_another_names_slug_still_gets_its_own_file() -> None:
    """Even a table literally named like another's hashed slug gets a distinct file."""
    taken = unique_slugs(["BIT"])["BIT"]
    slugs = unique_slugs(["BIT", taken])
    assert slugs["BIT"] != slugs[taken]


def test_links_point_to_the_referenced_tables_page() -> None:
    """A foreign key from bit.t to "BIT"."T" links to the hashed folder's page."""
    facts = SiteFacts(odd_snapshot())
    source = facts.paths.relation("bit", "t")
    assert source is not None
    link = facts.link(source, ("BIT", "T"))
    target = facts.paths.relation("BIT", "T")
    assert link == f"../{target}"
