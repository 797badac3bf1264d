"""Form dates outside the supported range are refused beside their field, in Chinese."""

from __future__ import annotations

from starlette.datastructures import FormData

from api.web.forms import parse_date


def test_a_form_date_outside_the_range_is_a_field_error() -> None:
    errors: dict[str, str] = {}
    assert parse_date(FormData({"on": "9999-12-31"}), "on", "检查日期", errors) is None
    assert errors == {"on": "检查日期超出支持范围（1900-01-01 至 2199-12-31）"}
    errors.clear()
    assert parse_date(FormData({"on": "2026-12-03"}), "on", "检查日期", errors) is not None
    assert errors == {}
