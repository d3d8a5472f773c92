"""A schema page stays about the same size however many functions its schema has and
however many tables each reads: a schema with many functions lists their names on its
page, each linked to its section on a functions page of its own, and each list in a
section stops at a limit and counts the rest ("and 50 more").

The database is a model (tests/factories.py) of one schema of 300 tables and 200
functions, each reading 60 tables, writing as many and called by a trigger on 60:
rendered with the real renderer (`render_site`), without diagrams."""

from __future__ import annotations

import re

from generator.config import Config
from generator.render.env import make_environment
from generator.render.pages import render_site
from generator.render.paths import FUNCTIONS_PER_PAGE, TABLES_PER_PAGE
from generator.render.reference import site_facts
from tests.factories import busy_functions_snapshot, seed_snapshot

# A page's Markdown (about half its HTML, which Material's frame adds ~30 kB to): under
# this, the built page stays under the 150 KB limit (the overview's test uses the same).
MAX_PAGE_BYTES = 60_000


def test_many_busy_functions_give_bounded_pages() -> None:
    """200 functions each naming 60 tables: the schema page lists 100 of them and counts
    the rest; their sections are on pages of 20, each list cut with "and N more"."""
    facts = site_facts(busy_functions_snapshot(300, 200, 60), Config())
    pages = dict(render_site(make_environment(), facts))
    schema_page = pages["busy.md"]
    functions_pages = {p: text for p, text in pages.items() if "/functions." in p}
    assert set(functions_pages) == {f"busy/functions.{n}.md" for n in range(1, 11)}
    for path, text in [("busy.md", schema_page), *functions_pages.items()]:
        assert len(text.encode()) <= MAX_PAGE_BYTES, (path, len(text.encode()))
    # The schema page: links to the functions pages and to each function's section;
    # no sections of its own.
    assert ("200 functions; their sections are on pages of their own: "
            "[1–20](busy/functions.1.md)") in schema_page
    # Their names, the first 100 each linked to its section, and the count of the rest.
    names = re.search(r"\n\n(\[f0000\(\)\].*)\n", schema_page)
    assert names is not None
    assert re.match(r"\[f0000\(\)\]\(busy/functions\.1\.md#fn-f0000-\w+\), ", names.group(1))
    assert names.group(1).count("](busy/functions.") == TABLES_PER_PAGE
    assert re.search(r"\[f0099\(\)\]\(busy/functions\.5\.md#fn-f0099-\w+\), and 100 more$",
                     names.group(1))
    assert "\n### " not in schema_page
    # A functions page: its share of the sections, every list cut with the rest counted.
    second = functions_pages["busy/functions.2.md"]
    assert second.count("\n### ") == FUNCTIONS_PER_PAGE
    assert "# busy: functions 21–40" in second
    assert re.search(r"- \*\*Reads\*\*: .*, and 50 more\n", second)
    assert re.search(r"- \*\*Writes\*\*: .*, and 50 more\n", second)
    assert re.search(r"- \*\*Called by 60 triggers\*\*, on: .*, and 50 more\n", second)
    # Every link to a function's section, from any page, leads to the page holding it.
    for path, text in pages.items():
        for target, fragment in re.findall(r"\]\(([^)#]*functions\.\d+\.md)#(fn-[^)]+)\)",
                                           text):
            resolved = re.sub(r"^(\.\./)?(busy/)?", "busy/", target)
            assert f"{{ #{fragment} }}" in pages[resolved], (path, target, fragment)


def test_a_schema_with_few_functions_keeps_their_sections() -> None:
    """The seed's schemas (one or two functions) have no functions pages."""
    pages = dict(render_site(make_environment(), site_facts(seed_snapshot(True), Config())))
    assert not [p for p in pages if "/functions." in p]
    assert "\n### " in pages["marketing.md"]
