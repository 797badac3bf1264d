"""Occasions of 附件3 change requests: each step waiting for a union is that union's [C]."""

from __future__ import annotations

from collections.abc import Iterator

from lifecycle.changes.model import (
    CHANGE_MEASURE_LABELS,
    ChangeRequestStatus,
    ChangeStep,
    step_labels,
)
from lifecycle.occasions.facts import Ask, DesignationFacts
from lifecycle.occasions.model import Occasion, OccasionKind


def step_union(facts: DesignationFacts, step: ChangeStep) -> int:
    """The union that acts at ``step``: the unit's union, the district union, the naming city."""
    if step is ChangeStep.UNIT:
        return facts.unit_union_id
    if step is ChangeStep.DISTRICT:
        return facts.district_union_id
    return facts.naming_union_id


def steps_waiting(ask: Ask) -> Iterator[Occasion]:
    """An open request waits for one union from the day its previous step ended [C 三（六）]."""
    facts, settings, window = ask.facts, ask.settings, ask.window
    for request in facts.change_requests:
        step = request.waiting_step
        if not window.admits(request.waiting_since, done=False):
            continue
        proposal = f"管理变更申请（{CHANGE_MEASURE_LABELS[request.measure]}）"
        if request.status is ChangeRequestStatus.RETURNED:
            # Not a new opinion of the unit union: it amends the request and submits it again.
            waits = "已退回，待本单位工会修改后重新提交"
        else:
            waits = f"待{step_labels(settings.code)[step]}"
        yield ask.occasion(
            OccasionKind.CHANGE_REQUEST_STEP,
            due_on=request.waiting_since,
            union_id=step_union(facts, step),
            title=proposal + waits,
            key=f"{facts.id}:{request.id}:{request.round}:{request.status.value}",
            standing=True,
            # The request's own page, where its step is taken: not the title's list of them.
            link=f"/changes/{request.id}",
        )
