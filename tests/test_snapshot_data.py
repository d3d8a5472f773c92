"""Snapshot data back into the model: the fast loader gives what the reference walk of
the type hints gives, and the same error, naming the place, when something does not fit."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest

from generator.errors import SnapshotError
from generator.model import Snapshot
from generator.snapshot import encode
from generator.snapshot.data import from_data, load
from tests.factories import odd_snapshot, seed_snapshot, wide_snapshot


@pytest.mark.parametrize("make", [seed_snapshot, odd_snapshot, lambda: wide_snapshot(300)],
                         ids=["seed", "odd", "wide"])
def test_fast_load_equals_the_reference(make) -> None:
    """Every object, field and default comes back the same, whichever way it is read."""
    snapshot = make()
    data = orjson.loads(encode(snapshot))
    assert load(Snapshot, data) == from_data(Snapshot, data) == snapshot


def _column(data: dict[str, Any]) -> dict[str, Any]:
    return data["schemas"]["marketing"]["tables"]["company_master"]["columns"]["company_name"]


def _broken(change) -> dict[str, Any]:
    data = orjson.loads(encode(seed_snapshot()))
    change(data)
    return data


@pytest.mark.parametrize("change, place", [
    (lambda d: _column(d).update(nullable="yes"),
     "$.schemas.marketing.tables.company_master.columns.company_name.nullable: expected bool"),
    (lambda d: _column(d).update(position=True),
     "$.schemas.marketing.tables.company_master.columns.company_name.position: expected int"),
    (lambda d: _column(d).pop("type"),
     "$.schemas.marketing.tables.company_master.columns.company_name: missing required field"),
    (lambda d: d["schemas"]["marketing"].update(tables=[]),
     "$.schemas.marketing.tables: expected an object"),
    (lambda d: d.update(warnings="none"), "$.warnings: expected an array"),
], ids=["bool", "bool-for-int", "missing", "object", "array"])
def test_data_that_does_not_fit_is_reported_where(change, place: str) -> None:
    """The fast loader gives up and the reference walk names the place."""
    data = _broken(change)
    with pytest.raises(SnapshotError) as fast:
        load(Snapshot, copy.deepcopy(data))
    with pytest.raises(SnapshotError) as reference:
        from_data(Snapshot, data)
    assert str(fast.value) == str(reference.value)
    assert str(fast.value).startswith(place)


def test_unknown_fields_are_ignored_and_missing_optional_ones_take_defaults() -> None:
    """A newer file's extra field is skipped; an older file's missing optional field
    takes the model's default, as the format promises (fields may be added)."""
    def change(data: dict[str, Any]) -> None:
        _column(data)["added_later"] = {"anything": [1, 2]}
        del _column(data)["comment"]
    data = _broken(change)
    loaded = load(Snapshot, data)
    assert loaded == from_data(Snapshot, data)
    column = loaded.schemas["marketing"].tables["company_master"].columns["company_name"]
    assert column.comment is None
