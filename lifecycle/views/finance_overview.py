"""Finance's list: every designation in scope with received, spent, balance and open findings."""

from __future__ import annotations

from dataclasses import dataclass

from lifecycle.listings.finance_totals import finance_sums
from lifecycle.listings.repository import RegistryFilter, Window
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.paging import Paged
from lifecycle.vocab import DesignationStatus


@dataclass(frozen=True)
class FundRow:
    """One designation's money at a glance; the balance is received minus spent [S10]."""

    id: int
    number: str | None
    title: str
    scheme_code: str
    status: DesignationStatus
    received_fen: int
    spent_fen: int
    open_findings: int

    @property
    def balance_fen(self) -> int:
        return self.received_fen - self.spent_fen


FundPage = Paged[FundRow]  # one page of the list and how many rows it holds


def fund_page(
    uow: UnitOfWork,
    flt: RegistryFilter,
    *,
    scope: Scope,
    with_open_findings: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> FundPage:
    """One page of designations in ``scope`` with their sums, summed in SQL [S10][Y16]; the
    expenditures corrected or voided counted as they stand (``standing``)."""
    found = uow.listings.finance_rows(
        scope, flt, Window(limit, offset), with_open_findings=with_open_findings
    )
    changed = uow.funding.changed_spending([row[0] for row in found.items])
    rows = [
        FundRow(i, n, t, c, s, int(r or 0), int(sp or 0) + changed.get(i, 0), int(f or 0))
        for i, n, t, c, s, r, sp, f in found.items
    ]
    return FundPage(rows, found.total, limit, offset)


@dataclass(frozen=True)
class FundTotals:
    """The 合计 of the list as filtered, every page's rows: how many titles, their funds
    received, spent and open findings, as the list's workbook sums them [S10][Y16]."""

    count: int
    received_fen: int
    spent_fen: int
    open_findings: int

    @property
    def balance_fen(self) -> int:
        return self.received_fen - self.spent_fen


def fund_totals(
    uow: UnitOfWork, flt: RegistryFilter, *, scope: Scope, with_open_findings: bool = False
) -> FundTotals:
    """The sums of every row ``fund_page`` lists for the filter (summed in SQL, the corrected
    or voided expenditures as they stand)."""
    sums = finance_sums(uow.session, scope, flt, with_open_findings=with_open_findings)
    changed = sum(uow.funding.changed_spending(sums.changed).values())
    spent = sums.unchanged_spent_fen + changed
    return FundTotals(sums.count, sums.received_fen, spent, sums.open_findings)
