"""`python3 -m schemadoc_action`: the action's one step (action.yml)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from schemadoc_action.diff_mode import run_diff
from schemadoc_action.inputs import InputErrors, read_inputs
from schemadoc_action.install import install
from schemadoc_action.site_mode import run_site
from schemadoc_action.workflow import ActionError, error


def main() -> int:
    """0 on success, 1 when fail-on finds what it names, 2 on an error."""
    try:
        inputs = read_inputs(os.environ)
    except InputErrors as exc:
        for message in exc.messages:
            error(message)
        return 2
    # The commands run below (psql, schemadoc, the team's migrate-command) need none of
    # the inputs, and one of them is the token.
    for name in [name for name in os.environ if name.startswith("INPUT_")]:
        del os.environ[name]
    runner_temp = Path(os.environ.get("RUNNER_TEMP") or tempfile.mkdtemp(prefix="schemadoc-"))
    work = runner_temp / "schemadoc"
    work.mkdir(parents=True, exist_ok=True)
    try:
        tools = install(runner_temp, inputs.extra_packages)
        if inputs.mode == "site":
            return run_site(inputs, tools)
        return run_diff(inputs, tools, work)
    except ActionError as exc:
        error(str(exc))
        return 2


if __name__ == "__main__":
    sys.exit(main())
