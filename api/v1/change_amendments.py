"""Amending a change request (附件3) over JSON: resubmit after a send-back, or withdraw it [C]."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from api.body_rules import required
from api.deps import ClockDep, UowDep
from api.v1.changes import ChangeRequestOut, change_out
from api.v1.common import CallerDep, Id, IdPath, Inbound, Version, today
from lifecycle.changes.amend import Resubmit, Withdraw, resubmit, withdraw
from lifecycle.changes.checks import (
    FILER,
    REASON_DETAILS,
    REASON_DETAILS_MAX,
    RESUBMIT_NOTE,
    SIGNER,
    WITHDRAW_REASON,
)
from lifecycle.changes.model import ChangeMeasure, ChangeReason

router = APIRouter(tags=["change-requests"])
Signer = Annotated[str, Field(min_length=1, max_length=100)]


class ResubmitIn(Inbound):
    record_kind = "change_request"
    resubmitted_on: date
    signer: Annotated[Signer, required(FILER)]
    reason: ChangeReason
    reason_details: Annotated[
        str, Field(min_length=1, max_length=REASON_DETAILS_MAX), required(REASON_DETAILS)
    ]
    measure: ChangeMeasure
    new_leader_person_id: Id | None = None
    note: Annotated[str, Field(min_length=1, max_length=2000), required(RESUBMIT_NOTE)] = (
        "按退回意见修改后重新提交"
    )
    expected_version: Version = None


class WithdrawIn(Inbound):
    withdrawn_on: date
    signer: Annotated[Signer, required(SIGNER)]
    reason: Annotated[str, Field(min_length=1, max_length=2000), required(WITHDRAW_REASON)]
    expected_version: Version = None


@router.post("/change-requests/{request_id}/resubmit", response_model=ChangeRequestOut)
def resubmit_request(
    request_id: IdPath, body: ResubmitIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ChangeRequestOut:
    """A returned request, amended by the unit union, starts again at the unit step."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = Resubmit(request_id, caller.principal.union_id, **body.model_dump())
        done = resubmit(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return change_out(u, done, today(clock))


@router.post("/change-requests/{request_id}/withdraw", response_model=ChangeRequestOut)
def withdraw_request(
    request_id: IdPath, body: WithdrawIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ChangeRequestOut:
    """The filer withdraws an open request before the city decides."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = Withdraw(request_id, caller.principal.union_id, **body.model_dump())
        done = withdraw(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return change_out(u, done, today(clock))
