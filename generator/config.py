"""`schemadoc.yml`: what the catalog cannot say, written down beside the docs.

Which objects to document, schema statuses and groups, a title and introduction,
descriptions the database lacks, relations it does not declare (listed, or detected
from column names), flows of data between tables, the team's conventions, and how
`schemadoc lint` judges the schema. The file is YAML, checked against the JSON Schema
shipped beside this module (`config_schema.json`); every problem is reported as one
line `file:line: key.path: what was expected`, before anything is written.

Readers (renderer, lint) take a frozen `Config` and ask it questions: `includes`,
`status_for`, `group_for`, `groups`, `status_overrides`, `description_for`,
`virtual_relations`, `flows`, `id_format_for`, and `filter_snapshot(snapshot, config)`
for the snapshot restricted to what is documented. `config.check(snapshot)` raises
for flows and declared relations naming what does not exist and returns warnings for
descriptions that name nothing. Reading the file lives in `config_yaml.py`, patterns
and name templates in `config_names.py`.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.config_names import (
    Endpoint,
    VirtualRelation,
    decide,
    detect_relations,
    find_relation,
    fits_template,
    glob3,
    iter_tables,
    object_pattern,
    singular,
)
from generator.config_yaml import (
    KeyPath,
    config_schema,
    dotted,
    read_config_data,
    read_config_file,
)
from generator.errors import ConfigError
from generator.model import Snapshot

__all__ = [
    "CONFIG_NAME", "Config", "DiagramSettings", "Endpoint", "Flow", "FlowStep", "IdFormat",
    "LintSettings", "NamingRules", "RuleSettings", "SchemaSettings", "TableNotes",
    "VirtualRelation",
    "config_schema", "filter_snapshot", "find_config", "fits_template", "load_config",
    "parse_config", "singular",
]

CONFIG_NAME = "schemadoc.yml"
_KINDS = {"tables": "table", "views": "view", "materialized_views": "materialized_view",
          "sequences": "sequence", "types": "type"}


@dataclass(frozen=True, slots=True)
class SchemaSettings:
    """What schemadoc.yml says about one schema (or a glob of schemas)."""

    status: str | None = None
    group: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class TableNotes:
    """Descriptions of a table (view, materialized view) and of its parts, by name."""

    description: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    indexes: Mapping[str, str] = field(default_factory=dict)
    constraints: Mapping[str, str] = field(default_factory=dict)
    triggers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FlowStep:
    """A table in a flow; `label` names the arrow into it, which starts at `source`
    (a table of an earlier step) or, when that is None, at the previous step."""

    table: str
    label: str | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Flow:
    """A named chain of tables showing how data moves."""

    name: str
    steps: tuple[FlowStep, ...]
    description: str | None = None

    def edges(self) -> list[tuple[str, str, str | None]]:
        """The arrows: (from table, to table, label), in order."""
        return [(step.source or self.steps[i].table, step.table, step.label)
                for i, step in enumerate(self.steps[1:])]


@dataclass(frozen=True, slots=True)
class DiagramSettings:
    """The `diagrams:` section: which engine draws them, how far a table page's diagram
    reaches, and size limits (None: the engine's defaults)."""

    engine: str = "graphviz"  # graphviz, mermaid or none
    distance: int = 1
    neighbours: int | None = None
    columns: int | None = None
    keys_tables: int | None = None
    names_tables: int | None = None
    groups: int | None = None


@dataclass(frozen=True, slots=True)
class IdFormat:
    """A format identifier columns follow, e.g. the Barton ID."""

    name: str
    regex: str
    columns: tuple[str, ...]
    example: str | None = None
    description: str | None = None

    def applies_to(self, schema: str, table: str, column: str) -> bool:
        """Whether `schema.table.column` is one of the columns the format names."""
        return any(glob3(p, (schema, table, column)) for p in self.columns)

    def matches(self, value: str) -> bool:
        """Whether a value follows the format."""
        return re.search(self.regex, value) is not None


@dataclass(frozen=True, slots=True)
class NamingRules:
    """Name templates (alternatives) for keys, timestamps and booleans; empty: no rule."""

    primary_keys: tuple[str, ...] = ()
    foreign_keys: tuple[str, ...] = ()
    timestamps: tuple[str, ...] = ()
    booleans: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """One lint rule as configured: `severity` None keeps the rule's own, "off" disables."""

    severity: str | None = None
    exclude: tuple[str, ...] = ()
    max: int | None = None


@dataclass(frozen=True, slots=True)
class LintSettings:
    """Lint configuration: global exclusions and per-rule settings."""

    exclude: tuple[str, ...] = ()
    rules: Mapping[str, RuleSettings] = field(default_factory=dict)

    def rule(self, rule_id: str) -> RuleSettings:
        """The settings of one rule (defaults when not configured)."""
        return self.rules.get(rule_id, RuleSettings())

    def excludes(self, rule_id: str, schema: str, table: str | None) -> bool:
        """Whether a finding of `rule_id` on `schema[.table]` is excluded."""
        patterns = self.exclude + self.rule(rule_id).exclude
        return any(object_pattern(p).matches(schema, table, "table") for p in patterns)


@dataclass(frozen=True)
class Config:
    """The whole of schemadoc.yml; `Config()` is the configuration of no file."""

    source: str | None = None
    title: str | None = None
    introduction: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    schemas: Mapping[str, SchemaSettings] = field(default_factory=dict)
    tables: Mapping[str, TableNotes] = field(default_factory=dict)
    functions: Mapping[str, str] = field(default_factory=dict)
    declared: tuple[VirtualRelation, ...] = ()
    strategies: tuple[str, ...] = ()
    flows: tuple[Flow, ...] = ()
    diagrams: DiagramSettings = DiagramSettings()
    id_formats: tuple[IdFormat, ...] = ()
    naming: NamingRules = NamingRules()
    lint: LintSettings = LintSettings()
    lines: Mapping[KeyPath, int] = field(default_factory=dict, compare=False, repr=False)

    def includes(self, schema: str, name: str | None = None, kind: str = "table") -> bool:
        """Whether an object (or, with no name, the schema itself) is documented.

        `kind`: table, view, materialized_view, function, sequence or type. The most
        specific matching include/exclude pattern decides. An object no pattern
        matches is included, unless `include` names whole schemas (`marketing`,
        `marketing.*`): then only those are documented. Patterns naming single
        objects only make exceptions (`include: [archive.shq_schema_registry]`).
        """
        verdict = decide(self.include, self.exclude, schema, name, kind)
        if verdict is None:
            return not any(object_pattern(p).whole_schema() for p in self.include)
        return verdict

    def schema_settings(self, schema: str) -> SchemaSettings:
        """The settings of a schema: by exact name, else the first glob that matches."""
        if schema in self.schemas:
            return self.schemas[schema]
        return next((s for p, s in self.schemas.items() if fnmatch.fnmatchcase(schema, p)),
                    SchemaSettings())

    def status_for(self, schema: str) -> str | None:
        """active, archive, reserved or platform if set here; None: use the built-in rules."""
        return self.schema_settings(schema).status

    def group_for(self, schema: str) -> str | None:
        """The overview heading the schema is listed under, if set here."""
        return self.schema_settings(schema).group

    def status_overrides(self, schemas: Mapping[str, object]) -> dict[str, str]:
        """Status per schema name for those this file sets (for `StatusRules.overrides`)."""
        return {n: s for n in schemas if (s := self.status_for(n)) is not None}

    def groups(self, schemas: Mapping[str, object]) -> dict[str, list[str]]:
        """Group name -> schema names (sorted), groups in the order this file names them."""
        order = [s.group for s in self.schemas.values() if s.group]
        found: dict[str, list[str]] = {g: [] for g in dict.fromkeys(order)}
        for name in sorted(schemas):
            group = self.group_for(name)
            if group is not None:
                found[group].append(name)
        return {g: names for g, names in found.items() if names}

    def description_for(self, kind: str, schema: str, name: str | None = None,
                        part: str | None = None) -> str | None:
        """The Markdown description this file gives an object, if any.

        kind "schema": `schema`; "table" (view, materialized view): `schema`, `name`;
        "column", "index", "constraint", "trigger": `schema`, table `name`, `part`;
        "function": `schema`, `name` as a signature `f(integer)` or a bare name.
        """
        if kind == "schema":
            return self.schema_settings(schema).description
        if kind == "function":
            bare = (name or "").split("(")[0]
            return self.functions.get(f"{schema}.{name}") or self.functions.get(
                f"{schema}.{bare}")
        notes = self.tables.get(f"{schema}.{name}")
        if notes is None:
            return None
        if kind in ("table", "view", "materialized_view"):
            return notes.description
        parts = {"column": notes.columns, "index": notes.indexes,
                 "constraint": notes.constraints, "trigger": notes.triggers}
        return parts[kind].get(part or "") if kind in parts else None

    def id_format_for(self, schema: str, table: str, column: str) -> IdFormat | None:
        """The first ID format that names this column."""
        return next((f for f in self.id_formats if f.applies_to(schema, table, column)), None)

    def virtual_relations(self, snapshot: Snapshot) -> list[VirtualRelation]:
        """Declared relations, then those the naming strategies detect, minus any the
        catalog already has as a foreign key; sorted by source."""
        real = {(s, t, c.columns[0]) for s, t, table in iter_tables(snapshot)
                for c in table.constraints.values() if c.type == "foreign_key"}
        found = [r for r in self.declared
                 if (r.source.schema, r.source.table, r.source.columns[0]) not in real
                 and find_relation(snapshot, f"{r.target.schema}.{r.target.table}") is not None]
        taken = real | {(r.source.schema, r.source.table, r.source.columns[0]) for r in found}
        found += detect_relations(snapshot, self.strategies, taken)
        return sorted(found, key=lambda r: (r.source.schema, r.source.table, r.source.columns))

    def where(self, *path: str | int) -> str:
        """`file:line` of a key, for messages about it."""
        line = next((self.lines[path[:n]] for n in range(len(path), 0, -1)
                     if path[:n] in self.lines), 1)
        return f"{self.source or CONFIG_NAME}:{line}"

    def check(self, snapshot: Snapshot) -> list[str]:
        """Check the file against a snapshot: raise ConfigError for a flow or declared
        relation naming a missing table or column; return warnings for descriptions
        and settings that name nothing."""
        for i, flow in enumerate(self.flows):
            for j, step in enumerate(flow.steps):
                self._require(snapshot, step.table, ("flows", i, "steps", j, "table"))
        for i, rel in enumerate(self.declared):
            for end, key in ((rel.source, "from"), (rel.target, "to")):
                self._require(snapshot, f"{end.schema}.{end.table}",
                              ("relations", "declared", i, key), end.columns)
        return self._warnings(snapshot)

    def _require(self, snapshot: Snapshot, name: str, path: KeyPath,
                 columns: tuple[str, ...] = ()) -> None:
        table = find_relation(snapshot, name)
        if table is None:
            names = [f"{s}.{t}" for s, t, _ in iter_tables(snapshot)]
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(f"{self.where(*path)}: {dotted(path)}: table {name} does not "
                              f"exist in the database{hint}")
        for column in columns:
            if column not in table.columns:
                raise ConfigError(f"{self.where(*path)}: {dotted(path)}: {name} has no "
                                  f"column {column!r}")

    def _warnings(self, snapshot: Snapshot) -> list[str]:
        out = []
        for name, notes in self.tables.items():
            table = find_relation(snapshot, name)
            if table is None:
                out.append(f"{self.where('tables', name)}: {name} is not in the database")
                continue
            out += [f"{self.where('tables', name, 'columns', c)}: {name} has no column {c!r}"
                    for c in notes.columns if c not in table.columns]
        for pattern in self.schemas:
            if not any(fnmatch.fnmatchcase(s, pattern) for s in snapshot.schemas):
                out.append(f"{self.where('schemas', pattern)}: no schema matches {pattern!r}")
        return out


def filter_snapshot(snapshot: Snapshot, config: Config) -> Snapshot:
    """The snapshot with only the objects `config` documents; a schema stays while it is
    included itself or keeps an included object."""
    if not (config.include or config.exclude):
        return snapshot
    schemas = {}
    for name, schema in snapshot.schemas.items():
        parts: dict[str, Any] = {
            slot: {k: v for k, v in getattr(schema, slot).items()
                   if config.includes(name, k, kind)}
            for slot, kind in _KINDS.items()}
        parts["functions"] = {sig: f for sig, f in schema.functions.items()
                              if config.includes(name, f.name, "function")}
        kept = replace(schema, **parts)
        if config.includes(name, None, "schema") or any(parts.values()):
            schemas[name] = kept
    return replace(snapshot, schemas=schemas)


# -- reading the file ------------------------------------------------------------------


def find_config(path: str | Path | None, directory: Path = Path(".")) -> Config:
    """The configuration at `path` (which must exist), else `directory/schemadoc.yml`
    if there is one, else the defaults."""
    if path is None:
        default = directory / CONFIG_NAME
        return load_config(default) if default.is_file() else Config()
    return load_config(Path(path))


def load_config(path: Path) -> Config:
    """Read and validate a schemadoc.yml."""
    return parse_config(read_config_file(path), str(path))


def parse_config(text: str, source: str = CONFIG_NAME) -> Config:
    """Validate YAML text as schemadoc.yml and build the Config."""
    data, lines = read_config_data(text, source)
    config = _build(data, source, lines)
    _check_flow_sources(config)
    return config


def _table_notes(value: str | dict[str, Any]) -> TableNotes:
    if isinstance(value, str):
        return TableNotes(description=value)
    return TableNotes(**value)


def _rule(value: str | dict[str, Any]) -> RuleSettings:
    if isinstance(value, str):
        return RuleSettings(severity=value)
    return RuleSettings(value.get("severity"), tuple(value.get("exclude", ())),
                        value.get("max"))


def _flow(data: dict[str, Any]) -> Flow:
    steps = tuple(FlowStep(s["table"], s.get("label"), s.get("from"), s.get("note"))
                  for s in data["steps"])
    return Flow(data["name"], steps, data.get("description"))


def _diagrams(data: dict[str, Any]) -> DiagramSettings:
    return DiagramSettings(data.get("engine", "graphviz"), data.get("distance", 1),
                           **data.get("limits", {}))


def _build(data: dict[str, Any], source: str, lines: dict[KeyPath, int]) -> Config:
    relations = data.get("relations", {})
    conventions = data.get("conventions", {})
    lint = data.get("lint", {})
    return Config(
        source=source, title=data.get("title"), introduction=data.get("introduction"),
        include=tuple(data.get("include", ())), exclude=tuple(data.get("exclude", ())),
        schemas={k: SchemaSettings(**v) for k, v in data.get("schemas", {}).items()},
        tables={k: _table_notes(v) for k, v in data.get("tables", {}).items()},
        functions=dict(data.get("functions", {})),
        declared=tuple(VirtualRelation(Endpoint.parse(r["from"]), Endpoint.parse(r["to"]),
                                       "declared", r.get("label"))
                       for r in relations.get("declared", ())),
        strategies=tuple(relations.get("strategies", ())),
        flows=tuple(_flow(f) for f in data.get("flows", ())),
        diagrams=_diagrams(data.get("diagrams", {})),
        id_formats=tuple(IdFormat(f["name"], f["regex"], tuple(f["columns"]), f.get("example"),
                                  f.get("description"))
                         for f in conventions.get("id_formats", ())),
        naming=NamingRules(**{k: tuple(v) for k, v in conventions.get("naming", {}).items()}),
        lint=LintSettings(tuple(lint.get("exclude", ())),
                          {k: _rule(v) for k, v in lint.get("rules", {}).items()}),
        lines=lines,
    )


def _check_flow_sources(config: Config) -> None:
    """A step's `from` must name a table of an earlier step of its flow."""
    for i, flow in enumerate(config.flows):
        for j, step in enumerate(flow.steps):
            earlier = [s.table for s in flow.steps[:j]]
            if step.source is not None and step.source not in earlier:
                path: KeyPath = ("flows", i, "steps", j, "from")
                raise ConfigError(f"{config.where(*path)}: {dotted(path)}: expected a table "
                                  f"of an earlier step ({', '.join(earlier) or 'none'}); "
                                  f"got {step.source!r}")
