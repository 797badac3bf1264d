"""A 上海工匠 application's stage records and the filer's 撤回 over JSON (reading G9)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from api.deps import ClockDep, ReaderDep, UowDep
from api.v1.common import CallerDep, IdPath, Inbound, Out, today
from api.v1.craftsman_title import TITLE_CITY_ONLY, ApplicationOut, application_out
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.model import StageRecord
from lifecycle.craftsman_title.stages import BY_STAGE, Stage
from lifecycle.craftsman_title.withdrawal import Withdrawal, withdraw

router = APIRouter(tags=["craftsman-selections"], dependencies=TITLE_CITY_ONLY)
APPLICATION = "/craftsman-selections/applications/{craftsman_application_id}"


class WithdrawIn(Inbound):
    decided_on: date
    signer: Annotated[str, Field(min_length=1, max_length=100)]
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class StageRecordOut(Out):
    """One step of the application's history: a stage decided, or the filer's 撤回."""

    stage: Stage
    stage_label: str
    passed: bool
    withdrawn: bool
    opinion: str
    signer: str
    decided_on: date
    deciding_union_id: int
    credit_check_passed: bool | None
    interview_passed: bool | None
    notice_from: date | None
    notice_to: date | None
    objections: str | None
    district_opinion: str | None
    district_opinion_on: date | None

    @classmethod
    def of(cls, r: StageRecord) -> StageRecordOut:
        return cls(
            stage=r.stage,
            stage_label=BY_STAGE[r.stage].label,
            passed=r.passed,
            withdrawn=r.withdrawn,
            opinion=r.opinion,
            signer=r.signer,
            decided_on=r.decided_on,
            deciding_union_id=r.deciding_union_id,
            credit_check_passed=r.credit_check_passed,
            interview_passed=r.interview_passed,
            notice_from=r.notice_from,
            notice_to=r.notice_to,
            objections=r.objections,
            district_opinion=r.district_opinion,
            district_opinion_on=r.district_opinion_on,
        )


@router.get(f"{APPLICATION}/stages", response_model=list[StageRecordOut])
def stage_records(
    craftsman_application_id: IdPath, caller: CallerDep, u: ReaderDep
) -> list[StageRecordOut]:
    """The application's stage records and any 撤回, oldest first [G] 三."""
    app = svc.get_application(u, craftsman_application_id, caller.scope)
    return [StageRecordOut.of(r) for r in svc.repo(u).stage_records(app.id, caller.scope)]


@router.post(f"{APPLICATION}/withdraw", response_model=ApplicationOut)
def withdraw_application(
    craftsman_application_id: IdPath,
    body: WithdrawIn,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
) -> ApplicationOut:
    """撤回: the union that filed the application closes it while under review, saying why."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = Withdrawal(craftsman_application_id, body.decided_on, body.signer, body.reason)
        done = withdraw(
            u,
            cmd,
            acting_union_id=caller.principal.union_id,
            actor=actor,
            as_of=today(clock),
            scope=caller.scope,
        )
        u.commit()
        return application_out(u, done)
