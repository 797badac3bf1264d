"""A recorded area shown again on the correction form reads as the form takes it."""

from __future__ import annotations

from lifecycle.validation import plain_decimal
from lifecycle.workshops.correction import area_text


def test_a_recorded_area_is_shown_in_plain_digits_the_form_reads_back() -> None:
    assert [area_text(a) for a in (None, 85.5, 120.0, 1_000_000.0, 0.25)] == [
        "",
        "85.5",
        "120",
        "1000000",
        "0.25",
    ]
    assert plain_decimal(area_text(1_000_000.0)) == 1_000_000  # 「1e+06」 would be refused
