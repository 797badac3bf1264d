"""What a leader event sets going: the 附件3 draft, the old leader's status [C 三（六）]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.assessments.closing import delisting_applied_message
from lifecycle.changes.checks import check_designation_open
from lifecycle.changes.model import CHANGE_REASON_LABELS, ChangeReason, ChangeRequest
from lifecycle.clock import chinese_date
from lifecycle.errors import DomainError, Problems
from lifecycle.leaders.model import (
    EVENT_EMPLOYMENT,
    LEADER_EVENT_LABELS,
    LeaderEvent,
    LeaderEventKind,
)
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import EmploymentStatus

# 附件3's 申请原因 for each kind of event, and back.
EVENT_REASON = {
    LeaderEventKind.DEATH: ChangeReason.DECEASED,
    LeaderEventKind.DEPARTURE: ChangeReason.LEFT,
    LeaderEventKind.RETIREMENT: ChangeReason.RETIRED,
    LeaderEventKind.OTHER: ChangeReason.OTHER,
}
REASON_EVENT = {reason: kind for kind, reason in EVENT_REASON.items()}


@dataclass(frozen=True)
class ChangeRequestDraft:
    """The 附件3 fields a leader event fills in: reason, details with the date, the event."""

    reason: ChangeReason
    reason_details: str
    leader_event_id: int


def change_request_draft(event: LeaderEvent, leader_name: str) -> ChangeRequestDraft:
    """Start the 附件3 form from the event: 申请原因 and 具体情况 with its date and source."""
    label = LEADER_EVENT_LABELS[event.kind]
    details = f"领衔人{leader_name}于{chinese_date(event.occurred_on)}{label}（{event.source}）"
    if event.details:
        details += f"：{event.details}"
    return ChangeRequestDraft(EVENT_REASON[event.kind], details, event.id)


def former_leader_refusal(
    event: LeaderEvent, event_person: str, leader_person_id: int | None, leader_name: str
) -> str | None:
    """Why a 附件3 of the workshop does not report ``event`` (None: it may): it befell a former
    leader, not the one the request is about (the form's 原领衔人, whose status the city's
    decision settles) [C 三（六）]."""
    if event.person_id == leader_person_id:
        return None
    happened = f"{chinese_date(event.occurred_on)}{LEADER_EVENT_LABELS[event.kind]}"
    return (
        f"所引用的{happened}是前任领衔人{event_person}的情况，"
        f"管理变更申请（附件3）报告现任领衔人{leader_name}的情况"
    )


def draft_refusal(uow: UnitOfWork, workshop_id: int) -> DomainError | None:
    """Why no 附件3 draft is started from a leader event of the workshop (None: one may be):
    no title of it may take a new 附件3 now — one already open (one request per title at a
    time, so the event is reported on that one, its number said), its 考核 applied for its 摘牌
    (the same application [S9] 第九条), the title no longer under management, or its scheme
    without the form — said in that order of concern, as the filing would refuse [C 三（六）]."""
    refusals: list[tuple[int, DomainError]] = []
    for designation in uow.designations.for_workshop(workshop_id):
        closed = Problems()
        check_designation_open(closed, designation)
        request = None if closed.items else uow.change_requests.open_for(designation.id)
        applied = None
        if not closed.items and request is None:
            applied = delisting_applied_message(uow, designation)
            if applied is None:
                return None  # this title takes a new 附件3
        if request is not None:
            why = (
                f"该工作室已有未办结的管理变更申请（第{request.id}号），不能据此再起草，"
                "请在该申请上继续办理"
            )
            refusals.append((0, DomainError(why, code="already_open", field="event_id")))
        elif applied is not None:
            refusals.append((1, DomainError(applied, code="delisting_applied", field="event_id")))
        else:
            first = closed.items[0]
            rank = 3 if first.code == "no_change_request_form" else 2
            refusals.append((rank, DomainError(first.message, code=first.code, field="event_id")))
    return min(refusals, key=lambda r: r[0])[1] if refusals else None


def settle_old_leader(
    uow: UnitOfWork, request: ChangeRequest, *, decided_on: date, actor: Actor
) -> None:
    """At the city's decision the old leader's status follows the request's reason, once: a
    request filed without a recorded event (已故/离职/退休) records one, dated as filed and
    recorded (known to the service) on the decision's day ``decided_on`` [C]."""
    kind = REASON_EVENT[request.reason]
    status = EVENT_EMPLOYMENT.get(kind)
    person = uow.persons.get(request.old_leader_person_id, EVERYTHING)  # the title's own
    if status is None or person is None:
        return
    person_id = person.id

    def settled() -> bool:
        """Nothing to settle: the person's status no longer 在职, or the event on record (also
        when another request recorded it, or another event, meanwhile: the decision goes on)."""
        return person.employment_status is not EmploymentStatus.EMPLOYED or any(
            e.person_id == person_id and e.kind is kind
            for e in uow.leaders.events_for_workshop(request.workshop_id)
        )

    if settled():
        return
    uow.leaders.settle_event(
        LeaderEvent(
            workshop_id=request.workshop_id,
            person_id=person_id,
            kind=kind,
            occurred_on=request.filed_on,
            source=f"管理变更申请（附件3）第{request.id}号",
            details=(
                f"申请原因：{CHANGE_REASON_LABELS[request.reason]}（{request.reason_details}）；"
                "未另行登记带头人情况，日期取申请填报日期"
            ),
            actor_name=actor.name,
            actor_user_id=actor.user_id,
            # The duties it opens (a Yangpu title's leader change) arose when it was learnt.
            recorded_on=decided_on,
        ),
        status,
        settled=settled,
    )


