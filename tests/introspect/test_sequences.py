"""Sequences: data type, bounds, increment, cache, cycle, and the column they feed."""

from __future__ import annotations

import pytest

from generator.model import ColumnRef
from tests.helpers import run_sql, snapshot_of

DDL = """
create schema s;
create sequence s.invoice_no as integer start 1000 increment 5 minvalue 10
    maxvalue 999999 cache 20 cycle;
comment on sequence s.invoice_no is 'Invoice numbers, reused after a wrap';
create table s.t (
    id serial primary key,
    big_id bigserial,
    ident bigint generated always as identity (start with 7 increment by 3)
);
create sequence s.free_standing;
"""


@pytest.fixture
def sequences(db: str) -> dict:
    run_sql(db, DDL)
    return snapshot_of(db).schemas["s"].sequences


def test_sequence_options(sequences) -> None:
    """Every option of CREATE SEQUENCE is read back."""
    seq = sequences["invoice_no"]
    assert seq.data_type == "integer"
    assert (seq.start, seq.increment) == (1000, 5)
    assert (seq.min_value, seq.max_value) == (10, 999999)
    assert seq.cache == 20
    assert seq.cycle is True
    assert seq.owned_by is None
    assert seq.identity is False
    assert seq.comment == "Invoice numbers, reused after a wrap"


def test_defaults_of_a_plain_sequence(sequences) -> None:
    """A sequence created without options is a bigint from 1 up."""
    seq = sequences["free_standing"]
    assert seq.data_type == "bigint"
    assert (seq.start, seq.increment, seq.min_value) == (1, 1, 1)
    assert seq.max_value == 2**63 - 1
    assert (seq.cache, seq.cycle) == (1, False)


def test_serial_sequences_are_owned_by_their_column(sequences) -> None:
    """serial and bigserial sequences name schema.table.column."""
    assert sequences["t_id_seq"].owned_by == ColumnRef("s", "t", "id")
    assert sequences["t_id_seq"].data_type == "integer"
    assert sequences["t_id_seq"].identity is False
    assert sequences["t_big_id_seq"].owned_by == ColumnRef("s", "t", "big_id")
    assert sequences["t_big_id_seq"].data_type == "bigint"


def test_identity_sequence(sequences) -> None:
    """An identity column's sequence is flagged identity and owned by the column."""
    seq = sequences["t_ident_seq"]
    assert seq.identity is True
    assert seq.owned_by == ColumnRef("s", "t", "ident")
    assert (seq.start, seq.increment) == (7, 3)


def test_owned_by_set_later(db: str) -> None:
    """ALTER SEQUENCE .. OWNED BY links an existing sequence to a column."""
    run_sql(db, DDL + "create table s.u (n int); alter sequence s.free_standing owned by s.u.n;")
    sequence = snapshot_of(db).schemas["s"].sequences["free_standing"]
    assert sequence.owned_by == ColumnRef("s", "u", "n")
