"""Queries of the money titles returned to their payers (``FundingRefund``), the funding
repository's, kept apart for size: the audit's facts, the ledger's lines and the sums of what
was returned, which every total of funds received subtracts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select
from sqlalchemy.orm import Session

from lifecycle.designations.model import Designation
from lifecycle.funding.model import FundingRefund
from lifecycle.funding.rules import RefundFact


def refund_facts(conn: Connection, which: ColumnElement[bool]) -> dict[int, list[RefundFact]]:
    """The refunds of the designations ``which`` selects (on ``FundingRefund.designation_id``),
    by designation."""
    r = FundingRefund
    found: dict[int, list[RefundFact]] = defaultdict(list)
    stmt = select(r.designation_id, r.id, r.refunded_on, r.amount_fen).where(which)
    for did, rid, on, fen in conn.execute(stmt).all():
        found[did].append(RefundFact(rid, on, fen))
    return found


def refunds_of(session: Session, designation_id: int) -> Sequence[FundingRefund]:
    """One title's refunds, by date."""
    stmt = (
        select(FundingRefund)
        .where(FundingRefund.designation_id == designation_id)
        .order_by(FundingRefund.refunded_on, FundingRefund.id)
    )
    return session.scalars(stmt).all()


def refund_of(session: Session, finding_id: int) -> FundingRefund | None:
    """The refund answering a finding, if it was resolved 已退回 with one."""
    stmt = select(FundingRefund).where(FundingRefund.finding_id == finding_id)
    return session.scalars(stmt).first()


def refunded_sum(designation: Any) -> Any:
    """What the designation ``designation`` (a correlated id column) returned, as a scalar
    subquery: funds received less this is what the title holds."""
    return (
        select(func.coalesce(func.sum(FundingRefund.amount_fen), 0))
        .where(FundingRefund.designation_id == designation)
        .scalar_subquery()
    )


def refunded_within(ids: Any) -> Any:
    """What the designations ``ids`` (a subquery of ids) returned, summed."""
    return select(func.coalesce(func.sum(FundingRefund.amount_fen), 0)).where(
        FundingRefund.designation_id.in_(ids)
    )


def refunded_by_scheme(session: Session, within: Any) -> dict[str, int]:
    """What the designations ``within`` (a subquery of ids) returned, by scheme."""
    stmt = (
        select(Designation.scheme_code, func.sum(FundingRefund.amount_fen))
        .join(Designation, Designation.id == FundingRefund.designation_id)
        .where(FundingRefund.designation_id.in_(within))
        .group_by(Designation.scheme_code)
    )
    return {code: int(fen) for code, fen in session.execute(stmt)}