def event_defaults(uow: UnitOfWork, workshop_id: int, event_id: int | None) -> dict[str, str]:
    """The 附件3 form's fields filled in from the workshop's leader event ``event_id`` (if any)."""
    event = uow.leaders.get_event(event_id) if event_id is not None else None
    if event is None or event.workshop_id != workshop_id:
        return {}
    person = uow.persons.get(event.person_id, EVERYTHING)  # the workshop's leader
    draft = change_request_draft(event, person.name if person else "")
    return {
        "reason": draft.reason.value,
        "reason_details": draft.reason_details,
        "leader_event_id": str(draft.leader_event_id),
    }


# Whose leading ended for good: a leader who left or died does not go on (a retired one may,
# with consent [Y13]); the event that ends it is the last [Y3][S9][C 三（六）].
_ENDED = {
    EmploymentStatus.LEFT: LeaderEventKind.DEPARTURE,
    EmploymentStatus.DECEASED: LeaderEventKind.DEATH,
}


def after_end_refusal(name: str, status: EmploymentStatus, kind: LeaderEventKind) -> str | None:
    """Why an event of ``kind`` is not recorded for a leader whose person record already says
    they left or died (None: it may be): only the event dating that end is; a 退休 recorded
    after a 离职 turned the title's owed leader change into a consent to continue."""
    ended_by = _ENDED.get(status)
    if ended_by is None or kind is ended_by:
        return None
    return (
        f"带头人{name}已{LEADER_EVENT_LABELS[ended_by]}，不能再登记{LEADER_EVENT_LABELS[kind]}："
        "请办理带头人变更或管理变更申请（附件3）"
    )


def reason_record_refusal(name: str, status: EmploymentStatus, reason: ChangeReason) -> str | None:
    """Why a 附件3 citing no leader event may not give ``reason`` (None: it may): the leader's
    record already says they left or died, and the form would print another 申请原因 (a 退休 or
    其他 for a leader who died) [C 三（六）]; a retired leader may still be reported for another
    reason (a death after retiring), one in service for any (reading 48)."""
    ended_by = _ENDED.get(status)
    if ended_by is None or EVENT_REASON[ended_by] is reason:
        return None
    return (
        f"申请原因（{CHANGE_REASON_LABELS[reason]}）与领衔人{name}的登记情况"
        f"（{LEADER_EVENT_LABELS[ended_by]}）不一致"
    )
