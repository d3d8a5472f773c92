"""Mode site with a mkdocs.yml in plugin mode: the plugin renders the reference inside
`mkdocs build`, so the action runs only that (a `schemadoc build` before it would put
Markdown where the plugin renders its pages)."""

from __future__ import annotations

import shutil
from pathlib import Path

from schemadoc_action.site_mode import plugin_mode

from generator.commands.scaffold import scaffold
from tests.action.conftest import EXAMPLE, workflow_inputs
from tests.action.runner import LocalRunner
from tests.render.site_check import plugin_mode as switch_to_plugin_mode


def test_plugin_mode_is_told_from_mkdocs_yml(tmp_path: Path) -> None:
    """`init`'s mkdocs.yml (plugin mode commented out) is not; uncommented, it is."""
    scaffold(tmp_path, "Test site")
    config = tmp_path / "mkdocs.yml"
    assert not plugin_mode(config)
    switch_to_plugin_mode(tmp_path)
    assert plugin_mode(config)
    config.write_text(config.read_text("utf-8").replace("snapshot:", "# snapshot:"), "utf-8")
    assert not plugin_mode(config)


def test_site_in_plugin_mode_is_built_by_mkdocs_alone(runner_temp: Path,
                                                      tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    shop = workspace / "examples" / "shop"
    shutil.copytree(EXAMPLE, shop, ignore=shutil.ignore_patterns("reference", "site"))
    config = shop / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\n  - schemadoc\n" in text
    config.write_text(text.replace(
        "\n  - schemadoc\n", "\n  - schemadoc:\n      snapshot: site_src/schema_map.json\n"),
        "utf-8")
    run = LocalRunner(workspace, runner_temp).run(workflow_inputs("docs.yml"))
    assert run.returncode == 0, run.log
    assert "plugin mode" in run.log and "schemadoc build" not in run.log
    assert not (shop / "site_src" / "reference").exists()
    page = shop / "site" / "reference" / "public" / "customer" / "index.html"
    assert "One row per person who can place an order." in page.read_text("utf-8")
