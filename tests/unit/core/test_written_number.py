"""A spreadsheet's float read as the hundredth it stands for, a real sub-hundredth part kept to be
refused (reading polish63b)."""

from __future__ import annotations

from decimal import Decimal

from lifecycle.validation import written_number


def test_a_floats_binary_drift_is_the_hundredth_it_stands_for() -> None:
    assert written_number(0.1 + 0.2) == Decimal("0.30")
    assert written_number(1.1 + 2.2) == Decimal("3.30")
    assert written_number(1234.5) == Decimal("1234.50")
    assert written_number(0.3) == Decimal("0.30")


def test_a_real_part_below_the_hundredth_is_kept_and_huge_or_odd_floats_read_as_written() -> None:
    assert written_number(0.305) == Decimal("0.305")
    assert written_number(0.30001) == Decimal("0.30001")
    assert written_number(1e16) == Decimal("1E+16")
    assert not written_number(float("inf")).is_finite()
