"""Use cases amending a 附件3 request: resubmit after a send-back, or withdraw it [C]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.assessments.closing import check_no_delisting_applied
from lifecycle.changes import checks
from lifecycle.changes.checks import require_filer
from lifecycle.changes.model import (
    ChangeMeasure,
    ChangeReason,
    ChangeRequest,
    ChangeRequestStatus,
    ChangeStep,
    StepAction,
)
from lifecycle.changes.service import move, reason_event_problems
from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.errors import DomainError, FieldProblem, Problems
from lifecycle.leaders.rules import city_title_problem, with_team_leader_rules
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after


@dataclass(frozen=True)
class Resubmit:
    """The unit union amends a returned request and submits it again."""

    request_id: int
    acting_union_id: int
    resubmitted_on: date
    signer: str
    reason: ChangeReason
    reason_details: str
    measure: ChangeMeasure
    new_leader_person_id: int | None = None
    note: str = "按退回意见修改后重新提交"
    expected_version: int | None = None


@dataclass(frozen=True)
class Withdraw:
    """The unit or district union withdraws an open request."""

    request_id: int
    acting_union_id: int
    withdrawn_on: date
    signer: str
    reason: str
    expected_version: int | None = None


def resubmit_field_problems(
    signer: str,
    resubmitted_on: date | None,
    details: str,
    measure: ChangeMeasure | None,
    new_leader_person_id: int | None,
    *,
    as_of: date,
) -> list[FieldProblem]:
    """What resubmitting refuses in the typed fields (None: not chosen or unreadable, already
    refused by the form): also for a form refused before the use case runs."""
    problems = Problems()
    checks.FILER.check(problems, "signer", signer)
    not_after(problems, "resubmitted_on", resubmitted_on, as_of, "日期")
    problems.items += checks.proposal_field_problems(details, measure, new_leader_person_id)
    return problems.items


def _not_before(
    field: str, on: date | None, earlier: date, label: str, earlier_label: str
) -> list[FieldProblem]:
    """A step of a request dated ``on`` is not before the step it follows (``earlier``): the
    record's steps follow one another in order [C 三（六）]."""
    problems = Problems()
    if on is not None and on < earlier:
        problems.add(
            field,
            "before_previous_step",
            f"{label}不能早于{earlier_label}（{chinese_date(earlier)}）",
        )
    return problems.items


def returned_on_problems(returned_on: date, resubmitted_on: date | None) -> list[FieldProblem]:
    """A returned request is resubmitted on or after the day it was returned."""
    return _not_before("resubmitted_on", resubmitted_on, returned_on, "重新提交日期", "退回日期")


def withdrawn_on_problems(last_step_on: date, withdrawn_on: date | None) -> list[FieldProblem]:
    """A request is withdrawn on or after its last step (filing, an opinion, a return)."""
    return _not_before("withdrawn_on", withdrawn_on, last_step_on, "撤回日期", "上一环节的日期")


def withdraw_field_problems(
    signer: str, reason: str, withdrawn_on: date | None, *, as_of: date
) -> list[FieldProblem]:
    """What withdrawing refuses in the typed fields (None: unreadable, already refused by the
    form): also for a form refused before the use case runs, so every bad field shows at once."""
    problems = Problems()
    checks.SIGNER.check(problems, "signer", signer)
    checks.WITHDRAW_REASON.check(problems, "reason", reason)
    not_after(problems, "withdrawn_on", withdrawn_on, as_of, "日期")
    return problems.items


