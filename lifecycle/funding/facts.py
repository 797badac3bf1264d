"""Plain funding facts other packages read (the occasions calendar) [S10]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class MatchingFact:
    """The paid city grant of a designation and the district matching paid so far [S10]."""

    city_paid_on: date
    city_grant_fen: int
    matching_fen: int
