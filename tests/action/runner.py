"""Runs action.yml on this machine the way GitHub's runner runs a composite action:
each `run:` step with `bash --noprofile --norc -eo pipefail`, in its working directory,
with its `env:` evaluated from the inputs (or their defaults), the `github` context and
earlier steps' outputs; GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH and
RUNNER_TEMP are real files and folders. `uses:` steps (actions/setup-python) are not run:
the test's Python stands in for the one they set up.

Only the expressions action.yml uses are understood (`inputs.x`, `github.x`,
`steps.x.outputs.y`, literals, `==` and `!=`); anything else fails the test, so an input
referenced but not declared fails too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.helpers import REPO, psql_binary

ACTION = REPO / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
# What the runner would have put there; the test's own values are kept out.
DROPPED = ("GITHUB_", "RUNNER_", "INPUT_", "PG", "DATABASE_URL", "VIRTUAL_ENV", "PYTHONPATH")


def load_action() -> dict[str, Any]:
    """action.yml as data."""
    data = yaml.safe_load(ACTION.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@dataclass
class StepResult:
    """One step as it ran."""

    name: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


@dataclass
class ActionRun:
    """The action as it ran: its steps, outputs and the job summary."""

    steps: list[StepResult]
    outputs: dict[str, str]
    summary: str
    skipped: list[str] = field(default_factory=list)

    @property
    def returncode(self) -> int:
        return next((s.returncode for s in self.steps if s.returncode), 0)

    @property
    def log(self) -> str:
        return "".join(s.stdout + s.stderr for s in self.steps)

    @property
    def errors(self) -> list[str]:
        """The `::error::` lines of the log."""
        return [line for line in self.log.splitlines() if line.startswith("::error::")]


class LocalRunner:
    """Runs the action in `workspace` with `runner_temp` as RUNNER_TEMP."""

    def __init__(self, workspace: Path, runner_temp: Path,
                 github: dict[str, str] | None = None, env: dict[str, str] | None = None):
        self.workspace = workspace
        self.runner_temp = runner_temp
        self.github = {"action_path": str(REPO), "base_ref": "", "token": "test-token",
                       "repository": "acme/shop", "api_url": "https://api.github.invalid",
                       **(github or {})}
        self.env = env or {}

    def run(self, inputs: dict[str, str], event: dict[str, Any] | None = None) -> ActionRun:
        action = load_action()
        declared = action["inputs"]
        unknown = set(inputs) - set(declared)
        assert not unknown, f"inputs not declared in action.yml: {unknown}"
        values = {name: inputs.get(name, str(spec.get("default", "")))
                  for name, spec in declared.items()}
        files = self._files(event)
        context = _Context(values, self.github, {})
        results, skipped = [], []
        for step in action["runs"]["steps"]:
            name = step.get("name", step.get("uses", "?"))
            if "if" in step and not context.condition(step["if"]):
                skipped.append(name)
                continue
            if "uses" in step:
                skipped.append(name)
                continue
            result = self._step(step, context, files)
            results.append(result)
            if "id" in step:
                context.steps[step["id"]] = result.outputs
            if result.returncode:
                break
        outputs = {name: context.evaluate(spec["value"])
                   for name, spec in action.get("outputs", {}).items()}
        summary = files["GITHUB_STEP_SUMMARY"].read_text("utf-8")
        return ActionRun(results, outputs, summary, skipped)

    def _files(self, event: dict[str, Any] | None) -> dict[str, Path]:
        self.runner_temp.mkdir(parents=True, exist_ok=True)
        files = {}
        for name in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_EVENT_PATH", "GITHUB_ENV",
                     "GITHUB_PATH"):
            path = self.runner_temp / f"_{name.lower()}"
            path.write_text("", "utf-8")
            files[name] = path
        files["GITHUB_EVENT_PATH"].write_text(json.dumps(event or {}), "utf-8")
        return files

    def _step(self, step: dict[str, Any], context: _Context, files: dict[str, Path]
              ) -> StepResult:
        assert step.get("shell") == "bash", "composite run steps must name their shell"
        files["GITHUB_OUTPUT"].write_text("", "utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(DROPPED)}
        env.update(PATH=os.pathsep.join([str(_python_dir(self.runner_temp)),
                                         str(Path(psql_binary()).parent), env["PATH"]]),
                   RUNNER_TEMP=str(self.runner_temp), GITHUB_ACTION_PATH=str(REPO),
                   GITHUB_WORKSPACE=str(self.workspace),
                   GITHUB_REPOSITORY=self.github["repository"],
                   GITHUB_API_URL=self.github["api_url"],
                   **{k: str(v) for k, v in files.items()}, **self.env)
        env.update({k: context.evaluate(str(v)) for k, v in step.get("env", {}).items()})
        cwd = self.workspace / context.evaluate(step.get("working-directory", "."))
        script = context.evaluate(step["run"])
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                 script], cwd=cwd, env=env, capture_output=True, text=True,
                                timeout=600, check=False)
        outputs = dict(line.split("=", 1) for line in
                       files["GITHUB_OUTPUT"].read_text("utf-8").splitlines() if "=" in line)
        return StepResult(step.get("name", ""), result.returncode, result.stdout,
                          result.stderr, outputs)


def _python_dir(runner_temp: Path) -> Path:
    """A folder whose `python3` is the test's interpreter, as setup-python would provide."""
    folder = runner_temp / "_python"
    folder.mkdir(exist_ok=True)
    link = folder / "python3"
    if not link.exists():
        link.symlink_to(getattr(sys, "_base_executable", sys.executable))
    return folder


@dataclass
class _Context:
    inputs: dict[str, str]
    github: dict[str, str]
    steps: dict[str, dict[str, str]]

    def evaluate(self, text: str) -> str:
        """`text` with every ${{ ... }} replaced."""
        return EXPRESSION.sub(lambda m: self.value(m.group(1)), text)

    def condition(self, expression: str) -> bool:
        expression = EXPRESSION.sub(lambda m: m.group(1), expression).strip()
        for operator in ("!=", "=="):
            if operator in expression:
                left, right = (self.value(part.strip()) for part in expression.split(operator))
                return (left != right) if operator == "!=" else (left == right)
        raise AssertionError(f"the local runner does not understand `if: {expression}`")

    def value(self, expression: str) -> str:
        if re.fullmatch(r"'[^']*'", expression):
            return expression[1:-1]
        parts = expression.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            assert parts[1] in self.inputs, f"action.yml uses undeclared input {parts[1]}"
            return self.evaluate(self.inputs[parts[1]])
        if parts[0] == "github" and len(parts) == 2:
            return self.github[parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.steps.get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"the local runner does not understand ${{{{ {expression} }}}}")
