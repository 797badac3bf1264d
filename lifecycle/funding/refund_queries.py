"""Queries of the money titles returned to their payers (``FundingRefund``), the funding
repository's, kept apart for size: the audit's facts, the ledger's lines and the sums of what
was returned, which every total of funds received subtracts.

A refund counts as it stands: its row with its last change (``FundingRefundChange``, which
carries every value from then on); a voided one counts nowhere but stays listed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from lifecycle.designations.model import Designation
from lifecycle.funding.model import FundingRefund, FundingRefundChange, RefundChangeKind
from lifecycle.funding.rules import RefundFact


@dataclass(frozen=True)
class StandingRefund:
    """A refund as it stands: its last change's values, its version, when it was voided."""

    id: int
    finding_id: int
    designation_id: int
    amount_fen: int
    refunded_on: date
    reference: str
    version: int
    voided_on: date | None
    recorded_by: str

    @property
    def voided(self) -> bool:
        return self.voided_on is not None


_R = FundingRefund
_LAST_CHANGE = aliased(FundingRefundChange)


def _last_versions() -> Any:
    c = FundingRefundChange
    return (
        select(c.refund_id, func.max(c.version).label("version")).group_by(c.refund_id).subquery()
    )


def _standing_columns(last: Any) -> tuple[Any, ...]:
    lc = _LAST_CHANGE
    return (
        func.coalesce(lc.amount_fen, _R.amount_fen).label("amount_fen"),
        func.coalesce(lc.refunded_on, _R.refunded_on).label("refunded_on"),
        func.coalesce(lc.reference, _R.reference).label("reference"),
        func.coalesce(last.c.version, 1).label("version"),
    )


def _joined(stmt: Select[Any], last: Any) -> Select[Any]:
    lc = _LAST_CHANGE
    return stmt.outerjoin(last, last.c.refund_id == _R.id).outerjoin(
        lc, and_(lc.refund_id == _R.id, lc.version == last.c.version)
    )


def _counted() -> ColumnElement[bool]:
    """Not voided: a refund never changed, or whose last change corrects it."""
    lc = _LAST_CHANGE
    return or_(lc.kind.is_(None), lc.kind != RefundChangeKind.VOID)


def _standing(which: ColumnElement[bool]) -> Select[Any]:
    last = _last_versions()
    lc = _LAST_CHANGE
    voided_on = case((lc.kind == RefundChangeKind.VOID, lc.changed_on), else_=None)
    stmt = select(
        _R.id, _R.finding_id, _R.designation_id, *_standing_columns(last),
        voided_on.label("voided_on"), _R.recorded_by,
    )  # fmt: skip
    return (
        _joined(stmt.select_from(_R), last)
        .where(which)
        .order_by(func.coalesce(lc.refunded_on, _R.refunded_on), _R.id)
    )


def standing_refunds(session: Session, which: ColumnElement[bool]) -> list[StandingRefund]:
    """The refunds ``which`` selects (on ``FundingRefund``), as they stand, by date."""
    return [StandingRefund(*row) for row in session.execute(_standing(which)).all()]


def refund_facts(conn: Connection, which: ColumnElement[bool]) -> dict[int, list[RefundFact]]:
    """The refunds counted of the designations ``which`` selects (on
    ``FundingRefund.designation_id``), by designation."""
    found: dict[int, list[RefundFact]] = defaultdict(list)
    for r in (StandingRefund(*row) for row in conn.execute(_standing(which)).all()):
        if not r.voided:
            found[r.designation_id].append(RefundFact(r.id, r.refunded_on, r.amount_fen))
    return found


def refunds_of(session: Session, designation_id: int) -> Sequence[StandingRefund]:
    """One title's refunds as they stand, by date, voided ones too."""
    return standing_refunds(session, _R.designation_id == designation_id)


def refund_of(session: Session, finding_id: int) -> StandingRefund | None:
    """The refund answering a finding, if it was resolved 已退回 with one."""
    found = standing_refunds(session, _R.finding_id == finding_id)
    return found[0] if found else None


def refund_changes(session: Session, refund_id: int) -> Sequence[FundingRefundChange]:
    """A refund's corrections and void, oldest first (its 修改记录)."""
    c = FundingRefundChange
    return session.scalars(select(c).where(c.refund_id == refund_id).order_by(c.version)).all()


def voided_refund_findings() -> Select[Any]:
    """The findings whose refund was voided (a void is final): their 已退回 rests on no money."""
    c = FundingRefundChange
    return (
        select(_R.finding_id).join(c, c.refund_id == _R.id).where(c.kind == RefundChangeKind.VOID)
    )


def _summed(where: ColumnElement[bool]) -> Select[Any]:
    last = _last_versions()
    amount = func.coalesce(_LAST_CHANGE.amount_fen, _R.amount_fen)
    stmt = select(func.coalesce(func.sum(amount), 0)).select_from(_R)
    return _joined(stmt, last).where(where, _counted())


def refunded_sum(designation: Any) -> Any:
    """What the designation ``designation`` (a correlated id column) returned, as a scalar
    subquery: funds received less this is what the title holds."""
    return _summed(_R.designation_id == designation).scalar_subquery()


def refunded_within(ids: Any) -> Any:
    """What the designations ``ids`` (a subquery of ids) returned, summed."""
    return _summed(_R.designation_id.in_(ids))


def refunded_by_scheme(session: Session, within: Any) -> dict[str, int]:
    """What the designations ``within`` (a subquery of ids) returned, by scheme."""
    last = _last_versions()
    amount = func.coalesce(_LAST_CHANGE.amount_fen, _R.amount_fen)
    by_scheme = cast("Select[Any]", select(Designation.scheme_code, func.sum(amount)))
    stmt = _joined(by_scheme.select_from(_R), last).join(
        Designation, Designation.id == _R.designation_id
    )
    stmt = stmt.where(_R.designation_id.in_(within), _counted()).group_by(Designation.scheme_code)
    return {code: int(fen) for code, fen in session.execute(stmt)}


class RefundQueries:
    """The funding repository's refund methods (``FundingRepository`` is one)."""

    session: Session

    def add_refund(self, refund: FundingRefund) -> FundingRefund:
        self.session.add(refund)
        self.session.flush()
        return refund

    def add_refund_change(self, change: FundingRefundChange) -> FundingRefundChange:
        self.session.add(change)
        self.session.flush()
        return change

    def refunds_of(self, designation_id: int) -> Sequence[StandingRefund]:
        """One title's refunds as they stand (voided ones too), in one query."""
        return refunds_of(self.session, designation_id)

    def refund_of(self, finding_id: int) -> StandingRefund | None:
        return refund_of(self.session, finding_id)

    def standing_refund(self, refund_id: int) -> StandingRefund | None:
        found = standing_refunds(self.session, _R.id == refund_id)
        return found[0] if found else None

    def refund_changes(self, refund_id: int) -> Sequence[FundingRefundChange]:
        return refund_changes(self.session, refund_id)
