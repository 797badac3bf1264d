"""The page of a list page a request asks for (``?page=N``), 50 rows a page as every list page,
and what its template shows of it: 「共 N 件，第 a–b 件」 and the pager's links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from api.web.core import page_links
from api.web.filters import Filters
from lifecycle.listings.repository import Window

PER_PAGE = 50


@dataclass(frozen=True)
class PageAsked:
    number: int
    size: int = PER_PAGE

    @property
    def window(self) -> Window:
        return Window(self.size, (self.number - 1) * self.size)

    def shown(self, total: int, kept: dict[str, str], anchor: str) -> dict[str, Any]:
        """The template's ``page_total``, ``page_from`` and pager links (keeping ``kept``, the
        filters, and landing on ``anchor``)."""
        more = self.number * self.size < total
        links = page_links(kept, self.number, more)
        return {
            "page_total": total,
            "page_from": self.window.offset + 1,
            **{name: url and f"{url}#{anchor}" for name, url in links.items()},
        }


def page_asked(request: Request, size: int | None = None) -> PageAsked:
    """The page ``request`` asks for (the first when none or an unusable one), ``size`` rows
    to a page (default ``PER_PAGE``)."""
    return PageAsked(Filters(request.query_params).page(), size or PER_PAGE)
