"""The settings schemadoc.yml holds, one small frozen class per section; `Config`
(config.py) holds them all and answers questions about them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from generator.config.names import EndpointName, glob3, object_pattern
from generator.model.statistics import MIN_STATS_AGE

__all__ = ["DeclaredRelation", "DiagramSettings", "Flow", "FlowStep", "IdFormat",
           "LintSettings", "NamingRules", "RuleSettings", "SchemaSettings", "TableNotes"]


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
class DeclaredRelation:
    """A relation `relations.declared` states; its tables are read against a snapshot."""

    source: EndpointName
    target: EndpointName
    label: str | None = None


@dataclass(frozen=True, slots=True)
class FlowStep:
    """A table in a flow, as written (`schema.table`); `label` names the arrow into it,
    which starts at `source` (a table of an earlier step) or, when that is None, at
    the previous step."""

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
    min_stats_days: int | None = None


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

    def min_stats_age(self) -> timedelta:
        """How old usage statistics must be for unused-index to judge by them."""
        days = self.rule("unused-index").min_stats_days
        return MIN_STATS_AGE if days is None else timedelta(days=days)

    def excludes_schema(self, schema: str) -> bool:
        """Whether every check leaves out the whole of `schema`."""
        return any(object_pattern(p).matches(schema, None, "schema") for p in self.exclude)
