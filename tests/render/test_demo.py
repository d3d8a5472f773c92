"""`schemadoc demo`: from an empty folder to a built site, and a rerun that writes no page.

The command is run as a user runs it (a child process), with its own embedded
PostgreSQL 18 in the folder, as after `pip install 'schemadoc[demo]'` anywhere.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.render.writer import MARKER
from tests.render.site_check import broken_links


def _demo(folder: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "generator", "demo", "--dir", str(folder),
                             "-q"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return result.stdout


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_demo_builds_the_site_in_an_empty_folder_and_reruns_idle(tmp_path: Path) -> None:
    """First run: init files, snapshot, pages, site; second run: nothing written."""
    first = _demo(tmp_path)
    for name in ("mkdocs.yml", "site_src/index.md"):
        assert f"created {tmp_path / name}" in first
    # The sample's own schemadoc.yml is used (it ships with the demo), not a starter.
    assert not (tmp_path / "schemadoc.yml").exists()
    assert "pages added 81, changed 0, removed 0, unchanged 0" in first
    assert "mkdocs build --strict" in first and "mkdocs serve" in first
    site = tmp_path / "site"
    assert (site / "reference" / "marketing" / "company_master" / "index.html").exists()
    # the plugin's style sheet and table-sorting script, with no copy in site_src/
    assert (site / "assets" / "schemadoc" / "tablesort.js").exists()
    assert not list((tmp_path / "site_src").rglob("*.js"))
    assert broken_links(site) == []
    overview = (site / "reference" / "index.html").read_text("utf-8")
    assert "Company → People" in overview  # the sample's schemadoc.yml is applied
    assert "Naming rules declared in schemadoc.yml" in overview  # its conventions as notes
    # The Health page (lint) and the Changelog (history: the first snapshot's baseline)
    health = (site / "reference" / "health" / "index.html").read_text("utf-8")
    assert "no-primary-key" in health or "fk-without-index" in health
    history = tmp_path / "site_src" / "schema_history.jsonl"
    assert len(history.read_text("utf-8").splitlines()) == 1
    assert (site / "reference" / "changelog" / "index.html").exists()
    reference = tmp_path / "site_src" / "reference"
    assert (reference / MARKER).exists()
    before = _mtimes(reference)

    again = _demo(tmp_path)
    assert "created" not in again
    assert f"unchanged {tmp_path / 'site_src' / 'schema_map.json'}" in again
    assert "pages added 0, changed 0, removed 0, unchanged 81" in again
    assert _mtimes(reference) == before
    assert len(history.read_text("utf-8").splitlines()) == 1  # nothing changed: no entry
