"""Money is integer fen end to end; text that is not an amount is refused with the field named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lifecycle.errors import ValidationFailed
from lifecycle.money import check_fen, format_fen, parse_yuan


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("10000", 1_000_000),
        ("10000.00", 1_000_000),
        ("12,345.6", 1_234_560),
        ("0.1", 10),
        (" 20000.05 ", 2_000_005),
        (Decimal("1.5"), 150),
        (3, 300),
    ],
)
def test_parse_yuan_to_fen(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("100.005", "invalid_amount"),
        ("-3", "negative_amount"),
        ("1e3", "invalid_amount"),
        ("", "empty_amount"),
        ("abc", "invalid_amount"),
        ("NaN", "invalid_amount"),
    ],
)
def test_bad_amounts_are_refused_naming_the_field(text, code):
    with pytest.raises(ValidationFailed) as err:
        parse_yuan(text, field="expenditures[3].amount")
    assert err.value.code == code
    assert err.value.field == "expenditures[3].amount"


@pytest.mark.parametrize(
    ("text", "fen"),
    [("10,000", 1_000_000), ("1,234,567.89", 123_456_789), ("10，000.50", 1_000_050)],
)
def test_thousands_grouping_is_accepted(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["1,0,0,0,0", "10000,00", "1,00", ",100", "100,", "1,0000"])
def test_commas_anywhere_but_between_thousands_are_refused(text):
    with pytest.raises(ValidationFailed) as err:
        parse_yuan(text, field="amount_yuan")
    assert err.value.code == "invalid_amount"
    assert "千位分隔符" in err.value.message


@pytest.mark.parametrize("text", ["1234567890123", "1,234,567,890,123.00", 10**13])
def test_an_amount_of_thirteen_digits_is_refused_as_too_large(text):
    with pytest.raises(ValidationFailed) as err:
        parse_yuan(text, field="amount_yuan")
    assert err.value.code == "amount_too_large"
    assert "金额过大" in err.value.message
    assert parse_yuan("999,999,999,999.99") == 99_999_999_999_999


def test_no_float_drift():
    assert parse_yuan("0.1") + parse_yuan("0.2") == parse_yuan("0.3")


def test_check_fen_and_format():
    assert check_fen(5) == 5
    for bad in (-1, 0, True, 1.5):
        with pytest.raises(ValidationFailed):
            check_fen(bad)  # type: ignore[arg-type]
    assert format_fen(123_456_789) == "1,234,567.89"
    assert format_fen(-5) == "-0.05"


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("１０００", 100_000),
        ("１，０００．５０", 100_050),
        ("1,０００.5", 100_050),
        (" １２ ", 1_200),
    ],
)
def test_full_width_digits_of_a_chinese_input_method_read_as_their_ascii_twins(text, fen):
    """As every other number of a form (an area, a year) reads them; 「－５」 is still negative."""
    assert parse_yuan(text) == fen


def test_a_full_width_minus_is_refused_as_negative():
    with pytest.raises(ValidationFailed) as err:
        parse_yuan("－５", field="amount_yuan")
    assert (err.value.code, err.value.field) == ("negative_amount", "amount_yuan")
