"""Use cases on the 附件3 management change request: file, decide each step, send back [C]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.assessments.closing import before_unsettled_problems, check_no_delisting_applied
from lifecycle.changes import checks
from lifecycle.changes.apply import apply_measure
from lifecycle.changes.model import (
    CHANGE_REASON_LABELS,
    ChangeMeasure,
    ChangeReason,
    ChangeRequest,
    ChangeRequestStatus,
    ChangeRequestStep,
    ChangeStep,
    StepAction,
)
from lifecycle.clock import chinese_date
from lifecycle.errors import FieldProblem, Problems
from lifecycle.leaders.events import (
    EVENT_REASON,
    former_leader_refusal,
    reason_record_refusal,
)
from lifecycle.leaders.gone import gone_problem
from lifecycle.leaders.model import LEADER_EVENT_LABELS, LeaderEvent
from lifecycle.leaders.rules import (
    city_title_problem,
    require_team_leader_rules,
    with_team_leader_rules,
)
from lifecycle.persons.model import Person
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, not_after

_NEW = "new_leader_person_id"
_NEXT = {
    ChangeStep.UNIT: ChangeRequestStatus.PENDING_DISTRICT,
    ChangeStep.DISTRICT: ChangeRequestStatus.PENDING_CITY,
    ChangeStep.CITY: ChangeRequestStatus.APPLIED,
}


@dataclass(frozen=True)
class FileChangeRequest:
    """A new 附件3 request: 申请原因 and the proposed measure (unit or district union files)."""

    designation_id: int
    acting_union_id: int
    reason: ChangeReason
    reason_details: str
    measure: ChangeMeasure
    filed_on: date
    filed_by: str
    new_leader_person_id: int | None = None
    leader_event_id: int | None = None


@dataclass(frozen=True)
class StepDecision:
    """One step's opinion (date, signer, text) by the union whose step it is."""

    request_id: int
    step: ChangeStep
    acting_union_id: int
    decided_on: date
    signer: str
    opinion: str
    decision_ref: str | None = None  # the city's 文号 (required for 摘牌)
    expected_version: int | None = None


@dataclass(frozen=True)
class SendBack:
    """Return the request to the unit union with reasons (district review or city decision)."""

    request_id: int
    step: ChangeStep
    acting_union_id: int
    decided_on: date
    signer: str
    reasons: str
    expected_version: int | None = None


def log_step(
    uow: UnitOfWork,
    request: ChangeRequest,
    step: ChangeStep,
    action: StepAction,
    *,
    union_id: int | None,
    on: date,
    signer: str,
    opinion: str,
    actor: Actor,
) -> None:
    """Append one entry to the request's step log."""
    uow.change_requests.add_step(
        ChangeRequestStep(
            change_request_id=request.id,
            designation_id=request.designation_id,
            step=step,
            action=action,
            acting_union_id=union_id,
            decided_on=on,
            signer=signer.strip(),
            opinion=opinion.strip(),
            actor_name=actor.name,
            actor_user_id=actor.user_id,
        )
    )


def move(
    uow: UnitOfWork,
    request: ChangeRequest,
    status: ChangeRequestStatus,
    step: ChangeStep,
    action: StepAction,
    *,
    union_id: int,
    on: date,
    signer: str,
    opinion: str,
    actor: Actor,
) -> ChangeRequest:
    """Put the request in ``status`` as of ``on`` and log the step that moved it; the return's
    step and reasons are the return the request waits on, and end with it (the step log keeps
    every return) — a resubmitted request is not shown as returned for an earlier round."""
    request.status = status
    if status is not ChangeRequestStatus.RETURNED:
        request.returned_step = request.returned_reason = None
    request.waiting_since = on
    uow.flush()
    log_step(
        uow,
        request,
        step,
        action,
        union_id=union_id,
        on=on,
        signer=signer,
        opinion=opinion,
        actor=actor,
    )
    return request


def filing_field_problems(
    filed_by: str,
    filed_on: date | None,
    details: str,
    measure: ChangeMeasure | None,
    new_leader_person_id: int | None,
    *,
    as_of: date,
) -> list[FieldProblem]:
    """What filing refuses in the typed fields (None: not chosen or unreadable, already refused
    by the form): also for a form refused before the use case runs, so every bad field shows."""
    problems = Problems()
    checks.FILER.check(problems, "filed_by", filed_by)
    not_after(problems, "filed_on", filed_on, as_of, "填报日期")
    problems.items += checks.proposal_field_problems(details, measure, new_leader_person_id)
    return problems.items


