"""Long IN lists a bounded batch at a time: each backend caps the parameters of one statement."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparisonT

IDS_PER_QUERY = 5000  # well below SQLite's 32766 and PostgreSQL's 65535 bound parameters


def batches(
    items: Collection[SupportsRichComparisonT], size: int | None = None
) -> Iterator[list[SupportsRichComparisonT]]:
    """``items`` sorted, without repeats, ``size`` (default ``IDS_PER_QUERY``) at a time."""
    unique, size = sorted(set(items)), size or IDS_PER_QUERY
    for start in range(0, len(unique), size):
        yield unique[start : start + size]
