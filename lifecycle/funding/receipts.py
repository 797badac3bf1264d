"""Which use of a receipt reference comes first, across a team's titles (reading 34) [Y16][S10]."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from operator import attrgetter
from typing import NamedTuple, Protocol


class ReceiptUse(NamedTuple):
    """An expenditure (as it stands) of another title of the same team, as the receipt check
    sees it: the title's id and number, the expenditure's id, date and receipt reference."""

    designation_id: int
    number: str | None
    id: int
    spent_on: date
    receipt_ref: str | None


class _Spending(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def spent_on(self) -> date: ...
    @property
    def receipt_ref(self) -> str | None: ...


_DAY_THEN_ID = attrgetter("spent_on", "id")


def receipt_key(ref: str) -> str:
    """A receipt reference as compared: full-width and half-width forms alike (NFKC:
    「ＦＰ－００９」 typed with a Chinese input method is 「FP-009」), letters in any case, spaces
    ignored; one receipt typed two ways is still one receipt (reading 34)."""
    return "".join(unicodedata.normalize("NFKC", ref).casefold().split())


def first_receipt_uses(
    designation_id: int, team: Iterable[ReceiptUse], by_day: Sequence[_Spending]
) -> dict[str, ReceiptUse]:
    """Per receipt reference (``receipt_key``), its first use (by date, then id) among the
    title's expenditures ``by_day`` and those of the team's other titles: any later use of it
    is a finding.

    「专款专用」 [Y16][S10][C 一（五）]: a team holding two titles (a district title, then the city
    title recommended from it [S7]) receives each title's money apart, and one payment is
    accounted for once, to one title's funds; the same receipt entered under both titles claims
    it twice (reading 34). Across teams a reference is not compared: two units' receipts may
    carry the same number.
    """
    own = (ReceiptUse(designation_id, None, e.id, e.spent_on, e.receipt_ref) for e in by_day)
    last = by_day[-1].spent_on if by_day else None
    others = (u for u in team if last is not None and u.spent_on <= last)
    first: dict[str, ReceiptUse] = {}
    for use in sorted((*own, *others), key=_DAY_THEN_ID):
        if key := receipt_key(use.receipt_ref or ""):
            first.setdefault(key, use)
    return first
