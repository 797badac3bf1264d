"""One page of a list as the pages and their JSON twins show it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from lifecycle.listings.repository import Listing, Window

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


def within_pages(
    read: Callable[[int], Paged[T]], page: int, problems: list[str]
) -> tuple[int, Paged[T]]:
    """Page ``page`` as ``read`` reads it, or the last page when it lies after it (a stale or
    edited link), said in ``problems`` as the 待办 list says it: the page number shown and its
    rows."""
    result = read(page)
    if not result.past_the_end:
        return page, result
    last = result.last_page
    problems.append(f"第 {page} 页超出范围（共 {last} 页），已显示最后一页")
    return last, read(last)


def window_of(rows: Sequence[T], page: int, size: int) -> Paged[T]:
    """Page ``page`` (1-based, ``size`` rows) of a list a rule has derived from every fact (a
    ledger's running balance is computed over all its lines, then shown a page at a time)."""
    offset = (page - 1) * size
    return Paged(list(rows[offset : offset + size]), len(rows), size, offset)


PER_PAGE = 50  # every list page's rows a page


def stored_page(
    read: Callable[[Window], Listing[T]], page: int, problems: list[str], size: int | None = None
) -> tuple[int, Paged[T]]:
    """Page ``page`` of a list its repository pages in SQL (``read`` a window of it), or the last
    page when it lies after it, said in ``problems`` (``within_pages``): the number shown and
    its rows (``size`` a page, ``PER_PAGE`` by default)."""
    per_page = size or PER_PAGE

    def at(number: int) -> Paged[T]:
        window = Window(per_page, (number - 1) * per_page)
        rows = read(window)
        return Paged(list(rows.items), rows.total, per_page, window.offset)

    return within_pages(at, page, problems)
