"""Correcting and voiding a recorded refund (已退回) over JSON; the audit follows [Y16][S10]."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import ClockDep, ReaderDep, UowDep
from api.v1.common import CallerDep, IdPath, Inbound, OptionalYuanText, Out, found, today
from api.v1.ledger_scope import ledger_write
from lifecycle.funding.model import RefundChangeKind
from lifecycle.funding.refund_changes import (
    CorrectRefund,
    RefundChanged,
    VoidRefund,
    correct_refund,
    void_refund,
)
from lifecycle.funding.refund_queries import StandingRefund
from lifecycle.uow import UnitOfWork

router = APIRouter(tags=["funding"])

# An empty reason is the use case's to refuse, beside every other bad field at once.
Reason = Annotated[str, Field(max_length=2000)]
Version = Annotated[int | None, Field(default=None, ge=1, le=2_147_483_647)]


class RefundChangeOut(Out):
    """One entry of the 修改记录: the refund's values after the change (a void: those voided)."""

    version: int
    kind: RefundChangeKind
    amount_fen: int
    refunded_on: date
    reference: str
    reason: str
    changed_on: date
    changed_by: str


class RefundOut(Out):
    """A refund as it stands, with every change."""

    id: int
    finding_id: int
    designation_id: int
    amount_fen: int
    refunded_on: date
    reference: str
    version: int
    voided_on: date | None
    recorded_by: str
    changes: list[RefundChangeOut]


class RefundChangedOut(BaseModel):
    refund: RefundOut
    findings_stored: int = Field(description="本次重新审计新增的审计发现条数")
    findings_closed: list[int] = Field(description="因更正或作废而不再成立、已自动关闭的发现")
    reopened_finding_id: int | None = Field(
        default=None,
        description="作废退回后重新列为待处理的审计发现（仍成立时由系统另记一条，原发现保留）",
    )

    @classmethod
    def of(cls, changed: RefundChanged, refund: RefundOut) -> RefundChangedOut:
        return cls(
            refund=refund,
            findings_stored=changed.settled.stored,
            findings_closed=list(changed.settled.closed),
            reopened_finding_id=changed.reopened_finding_id,
        )


class RefundCorrectionIn(Inbound):
    """The values to correct (omitted: kept) and why."""

    record_kind = "refund_correction"
    reason: Reason
    expected_version: Version = None
    refund_yuan: Annotated[OptionalYuanText, Field(default=None, max_length=30)] = None
    refunded_on: date | None = None
    refund_ref: Annotated[str | None, Field(default=None, max_length=100)] = None


class RefundVoidIn(Inbound):
    record_kind = "refund_void"
    reason: Reason
    expected_version: Version = None


def _out(u: UnitOfWork, refund: StandingRefund) -> RefundOut:
    changes = [RefundChangeOut.model_validate(c) for c in u.funding.refund_changes(refund.id)]
    return RefundOut.model_validate({**refund.__dict__, "changes": changes})


@router.get("/refunds/{refund_id}", response_model=RefundOut)
def refund(refund_id: IdPath, caller: CallerDep, u: ReaderDep) -> RefundOut:
    """The refund as it stands, with the values first recorded kept in its changes."""
    now = u.funding.standing_refund(refund_id)
    in_scope = now is not None and u.funding.get_finding(now.finding_id, caller.scope) is not None
    shown = found(now if in_scope else None, "退回记录不存在或不在可见范围内", "refund_id")
    return _out(u, shown)


@ledger_write(router, "/refunds/{refund_id}/correction", RefundChangedOut)
def correct(
    refund_id: IdPath, body: RefundCorrectionIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> RefundChangedOut:
    """Correct the amount, date or reference of a refund; the values first recorded stay."""
    actor = caller.principal.actor
    with uow(actor) as u:
        typed = body.model_dump()
        cmd = CorrectRefund(
            refund_id, typed["reason"], typed["expected_version"], typed["refund_yuan"],
            typed["refunded_on"], typed["refund_ref"],
        )  # fmt: skip
        changed = correct_refund(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return RefundChangedOut.of(changed, _out(u, changed.refund))


@ledger_write(router, "/refunds/{refund_id}/void", RefundChangedOut)
def void(
    refund_id: IdPath, body: RefundVoidIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> RefundChangedOut:
    """Void a refund recorded in error: kept and shown as voided, counted nowhere."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = VoidRefund(refund_id, **body.model_dump())
        changed = void_refund(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return RefundChangedOut.of(changed, _out(u, changed.refund))
