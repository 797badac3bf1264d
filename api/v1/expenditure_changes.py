"""Correcting and voiding a recorded expenditure over JSON; the audit follows [Y10][Y16]."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import ClockDep, ReaderDep, UowDep
from api.v1.common import CallerDep, IdPath, Inbound, Instant, OptionalYuanText, Out, found, today
from api.v1.ledger_scope import ledger_write
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditure_changes import (
    CorrectExpenditure,
    ExpenditureChanged,
    VoidExpenditure,
    correct_expenditure,
    void_expenditure,
)
from lifecycle.funding.expenditures import DESCRIPTION_MAX
from lifecycle.funding.model import ExpenditureChangeKind
from lifecycle.views.expenditure_history import expenditure_history

router = APIRouter(tags=["funding"])

# An empty reason is the use case's to refuse, beside every other bad field at once.
Reason = Annotated[str, Field(max_length=2000)]
Version = Annotated[int | None, Field(default=None, ge=1, le=2_147_483_647)]


class ExpenditureChangeOut(Out):
    """One entry of the 修改记录: what the change made the expenditure (a void: no values)."""

    version: int
    kind: ExpenditureChangeKind
    spent_on: date | None
    amount_fen: int | None
    payee: str | None
    category: ExpenditureCategory | None
    description: str | None
    receipt_ref: str | None
    reason: str
    changed_on: date
    changed_by: str


class ExpenditureOut(Out):
    """An expenditure as it was recorded."""

    id: int
    designation_id: int
    spent_on: date
    amount_fen: int
    payee: str
    category: ExpenditureCategory
    description: str
    receipt_ref: str | None
    entered_by: str
    entered_by_user_id: int | None
    created_at: Instant


class StandingExpenditureOut(ExpenditureOut):
    """An expenditure as it stands; ``recorded_amount_fen`` and ``changes`` keep the rest."""

    version: int = Field(description="更正或作废时作为 expected_version 提交")
    recorded_amount_fen: int = Field(description="最初登记的金额")
    voided: bool
    voided_on: date | None
    void_reason: str | None
    voided_by: str | None
    correction_reason: str | None
    corrected_by: str | None
    changes: list[ExpenditureChangeOut]


class FieldChangeOut(Out):
    label: str
    before: str = Field(description="原值（登记时为空）")
    after: str


class ExpenditureHistoryEntryOut(Out):
    """One step of the 修改记录: the recording (version 1), a 更正 or a 作废."""

    version: int
    kind: str = Field(description="修改种类：recorded（登记）、correction（更正）、void（作废）")
    kind_label: str
    at: Instant
    on: date
    by: str
    reason: str | None
    fields: list[FieldChangeOut]


class ExpenditureHistoryOut(Out):
    """The twin of the page /history/expenditure/{id}: newest first."""

    expenditure_id: int
    designation_id: int
    designation_title: str
    summary: str
    voided: bool
    version: int
    entries: list[ExpenditureHistoryEntryOut]


class ExpenditureChangedOut(BaseModel):
    expenditure: StandingExpenditureOut
    findings_stored: int = Field(description="本次重新审计新增的审计发现条数")
    findings_closed: list[int] = Field(description="因更正或作废而不再成立、已自动关闭的发现")

    @classmethod
    def of(cls, changed: ExpenditureChanged) -> ExpenditureChangedOut:
        return cls(
            expenditure=StandingExpenditureOut.model_validate(changed.expenditure),
            findings_stored=changed.settled.stored,
            findings_closed=list(changed.settled.closed),
        )


class ExpenditureCorrectionIn(Inbound):
    """The fields to correct (omitted: kept) and why."""

    record_kind = "expenditure_correction"
    reason: Reason
    expected_version: Version = None
    spent_on: date | None = None
    amount_yuan: Annotated[OptionalYuanText, Field(default=None, max_length=30)] = None
    payee: Annotated[str | None, Field(default=None, max_length=200)] = None
    category: ExpenditureCategory | None = None
    description: Annotated[str | None, Field(default=None, max_length=DESCRIPTION_MAX)] = None
    receipt_ref: Annotated[str | None, Field(default=None, max_length=100)] = None


class ExpenditureVoidIn(Inbound):
    record_kind = "expenditure_void"
    reason: Reason
    expected_version: Version = None


@router.get("/expenditures/{expenditure_id}", response_model=StandingExpenditureOut)
def expenditure(expenditure_id: IdPath, caller: CallerDep, u: ReaderDep) -> StandingExpenditureOut:
    """The expenditure as it stands, with the amount first recorded and every change."""
    now = found(
        u.funding.standing_expenditure(expenditure_id, caller.scope),
        "支出记录不存在或不在可见范围内",
        "expenditure_id",
    )
    return StandingExpenditureOut.model_validate(now)


@router.get("/expenditures/{expenditure_id}/history", response_model=ExpenditureHistoryOut)
def history(expenditure_id: IdPath, caller: CallerDep, u: ReaderDep) -> ExpenditureHistoryOut:
    """What was recorded and each 更正 (fields before and after) and 作废, who, when, version."""
    view = expenditure_history(u, expenditure_id, scope=caller.scope)
    return ExpenditureHistoryOut.model_validate(view)


@ledger_write(router, "/expenditures/{expenditure_id}/correction", ExpenditureChangedOut)
def correct(
    expenditure_id: IdPath,
    body: ExpenditureCorrectionIn,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
) -> ExpenditureChangedOut:
    """Correct date, amount, payee, category, use or receipt; the original stays recorded."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = CorrectExpenditure(expenditure_id, **body.model_dump())
        changed = correct_expenditure(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return ExpenditureChangedOut.of(changed)


@ledger_write(router, "/expenditures/{expenditure_id}/void", ExpenditureChangedOut)
def void(
    expenditure_id: IdPath, body: ExpenditureVoidIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ExpenditureChangedOut:
    """Void an expenditure recorded in error: kept and shown as voided, counted nowhere."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = VoidExpenditure(expenditure_id, **body.model_dump())
        changed = void_expenditure(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return ExpenditureChangedOut.of(changed)
