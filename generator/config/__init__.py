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
descriptions that name nothing. Reading the file lives in `reader.py`, patterns
and name templates in `names.py`, the checks of names (their form, and what
they name in a snapshot) in `refs.py`.

Names of objects are written as PostgreSQL quotes identifiers (`identifiers.py`):
`marketing.company_master`, and `"a.b".c`, `a."b.c"`, `public."My Table"` for names
holding dots, blanks or quotes.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.config.model import (
    DeclaredRelation,
    DiagramSettings,
    Flow,
    FlowStep,
    IdFormat,
    LintSettings,
    NamingRules,
    RuleSettings,
    SchemaSettings,
    TableNotes,
)
from generator.config.names import (
    Endpoint,
    EndpointName,
    VirtualRelation,
    decide,
    detect_relations,
    find_relation,
    fits_template,
    iter_tables,
    object_pattern,
    relation_keys,
    singular,
)
from generator.config.reader import (
    KeyPath,
    config_schema,
    dotted,
    read_config_data,
    read_config_file,
)
from generator.config.refs import (
    check_columns,
    check_form,
    check_functions,
    check_patterns,
    function_key,
    resolve_relation,
    table_index,
    where,
)
from generator.errors import ConfigError
from generator.model import Snapshot
from generator.names.identifiers import parse_name, qualified

__all__ = [
    "CONFIG_NAME", "Config", "DeclaredRelation", "DiagramSettings", "Endpoint", "Flow",
    "FlowStep", "IdFormat", "LintSettings", "NamingRules", "RuleSettings", "SchemaSettings",
    "TableNotes", "VirtualRelation",
    "config_schema", "filter_snapshot", "find_config", "fits_template", "load_config",
    "parse_config", "project_folder", "singular",
]

CONFIG_NAME = "schemadoc.yml"
_KINDS = {"tables": "table", "views": "view", "materialized_views": "materialized_view",
          "sequences": "sequence", "types": "type"}


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
    declared: tuple[DeclaredRelation, ...] = ()
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

    @cached_property
    def _schema_names(self) -> tuple[dict[str, str], list[tuple[str, str]]]:
        """Schema name -> its key, and (glob, key) of the keys with globs."""
        exact: dict[str, str] = {}
        globs = []
        for key in self.schemas:
            name = parse_name(key)
            if name.has_glob():
                globs.append((name.readings(1, glob=True)[0][0], key))
            else:
                exact.setdefault(name.readings(1)[0][0], key)
        return exact, globs

    def schema_settings(self, schema: str) -> SchemaSettings:
        """The settings of a schema: by exact name, else the first glob that matches."""
        exact, globs = self._schema_names
        key = exact.get(schema) or next(
            (k for g, k in globs if fnmatch.fnmatchcase(schema, g)), None)
        return self.schemas[key] if key is not None else SchemaSettings()

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
            return self._function_description(schema, name or "")
        notes = self._notes.get((schema, name or ""))
        if notes is None:
            return None
        if kind in ("table", "view", "materialized_view"):
            return notes.description
        parts = {"column": notes.columns, "index": notes.indexes,
                 "constraint": notes.constraints, "trigger": notes.triggers}
        return parts[kind].get(part or "") if kind in parts else None

    @cached_property
    def _notes(self) -> dict[tuple[str, str], TableNotes]:
        return table_index(self.tables)

    def notes_for(self, schema: str, name: str) -> TableNotes:
        """What `tables:` says about a table, view or materialized view (maybe nothing)."""
        return self._notes.get((schema, name), TableNotes())

    @cached_property
    def _functions(self) -> dict[tuple[str, str, str | None], str]:
        index: dict[tuple[str, str, str | None], str] = {}
        for key, text in self.functions.items():
            name, arguments = function_key(key)
            for schema, function in name.pairs():
                index.setdefault((schema, function, arguments), text)
        return index

    def _function_description(self, schema: str, signature: str) -> str | None:
        """By `name(argument types)`, else by name; the name may itself hold `(`."""
        for at in (i for i, char in enumerate(signature) if char == "("):
            name, arguments = signature[:at], signature[at + 1 : -1]
            found = self._functions.get((schema, name, arguments)) or \
                self._functions.get((schema, name, None))
            if found is not None:
                return found
        return None

    def relation_key(self, snapshot: Snapshot, text: str) -> tuple[str, str] | None:
        """The (schema, name) of the table, view or materialized view that `text` (a
        `schema.table` of this file) names in `snapshot`; None when it names none."""
        found = relation_keys(snapshot, parse_name(text))
        return found[0] if found else None

    def id_format_for(self, schema: str, table: str, column: str) -> IdFormat | None:
        """The first ID format that names this column."""
        return next((f for f in self.id_formats if f.applies_to(schema, table, column)), None)

    def virtual_relations(self, snapshot: Snapshot) -> list[VirtualRelation]:
        """Declared relations, then those the naming strategies detect, minus any the
        catalog already has as a foreign key; sorted by source."""
        real = {(s, t, c.columns[0]) for s, t, table in iter_tables(snapshot)
                for c in table.constraints.values() if c.type == "foreign_key"}
        found = []
        for declared in self.declared:
            source, target = declared.source.resolve(snapshot), declared.target.resolve(snapshot)
            if source is not None and target is not None:
                found.append(VirtualRelation(source, target, "declared", declared.label))
        found = [r for r in found
                 if (r.source.schema, r.source.table, r.source.columns[0]) not in real]
        taken = real | {(r.source.schema, r.source.table, r.source.columns[0]) for r in found}
        found += detect_relations(snapshot, self.strategies, taken)
        return sorted(found, key=lambda r: (r.source.schema, r.source.table, r.source.columns))

    def where(self, *path: str | int) -> str:
        """`file:line` of a key, for messages about it."""
        return where(self.source or CONFIG_NAME, self.lines, path)

    def check(self, snapshot: Snapshot) -> list[str]:
        """Check the file against a snapshot: raise ConfigError for a flow or declared
        relation naming a missing table or column, and for a name that could name two
        objects; return warnings for descriptions and settings that name nothing."""
        for i, flow in enumerate(self.flows):
            for j, step in enumerate(flow.steps):
                self._require(snapshot, step.table, ("flows", i, "steps", j, "table"))
        for i, rel in enumerate(self.declared):
            for end, key in ((rel.source, "from"), (rel.target, "to")):
                self._require(snapshot, end.name.written, ("relations", "declared", i, key),
                              end.columns)
        check_patterns(snapshot, self._patterns(), self.source or CONFIG_NAME, self.lines)
        check_functions(snapshot, self.functions, self.source or CONFIG_NAME, self.lines)
        check_columns(snapshot, [(("conventions", "id_formats", i, "columns", j), p)
                                 for i, f in enumerate(self.id_formats)
                                 for j, p in enumerate(f.columns)],
                      self.source or CONFIG_NAME, self.lines)
        return self._warnings(snapshot)

    def _patterns(self) -> list[tuple[KeyPath, str]]:
        found: list[tuple[KeyPath, str]] = [(("include", i), p) for i, p in
                                            enumerate(self.include)]
        found += [(("exclude", i), p) for i, p in enumerate(self.exclude)]
        found += [(("lint", "exclude", i), p) for i, p in enumerate(self.lint.exclude)]
        found += [(("lint", "rules", r, "exclude", i), p) for r, s in self.lint.rules.items()
                  for i, p in enumerate(s.exclude)]
        return found

    def _require(self, snapshot: Snapshot, name: str, path: KeyPath,
                 columns: tuple[str, ...] = ()) -> None:
        _, table = resolve_relation(snapshot, name, path, self.source or CONFIG_NAME,
                                    self.lines)
        for column in columns:
            if column not in table.columns:
                raise ConfigError(f"{self.where(*path)}: {dotted(path)}: {name} has no "
                                  f"column {column!r}")

    def _warnings(self, snapshot: Snapshot) -> list[str]:
        out = []
        for name, notes in self.tables.items():
            found = relation_keys(snapshot, parse_name(name))
            if len(found) > 1:
                self._require(snapshot, name, ("tables", name))  # raises: two tables
            if not found:
                out.append(f"{self.where('tables', name)}: {name} is not in the database")
                continue
            table = find_relation(snapshot, found[0])
            assert table is not None
            out += [f"{self.where('tables', name, 'columns', c)}: {qualified(*found[0])} has "
                    f"no column {c!r}" for c in notes.columns if c not in table.columns]
        exact, globs = self._schema_names
        for key in [k for n, k in exact.items() if n not in snapshot.schemas] + [
                k for g, k in globs if not any(fnmatch.fnmatchcase(s, g)
                                               for s in snapshot.schemas)]:
            out.append(f"{self.where('schemas', key)}: no schema matches {key!r}")
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