def filed_on_problems(
    naming_date: date | None, event: LeaderEvent | None, filed_on: date
) -> list[FieldProblem]:
    """A 附件3 reports what befell a named title's leader [C 三（六）][S9]: it is not dated before
    the title was named, nor before the leader event it cites (its unit and district steps follow
    it, each on or after the one before)."""
    problems = Problems()
    if naming_date is not None and filed_on < naming_date:
        problems.add(
            "filed_on",
            "before_naming",
            f"填报日期不能早于该工作室的命名日期（{chinese_date(naming_date)}）",
        )
    elif event is not None and filed_on < event.occurred_on:
        cited = f"{chinese_date(event.occurred_on)}{LEADER_EVENT_LABELS[event.kind]}"
        problems.add(
            "filed_on", "before_event", f"填报日期不能早于所引用的领衔人情况的发生日期（{cited}）"
        )
    return problems.items


def reason_event_problems(
    reason: ChangeReason, event: LeaderEvent | None, leader: Person | None = None
) -> list[FieldProblem]:
    """附件3's 申请原因 is what the cited leader event records (已故、离职、退休或其他)
    [C 三（六）]: a request citing a 离职 does not print 退休 on the form; citing none, it is
    not other than what the leader's record already says ended their leading (离职、已故)."""
    problems = Problems()
    if event is not None and EVENT_REASON[event.kind] is not reason:
        cited = f"{chinese_date(event.occurred_on)}{LEADER_EVENT_LABELS[event.kind]}"
        problems.add(
            "reason",
            "reason_not_event",
            f"申请原因（{CHANGE_REASON_LABELS[reason]}）与所引用的领衔人情况（{cited}）不一致",
        )
    elif event is None and leader is not None:
        refused = reason_record_refusal(leader.name, leader.employment_status, reason)
        if refused is not None:
            problems.add("reason", "reason_not_record", refused)
    return problems.items


def file_change_request(
    uow: UnitOfWork, cmd: FileChangeRequest, *, actor: Actor, as_of: date, scope: Scope
) -> ChangeRequest:
    """Open a 附件3 request on a managed city title; one open request per designation [C]."""
    designation = uow.designations.require(cmd.designation_id, scope)
    problems = Problems()
    checks.check_designation_open(problems, designation)
    if not get_scheme(designation.scheme_code).settings.uses_change_request_form:
        problems.raise_if_any()  # the form's fields are not the scheme's: only that is said
    checks.require_filer(designation, cmd.acting_union_id)
    problems.items += filing_field_problems(
        cmd.filed_by,
        cmd.filed_on,
        cmd.reason_details,
        cmd.measure,
        cmd.new_leader_person_id,
        as_of=as_of,
    )
    person = checks.check_proposal(
        uow,
        problems,
        designation,
        reason=cmd.reason,
        measure=cmd.measure,
        new_leader_person_id=cmd.new_leader_person_id,
        scope=scope,
        filed_on=cmd.filed_on,
    )
    event = None if cmd.leader_event_id is None else uow.leaders.get_event(cmd.leader_event_id)
    if cmd.leader_event_id is not None and (
        event is None or event.workshop_id != designation.workshop_id
    ):
        problems.add("leader_event_id", "not_found", "所引用的领衔人情况记录不属于该工作室")
        event = None
    problems.items += filed_on_problems(designation.naming_date, event, cmd.filed_on)
    leader = uow.persons.get(designation.workshop.leader_person_id, EVERYTHING)
    if event is not None and leader is not None:
        cited = uow.persons.get(event.person_id, EVERYTHING)
        former = former_leader_refusal(event, cited.name if cited else "", leader.id, leader.name)
        if former is not None:
            problems.add("leader_event_id", "former_leader", former)
    problems.items += reason_event_problems(cmd.reason, event, leader)
    if cmd.measure is ChangeMeasure.LEADER_CHANGE:
        # Another live city title of the team changes its leader only on its own 附件3 [S9][C].
        city_title_problem(uow, problems, designation, field="measure")

    def taken() -> FieldProblem | None:  # one request per title at a time, its number said
        if (existing := uow.change_requests.open_for(designation.id)) is None:
            return None
        message = f"该工作室已有未办结的管理变更申请（第{existing.id}号），不能重复提出"
        return FieldProblem("designation_id", "already_open", message)

    if problem := taken():
        problems.items.append(problem)
    else:  # the 考核's 摘牌 application is the same application [S9] 第九条
        check_no_delisting_applied(uow, problems, designation)
    # A new leader failing the leader rule of the title, or of another live title of the team
    # (one leader leads them all), is refused at entry, with every other bad field [S3][C][Y3].
    proposed = person if cmd.measure is ChangeMeasure.LEADER_CHANGE else None
    with_team_leader_rules(uow, problems, designation, proposed, cmd.filed_on, field=_NEW)
    request = uow.change_requests.add(
        ChangeRequest(
            designation_id=designation.id,
            workshop_id=designation.workshop_id,
            reason=cmd.reason,
            reason_details=cmd.reason_details.strip(),
            measure=cmd.measure,
            old_leader_person_id=designation.workshop.leader_person_id,
            new_leader_person_id=cmd.new_leader_person_id,
            new_leader_honours=checks.honours_text(person, cmd.filed_on),
            leader_event_id=cmd.leader_event_id,
            status=ChangeRequestStatus.PENDING_UNIT,
            round=1,
            waiting_since=cmd.filed_on,
            filed_on=cmd.filed_on,
            filed_by=cmd.filed_by.strip(),
        ),
        taken=taken,  # a request filed meanwhile by another for the title: refused as here
    )
    log_step(
        uow,
        request,
        ChangeStep.UNIT,
        StepAction.FILED,
        union_id=cmd.acting_union_id,
        on=cmd.filed_on,
        signer=cmd.filed_by,
        opinion=cmd.reason_details,
        actor=actor,
    )
    return request


