"""A typed title number is written as its series writes it, so one number is one title [Y7]."""

from __future__ import annotations

import pytest

from lifecycle.schemes.numbers import written_number


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("沪劳创 2024-007", "沪劳创 2024-007"),
        ("沪劳创2024-007", "沪劳创 2024-007"),
        (" 沪劳创\u3000２０２４－００７ ", "沪劳创 2024-007"),
        ("杨浦  2023-015", "杨浦 2023-015"),
        ("2024-007", "2024-007"),  # a series without words keeps its form
        ("沪劳创（2019）3号", "沪劳创（2019）3号"),  # a number of another form, as typed
        ("12024-007", "12024-007"),
    ],
)
def test_a_number_is_written_as_its_series_writes_it(typed: str, written: str) -> None:
    assert written_number(typed) == written
