"""The classification rules as a table: type changes, rule order, and the README text."""

from __future__ import annotations

import pytest

from generator.diff.classify import RULES, Facts, classify, rules_markdown
from generator.diff.model import ACTIONS, CLASSES, KINDS
from generator.diff.typechange import CHANGE, LOSSY, NARROW, WIDEN, type_change


@pytest.mark.parametrize(("before", "after", "outcome"), [
    ("character varying(50)", "character varying(100)", WIDEN),
    ("character varying(50)", "text", WIDEN),
    ("text", "character varying(10)", NARROW),
    ("character varying(100)", "character varying(50)", NARROW),
    ("smallint", "bigint", WIDEN),
    ("bigint", "integer", NARROW),
    ("integer", "numeric", WIDEN),
    ("integer", "numeric(5,0)", NARROW),
    ("numeric(12,2)", "numeric(14,2)", WIDEN),
    ("numeric(12,2)", "numeric(12,0)", LOSSY),
    ("numeric(12,2)", "numeric(10,2)", NARROW),
    ("numeric", "numeric(12,2)", LOSSY),
    ("real", "double precision", WIDEN),
    ("double precision", "real", LOSSY),
    ("numeric(12,2)", "integer", LOSSY),
    ("timestamp(3) with time zone", "timestamp with time zone", WIDEN),
    ("timestamp with time zone", "timestamp(0) with time zone", LOSSY),
    ("timestamp with time zone", "date", LOSSY),
    ("date", "timestamp without time zone", WIDEN),
    ("integer[]", "bigint[]", WIDEN),
    ("integer", "integer[]", CHANGE),
    ("text", "jsonb", CHANGE),
    ("timestamp with time zone", "timestamp without time zone", CHANGE),
])
def test_type_change(before: str, after: str, outcome: str) -> None:
    """Widening keeps every value, narrowing refuses some, lossy converts with loss."""
    assert type_change(before, after) == outcome


def test_every_kind_and_action_has_a_rule() -> None:
    """No change can go unclassified: a catch-all rule exists for every action."""
    for action in ACTIONS:
        for kind in KINDS:
            assert classify(Facts(kind, action, attribute="anything")) != ()


def test_rules_use_known_names() -> None:
    """Rules name only real kinds, actions and classes, and say why."""
    for rule in RULES:
        assert set(rule.kinds) <= set(KINDS), rule
        assert rule.action in ACTIONS, rule
        assert rule.classes and set(rule.classes) <= set(CLASSES), rule
        assert rule.why, rule
        assert bool(rule.when) == bool(rule.condition), rule


def test_rules_markdown_lists_every_rule() -> None:
    """The README table has one row per rule and mentions every class."""
    text = rules_markdown()
    assert len(text.strip().splitlines()) == len(RULES) + 2
    for cls in CLASSES:
        assert cls in text
