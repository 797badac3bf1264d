"""One page of a list as the pages and their JSON twins show it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Paged(Generic[T]):
    """The rows of one page and how many rows the whole list holds."""

    items: list[T]
    total: int
    limit: int
    offset: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total

    @property
    def last_page(self) -> int:
        """The number of the list's last page (1 for an empty list)."""
        return max(1, -(-self.total // self.limit))

    @property
    def past_the_end(self) -> bool:
        """Whether this page lies after the last one of a list that has rows (a stale link)."""
        return not self.items and self.total > 0 and self.offset > 0
