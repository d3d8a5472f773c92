"""Running the lint rules over a snapshot, as schemadoc.yml configures them.

A rule is a function from a `LintContext` to `Hit`s (where, what); the engine turns
hits into `Finding`s with the rule's id, configured severity, reason and fix, drops
those the configuration excludes, and counts comment coverage for the summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from generator.config import Config, IdFormat, VirtualRelation, filter_snapshot
from generator.model import Snapshot, Table

__all__ = ["SEVERITIES", "SEVERITY_ICONS", "Coverage", "Finding", "Hit", "LintContext",
           "LintResult", "Rule", "SampleResult", "run_rules"]

SEVERITIES = ("error", "warning", "info")
# How Health and the PR comment show a severity: one set for both.
SEVERITY_ICONS = {"error": "⛔", "warning": "⚠️", "info": "ℹ️"}
# Configured statuses of schemas whose tables are due to go.
ARCHIVED = ("archive", "deprecated")
_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: where (schema, table, object path) and what; `fix` replaces
    the rule's general fix when the rule can say exactly what to run."""

    schema: str
    table: str | None
    object: str
    message: str
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class SampleResult:
    """The values of one column read for an ID-format check."""

    format: IdFormat
    checked: int
    bad: int
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LintContext:
    """What rules read: the documented snapshot, the configuration, and optional data."""

    snapshot: Snapshot
    config: Config
    enabled: frozenset[str]
    relations: tuple[VirtualRelation, ...] = ()
    samples: Mapping[tuple[str, str, str], SampleResult] | None = None

    def tables(self) -> Iterator[tuple[str, str, Table]]:
        """(schema, name, table) of every table except partitions (their parent speaks
        for them) and foreign tables (no storage of their own to judge)."""
        for schema_name, schema in sorted(self.snapshot.schemas.items()):
            for name, table in sorted(schema.tables.items()):
                if not table.partition_of and table.kind != "foreign_table":
                    yield schema_name, name, table

    def archived(self, schema: str) -> bool:
        """Whether schemadoc.yml gives the schema the status archive (a glob counts)."""
        return self.config.status_for(schema) in ARCHIVED

    def max_columns(self) -> int:
        """too-many-columns' threshold."""
        return self.config.lint.rule("too-many-columns").max or 50


@dataclass(frozen=True, slots=True)
class Rule:
    """A lint rule: id, default severity, why it matters, how to fix, and its check."""

    id: str
    severity: str
    reason: str
    fix: str
    check: Callable[[LintContext], Iterable[Hit]]
    needs_data: bool = False
    # Why the rule did not judge (for instance usage statistics too young), if so.
    not_judged: Callable[[LintContext], str | None] | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, as reported."""

    rule: str
    severity: str
    schema: str
    table: str | None
    object: str
    message: str
    fix: str
    reason: str


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many tables and columns are described (catalog comment or schemadoc.yml)."""

    tables: int = 0
    tables_documented: int = 0
    columns: int = 0
    columns_documented: int = 0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(self.tables + other.tables,
                        self.tables_documented + other.tables_documented,
                        self.columns + other.columns,
                        self.columns_documented + other.columns_documented)

    @staticmethod
    def percent(part: int, whole: int) -> float:
        """Share in percent, one decimal; 100 when there is nothing to describe."""
        return round(100.0 * part / whole, 1) if whole else 100.0


@dataclass(frozen=True, slots=True)
class LintResult:
    """Findings, coverage and notes of one lint run."""

    snapshot: Snapshot
    findings: list[Finding]
    coverage: dict[str, Coverage]
    notes: list[str] = field(default_factory=list)
    # Schemas the configuration leaves out of every check (lint.exclude), by name.
    excluded_schemas: list[str] = field(default_factory=list)
    # Why usage-based rules did not judge (statistics too young), if they did not.
    usage_not_judged: str | None = None

    def counts(self) -> dict[str, int]:
        """Findings per severity, every severity present."""
        found = Counter(f.severity for f in self.findings)
        return {s: found.get(s, 0) for s in SEVERITIES}

    def total_coverage(self) -> Coverage:
        """Coverage over every schema."""
        return sum(self.coverage.values(), Coverage())

    def fails(self, threshold: str) -> bool:
        """Whether a finding is at or above `threshold` (error, warning, info)."""
        return any(_RANK[f.severity] >= _RANK[threshold] for f in self.findings)


def documented(config: Config, kind: str, schema: str, table: str,
               comment: str | None, part: str | None = None) -> bool:
    """Whether the catalog comment or schemadoc.yml describes an object."""
    return bool((comment or "").strip()) or bool(
        config.description_for(kind, schema, table, part))


def coverage(snapshot: Snapshot, config: Config) -> dict[str, Coverage]:
    """Comment coverage per schema, over tables (partitions left out) and their columns."""
    out = {}
    for schema_name, schema in sorted(snapshot.schemas.items()):
        tables = [(n, t) for n, t in schema.tables.items() if not t.partition_of]
        out[schema_name] = Coverage(
            len(tables),
            sum(documented(config, "table", schema_name, n, t.comment) for n, t in tables),
            sum(len(t.columns) for _, t in tables),
            sum(documented(config, "column", schema_name, n, c.comment, cn)
                for n, t in tables for cn, c in t.columns.items()))
    return out


def run_rules(snapshot: Snapshot, config: Config, rules: Iterable[Rule],
              samples: Mapping[tuple[str, str, str], SampleResult] | None = None
              ) -> LintResult:
    """Lint the part of `snapshot` that `config` documents."""
    rules = list(rules)
    documented_part = filter_snapshot(snapshot, config)
    enabled = frozenset(r.id for r in rules if config.lint.rule(r.id).severity != "off")
    ctx = LintContext(documented_part, config, enabled,
                      tuple(config.virtual_relations(documented_part)), samples)
    findings = []
    for rule in rules:
        if rule.id not in enabled:
            continue
        severity = config.lint.rule(rule.id).severity or rule.severity
        for hit in rule.check(ctx):
            if not config.lint.excludes(rule.id, hit.schema, hit.table):
                findings.append(Finding(rule.id, severity, hit.schema, hit.table, hit.object,
                                        hit.message, hit.fix or rule.fix, rule.reason))
    findings.sort(key=lambda f: (f.schema, f.table or "", f.object, f.rule))
    notes = []
    if samples is None and "id-format" in enabled and config.id_formats:
        notes.append("id-format not checked: it reads a sample of rows, pass --sample-data "
                     "with a database (--dsn)")
    not_judged = {rule.id: why for rule in rules if rule.id in enabled and rule.not_judged
                  and (why := rule.not_judged(ctx))}
    notes += [f"{rule} not judged: {why}" for rule, why in not_judged.items()]
    excluded = [s for s in sorted(documented_part.schemas) if config.lint.excludes_schema(s)]
    return LintResult(documented_part, findings, coverage(documented_part, config), notes,
                      excluded, not_judged.get("unused-index"))
