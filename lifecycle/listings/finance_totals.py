"""The sums of the 经费台账一览 over every row its filter matches, not one page [S10][Y16]: the
page's 合计 row, as its workbook's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.funding.model import (
    AuditFinding,
    Expenditure,
    ExpenditureChange,
    FindingResolution,
    Grant,
)
from lifecycle.funding.refund_queries import refunded_within
from lifecycle.listings.repository import RegistryFilter, _registry_where
from lifecycle.scope import Scope


@dataclass(frozen=True)
class FinanceSums:
    """The designations a filter matches, their funds received, their spending never changed,
    their open findings, and those with a corrected or voided expenditure (summed as they stand
    by ``FundingRepository.changed_spending``, the rule in Python)."""

    count: int
    received_fen: int
    unchanged_spent_fen: int
    open_findings: int
    changed: list[int]


def _open_finding() -> Any:
    """An audit finding not resolved."""
    return ~exists().where(FindingResolution.finding_id == AuditFinding.id)


def finance_sums(
    session: Session, scope: Scope, flt: RegistryFilter, *, with_open_findings: bool
) -> FinanceSums:
    """The sums of the rows ``ListingRepository.finance_rows`` lists for the same filter, each
    table summed once over the matching designations (not a sum per row)."""
    ids: Select[Any] = _registry_where(select(Designation.id), scope, flt)
    if with_open_findings:
        ids = ids.where(
            exists()
            .where(AuditFinding.designation_id == Designation.id, _open_finding())
            .correlate(Designation)
        )
    matched = ids.subquery()
    within = select(matched.c.id)
    changed = exists().where(ExpenditureChange.expenditure_id == Expenditure.id)
    received = select(func.coalesce(func.sum(Grant.amount_fen), 0)).where(
        Grant.designation_id.in_(within), Grant.paid_on.is_not(None), Grant.voided_on.is_(None)
    )
    spent = select(func.coalesce(func.sum(Expenditure.amount_fen), 0)).where(
        Expenditure.designation_id.in_(within), ~changed
    )
    findings = select(func.count(AuditFinding.id)).where(
        AuditFinding.designation_id.in_(within), _open_finding()
    )
    with_changes = (
        select(Expenditure.designation_id)
        .where(Expenditure.designation_id.in_(within), changed)
        .distinct()
    )
    returned = refunded_within(within)
    conn = session.connection()
    return FinanceSums(
        count=int(conn.scalar(select(func.count()).select_from(matched)) or 0),
        # Less what the titles returned to their payers (findings resolved 已退回).
        received_fen=int(conn.scalar(received) or 0) - int(conn.scalar(returned) or 0),
        unchanged_spent_fen=int(conn.scalar(spent) or 0),
        open_findings=int(conn.scalar(findings) or 0),
        changed=sorted(int(i) for i in conn.scalars(with_changes)),
    )
