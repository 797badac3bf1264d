"""Applying the city's 附件3 decision: leader change, exit keeping the title or 摘牌 [C]."""

from __future__ import annotations

from datetime import date

from lifecycle.actors import Actor
from lifecycle.assessments.closing import close_unsettled
from lifecycle.changes.model import (
    CHANGE_MEASURE_LABELS,
    CHANGE_REASON_LABELS,
    ChangeMeasure,
    ChangeRequest,
    ChangeStep,
    step_labels,
)
from lifecycle.designations.authority import require_authority
from lifecycle.designations.delisting import CityDecision, delist, exit_keeping_title
from lifecycle.designations.model import Designation
from lifecycle.leaders.events import settle_old_leader
from lifecycle.leaders.service import apply_leader_change
from lifecycle.schemes.authority import Act
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork


def apply_measure(
    uow: UnitOfWork,
    request: ChangeRequest,
    designation: Designation,
    *,
    on: date,
    ref: str | None,
    actor: Actor,
    scope: Scope,
) -> None:
    """Carry out the city's decided measure in the caller's transaction [C 三（六）]."""
    require_authority(uow, designation, Act.DECIDE_CHANGE, actor)
    why = (
        f"管理变更申请（附件3）第{request.id}号，原因：{CHANGE_REASON_LABELS[request.reason]}"
        f"（{request.reason_details}），{step_labels(designation.scheme_code)[ChangeStep.CITY]}"
        f"{CHANGE_MEASURE_LABELS[request.measure]}"
    )
    settle_old_leader(uow, request, decided_on=on, actor=actor)
    decision = CityDecision(designation.id, on, why, (ref or "").strip() or None)
    if request.measure is ChangeMeasure.REVOKE:
        delist(uow, decision, actor=actor, as_of=on, scope=scope)
        # The title's 考核 awaiting a step (a 摘牌 application among them) decides nothing more.
        closed = f"{why}（{decision.decision_ref}），本年度考核终止办理"
        close_unsettled(uow, designation, why=closed)
        return
    if request.measure is ChangeMeasure.EXIT_KEEPING_TITLE:
        exit_keeping_title(uow, decision, actor=actor, as_of=on, scope=scope)
        return
    assert request.new_leader_person_id is not None
    person = uow.persons.get(request.new_leader_person_id, scope=EVERYTHING)
    assert person is not None
    apply_leader_change(
        uow,
        designation,
        person,
        effective_on=on,
        reason=why,
        document_ref=ref,
        change_request_id=request.id,
        actor=actor,
        recorded_on=on,  # the city's decision: the service learns of the change then
    )