def decision_field_problems(
    signer: str, text: str, decided_on: date | None, *, label: str, as_of: date
) -> list[FieldProblem]:
    """What every step decision refuses in the typed fields (signer, opinion or reasons under
    ``label``, a date after ``as_of``; None: unreadable, already refused by the form): also for a
    form refused before the use case runs, so every bad field shows at once."""
    problems = Problems()
    checks.SIGNER.check(problems, "signer", signer)
    RequiredText(label, checks.OPINION_MAX).check(problems, "opinion", text)
    not_after(problems, "decided_on", decided_on, as_of, "日期")
    return problems.items


def decision_ref_problems(
    step: ChangeStep, measure: ChangeMeasure, decision_ref: str | None
) -> list[FieldProblem]:
    """The city's approval of 摘牌 carries the decision's 文号 [C 三（六）]."""
    problems = Problems()
    if (
        step is ChangeStep.CITY
        and measure is ChangeMeasure.REVOKE
        and not (decision_ref or "").strip()
    ):
        problems.add("decision_ref", "required", "摘牌决定必须填写文号")
    return problems.items


def _decision_problems(
    request: ChangeRequest, on: date, signer: str, text: str, *, label: str, as_of: date
) -> Problems:
    problems = Problems(decision_field_problems(signer, text, on, label=label, as_of=as_of))
    if on < request.waiting_since:
        problems.add(
            "decided_on", "before_previous_step", checks.before_previous_step(request.waiting_since)
        )
    return problems


