"""改期: moving a scheduled inspection that has no result yet (date, place, inspectors) [Y12]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.designations.model import Designation
from lifecycle.designations.states import is_active
from lifecycle.errors import FieldProblem, Problems
from lifecycle.inspections.cycles import cycle_no_problem
from lifecycle.inspections.model import Inspection, InspectionKind
from lifecycle.inspections.recorded import recorded_refusal
from lifecycle.inspections.service import (
    date_problems,
    schedulable_cycles,
    schedule_field_problems,
    to_act_on,
)
from lifecycle.notices.rules import re_inspection_date_refusal
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import require_text


@dataclass(frozen=True)
class RescheduleInspection:
    """Move a scheduled inspection without a result: another date, place or inspectors (None:
    unchanged) for a reason (required); its history stays with it in the audit log [Y12]."""

    inspection_id: int
    scheduled_on: date | None = None
    place: str | None = None
    inspectors: str | None = None
    reason: str = ""
    expected_version: int | None = None


def reschedule_field_problems(place: str, inspectors: str, reason: str) -> list[FieldProblem]:
    """What moving an inspection refuses in the typed fields (as scheduling does, and a reason,
    required, of at most 500 characters: it is the move's record in the inspection's 修改记录):
    for a form refused before the use case runs."""
    problems = Problems(schedule_field_problems(place, inspectors))
    require_text(problems, "reason", reason, "改期原因", 500)
    return problems.items


def reschedule_inspection(
    uow: UnitOfWork,
    cmd: RescheduleInspection,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> Inspection:
    """改期: move an inspection that has no result yet, by whoever may schedule it, under the
    checks of scheduling (its kind and cycle stay); the change and reason go to the audit log,
    the occasions follow the new date on commit [Y12]."""
    inspection, designation = to_act_on(
        uow, cmd.inspection_id, cmd.expected_version, "检查记录不存在或不在管辖范围内",
        actor=actor, scope=scope,
    )  # fmt: skip
    if inspection.result is not None:
        raise recorded_refusal(inspection, "改期")
    scheduled_on = cmd.scheduled_on or inspection.scheduled_on
    place = inspection.place if cmd.place is None else cmd.place
    inspectors = inspection.inspectors if cmd.inspectors is None else cmd.inspectors
    problems = Problems(reschedule_field_problems(place, inspectors, cmd.reason))
    if not is_active(designation.status):
        problems.add("inspection_id", "not_active", "该工作室不在管理序列中，不能安排检查")
    if scheduled_on != inspection.scheduled_on:
        date_problems(problems, designation, scheduled_on, as_of)
        _moved_date_problems(problems, uow, inspection, designation, scheduled_on, as_of=as_of)
    if (scheduled_on, place.strip(), inspectors.strip()) == (
        inspection.scheduled_on, inspection.place, inspection.inspectors,
    ):  # fmt: skip
        problems.add("scheduled_on", "unchanged", "检查日期、地点和检查人员均未改变")
    problems.raise_if_any()
    with uow.because(f"检查改期：{cmd.reason.strip()}"):
        inspection.scheduled_on = scheduled_on
        inspection.place = place.strip()
        inspection.inspectors = inspectors.strip()
    uow.session.refresh(inspection)
    return inspection


def _moved_date_problems(
    problems: Problems,
    uow: UnitOfWork,
    inspection: Inspection,
    designation: Designation,
    scheduled_on: date,
    *,
    as_of: date,
) -> None:
    """A moved cycle-end inspection stays within its cycle (not before it begins); a moved
    re-inspection stays within its notice's deadline [Y12]."""
    settings = get_scheme(designation.scheme_code).settings
    if inspection.kind == InspectionKind.CYCLE_END:
        if designation.naming_date and settings.cycle_years and inspection.cycle_no:
            choices = schedulable_cycles(uow, designation, settings.cycle_years, as_of)
            why = cycle_no_problem(
                designation.naming_date,
                settings.cycle_years,
                inspection.cycle_no,
                choices,
                scheduled_on,
            )
            if why is not None:
                problems.add(*why)
    elif inspection.notice_id is not None:
        notice = uow.notices.get(inspection.notice_id, scope=EVERYTHING)
        if notice is not None:
            refused = re_inspection_date_refusal(notice.issued_on, notice.deadline, scheduled_on)
            if refused is not None:
                problems.add("scheduled_on", *refused)
