"""A title's number: one series per scheme, ``<prefix> <year>-<seq:03d>`` (杨浦 2023-015)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lifecycle.validation import ascii_digits

# Full-width digits and hyphen typed by a Chinese input method, read as the series writes them.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９－", "0123456789-")
# A series' words before the year's digits, spaced or not (沪劳创2024-007, 沪劳创　２０２４-007).
_SERIES_AND_YEAR = re.compile(r"^(\D+?)\s*(\d{4}-\d+)$")


def title_number(prefix: str, year: int, seq: int) -> str:
    """The ``seq``-th title of ``year`` in the scheme's series (e.g. 沪劳创 2024-003)."""
    return f"{prefix} {year}-{seq:03d}" if prefix else f"{year}-{seq:03d}"


def year_prefix(prefix: str, year: int) -> str:
    """What every number of the year's series starts with (e.g. "杨浦 2026-")."""
    return title_number(prefix, year, 0)[:-3]


def written_number(typed: str) -> str:
    """A typed title number as the series writes it, so one number is one title whatever its
    width or spacing: full-width digits, hyphen and spaces read as ASCII, runs of space as one,
    one space between the series' words and the year (沪劳创2024-007 → 沪劳创 2024-007); a
    number of another form is kept as typed, trimmed [Y7]."""
    number = " ".join(typed.translate(_HALF_WIDTH).split())
    found = _SERIES_AND_YEAR.match(number)
    return f"{found.group(1)} {found.group(2)}" if found else number


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
