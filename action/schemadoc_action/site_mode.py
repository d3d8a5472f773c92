"""Mode `site`: render the committed snapshot into the MkDocs docs folder and build the
site, left in `site-dir` for actions/upload-pages-artifact. A mkdocs.yml in plugin mode
(the `schemadoc` plugin has a `snapshot:`) renders the reference itself: then only
`mkdocs build` runs."""

from __future__ import annotations

import re
from pathlib import Path

from schemadoc_action.inputs import Inputs
from schemadoc_action.install import Tools, ensure_graphviz
from schemadoc_action.workflow import group, run, set_outputs

# Material for MkDocs prints a notice about MkDocs 2 on every build otherwise.
QUIET = {"NO_MKDOCS_2_WARNING": "1"}


# `- schemadoc:` in a plugins list, and the lines indented under it.
_PLUGIN_BLOCK = re.compile(r"^(?P<indent>[ \t]*)-[ \t]*schemadoc:[ \t]*(?:#.*)?\n"
                           r"(?P<options>(?:(?P=indent)[ \t]+\S.*\n|[ \t]*(?:#.*)?\n)*)",
                           re.MULTILINE)


def plugin_mode(mkdocs_config: Path) -> bool:
    """Whether mkdocs.yml gives the `schemadoc` plugin a `snapshot:` (plugin mode)."""
    try:
        text = mkdocs_config.read_text("utf-8") + "\n"
    except OSError:
        return False  # mkdocs build says what is wrong with it
    return any(re.search(r"^[ \t]+snapshot:[ \t]*[^\s#]", block.group("options"), re.MULTILINE)
               for block in _PLUGIN_BLOCK.finditer(text))


def run_site(inputs: Inputs, tools: Tools) -> int:
    """`schemadoc build --snapshot` (unless mkdocs.yml is in plugin mode), then
    `mkdocs build --strict`."""
    ensure_graphviz()
    config = ["--config", str(inputs.config)] if inputs.config else []
    if plugin_mode(inputs.mkdocs_config):
        print("mkdocs.yml is in plugin mode: mkdocs build renders the reference itself")
    else:
        with group("schemadoc build"):
            run([tools.schemadoc, "build", "--snapshot", inputs.snapshot, "--site-dir",
                 inputs.docs_dir, "-q", *config], what="schemadoc build")
    site = inputs.site_dir.resolve()
    with group("mkdocs build --strict"):
        run([tools.mkdocs, "build", "--strict", "--config-file", inputs.mkdocs_config,
             "--site-dir", site], what="mkdocs build --strict", env=QUIET)
    set_outputs({"site-path": str(site)})
    return 0
