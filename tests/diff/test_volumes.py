"""Volume changes are reported apart from structure, above a threshold a user can set."""

from __future__ import annotations

from generator.diff import VolumeThreshold
from tests.diff.conftest import Changer

SETUP = """
create table big (id int primary key, body text);
create table small (id int primary key);
insert into big select g, repeat('x', 100) from generate_series(1, 10000) g;
insert into small select g from generate_series(1, 100) g;
analyze;
"""


def test_growth_is_a_volume_change_not_a_structural_one(before_after: Changer) -> None:
    """15,000 more rows: reported with before, after and percentages; the diff stays empty."""
    result = before_after(SETUP, """
        insert into big select g, repeat('x', 100) from generate_series(10001, 25000) g;
        analyze big;
    """)
    assert result.empty
    (volume,) = result.volumes
    assert (volume.path, volume.rows_before, volume.rows_after) == ("public.big", 10000, 25000)
    assert (volume.rows_change, volume.rows_change_pct) == (15000, 150.0)
    assert volume.rows_source == "estimate"
    assert volume.bytes_after > volume.bytes_before


def test_small_tables_stay_under_the_absolute_minimum(before_after: Changer) -> None:
    """A table going from 100 to 600 rows (+500%) is below the 1,000-row minimum."""
    result = before_after(SETUP, "insert into small select g from generate_series(101, 600) g;"
                                 "analyze small;")
    assert result.volumes == ()


def test_threshold_percent_is_the_users(before_after: Changer) -> None:
    """+15%: listed with the default 10% threshold, not with 20%."""
    def grow(first: int, last: int) -> str:
        return (f"insert into big select g, 'x' from generate_series({first}, {last}) g;"
                "analyze big;")

    assert [v.name for v in before_after(SETUP, grow(10001, 11500)).volumes] == ["big"]
    # 11,500 -> 13,225 rows is +15% again, now under a 20% threshold.
    assert before_after("", grow(11501, 13225), VolumeThreshold(percent=20)).volumes == ()
