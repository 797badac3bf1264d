"""撤回: the applying unit withdraws its own application while it is not decided: in review, or
still a draft started for the wrong team or in error (reading I5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.designations.authority import NotAuthorised
from lifecycle.errors import ConflictError, FieldProblem, NotFound, Problems
from lifecycle.intake.model import Application, ApplicationStatus
from lifecycle.intake.packs import intake_pack
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action
from lifecycle.intake.service import (
    last_step,
    leave_draft_batch,
    log_step,
    not_before_last_step,
)
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, withdrawal_problems, withdrawal_reason_problems

# A draft, in review, or returned to the applicant for more information: not yet decided.
WITHDRAWABLE = frozenset(
    {ApplicationStatus.DRAFT, ApplicationStatus.IN_REVIEW, ApplicationStatus.RETURNED}
)


@dataclass(frozen=True)
class Withdrawal:
    """The applying unit's 撤回: its date, signer and reason (kept in the history)."""

    application_id: int
    decided_on: date
    signer: str
    reason: str
    expected_version: int | None = None


REASON_MAX = 5000  # the reason column's


def withdrawal_field_problems(signer: str, reason: str) -> list[FieldProblem]:
    """What withdrawing would refuse in these typed fields (the reason column holds 5000)."""
    return withdrawal_problems(signer, reason, reason_limit=REASON_MAX)


def reason_problems(reason: str) -> list[FieldProblem]:
    """The withdrawal's reason alone, as ``withdrawal_field_problems`` checks it."""
    return withdrawal_reason_problems(reason, limit=REASON_MAX)


def may_withdraw(application: Application, union_id: int) -> bool:
    """Whether ``union_id`` may withdraw ``application`` now: its own unit's, not yet decided."""
    return application.status in WITHDRAWABLE and application.unit_union_id == union_id


def withdraw(
    uow: UnitOfWork,
    cmd: Withdrawal,
    *,
    acting_union_id: int,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> Application:
    """The unit union that applied withdraws its application: closed (已撤回), off every union's
    待办, the reason in its history; no other union may (each decides at its own stage)."""
    application = IntakeRepository(uow.session).application(cmd.application_id, scope)
    if application is None:
        raise NotFound("申报不存在或不在管辖范围内", field="application_id")
    if cmd.expected_version is not None and cmd.expected_version != application.version:
        raise ConflictError("该申报已在您打开后被修改，请刷新后重试", field="expected_version")
    if application.unit_union_id != acting_union_id:
        unit = uow.unions.get(application.unit_union_id, EVERYTHING)
        raise NotAuthorised(
            f"申报只能由申报单位（{unit.name if unit else '单位工会'}）撤回；"
            "其他工会在本工会办理的环节作出不同意或不予推荐决定",
            field="actor",
        )
    if application.status not in WITHDRAWABLE:
        raise ConflictError(
            "只有草稿、审核中或退回补充材料的申报可以撤回", field="status", code="not_withdrawable"
        )
    problems = Problems(withdrawal_field_problems(cmd.signer, cmd.reason))
    not_after(problems, "decided_on", cmd.decided_on, as_of, "撤回日期")
    # Dated on or after the application's last recorded step (its submission, a stage's
    # opinion): its history runs forward [Y7][C 二] (before: only the submission bounded it).
    not_before_last_step(
        problems, application, last_step(uow, application), cmd.decided_on, "撤回日期"
    )
    problems.raise_if_any()
    route = intake_pack(application.scheme_code).route
    stage = application.stage or application.returned_stage or route.first.code
    application.status = ApplicationStatus.WITHDRAWN
    application.stage = None
    leave_draft_batch(uow, application)
    log_step(
        uow,
        application,
        stage,
        Action.WITHDRAW,
        cmd.decided_on,
        actor=actor,
        signer=cmd.signer.strip(),
        opinion=cmd.reason.strip(),
        union_id=acting_union_id,
    )
    uow.flush()
    return application
