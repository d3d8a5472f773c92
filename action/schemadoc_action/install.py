"""Installs schemadoc from the action's own checkout (the tag the workflow names) into a
virtual environment of its own, so the job's Python and packages stay as they were."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from schemadoc_action.workflow import group, run, warning

# action/schemadoc_action/install.py -> the action's checkout, with pyproject.toml.
ACTION_PATH = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Tools:
    """The installed commands."""

    bin: Path

    @property
    def schemadoc(self) -> Path:
        return self.bin / "schemadoc"

    @property
    def mkdocs(self) -> Path:
        return self.bin / "mkdocs"


def install(runner_temp: Path, extra_packages: list[str]) -> Tools:
    """schemadoc (and `extra_packages`) in RUNNER_TEMP/schemadoc-venv. A second use of the
    action in the same job, with the same checkout and packages, reuses it."""
    venv = runner_temp / "schemadoc-venv"
    tools = Tools(venv / "bin")
    stamp = venv / "schemadoc-action.json"
    wanted = json.dumps({"action": str(ACTION_PATH), "packages": extra_packages})
    if stamp.is_file() and stamp.read_text("utf-8") == wanted and tools.schemadoc.exists():
        print(f"schemadoc is installed in {venv} already", flush=True)
    else:
        with group(f"Install schemadoc from {ACTION_PATH}"):
            run([sys.executable, "-m", "venv", "--clear", venv], what="python -m venv")
            run([tools.bin / "python", "-m", "pip", "install", "--disable-pip-version-check",
                 "--progress-bar", "off", ACTION_PATH, *extra_packages], what="pip install")
            stamp.write_text(wanted, "utf-8")
    run([tools.schemadoc, "--version"], what="schemadoc --version")
    return tools


def ensure_graphviz() -> None:
    """Graphviz's `dot` draws the site's diagrams; GitHub's Ubuntu runners lack it."""
    if shutil.which("dot"):
        return
    if shutil.which("apt-get"):
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        commands = [[*sudo, "apt-get", "update", "-qq"],
                    [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends",
                     "graphviz"]]
    elif shutil.which("brew"):
        commands = [["brew", "install", "graphviz"]]
    else:
        commands = []
    with group("Install Graphviz"):
        for command in commands:
            if subprocess.run(command, check=False).returncode != 0:
                break
    if not shutil.which("dot"):
        warning("Graphviz (dot) is not installed and could not be installed here; install "
                "it before this step, or set diagrams: {engine: mermaid} in schemadoc.yml")
