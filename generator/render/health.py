"""The site's Health page (`templates/health.md.j2`): comment coverage and lint findings.

`render_health(result, snapshot, link)` returns the page's Markdown. `result` is a
`LintResult` of the snapshot (`generator.lint.lint_snapshot`); `link(schema, table)`
gives the link from the Health page to a table's page, or None where there is none.
The view data holds every name, message and fix raw; the template escapes each where
it enters the page (`md_escape`, `code`, `fence`); SQL in a fix becomes a code block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.lint.engine import SEVERITIES, SEVERITY_ICONS, Coverage, Finding, LintResult
from generator.model import Snapshot
from generator.render.crumbs import Crumbs
from generator.render.env import make_environment
from generator.render.status import STATUS_LABELS

__all__ = ["CoverageRow", "FindingGroup", "FindingView", "SchemaFindings", "render_health",
           "split_fix"]

Link = Callable[[str, str], "str | None"]
HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Info"}
# Where a fix's SQL starts: the first statement keyword, upper case as the rules write it.
_SQL_START = re.compile(r"\b(?:CREATE|ALTER|DROP|COMMENT ON)\b")


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding as the page shows it, its texts raw (the template escapes them);
    `href`: the link to its table's page, if it has one."""

    rule: str
    target: str
    href: str | None
    message: str
    reason: str
    fix_before: str
    fix_sql: str | None
    fix_after: str


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """The findings of one severity in a schema: how many there are, the first shown."""

    icon: str
    heading: str
    total: int
    findings: list[FindingView]


@dataclass(slots=True)
class SchemaFindings:
    """The findings of one schema, by severity (most severe first)."""

    schema: str
    summary: str
    groups: list[FindingGroup] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Share:
    """A share as the page shows it ("40%", or "–" for nothing to describe) and its sort
    key (-1 for none, which sorts below every figure)."""

    text: str
    key: float


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One schema's line of the comment-coverage table."""

    schema: str
    tables: int
    tables_documented: int
    tables_share: Share
    columns: int
    columns_documented: int
    columns_share: Share


@dataclass(frozen=True, slots=True)
class ExcludedSchema:
    """A schema left out of the checks, with its status where that says why."""

    name: str
    status: str | None


def split_fix(fix: str) -> tuple[str, str | None, str]:
    """(prose before, SQL, prose after) of a fix: the SQL runs from the first statement
    keyword to the last semicolon; a fix without either is all prose."""
    start = _SQL_START.search(fix)
    end = fix.rfind(";")
    if start is None or end < start.start():
        return fix, None, ""
    return fix[: start.start()].strip(), fix[start.start(): end + 1], fix[end + 1:].strip()


def _view(finding: Finding, link: Link) -> FindingView:
    href = link(finding.schema, finding.table) if finding.table is not None else None
    before, sql, after = split_fix(finding.fix)
    return FindingView(rule=finding.rule, target=finding.object, href=href or None,
                       message=finding.message, reason=finding.reason, fix_before=before,
                       fix_sql=sql or None, fix_after=after)


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 or word == 'info' else 's'}"


def _severity_counts(findings: list[Finding]) -> str:
    return ", ".join(_count(sum(f.severity == s for f in findings), s) for s in SEVERITIES
                     if any(f.severity == s for f in findings))


def _share(part: int, whole: int) -> Share:
    if not whole:  # nothing to describe: no figure (sorted below every figure)
        return Share("–", -1.0)
    percent = Coverage.percent(part, whole)
    return Share(f"{percent:g}%", percent)


def _coverage_row(schema: str, cov: Coverage) -> CoverageRow:
    return CoverageRow(schema, cov.tables, cov.tables_documented,
                       _share(cov.tables_documented, cov.tables), cov.columns,
                       cov.columns_documented, _share(cov.columns_documented, cov.columns))


# A page stays under about 150 KB of HTML: each group lists this many findings, the
# whole page at most PAGE_FINDINGS; `schemadoc lint` prints them all.
GROUP_FINDINGS = 15
PAGE_FINDINGS = 60


def _schemas(result: LintResult, link: Link) -> tuple[list[SchemaFindings], int]:
    """The sections, and how many findings they leave out for the page's size."""
    by_schema: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_schema.setdefault(finding.schema, []).append(finding)
    sections = []
    budget = PAGE_FINDINGS
    for schema, findings in sorted(by_schema.items()):
        section = SchemaFindings(schema, _severity_counts(findings))
        for severity in SEVERITIES:
            found = [f for f in findings if f.severity == severity]
            shown = found[: max(0, min(GROUP_FINDINGS, budget))]
            budget -= len(shown)
            if found:
                section.groups.append(FindingGroup(SEVERITY_ICONS[severity], HEADINGS[severity],
                                                   len(found), [_view(f, link) for f in shown]))
        sections.append(section)
    return sections, len(result.findings) - (PAGE_FINDINGS - budget)


def _excluded(result: LintResult, statuses: Mapping[str, str]) -> list[ExcludedSchema]:
    """The schemas left out of the checks, each with its status where it says why."""
    return [ExcludedSchema(name, STATUS_LABELS.get(statuses.get(name, "")))
            for name in result.excluded_schemas]


def render_health(result: LintResult, snapshot: Snapshot, link: Link,
                  statuses: Mapping[str, str] | None = None, templates: Path | None = None,
                  crumbs: Crumbs | None = None) -> str:
    """The Health page's Markdown: scope, summary, comment coverage, findings per schema.
    `statuses` (schema → status) names why an excluded schema is left out; `templates`:
    the user's templates (`--templates`), which may replace health.md.j2; `crumbs`: the
    page's trail on the site (`crumbs.page_crumbs`)."""
    counts = result.counts()
    total = result.total_coverage()
    stats_reset = snapshot.database.stats_reset
    with_findings = {f.schema for f in result.findings}
    checked = [s for s in result.coverage if s not in result.excluded_schemas]
    sections, left_out = _schemas(result, link)
    not_judged = result.usage_not_judged
    return make_environment(templates).get_template("health.md.j2").render(
        crumbs=crumbs,
        database=snapshot.database.name,
        total=f"{len(result.findings):,}",
        counts=[_count(counts[s], s) for s in SEVERITIES],
        schemas_with_findings=len(with_findings),
        schema_count=len(checked),
        excluded=_excluded(result, statuses or {}),
        usage_not_judged=not_judged or None,
        stats_since=snapshot.database.stats_since or "",
        tables=_share(total.tables_documented, total.tables).text,
        tables_documented=total.tables_documented,
        table_count=total.tables,
        columns=_share(total.columns_documented, total.columns).text,
        columns_documented=total.columns_documented,
        column_count=total.columns,
        unused_index_rule=any(f.rule == "unused-index" for f in result.findings),
        stats_reset=stats_reset or None,
        coverage=[_coverage_row(s, c) for s, c in sorted(result.coverage.items())],
        sections=sections,
        left_out=f"{left_out:,}" if left_out else None,
        clean=[s for s in sorted(checked) if s not in with_findings],
        # the unused-index note is the Index usage line's
        notes=[n for n in result.notes if not n.startswith("unused-index ")],
    )
