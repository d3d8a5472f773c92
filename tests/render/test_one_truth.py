"""Every page of the demo site gives the same counts: read the built pages as a reader
reads them (their text), and compare the overview, schema pages, Health, the Changelog
and the history file with one another and with `generator.model.counts`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.model.counts import database_counts, schema_counts
from generator.snapshot import read_snapshot


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style", "svg")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style", "svg")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def text_of(page: Path) -> str:
    """A built page's visible text, blanks collapsed."""
    parser = _Text()
    parser.feed(page.read_text("utf-8"))
    return re.sub(r"\s+", " ", "".join(parser.parts))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = subprocess.run([sys.executable, "-m", "generator", "demo", "--dir", str(folder),
                             "-q"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def _number(text: str, pattern: str) -> int:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not found in: {text[:500]}"
    return int(found.group(1).replace(",", ""))


@pytest.mark.slow
def test_every_page_counts_tables_views_rows_and_sizes_alike(demo: Path) -> None:
    """Overview, schema pages, Health, Changelog and history: one count of each thing."""
    snapshot = read_snapshot(demo / "site_src" / "schema_map.json")
    total = database_counts(snapshot)
    reference = demo / "site" / "reference"
    overview = text_of(reference / "index.html")
    assert _number(overview, r"Tables: ([\d,]+)") == total.tables
    assert _number(overview, r"Views: ([\d,]+)") == total.views
    assert _number(overview, r"Indexes: ([\d,]+)") == total.indexes
    assert _number(overview, r"Total: ([\d,]+) indexes") == total.indexes
    assert _number(overview, r"Rows: ~([\d,]+)") == total.rows

    history = json.loads((demo / "site_src" / "schema_history.jsonl")
                         .read_text("utf-8").splitlines()[-1])
    for name, schema in snapshot.schemas.items():
        counts = schema_counts(schema)
        assert history["schemas"][name]["tables"] == counts.tables, name
        assert history["schemas"][name]["rows"] == counts.rows, name
        assert history["schemas"][name]["bytes"] == counts.bytes, name
        if not counts.tables:
            continue
        page = text_of(reference / name / "index.html")
        listed = re.search(r"Tables: ([\d,]+) \((~?[\d,]+\+?) rows, ([^)]+)\)", page)
        assert listed, name
        line = re.search(rf"{counts.tables} tables?, {counts.views} views?, "
                         rf"\d+ functions?; ({re.escape(listed.group(2))}) rows, "
                         rf"({re.escape(listed.group(3))})\.", overview)
        assert line, f"{name}: the overview's line differs from the schema page's {listed[0]}"
        assert int(listed.group(1).replace(",", "")) == counts.tables
        assert int(listed.group(2).strip("~+").replace(",", "")) == (counts.rows or 0)

    # materialized views are views, not tables (marketing has one)
    marketing = schema_counts(snapshot.schemas["marketing"])
    assert snapshot.schemas["marketing"].materialized_views
    assert marketing.tables == len(snapshot.schemas["marketing"].tables)

    # a published page names no path of the machine that took the snapshot
    assert "Host: local socket " in overview and str(demo) not in overview

    changelog = text_of(reference / "changelog" / "index.html")
    assert re.search(rf"{len(snapshot.schemas)} schemas, {total.tables} tables", changelog)
    assert sum(s["tables"] for s in history["schemas"].values()) == total.tables

    health = text_of(reference / "health" / "index.html")
    assert re.search(rf"tables [\d.]+% \(\d+ of {total.tables}\)", health), health[:800]


@pytest.mark.slow
def test_the_health_page_says_what_it_checked_and_what_it_could_not_judge(demo: Path) -> None:
    """Scope with the excluded schemas and why; no verdict on index usage from statistics
    minutes old; no coverage figure for an empty schema; the database called so."""
    health = text_of(demo / "site" / "reference" / "health" / "index.html")
    assert re.search(r"\d+ findings in the database: ", health)
    assert ("not checked, as the configuration excludes them from the checks "
            "(lint.exclude): archive (Archive), neon_auth (Platform-managed).") in health
    assert re.search(r"Index usage \(rule unused-index\): not judged: \d+ indexes without "
                     r"scans yet; statistics are (less than a minute|\d+ minutes?) old", health)
    assert "has not been used since" not in health  # no unused-index finding
    assert re.search(r"company 0 0 – 0 0 –", health)  # an empty schema: no 100 %
    clean = re.search(r"No findings in ([^.]*)\.", health)
    assert clean and "archive" not in clean[1] and "neon_auth" not in clean[1]
    schema = json.loads((demo / "site_src" / "schema_map.json").read_text("utf-8"))
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", schema["database"]["stats_since"])
