"""The action's inputs (INPUT_* variables, set by action.yml), checked before any work:
every mistake is one line naming the input and what to write instead."""

from __future__ import annotations

import glob
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MODES = ("diff", "site")
FAIL_ON = ("breaking", "any", "none")
BOOLEANS = {"true": True, "false": False}


class InputErrors(Exception):
    """One or more inputs are wrong; each message is one line."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Inputs:
    """What the workflow asked for, checked. Paths are relative to the working directory."""

    mode: str
    snapshot: Path
    database_url: str = ""
    migrations: list[Path] = field(default_factory=list)
    migrate_command: str = ""
    base_ref: str = ""
    comment: bool = True
    github_token: str = ""
    fail_on: str = "breaking"
    lint: bool = True
    config: Path | None = None
    docs_dir: Path = Path("site_src")
    mkdocs_config: Path = Path("mkdocs.yml")
    site_dir: Path = Path("site")
    extra_packages: list[str] = field(default_factory=list)

    @property
    def migrates(self) -> bool:
        """Whether the database is built by migrations before the snapshot."""
        return bool(self.migrations or self.migrate_command)


def read_inputs(env: Mapping[str, str]) -> Inputs:
    """Inputs from `env`; raises InputErrors listing every problem found."""
    reader = _Reader(env)
    mode = reader.choice("mode", MODES)
    inputs = Inputs(
        mode=mode,
        snapshot=Path(reader.text("snapshot") or "site_src/schema_map.json"),
        # The job's DATABASE_URL is the same thing under its usual name.
        database_url=reader.text("database-url") or env.get("DATABASE_URL", "").strip(),
        migrations=reader.migration_files(),
        migrate_command=reader.text("migrate-command"),
        base_ref=reader.text("base-ref"),
        comment=reader.boolean("comment"),
        github_token=reader.text("github-token"),
        fail_on=reader.choice("fail-on", FAIL_ON),
        lint=reader.boolean("lint"),
        config=reader.existing_file("config"),
        docs_dir=Path(reader.text("docs-dir") or "site_src"),
        mkdocs_config=Path(reader.text("mkdocs-config") or "mkdocs.yml"),
        site_dir=Path(reader.text("site-dir") or "site"),
        extra_packages=reader.words("extra-packages"),
    )
    if mode == "diff":
        reader.problems += _diff_problems(inputs)
    elif mode == "site":
        reader.problems += _site_problems(inputs, env)
    if reader.problems:
        raise InputErrors(reader.problems)
    return inputs


def _diff_problems(inputs: Inputs) -> list[str]:
    problems = []
    if not inputs.base_ref:
        problems.append("base-ref: empty; mode diff compares with the base branch of a "
                        "pull_request event, or give base-ref: main")
    if inputs.migrations and inputs.migrate_command:
        problems.append("migrations and migrate-command: give one of them, not both")
    if inputs.migrates and not inputs.database_url:
        problems.append("database-url: the migrations need a database; give the job's "
                        "PostgreSQL service, e.g. postgresql://postgres:postgres@localhost:5432/"
                        "postgres")
    if not inputs.database_url and not inputs.migrates and not inputs.snapshot.is_file():
        problems.append(f"snapshot: no file {inputs.snapshot} and no database-url; give "
                        "database-url (and migrations), or commit the snapshot in the "
                        "pull request")
    return problems


def _site_problems(inputs: Inputs, env: Mapping[str, str]) -> list[str]:
    problems = []
    if not inputs.snapshot.is_file():
        problems.append(f"snapshot: no file {inputs.snapshot}; commit one (schemadoc "
                        f"snapshot -o {inputs.snapshot}) or set snapshot to its path")
    if not inputs.mkdocs_config.is_file():
        problems.append(f"mkdocs-config: no file {inputs.mkdocs_config}; start one with "
                        "`schemadoc init`, or set mkdocs-config to its path")
    for name in ("migrations", "migrate-command", "database-url"):
        if env.get(_variable(name), "").strip():
            problems.append(f"{name}: not used in mode site, which renders the committed "
                            f"snapshot ({inputs.snapshot}); remove it")
    return problems


def _variable(name: str) -> str:
    return "INPUT_" + name.upper().replace("-", "_")


class _Reader:
    """Reads inputs one by one and collects what is wrong with them."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def text(self, name: str) -> str:
        return self.env.get(_variable(name), "").strip()

    def choice(self, name: str, allowed: tuple[str, ...]) -> str:
        value = self.text(name) or allowed[0]
        if value not in allowed:
            self.problems.append(f"{name}: unknown value {value!r}; use "
                                 + ", ".join(allowed[:-1]) + f" or {allowed[-1]}")
        return value

    def boolean(self, name: str) -> bool:
        value = self.text(name).lower() or "true"
        if value not in BOOLEANS:
            self.problems.append(f"{name}: {self.text(name)!r} is not true or false")
        return BOOLEANS.get(value, False)

    def existing_file(self, name: str) -> Path | None:
        value = self.text(name)
        if value and not Path(value).is_file():
            self.problems.append(f"{name}: no file {value}")
        return Path(value) if value else None

    def words(self, name: str) -> list[str]:
        try:
            return shlex.split(self.text(name))
        except ValueError as exc:
            self.problems.append(f"{name}: {exc}")
            return []

    def migration_files(self) -> list[Path]:
        """The files `migrations` matches, in name order (C collation, as `ls` in CI)."""
        pattern = self.text("migrations")
        if not pattern:
            return []
        files = sorted(p for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
        if not files:
            self.problems.append(f"migrations: no file matches {pattern!r} (relative to the "
                                 "working directory); check the path and the checkout")
        return [Path(p) for p in files]
