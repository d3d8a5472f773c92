"""The README documents every command and every option a new user can type."""

from __future__ import annotations

import click
import pytest

from generator.cli import cli
from tests.helpers import REPO

README = (REPO / "README.md").read_text("utf-8")
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_readme_section(name: str) -> None:
    """Each command has its own `### \\`schemadoc NAME\\`` section."""
    assert f"### `schemadoc {name}`" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_in_the_readme(name: str) -> None:
    """Every long option of every command appears in the README."""
    command = cli.commands[name]
    missing = [
        opt
        for param in command.params
        if isinstance(param, click.Option)
        for opt in param.opts
        if opt.startswith("--") and opt not in ("--help",) and opt not in README
    ]
    assert not missing, f"schemadoc {name}: options missing from README.md: {missing}"
