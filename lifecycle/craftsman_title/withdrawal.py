"""撤回: whoever filed a 上海工匠 application withdraws it while under review (reading G9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.craftsman_title.model import CraftsmanApplication, StageRecord
from lifecycle.craftsman_title.service import get_application, repo
from lifecycle.craftsman_title.stages import Stage, Status, stage_of
from lifecycle.designations.authority import NotAuthorised
from lifecycle.errors import ConflictError, FieldProblem, Problems
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, withdrawal_problems


@dataclass(frozen=True)
class Withdrawal:
    """The filer's 撤回: its date, signer and reason (kept in the stage records)."""

    application_id: int
    decided_on: date
    signer: str
    reason: str


def withdrawal_field_problems(signer: str, reason: str) -> list[FieldProblem]:
    """What withdrawing would refuse in these typed fields (the reason column holds 2000)."""
    return withdrawal_problems(signer, reason, reason_limit=2000)


def under_review(app: CraftsmanApplication) -> bool:
    """Not yet decided: awaiting 入会 or a stage [G] 二、三."""
    return app.status is Status.AWAITING_MEMBERSHIP or stage_of(app.status) is not None


def may_withdraw(app: CraftsmanApplication, union_id: int) -> bool:
    """Whether ``union_id`` may withdraw ``app`` now: the filer's union, still under review."""
    return under_review(app) and app.union_id == union_id


def withdraw(
    uow: UnitOfWork,
    cmd: Withdrawal,
    *,
    acting_union_id: int,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> CraftsmanApplication:
    """The union that filed the application (the recommending unit, the association, or the
    self-applicant's own union) withdraws it: closed (已撤回), off every 待办, the reason kept;
    the unions deciding its stages decide instead (未通过/不予推荐) [G] 二、三."""
    app = get_application(uow, cmd.application_id, scope)
    if app.union_id != acting_union_id:
        filer = uow.unions.get(app.union_id, EVERYTHING)
        raise NotAuthorised(
            f"申报只能由报送单位（{filer.name if filer else '申报人所在工会'}）撤回；"
            "审核环节的工会在本环节作出未通过或不予推荐决定",
            field="actor",
        )
    if not under_review(app):
        raise ConflictError(
            "只有审核中或待入会的申报可以撤回", field="status", code="not_withdrawable"
        )
    problems = Problems(withdrawal_field_problems(cmd.signer, cmd.reason))
    not_after(problems, "decided_on", cmd.decided_on, as_of, "撤回日期")
    records = repo(uow).stage_records(app.id, scope)
    since = records[-1].decided_on if records else app.applied_on
    if cmd.decided_on < since:
        problems.add(
            "decided_on", "before_previous_stage", f"撤回日期不能早于{chinese_date(since)}"
        )
    problems.raise_if_any()
    awaited = stage_of(app.status)
    repo(uow).add(
        StageRecord(
            application_id=app.id,
            stage=awaited.stage if awaited else Stage.QUALIFICATION,
            passed=False,
            opinion=cmd.reason.strip(),
            signer=cmd.signer.strip(),
            decided_on=cmd.decided_on,
            deciding_union_id=acting_union_id,
            withdrawn=True,
            actor_name=actor.name,
        )
    )
    app.status = Status.WITHDRAWN
    uow.session.flush()
    return app