def approve_step(
    uow: UnitOfWork, cmd: StepDecision, *, actor: Actor, as_of: date, scope: Scope
) -> ChangeRequest:
    """Record the waiting step's agreement; the city's decision is applied at once, atomically."""
    request, designation = checks.load_for_step(uow, cmd, scope)
    problems = _decision_problems(
        request, cmd.decided_on, cmd.signer, cmd.opinion, label=checks.OPINION.label, as_of=as_of
    )
    if cmd.step is ChangeStep.CITY:
        checks.check_designation_open(problems, designation)
    settings = get_scheme(designation.scheme_code).settings
    for refused in checks.measure_problems(settings, request.reason, request.measure):
        # A request filed before the rule was enforced is sent back or withdrawn, never applied.
        problems.add("request_id", refused.code, f"{refused.message}；请退回修改或撤回该申请")
    problems.items += decision_ref_problems(cmd.step, request.measure, cmd.decision_ref)
    if cmd.step is ChangeStep.CITY and request.measure is ChangeMeasure.REVOKE:
        problems.items += before_unsettled_problems(uow, designation, cmd.decided_on)
    if request.measure is ChangeMeasure.LEADER_CHANGE:
        city_title_problem(uow, problems, designation, field="request_id")
    changing = request.measure is ChangeMeasure.LEADER_CHANGE
    reviewed = cmd.step is not ChangeStep.UNIT and changing
    person = None
    if changing:
        assert request.new_leader_person_id is not None
        person = uow.persons.get(request.new_leader_person_id, EVERYTHING)  # checked at filing
        assert person is not None
        # Left or died since the filing: no step agrees to it, the unit's opinion neither; the
        # request is withdrawn (unit), returned or (by the city) not agreed to [C 三（六）][S9].
        gone_problem(uow, problems, _NEW, person, label="新领衔人", word="领衔人")
    problems.raise_if_any()
    if reviewed:
        # The district review and the city decision both check the new leader against every
        # live title of the team [S3][C][Y3][DOMAIN §3].
        assert person is not None
        require_team_leader_rules(
            uow, designation, person, cmd.decided_on, field="new_leader_person_id"
        )
    if cmd.step is ChangeStep.CITY:
        apply_measure(
            uow,
            request,
            designation,
            on=cmd.decided_on,
            ref=cmd.decision_ref,
            actor=actor,
            scope=scope,
        )
    _record(request, cmd.step, cmd.decided_on, cmd.signer, cmd.opinion)
    if cmd.step is ChangeStep.CITY:
        request.decision_ref = (cmd.decision_ref or "").strip() or None
    return move(
        uow,
        request,
        _NEXT[cmd.step],
        cmd.step,
        StepAction.APPROVED,
        union_id=cmd.acting_union_id,
        on=cmd.decided_on,
        signer=cmd.signer,
        opinion=cmd.opinion,
        actor=actor,
    )


def _record(request: ChangeRequest, step: ChangeStep, on: date, signer: str, text: str) -> None:
    """Write one step's date, signer and opinion onto the request (as printed on 附件3)."""
    signer, text = signer.strip(), text.strip()
    if step is ChangeStep.UNIT:
        request.unit_on, request.unit_signer, request.unit_opinion = on, signer, text
    elif step is ChangeStep.DISTRICT:
        request.district_on, request.district_signer, request.district_opinion = on, signer, text
    else:
        request.city_on, request.city_signer, request.city_opinion = on, signer, text


def send_back(
    uow: UnitOfWork, cmd: SendBack, *, actor: Actor, as_of: date, scope: Scope
) -> ChangeRequest:
    """The district review or the city decision returns the request with reasons."""
    request, _ = checks.load_for_step(uow, cmd, scope)
    problems = _decision_problems(
        request,
        cmd.decided_on,
        cmd.signer,
        cmd.reasons,
        label=checks.RETURN_REASONS.label,
        as_of=as_of,
    )
    if cmd.step is ChangeStep.UNIT:
        problems.add("decision", "cannot_send_back", "本单位工会可撤回申请，不能退回")
    problems.raise_if_any()
    _record(request, cmd.step, cmd.decided_on, cmd.signer, cmd.reasons)
    request.returned_step = cmd.step
    request.returned_reason = cmd.reasons.strip()
    return move(
        uow,
        request,
        ChangeRequestStatus.RETURNED,
        cmd.step,
        StepAction.SENT_BACK,
        union_id=cmd.acting_union_id,
        on=cmd.decided_on,
        signer=cmd.signer,
        opinion=cmd.reasons,
        actor=actor,
    )


def reject(
    uow: UnitOfWork, cmd: StepDecision, *, actor: Actor, as_of: date, scope: Scope
) -> ChangeRequest:
    """The city office does not agree: the request closes and nothing changes [C 三（六）]."""
    request, designation = checks.load_for_step(uow, cmd, scope)
    problems = _decision_problems(
        request, cmd.decided_on, cmd.signer, cmd.opinion, label=checks.OPINION.label, as_of=as_of
    )
    if cmd.step is not ChangeStep.CITY:
        decider = get_scheme(designation.scheme_code).settings.change_decider
        problems.add("decision", "city_only", f"只有{decider}可作出不同意的审定")
    problems.raise_if_any()
    _record(request, cmd.step, cmd.decided_on, cmd.signer, cmd.opinion)
    request.decision_ref = (cmd.decision_ref or "").strip() or None
    return move(
        uow,
        request,
        ChangeRequestStatus.REJECTED,
        cmd.step,
        StepAction.REJECTED,
        union_id=cmd.acting_union_id,
        on=cmd.decided_on,
        signer=cmd.signer,
        opinion=cmd.opinion,
        actor=actor,
    )