def project_folder(start: Path) -> Path:
    """The folder of the project `start` belongs to: the nearest of `start` and its
    parents that holds a mkdocs.yml, looking no higher than a repository's root (a
    folder with `.git`); `start` itself when there is none."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
        if (folder / ".git").exists():
            break
    return start


def find_config(path: str | Path | None, start: Path = Path(".")) -> Config:
    """The configuration every command uses (`build`, `lint`, `diff`): the file at
    `path` (--config, which must exist), else `schemadoc.yml` beside the project's
    mkdocs.yml (`project_folder(start)`; `start` is the folder that holds the docs
    folder for `build`, the current folder for the others), else the defaults."""
    if path is None:
        default = project_folder(start) / CONFIG_NAME
        return load_config(default) if default.is_file() else Config()
    return load_config(Path(path))


def load_config(path: Path) -> Config:
    """Read and validate a schemadoc.yml."""
    return parse_config(read_config_file(path), str(path))


def parse_config(text: str, source: str = CONFIG_NAME) -> Config:
    """Validate YAML text as schemadoc.yml and build the Config."""
    data, lines = read_config_data(text, source)
    check_form(data, source, lines)
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
                        value.get("max"), value.get("min_stats_days"))


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
        declared=tuple(DeclaredRelation(EndpointName.parse(r["from"]),
                                        EndpointName.parse(r["to"]), r.get("label"))
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
    """A step's `from` must name a table of an earlier step of its flow; no two flows
    share a name (it is the flow's heading and the key of its diagram)."""
    seen: dict[str, int] = {}
    for i, flow in enumerate(config.flows):
        if flow.name in seen:
            path: KeyPath = ("flows", i, "name")
            raise ConfigError(f"{config.where(*path)}: {dotted(path)}: flows[{seen[flow.name]}] "
                              f"is named {flow.name!r} already; give each flow its own name")
        seen[flow.name] = i
    for i, flow in enumerate(config.flows):
        for j, step in enumerate(flow.steps):
            earlier = [s.table for s in flow.steps[:j]]
            readings = {parse_name(s).readings(2) for s in earlier}
            if step.source is not None and parse_name(step.source).readings(2) not in readings:
                path = ("flows", i, "steps", j, "from")
                raise ConfigError(f"{config.where(*path)}: {dotted(path)}: expected a table "
                                  f"of an earlier step ({', '.join(earlier) or 'none'}); "
                                  f"got {step.source!r}")
