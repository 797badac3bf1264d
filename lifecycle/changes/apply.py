"""Applying the city's 附件3 decision: leader change, exit keeping the title or 摘牌 [C]."""

from __future__ import annotations

from datetime import date

from lifecycle.actors import Actor
from lifecycle.changes.checks import MEASURE_TARGET
from lifecycle.changes.model import CHANGE_MEASURE_LABELS, CHANGE_REASON_LABELS, ChangeRequest
from lifecycle.designations.model import Designation
from lifecycle.designations.service import Transition, transition
from lifecycle.leaders.events import settle_old_leader
from lifecycle.leaders.service import apply_leader_change
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork


def apply_measure(
    uow: UnitOfWork,
    request: ChangeRequest,
    designation: Designation,
    *,
    on: date,
    ref: str | None,
    actor: Actor,
) -> None:
    """Carry out the decided measure in the caller's transaction (validated before any write)."""
    why = (
        f"管理变更申请（附件3）第{request.id}号，原因：{CHANGE_REASON_LABELS[request.reason]}"
        f"（{request.reason_details}），市创建命名办公室审定{CHANGE_MEASURE_LABELS[request.measure]}"
    )
    settle_old_leader(uow, request, actor=actor)
    target = MEASURE_TARGET.get(request.measure)
    if target is not None:
        transition(
            uow,
            Transition(
                designation.id,
                target,
                reason=why,
                effective_on=on,
                document_ref=(ref or "").strip() or None,
            ),
            actor=actor,
            as_of=on,
            scope=EVERYTHING,
        )
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
    )
