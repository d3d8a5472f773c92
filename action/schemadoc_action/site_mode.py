"""Mode `site`: render the committed snapshot into the MkDocs docs folder and build the
site, left in `site-dir` for actions/upload-pages-artifact."""

from __future__ import annotations

from schemadoc_action.inputs import Inputs
from schemadoc_action.install import Tools, ensure_graphviz
from schemadoc_action.workflow import group, run, set_outputs

# Material for MkDocs prints a notice about MkDocs 2 on every build otherwise.
QUIET = {"NO_MKDOCS_2_WARNING": "1"}


def run_site(inputs: Inputs, tools: Tools) -> int:
    """`schemadoc build --snapshot` then `mkdocs build --strict`."""
    ensure_graphviz()
    config = ["--config", str(inputs.config)] if inputs.config else []
    with group("schemadoc build"):
        run([tools.schemadoc, "build", "--snapshot", inputs.snapshot, "--site-dir",
             inputs.docs_dir, "-q", *config], what="schemadoc build")
    site = inputs.site_dir.resolve()
    with group("mkdocs build --strict"):
        run([tools.mkdocs, "build", "--strict", "--config-file", inputs.mkdocs_config,
             "--site-dir", site], what="mkdocs build --strict", env=QUIET)
    set_outputs({"site-path": str(site)})
    return 0
