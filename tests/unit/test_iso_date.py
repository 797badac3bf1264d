"""A typed date (form field, command-line value): a day that does not exist is said to be so."""

from __future__ import annotations

from datetime import date

from lifecycle.validation import iso_date


def test_a_typed_date_is_read_or_refused_in_words_that_fit_what_was_typed() -> None:
    assert iso_date("2026-03-01", "检查日期") == date(2026, 3, 1)
    assert iso_date("2026-02-30", "检查日期") == "检查日期有误：没有2026-02-30这一天"
    assert iso_date("2026-13-01") == "日期有误：没有2026-13-01这一天"
    assert iso_date("2026/3/1", "检查日期") == "检查日期格式应为 YYYY-MM-DD"
    assert iso_date("", "检查日期") == "检查日期格式应为 YYYY-MM-DD"
    assert iso_date("0001-01-01", "出生日期") == "出生日期超出支持范围（1900-01-01 至 2199-12-31）"
