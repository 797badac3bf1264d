"""Amounts are integer fen from text, never floats; categories follow [Y16]."""

from __future__ import annotations

import pytest

from lifecycle.errors import ValidationFailed
from lifecycle.funding.categories import (
    CATEGORY_LABELS,
    FORBIDDEN_CATEGORIES,
    ExpenditureCategory,
    category_from_text,
    is_forbidden,
)
from lifecycle.funding.excel_export import yuan
from lifecycle.money import parse_yuan


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("100.005", "invalid_amount"),
        ("-3", "negative_amount"),
        ("1e3", "invalid_amount"),
        ("", "empty_amount"),
    ],
)
def test_bad_amount_text_is_refused(text, code):
    with pytest.raises(ValidationFailed) as err:
        parse_yuan(text, field="amount_yuan")
    assert err.value.code == code
    assert err.value.field == "amount_yuan"


def test_a_float_with_drift_is_refused_and_text_sums_exactly():
    with pytest.raises(ValidationFailed):
        parse_yuan(repr(0.1 + 0.2))
    assert parse_yuan("0.10") + parse_yuan("0.20") == parse_yuan("0.30") == 30


def test_cells_get_exact_decimals():
    assert str(yuan(30)) == "0.30"
    assert str(yuan(123_456)) == "1234.56"


def test_y16_forbidden_uses():
    assert {CATEGORY_LABELS[c] for c in FORBIDDEN_CATEGORIES} == {
        "个人奖励",
        "津贴",
        "补贴",
        "差旅",
    }
    assert not is_forbidden(ExpenditureCategory.EQUIPMENT)
    assert category_from_text(" 差旅 ") is ExpenditureCategory.TRAVEL
    assert category_from_text("books") is ExpenditureCategory.BOOKS
    assert category_from_text("咖啡") is None
