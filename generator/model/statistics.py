"""Whether usage statistics are old enough to judge by.

Index scans count from `database.stats_since`. A count of zero over a few minutes (a
database just created, statistics just reset) says nothing about an index, so rules
that read usage (`unused-index`) judge only once the statistics cover at least
`MIN_STATS_AGE` (or the rule's `min_stats_days`: `LintSettings.min_stats_age`);
otherwise they say why they did not judge. The age is measured at the
snapshot's own time (`generated_at`), so the same snapshot always reads the same.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from generator.model import Snapshot

__all__ = ["MIN_STATS_AGE", "describe_age", "statistics_age", "usage_not_judged"]

# A week covers weekly jobs and reports, which an index may exist for.
MIN_STATS_AGE = timedelta(days=7)


def _parse(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def statistics_age(snapshot: Snapshot) -> timedelta | None:
    """How long the usage statistics had been counting when the snapshot was taken;
    None when the snapshot does not say since when."""
    since, taken = _parse(snapshot.database.stats_since), _parse(snapshot.generated_at)
    if since is None or taken is None:
        return None
    return max(taken - since, timedelta(0))


def describe_age(age: timedelta) -> str:
    """`12 minutes`, `5 hours`, `3 days`: an age as a reader says it."""
    minutes = int(age.total_seconds() // 60)
    for unit, size in (("day", 1440), ("hour", 60)):
        if minutes >= size:
            n = minutes // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    if minutes < 1:
        return "less than a minute"
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def usage_not_judged(snapshot: Snapshot, min_age: timedelta = MIN_STATS_AGE) -> str | None:
    """Why usage-based rules do not judge this snapshot (its statistics are younger
    than `min_age`), or None when they do."""
    age = statistics_age(snapshot)
    since = _parse(snapshot.database.stats_since)
    if age is None or since is None or age >= min_age:
        return None
    return (f"statistics are {describe_age(age)} old (counted since "
            f"{since:%Y-%m-%d %H:%M} UTC; usage is judged from {describe_age(min_age)})")
