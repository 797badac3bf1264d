"""A title's number: one series per scheme, ``<prefix> <year>-<seq:03d>`` (杨浦 2023-015)."""

from __future__ import annotations

from collections.abc import Iterable

from lifecycle.validation import ascii_digits


def title_number(prefix: str, year: int, seq: int) -> str:
    """The ``seq``-th title of ``year`` in the scheme's series (e.g. 沪劳创 2024-003)."""
    return f"{prefix} {year}-{seq:03d}" if prefix else f"{year}-{seq:03d}"


def year_prefix(prefix: str, year: int) -> str:
    """What every number of the year's series starts with (e.g. "杨浦 2026-")."""
    return title_number(prefix, year, 0)[:-3]


def next_title_number(prefix: str, year: int, taken: Iterable[str]) -> str:
    """The next number of the year: after the highest sequence used in the series, never a gap's
    (numbers of another form, e.g. imported as written on paper, do not count) [Y7]."""
    start = year_prefix(prefix, year)
    used = [
        int(rest)
        for number in taken
        if number.startswith(start) and ascii_digits(rest := number[len(start) :])
    ]
    return title_number(prefix, year, max(used, default=0) + 1)
