"""Which lint findings a change introduces: those of the new snapshot that the old one
did not have, keyed by (rule, schema, table, object) so that a reworded message or a new
severity does not count as new (and two objects that print alike are still two)."""

from __future__ import annotations

from generator.lint.engine import Finding, LintResult

__all__ = ["introduced", "key"]


def key(finding: Finding) -> tuple[str, str, str | None, str]:
    """What identifies a finding across two runs: its rule and the object it is about."""
    return finding.rule, finding.schema, finding.table, finding.object


def introduced(old: LintResult, new: LintResult) -> list[Finding]:
    """The findings of `new` whose key is not among `old`'s, in `new`'s order."""
    before = {key(f) for f in old.findings}
    return [f for f in new.findings if key(f) not in before]
