"""Inspections held before the service: checked like live ones, kept as history [Y12]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.designations.authority import require_authority
from lifecycle.designations.model import Designation
from lifecycle.errors import NotFound, Problems
from lifecycle.inspections.cycles import choose_cycle, inspected_cycles, open_cycles
from lifecycle.inspections.model import (
    CriterionOutcome,
    Inspection,
    InspectionKind,
    InspectionResult,
)
from lifecycle.inspections.service import INSPECTORS, PLACE
from lifecycle.notices.model import NoticeStatus, RectificationNotice
from lifecycle.schemes import OversightKind, get_scheme
from lifecycle.schemes.authority import Act
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after


@dataclass(frozen=True)
class PastInspection:
    """An inspection on paper: held and recorded on ``held_on``; ``failed`` criterion codes."""

    designation_id: int
    kind: InspectionKind
    held_on: date
    place: str
    inspectors: str
    failed: tuple[str, ...]
    source: str
    summary: str | None = None
    cycle_no: int | None = None
    notice_id: int | None = None  # the notice a re-inspection checked


def designation_in_scope(uow: UnitOfWork, designation_id: int, scope: Scope) -> Designation:
    designation = uow.designations.get(designation_id, scope)
    if designation is None:
        raise NotFound("命名记录不存在或不在管辖范围内", field="designation_id")
    return designation


def register_past_inspection(
    uow: UnitOfWork, cmd: PastInspection, *, actor: Actor, as_of: date, scope: Scope
) -> Inspection:
    """Record an inspection held before the service, by the union the pack names [Y12].

    The live rules hold: not before the naming date nor after the title ended or today; a
    cycle-end inspection only where the scheme has cycles and no 整改 was open that day; a
    re-inspection within its notice's period, and a passed one is the one that closed it.
    """
    designation = designation_in_scope(uow, cmd.designation_id, scope)
    require_authority(uow, designation, Act.INSPECT, actor)
    settings = get_scheme(designation.scheme_code).settings
    problems = Problems()
    PLACE.check(problems, "place", cmd.place)
    INSPECTORS.check(problems, "inspectors", cmd.inspectors)
    named, ended = designation.naming_date, designation.ended_on
    if named is not None and cmd.held_on < named:
        problems.add(
            "held_on", "before_naming", f"检查日期不能早于命名日期（{chinese_date(named)}）"
        )
    if ended is not None and cmd.held_on > ended:
        problems.add("held_on", "after_end", f"该工作室已于{chinese_date(ended)}退出管理或撤牌")
    not_after(problems, "held_on", cmd.held_on, as_of, "检查日期")
    if cmd.failed and not (cmd.summary or "").strip():
        problems.add("summary", "required", "不合格项目必须填写检查意见")
    notices = uow.notices.for_designation(designation.id)
    cycle_no: int | None = None
    notice: RectificationNotice | None = None
    if cmd.kind is InspectionKind.CYCLE_END:
        if settings.oversight != OversightKind.CYCLE_INSPECTION or not settings.cycle_years:
            problems.add("kind", "no_cycle", f"{settings.name}不实行周期检查")
        elif named is not None:
            cycle_no = _cycle(problems, uow, designation, cmd, settings.cycle_years)
        for other in notices:
            if other.issued_on <= cmd.held_on and (
                other.closed_on is None or cmd.held_on < other.closed_on
            ):
                why = f"整改通知 {other.number} 当时尚未办结，应为整改复查"
                problems.add("kind", "open_notice", why)
    else:
        notice = next((n for n in notices if n.id == cmd.notice_id), None)
        if notice is None:
            problems.add("notice_id", "no_notice", "整改复查须对应该工作室的整改通知")
        else:
            _check_reinspection(problems, cmd, notice)
    problems.raise_if_any()
    passed = not cmd.failed
    inspection = uow.inspections.add(
        Inspection(
            designation_id=designation.id,
            kind=cmd.kind,
            cycle_no=cycle_no,
            notice_id=notice.id if notice is not None else None,
            scheduled_on=cmd.held_on,
            place=cmd.place.strip(),
            inspectors=cmd.inspectors.strip(),
            scheduled_by=cmd.source,
            result=InspectionResult.PASS if passed else InspectionResult.FAIL,
            recorded_on=cmd.held_on,
            recorded_by=cmd.source,
            summary=(cmd.summary or "").strip() or None,
        )
    )
    for code, _label in settings.inspection_criteria:
        failed = code in cmd.failed
        notes = (cmd.summary or "").strip() if failed else ""
        uow.inspections.add_outcome(
            CriterionOutcome(
                inspection_id=inspection.id, criterion_code=code, passed=not failed, notes=notes
            )
        )
    if notice is not None and passed:
        notice.closing_inspection_id = inspection.id
    uow.flush()
    return inspection


def _cycle(
    problems: Problems,
    uow: UnitOfWork,
    designation: Designation,
    cmd: PastInspection,
    cycle_years: int,
) -> int | None:
    """The cycle a past cycle-end inspection was for, by the live rule as of the day it was
    held: one begun by then (so within the title's life) and not yet inspected; unnamed, the
    one whose end was nearest that day [Y12] (``inspections/cycles.py::choose_cycle``)."""
    assert designation.naming_date is not None
    if cmd.cycle_no is not None and cmd.cycle_no < 1:
        problems.add("cycle_no", "invalid", "管理周期序号必须从1开始")
        return None
    inspected = inspected_cycles(uow.inspections.for_designation(designation.id))
    choices = open_cycles(
        designation.naming_date,
        cycle_years,
        inspected,
        cmd.held_on,
        ended_on=designation.ended_on,
    )
    cycle_no, why = choose_cycle(
        designation.naming_date, cycle_years, choices, cmd.held_on, cmd.cycle_no, held=True
    )
    if why is not None:
        field, code, message = why
        problems.add("held_on" if field == "scheduled_on" else field, code, message)
    return cycle_no


def _check_reinspection(
    problems: Problems, cmd: PastInspection, notice: RectificationNotice
) -> None:
    """Within the notice's period; a pass closed it (已整改 that day), a fail came before."""
    if cmd.held_on < notice.issued_on:
        problems.add("held_on", "before_notice", "复查日期不能早于整改通知下发日期")
    elif cmd.held_on > notice.deadline:
        why = f"复查日期不能晚于整改期限（{chinese_date(notice.deadline)}）"
        problems.add("held_on", "after_deadline", why)
    if not cmd.failed:
        if notice.status is not NoticeStatus.RECTIFIED or notice.closed_on != cmd.held_on:
            why = f"复查合格即办结整改通知 {notice.number}：该通知应为已整改，办结日期为复查日期"
            problems.add("result", "closes_notice", why)
        elif notice.closing_inspection_id is not None:
            problems.add("result", "already_closed", f"整改通知 {notice.number} 已有合格的复查")
    elif notice.closed_on is not None and cmd.held_on >= notice.closed_on:
        why = f"整改通知 {notice.number} 已于{chinese_date(notice.closed_on)}办结，此后不再复查"
        problems.add("held_on", "notice_closed", why)