def resubmit(
    uow: UnitOfWork, cmd: Resubmit, *, actor: Actor, as_of: date, scope: Scope
) -> ChangeRequest:
    """A returned request, amended by the unit union, starts again at the unit step."""
    request, designation = checks.load(uow, cmd.request_id, scope)
    checks.check_version(request, cmd.expected_version)
    if request.status is not ChangeRequestStatus.RETURNED:
        raise DomainError("只有已退回的申请可以重新提交", code="not_returned", field="request_id")
    require_filer(designation, cmd.acting_union_id)
    problems = Problems()
    checks.check_designation_open(problems, designation)
    check_no_delisting_applied(uow, problems, designation)  # applied for on the 考核 [S9]
    problems.items += resubmit_field_problems(
        cmd.signer,
        cmd.resubmitted_on,
        cmd.reason_details,
        cmd.measure,
        cmd.new_leader_person_id,
        as_of=as_of,
    )
    checks.RESUBMIT_NOTE.check(problems, "note", cmd.note)
    problems.items += returned_on_problems(request.waiting_since, cmd.resubmitted_on)
    person = checks.check_proposal(
        uow,
        problems,
        designation,
        reason=cmd.reason,
        measure=cmd.measure,
        new_leader_person_id=cmd.new_leader_person_id,
        scope=scope,
        filed_on=cmd.resubmitted_on,
    )
    event_id = request.leader_event_id  # the event the request cites
    cited = None if event_id is None else uow.leaders.get_event(event_id)
    leader = uow.persons.get(request.old_leader_person_id, EVERYTHING)
    problems.items += reason_event_problems(cmd.reason, cited, leader)
    if cmd.measure is ChangeMeasure.LEADER_CHANGE:
        city_title_problem(uow, problems, designation, field="measure")
    # A new leader failing the leader rule of any live title of the team is refused at entry,
    # with every other bad field [S3][C 一（一）][Y3].
    proposed = person if cmd.measure is ChangeMeasure.LEADER_CHANGE else None
    field = "new_leader_person_id"
    with_team_leader_rules(uow, problems, designation, proposed, cmd.resubmitted_on, field=field)
    request.reason, request.reason_details = cmd.reason, cmd.reason_details.strip()
    request.measure, request.new_leader_person_id = cmd.measure, cmd.new_leader_person_id
    request.new_leader_honours = checks.honours_text(person, cmd.resubmitted_on)
    for step in ChangeStep:
        _clear(request, step)
    request.round += 1
    return move(
        uow,
        request,
        ChangeRequestStatus.PENDING_UNIT,
        ChangeStep.UNIT,
        StepAction.RESUBMITTED,
        union_id=cmd.acting_union_id,
        on=cmd.resubmitted_on,
        signer=cmd.signer,
        opinion=cmd.note.strip(),
        actor=actor,
    )


def _clear(request: ChangeRequest, step: ChangeStep) -> None:
    """Forget a step's opinion on the form (the step log keeps it)."""
    if step is ChangeStep.UNIT:
        request.unit_on = request.unit_signer = request.unit_opinion = None
    elif step is ChangeStep.DISTRICT:
        request.district_on = request.district_signer = request.district_opinion = None
    else:
        request.city_on = request.city_signer = request.city_opinion = None


def withdrawer_step(designation: Designation, acting_union_id: int) -> ChangeStep:
    """The step a withdrawal is logged under: the withdrawing union's own (the unit's union or
    its district union, the filers [S9] 第九条 [C 三（六）]), not the step the request waited
    for — a unit's withdrawal is not the city's act."""
    if acting_union_id == designation.workshop.unit_union_id:
        return ChangeStep.UNIT
    return ChangeStep.DISTRICT


def withdraw(
    uow: UnitOfWork, cmd: Withdraw, *, actor: Actor, as_of: date, scope: Scope
) -> ChangeRequest:
    """The filer withdraws an open request before the city decides."""
    request, designation = checks.load(uow, cmd.request_id, scope)
    checks.check_version(request, cmd.expected_version)
    if not request.is_open:
        raise DomainError("该申请已办结，不能撤回", code="request_closed", field="request_id")
    require_filer(designation, cmd.acting_union_id)
    problems = Problems()
    problems.items += withdraw_field_problems(cmd.signer, cmd.reason, cmd.withdrawn_on, as_of=as_of)
    problems.items += withdrawn_on_problems(request.waiting_since, cmd.withdrawn_on)
    problems.raise_if_any()
    return move(
        uow,
        request,
        ChangeRequestStatus.WITHDRAWN,
        withdrawer_step(designation, cmd.acting_union_id),
        StepAction.WITHDRAWN,
        union_id=cmd.acting_union_id,
        on=cmd.withdrawn_on,
        signer=cmd.signer,
        opinion=cmd.reason,
        actor=actor,
    )


def close_on_lost_title(
    uow: UnitOfWork,
    designation: Designation,
    *,
    on: date,
    why: str,
    signer: str,
    actor: Actor,
) -> ChangeRequest | None:
    """The city's 摘牌 on the annual 考核 ends the title [S9]: an open 附件3 of it decides
    nothing more and is closed (logged at the step it waited for, the city's decision as its
    opinion, signed by the deciding union and the signer its decision names — not whoever
    entered it), not left open to be worked on a lost title [C 三（六）]."""
    request = uow.change_requests.open_for(designation.id)
    if request is None:
        return None
    return move(
        uow,
        request,
        ChangeRequestStatus.CLOSED,
        request.waiting_step or ChangeStep.UNIT,
        StepAction.CLOSED,
        union_id=designation.naming_union_id,
        on=on,
        signer=signer.strip(),
        opinion=why,
        actor=actor,
    )
