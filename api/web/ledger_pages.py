"""A record page's growing lists a page at a time, as every list page: the fund ledger's three
(its lines, the expenditures as they stand, the findings) and a title's occasions. The running
balance and the sums are the rule's over every fact (``designation_ledger``), the occasions the
rules' from the naming on; only the rows shown are a window of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

from api.web.filters import Filters
from lifecycle.listings.repository import Listing, Window
from lifecycle.views.funding import DesignationLedger
from lifecycle.views.paging import Paged, stored_page, window_of

T = TypeVar("T")
PER_PAGE = 50
# Each list: its page parameter (the others kept by its pager) and the part of the page it is.
LISTS = (("lines", "page", "ledger"), ("spending", "spending_page", "expenditures"),
         ("findings", "findings_page", "findings"))  # fmt: skip


def ledger_sections(
    ledger: DesignationLedger, query: Mapping[str, str], form: str | None
) -> dict[str, Any]:
    """The page of each list the address asks for (a page past the last: the last), or the page
    holding the row whose refused ``form`` is shown again; each with its pager's addresses, and
    the query keeping those pages that the page's forms post to (``pages_query``)."""
    f = Filters(query)
    rows: dict[str, Sequence[Any]] = {
        "lines": ledger.lines,
        "spending": ledger.expenditures,
        "findings": ledger.findings,
    }
    holding: dict[str, Callable[[Any], tuple[str, ...]]] = {
        "lines": lambda _: (),
        "spending": lambda x: (f"spend-correct-{x.id}", f"spend-void-{x.id}"),
        "findings": lambda x: (
            ()
            if x.refund is None
            else (f"refund-correct-{x.refund.id}", f"refund-void-{x.refund.id}")
        ),
    }
    numbers = {
        name: _holding(rows[name], holding[name], form) or f.page(param) for name, param, _ in LISTS
    }
    shown: dict[str, Paged[Any]] = {}
    for name, _, _ in LISTS:
        paged = window_of(rows[name], numbers[name], PER_PAGE)
        if paged.past_the_end:
            numbers[name] = paged.last_page
            paged = window_of(rows[name], paged.last_page, PER_PAGE)
        shown[name] = paged
    out: dict[str, Any] = {
        "pages_query": pages_query({param: numbers[name] for name, param, _ in LISTS})
    }
    for name, param, anchor in LISTS:
        kept = {p: numbers[n] for n, p, _ in LISTS if n != name and numbers[n] > 1}
        out[name] = shown[name]
        out[f"{name}_pager"] = pager_links(kept, param, numbers[name], shown[name], anchor)
    return out


def section_page(
    rows: Sequence[T],
    query: Mapping[str, str],
    param: str,
    anchor: str,
    others: Sequence[str] = (),
) -> tuple[Paged[T], dict[str, str | None]]:
    """One growing list of a record's page a page at a time (``param``; a page past the last:
    the last), with its pager's addresses back at ``anchor`` keeping the pages of the page's
    ``others`` lists."""
    number = Filters(query).page(param)
    paged = window_of(rows, number, PER_PAGE)
    if paged.past_the_end:
        number = paged.last_page
        paged = window_of(rows, number, PER_PAGE)
    return paged, stored_pager(query, others, param, number=number, paged=paged, anchor=anchor)


def stored_list(
    query: Mapping[str, str],
    read: Callable[[Window], Listing[T]],
    param: str,
    anchor: str,
    others: Sequence[str] = (),
) -> tuple[Paged[T], dict[str, str | None]]:
    """One list of a page its repository pages in SQL (``read`` a window of it): the page the
    address asks by ``param`` (past the last: the last, said in the pager's note), with its
    pager's addresses back at ``anchor`` keeping the pages of the page's ``others`` lists."""
    notes: list[str] = []
    number, paged = stored_page(read, Filters(query).page(param), notes)
    note = notes[0] if notes else None
    pager = stored_pager(query, others, param, number=number, paged=paged, anchor=anchor, note=note)
    return paged, pager


def stored_pager(
    query: Mapping[str, str],
    others: Sequence[str],
    param: str,
    *,
    number: int,
    paged: Paged[Any],
    anchor: str,
    note: str | None = None,
) -> dict[str, str | None]:
    """The pager of one of a page's lists (shown at page ``number``, asked by ``param``), keeping
    the pages the address asks of the page's ``others`` lists; ``note``: what the list says of
    a page asked past its last."""
    f = Filters(query)
    kept = {p: f.page(p) for p in others if p != param and f.page(p) > 1}
    return {**pager_links(kept, param, number, paged, anchor), "note": note}


def _holding(rows: Sequence[T], forms: Callable[[T], tuple[str, ...]], form: str | None) -> int:
    """The number of the page holding the row whose form is ``form`` (0: none)."""
    if form is None:
        return 0
    for at, row in enumerate(rows):
        if form in forms(row):
            return at // PER_PAGE + 1
    return 0


def pages_query(pages: Mapping[str, int]) -> str:
    """The query keeping a page's lists at the pages shown (those past the first), for its forms'
    addresses: a refused form comes back on the pages the user was on."""
    kept = {param: number for param, number in pages.items() if number > 1}
    return "?" + urlencode(kept) if kept else ""


def back_to(
    path: str, query: Mapping[str, str], params: Sequence[str], anchor: str, **said: int
) -> str:
    """Where a page's form, once done, sends the browser: back to ``path`` at the pages of its
    lists the form's address kept (``params``, as ``pages_query`` put them there) and at the
    part of the page it was, ``anchor`` — not to the first page of each list; ``said``: what
    the page is also to say (``imported=3``)."""
    f = Filters(query)
    kept = {p: f.page(p) for p in params if f.page(p) > 1}
    asked = urlencode({**kept, **said})
    return path + (f"?{asked}" if asked else "") + f"#{anchor}"


def pager_links(
    kept: Mapping[str, int], param: str, number: int, paged: Paged[Any], anchor: str
) -> dict[str, str | None]:
    """上一页 and 下一页 of one list, keeping the other lists' pages, back at the list."""

    def to(n: int) -> str:
        return "?" + urlencode({**kept, param: n}) + f"#{anchor}"

    return {
        "prev_url": to(number - 1) if number > 1 else None,
        "next_url": to(number + 1) if paged.has_next else None,
        "count": f"共 {paged.total} 条" if paged.total > paged.limit else "",
    }
