"""Prerendered tables and raw blocks (generator/render/prerender.py): every generated
page reads exactly as MkDocs' Markdown alone makes it, byte for byte, with the same
anchors and links checked, whether the `schemadoc` plugin renders its tables and
diagrams ahead of Markdown or not; a cell holding Markdown beyond what the plugin
renders leaves its table to Markdown."""

from __future__ import annotations

import logging
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from generator.commands.build import BuildOptions, build
from generator.commands.scaffold import scaffold
from generator.render.mkdocs_plugin import SchemadocPlugin
from generator.render.prerender import Prerenderer
from tests.factories import odd_snapshot, seed_snapshot
from tests.helpers import REPO
from tests.render.site_check import project_with

CONFIGURED = REPO / "tests" / "golden" / "configured"


@dataclass
class Compared:
    pages: int = 0
    tables: int = 0  # prerendered
    raw_blocks: int = 0
    left_to_markdown: int = 0  # tables a cell kept out


def _site(project: Path) -> tuple[MkDocsConfig, Files, SchemadocPlugin]:
    """The project's MkDocs configuration, files and schemadoc plugin, as `mkdocs build`
    sets them up."""
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    get_navigation(files, config)
    plugin = config.plugins["schemadoc"]
    assert isinstance(plugin, SchemadocPlugin)
    assert plugin.prerenderer is not None, "the scaffolded site's extensions are all known"
    return config, files, plugin


def _compare(project: Path) -> Compared:
    """Render every generated page twice, by Markdown alone and prerendered, and assert
    the two are the same."""
    config, files, plugin = _site(project)
    counts = Compared()
    for file in files.documentation_pages():
        if not file.src_uri.startswith("reference/"):
            continue
        page = file.page or Page(None, file, config)
        page.read_source(config)
        source = page.markdown
        assert source is not None
        page.render(config, files)
        plain = (page.content, page.present_anchor_ids, page.links_to_anchors)
        page.markdown = plugin.on_page_markdown(source, page=page, config=config,
                                                files=files)
        counts.left_to_markdown += page.markdown.count("\n|--") + page.markdown.count("\n|:-")
        blocks = plugin.prerendered.get(file.src_uri)
        if blocks:
            counts.raw_blocks += sum(not b.startswith("<table>")
                                     for b in blocks[0].blocks.values())
            counts.tables += sum(b.startswith("<table>") for b in blocks[0].blocks.values())
        page.render(config, files)
        html = plugin.on_page_content(page.content or "", page=page, config=config,
                                      files=files)
        assert (html, page.present_anchor_ids, page.links_to_anchors) == plain, file.src_uri
        counts.pages += 1
    return counts


def test_hostile_names_read_the_same(tmp_path: Path) -> None:
    """Names holding Markdown, HTML, pipes, backticks and invisible characters: the
    pages are the same; the cells the plugin cannot render keep their tables in
    Markdown."""
    project, _ = project_with(tmp_path, odd_snapshot())
    counts = _compare(project)
    assert counts.pages >= 10
    assert counts.tables >= 20 and counts.raw_blocks >= 5
    assert counts.left_to_markdown >= 1


def test_described_site_reads_the_same(tmp_path: Path) -> None:
    """The team's descriptions (Markdown, in cells too), dependencies, Mermaid diagrams, the
    Health and Changelog pages: the same pages."""
    scaffold(tmp_path, "Test site")
    shutil.copy(CONFIGURED / "schemadoc.yml", tmp_path / "schemadoc.yml")
    build(BuildOptions(snapshot=CONFIGURED / "schema_map.json", config=tmp_path /
                       "schemadoc.yml", site_dir=tmp_path / "site_src", quiet=True))
    counts = _compare(tmp_path)
    assert counts.tables >= 40


CELLS = [
    "plain text, with (brackets) and: colons # hash",
    "`bigint`", "``a`b``", "`` `tick` ``", "`a || b`", "`x` and `y`", "`<b>&amp;</b>`",
    "company\\_master", "company_master", "snake_case_name", "\\_leading", "trailing\\_",
    "\\\\ back \\\\", "\\a not an escape", "&lt;script&gt;", "a & b", "AT&T;", "&#61;x",
    "x > y", "ends with \\", "\\|pipe\\|", "`a \\| b`", "\\*not emphasis\\*", "*(virtual)*",
    "*(in full below)*", "<span data-sort=\"-1\">never analysed</span>",
    "<code>long<wbr><span class=\"schemadoc-nb\">name</span></code>", "one<br>two",
    "[sales.account](account.md)", "[sales.<wbr>account](account.md) *(virtual)*",
    "[a\\_b](account.md#columns)", "[here](#constraints)", "[missing](nowhere.md)",
    "[out](https://example.com/x)",
    # beyond what the plugin renders: Markdown's own business
    "**strong**", "_emphasis_", "*emphasis*", "__init__", "x_", "![img](a.png)",
    "[ref]", "<b>bold</b>", "<span id=\"anchor\">x</span>", "a {: .cls }",
    "<https://example.com>", "\\`tick", "`unclosed", "a\tb",
]


def test_tricky_cells_read_the_same(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                    ) -> None:
    """One table per cell, raw blocks between and at the end: the same HTML, and the
    links to a missing page warn alike (three links, rendered both ways)."""
    scaffold(tmp_path, "Test site")
    folder = tmp_path / "site_src" / "reference"
    folder.mkdir()
    (folder / "account.md").write_text("# Account\n\n## Columns\n", "utf-8")
    raw = ('<div class="schemadoc-diagram" markdown="0">\n<svg id="d1">\n'
           '<g id="n&#45;1"><text>x</text></g>\n</svg>\n</div>')
    parts = ["# Cells", raw, "## Constraints"]
    for cell in CELLS:
        parts.append(f"| Cell | # |\n|---|--:|\n| {cell} | 1 |\n| {cell} {cell} | 2 |")
    parts += [raw, raw]
    (folder / "cells.md").write_text("\n\n".join(parts) + "\n", "utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        counts = _compare(tmp_path)
    missing = [r for r in caplog.records if "nowhere.md" in r.getMessage()]
    assert len(missing) == 6, [r.getMessage() for r in caplog.records]
    beyond = CELLS.index("**strong**")
    assert counts.tables == beyond and counts.raw_blocks == 3
    assert counts.left_to_markdown == len(CELLS) - beyond


def test_unknown_extensions_leave_pages_to_markdown(tmp_path: Path) -> None:
    """An extension whose effect on text the plugin does not know (smarty's quotes):
    no page is prerendered."""
    project, _ = project_with(tmp_path, seed_snapshot())
    mkdocs_yml = project / "mkdocs.yml"
    text = mkdocs_yml.read_text("utf-8")
    mkdocs_yml.write_text(text.replace("  - tables\n", "  - tables\n  - smarty\n"), "utf-8")
    config = load_config(str(mkdocs_yml))
    config = config.plugins.on_config(config)
    plugin = config.plugins["schemadoc"]
    assert isinstance(plugin, SchemadocPlugin)
    assert plugin.prerenderer is None


def test_rows_split_as_the_tables_extension_splits_them() -> None:
    """Random rows of pipes, backticks and backslashes: the same cells."""
    prerenderer = Prerenderer(["tables"], {})
    chance = random.Random(12)
    for _ in range(20_000):
        row = "|" + "".join(chance.choice("ab`|` |``\\") for _ in range(chance.randint(0, 16)))
        row += "|"
        assert prerenderer._split(row) == list(prerenderer._splitter._split_row(row)), row
