"""Printing a lint result: text grouped by schema, or JSON.

The JSON document (`schemadoc lint --format json`), format `schemadoc-lint/1`:

    {
      "format": "schemadoc-lint/1",
      "database": {"name", "host", "server_version", "stats_reset", "stats_since"},
      "findings": [
        {"rule": "fk-without-index", "severity": "error" | "warning" | "info",
         "schema": "marketing", "table": "people_master" | null,
         "object": "marketing.people_master.people_master_company_unique_id_fkey",
         "message": "...", "fix": "...", "reason": "..."}
      ],
      "summary": {
        "total": 3, "error": 0, "warning": 2, "info": 1,
        "by_rule": {"fk-without-index": 1, ...},
        "by_schema": {"marketing": {"error": 0, "warning": 2, "info": 1}},
        "comment_coverage": {
          "tables":  {"documented": 40, "total": 50, "percent": 80.0},
          "columns": {"documented": 300, "total": 400, "percent": 75.0},
          "by_schema": {"marketing": {"tables": {...}, "columns": {...}}}
        }
      },
      "notes": ["id-format not checked: ..."]
    }

Findings are sorted by schema, table, object and rule. "documented" counts a catalog
comment or a description in schemadoc.yml. Fields may be added within format 1.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import groupby
from typing import Any

from generator.lint.engine import SEVERITIES, Coverage, LintResult
from generator.names.visible import visible

__all__ = ["FORMAT", "render_json", "render_text", "to_json"]

FORMAT = "schemadoc-lint/1"


def _share(part: int, whole: int) -> dict[str, Any]:
    return {"documented": part, "total": whole, "percent": Coverage.percent(part, whole)}


def _coverage(cov: Coverage) -> dict[str, Any]:
    return {"tables": _share(cov.tables_documented, cov.tables),
            "columns": _share(cov.columns_documented, cov.columns)}


def to_json(result: LintResult) -> dict[str, Any]:
    """The result as the `schemadoc-lint/1` document."""
    db = result.snapshot.database
    by_schema: dict[str, Counter[str]] = {}
    for finding in result.findings:
        by_schema.setdefault(finding.schema, Counter())[finding.severity] += 1
    return {
        "format": FORMAT,
        "database": {"name": db.name, "host": db.host, "server_version": db.server_version,
                     "stats_reset": db.stats_reset, "stats_since": db.stats_since},
        "findings": [{"rule": f.rule, "severity": f.severity, "schema": f.schema,
                      "table": f.table, "object": f.object, "message": f.message,
                      "fix": f.fix, "reason": f.reason} for f in result.findings],
        "summary": {
            "total": len(result.findings), **result.counts(),
            "by_rule": dict(sorted(Counter(f.rule for f in result.findings).items())),
            "by_schema": {s: {k: c.get(k, 0) for k in SEVERITIES}
                          for s, c in sorted(by_schema.items())},
            "comment_coverage": {**_coverage(result.total_coverage()),
                                 "by_schema": {s: _coverage(c)
                                               for s, c in result.coverage.items()}},
        },
        "notes": result.notes,
    }


def render_json(result: LintResult) -> str:
    """The JSON document, indented, with a final newline."""
    return json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def _percent_line(label: str, part: int, whole: int) -> str:
    return f"{label} {Coverage.percent(part, whole):g}% ({part} of {whole})"


def _visible(text: str) -> str:
    """Text for a terminal: characters it would act on or hide (a carriage return, an
    escape sequence, a bidirectional override) in a name are shown as escapes."""
    return visible(text)


def render_text(result: LintResult) -> str:
    """Findings grouped by schema, then a summary with comment coverage."""
    lines: list[str] = []
    for schema, findings in groupby(result.findings, key=lambda f: f.schema):
        group = list(findings)
        lines.append(f"{_visible(schema)}  ({_plural(len(group), 'finding')})")
        for f in group:
            lines.append(f"  {f.severity:<8} {f.rule:<26} {_visible(f.object)}")
            lines.append(f"  {'':<8} {_visible(f.message)}")
            lines.append(f"  {'':<8} fix: {_visible(f.fix)}")
        lines.append("")
    counts = result.counts()
    total = result.total_coverage()
    lines.append(f"{_plural(len(result.findings), 'finding')}: "
                 + ", ".join(_plural(counts[s], s) for s in SEVERITIES))
    lines.append("comments: " + _percent_line("tables", total.tables_documented, total.tables)
                 + ", " + _percent_line("columns", total.columns_documented, total.columns))
    lines += [f"note: {note}" for note in result.notes]
    return "\n".join(lines) + "\n"
