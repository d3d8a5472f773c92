"""Plugin mode: `mkdocs build` and `mkdocs serve` render the reference from the snapshot
themselves, the same pages `schemadoc build` writes, with nothing written into the docs
folder; `mkdocs serve` shows a saved schemadoc.yml or snapshot within seconds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.commands.build import BuildOptions, build
from generator.commands.scaffold import scaffold
from generator.diff.history import append_history
from generator.snapshot import read_snapshot, write_snapshot
from tests.factories import column, seed_snapshot
from tests.helpers import REPO
from tests.render.site_check import mkdocs_build, plugin_mode
from tests.render.test_serve import _free_port

CONFIGURED = REPO / "tests" / "golden" / "configured"
# The build date goes into sitemap.xml.gz; the two builds may straddle midnight.
SAME_DAY = {"SOURCE_DATE_EPOCH": "1764806400"}


def _project(root: Path) -> Path:
    """A fresh `schemadoc init` project holding the configured golden case's snapshot
    and schemadoc.yml, and a history of two entries, where `schemadoc build --dsn`
    keeps them (site_src/)."""
    scaffold(root, "Test site")
    snapshot = read_snapshot(CONFIGURED / "schema_map.json")
    later = read_snapshot(CONFIGURED / "schema_map.json")
    later.schemas["marketing"].tables["company_master"].columns["region"] = column(99)
    history = root / "site_src" / "schema_history.jsonl"
    append_history(history, None, snapshot)
    append_history(history, snapshot, later)
    write_snapshot(root / "site_src" / "schema_map.json", later)
    shutil.copy(CONFIGURED / "schemadoc.yml", root / "schemadoc.yml")
    return root


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _docs(project: Path) -> list[str]:
    return sorted(p.relative_to(project / "site_src").as_posix()
                  for p in (project / "site_src").rglob("*"))


def _mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def test_plugin_mode_builds_the_site_committed_markdown_builds(tmp_path: Path) -> None:
    """Every file of the two sites is the same, byte for byte: pages, navigation, search
    index, sitemap (only the build date is pinned, for a run across midnight)."""
    markdown = _project(tmp_path / "markdown")
    build(BuildOptions(snapshot=markdown / "site_src" / "schema_map.json",
                       site_dir=markdown / "site_src", quiet=True))
    mkdocs_build(markdown, SAME_DAY)
    plugin = _project(tmp_path / "plugin")
    plugin_mode(plugin, "site_src/schema_map.json")
    docs_before = _docs(plugin)
    mkdocs_build(plugin, SAME_DAY)  # --strict, no warning
    assert _docs(plugin) == docs_before, "plugin mode wrote into the docs folder"
    assert not (plugin / "site_src" / "reference").exists()
    built, rendered = _files(markdown / "site"), _files(plugin / "site")
    assert sorted(rendered) == sorted(built)
    assert "reference/marketing/company_master/index.html" in rendered
    assert "reference/changelog/index.html" in rendered
    different = [name for name in built if built[name] != rendered[name]]
    assert not different, f"plugin mode differs from schemadoc build in {different[:10]}"


def test_a_missing_snapshot_is_one_line_without_traceback(tmp_path: Path) -> None:
    """A wrong `snapshot:` path stops `mkdocs build` with one line saying what to do."""
    scaffold(tmp_path, "Test site")
    plugin_mode(tmp_path, "no/such/schema_map.json")
    done = _mkdocs(tmp_path, "build")
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, done.stderr
    assert "no/such/schema_map.json" in errors[0] and "does not exist" in errors[0]
    assert "schemadoc snapshot" in errors[0]
    assert "Traceback" not in done.stderr


def test_a_broken_schemadoc_yml_is_one_line_without_traceback(tmp_path: Path) -> None:
    """Bad YAML in schemadoc.yml names the file and line, through MkDocs' error."""
    scaffold(tmp_path, "Test site")
    write_snapshot(tmp_path / "schema_map.json", seed_snapshot())
    plugin_mode(tmp_path)
    (tmp_path / "schemadoc.yml").write_text("version: 1\ntables: [unclosed\n", "utf-8")
    done = _mkdocs(tmp_path, "build")
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, done.stderr
    assert "schemadoc.yml" in errors[0]
    assert "Traceback" not in done.stderr


def test_committed_pages_in_the_prefix_are_refused(tmp_path: Path) -> None:
    """Plugin mode over a reference/ folder `schemadoc build` wrote says to delete it,
    rather than building a site of two references."""
    scaffold(tmp_path, "Test site")
    write_snapshot(tmp_path / "schema_map.json", seed_snapshot())
    build(BuildOptions(snapshot=tmp_path / "schema_map.json", site_dir=tmp_path / "site_src",
                       quiet=True))
    plugin_mode(tmp_path)
    done = _mkdocs(tmp_path, "build")
    assert done.returncode != 0
    assert "already holds files" in done.stderr and "prefix" in done.stderr
    assert "Traceback" not in done.stderr


def test_init_shows_both_modes_and_chooses_neither(tmp_path: Path) -> None:
    """The mkdocs.yml `init` writes keeps the plain plugin and shows plugin mode's
    options commented out, with their meaning."""
    scaffold(tmp_path, "Test site")
    text = (tmp_path / "mkdocs.yml").read_text("utf-8")
    assert "\n  - schemadoc\n" in text
    assert "\n  # - schemadoc:\n" in text
    for option in ("snapshot: schema_map.json", "config: schemadoc.yml", "prefix: reference/"):
        assert f"  #     {option}" in text
    assert "schemadoc build" in text and "Plugin mode" in text


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8", "replace"))


def _served(url: str, text: str, seconds: float) -> bool:
    """Whether `url` serves a page containing `text` within `seconds` (polling)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if text in _get(url):
                return True
        except OSError:
            pass
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)


@pytest.mark.slow
def test_mkdocs_serve_shows_saved_descriptions_and_columns(tmp_path: Path) -> None:
    """The loop a team works in: `mkdocs serve`, edit schemadoc.yml or take a new
    snapshot, and the page shows it within 10 s; the docs folder stays as it was."""
    project = tmp_path
    scaffold(project, "Test site")
    snapshot = seed_snapshot()
    write_snapshot(project / "schema_map.json", snapshot)
    plugin_mode(project)
    docs_before = _docs(project)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=log, stderr=subprocess.STDOUT)
    page = f"http://127.0.0.1:{port}/reference/marketing/company_master/"
    try:
        assert _served(page, "company_unique_id", 120), "mkdocs serve did not serve the page"

        config = project / "schemadoc.yml"
        config.write_text(config.read_text("utf-8") + "\ntables:\n  marketing.company_master:"
                          " Where every company is written first.\n", "utf-8")
        assert _served(page, "Where every company is written first.", 10), \
            (tmp_path / "serve.log").read_text()

        table = snapshot.schemas["marketing"].tables["company_master"]
        table.columns["hq_country"] = column(len(table.columns) + 1)
        write_snapshot(project / "schema_map.json", snapshot)
        assert _served(page, "hq_country", 10), (tmp_path / "serve.log").read_text()

        assert _docs(project) == docs_before, "mkdocs serve wrote into the docs folder"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()
