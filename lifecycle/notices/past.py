"""整改通知 issued before the service: an open one starts its 整改, a closed one is history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.designations.authority import require_authority
from lifecycle.designations.model import Designation
from lifecycle.errors import NotFound, Problems
from lifecycle.inspections.model import Inspection, InspectionKind, InspectionResult
from lifecycle.notices.model import NoticeStatus, RectificationNotice
from lifecycle.notices.rules import revocation_refusal
from lifecycle.notices.service import (
    PaperNotice,
    issue_notice,
    paper_seq,
    rectification_deadline,
)
from lifecycle.schemes.authority import Act
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, require_text
from lifecycle.vocab import DesignationStatus, UnionLevel


@dataclass(frozen=True)
class PastNotice:
    """A notice on paper, issued on the failed cycle-end inspection ``inspection_id``."""

    designation_id: int
    inspection_id: int
    number: str
    issued_on: date
    deadline: date | None  # None: the scheme's deadline from the issue date
    status: NoticeStatus
    source: str
    closed_on: date | None = None
    decision_ref: str | None = None


def register_past_notice(
    uow: UnitOfWork, cmd: PastNotice, *, actor: Actor, as_of: date, scope: Scope
) -> RectificationNotice:
    """Record a notice issued before the service [Y12].

    整改中: issued through ``issue_notice`` with its paper number and deadline, so the title is
    整改中 and the deadline (and, once passed, the 撤牌 to confirm) is live whatever the cut-over.
    已整改 or 已撤牌: kept as it was decided — rectified within the deadline (its passed
    re-inspection is recorded after it), or revoked after the deadline with the decision's 文号,
    as the title's own state says.
    """
    designation = uow.designations.get(cmd.designation_id, scope)
    inspection = uow.inspections.get(cmd.inspection_id, scope)
    if designation is None or inspection is None:
        raise NotFound("命名记录不存在或不在管辖范围内", field="designation_id")
    require_authority(uow, designation, Act.INSPECT, actor)
    deadline = cmd.deadline
    if deadline is None:
        deadline = rectification_deadline(uow, designation.scheme_code, cmd.issued_on)[0]
    problems = _problems(uow, cmd, designation, inspection, deadline, as_of=as_of)
    problems.raise_if_any()
    if cmd.status is NoticeStatus.OPEN:
        paper = PaperNotice(cmd.number.strip(), cmd.issued_on, deadline, cmd.source)
        return issue_notice(
            uow, designation, inspection, actor=actor, as_of=as_of, scope=scope, paper=paper
        )
    issuer = uow.unions.get(designation.district_union_id, EVERYTHING)
    unit = uow.unions.get(designation.workshop.unit_union_id, EVERYTHING)
    assert issuer is not None
    assert unit is not None
    addressee = uow.unions.ancestor_at_level(unit, UnionLevel.SECTOR) or unit
    number = cmd.number.strip()
    return uow.notices.add(
        RectificationNotice(
            designation_id=designation.id,
            inspection_id=inspection.id,
            issuing_union_id=issuer.id,
            addressee_union_id=addressee.id,
            year=cmd.issued_on.year,
            seq=paper_seq(uow, issuer, number, cmd.issued_on.year),
            number=number,
            issued_on=cmd.issued_on,
            deadline=deadline,
            deadline_provisional=False,
            status=cmd.status,
            closed_on=cmd.closed_on,
            decision_ref=(cmd.decision_ref or "").strip() or None,
            issued_by=cmd.source,
        )
    )


def _problems(
    uow: UnitOfWork,
    cmd: PastNotice,
    designation: Designation,
    inspection: Inspection,
    deadline: date,
    *,
    as_of: date,
) -> Problems:
    problems = Problems()
    require_text(problems, "number", cmd.number, "整改通知编号", 60)
    if uow.notices.by_number(cmd.number.strip()) is not None:
        problems.add("number", "duplicate", f"整改通知编号 {cmd.number} 已被使用")
    failed_end = (
        inspection.designation_id == designation.id
        and inspection.kind is InspectionKind.CYCLE_END
        and inspection.result is InspectionResult.FAIL
    )
    notices = uow.notices.for_designation(designation.id)
    if not failed_end:
        problems.add("inspection_id", "not_failed", "整改通知须对应该工作室一次不合格的周期末检查")
    elif any(n.inspection_id == inspection.id for n in notices):
        problems.add("inspection_id", "has_notice", "该次检查已有整改通知")
    held = inspection.recorded_on or inspection.scheduled_on
    if cmd.issued_on < held:
        problems.add("issued_on", "before_inspection", f"下发日期不能早于检查日期（{held}）")
    not_after(problems, "issued_on", cmd.issued_on, as_of, "下发日期")
    if deadline <= cmd.issued_on:
        problems.add("deadline", "before_issue", "整改期限应晚于下发日期")
    end = cmd.closed_on
    for other in notices:
        if other.issued_on <= (end or date.max) and cmd.issued_on <= (other.closed_on or date.max):
            why = f"与整改通知 {other.number} 的整改期间重叠：同一时间只能有一份未办结的整改通知"
            problems.add("issued_on", "overlap", why)
    _closing(problems, cmd, designation, deadline, as_of=as_of)
    return problems


def _closing(
    problems: Problems, cmd: PastNotice, designation: Designation, deadline: date, *, as_of: date
) -> None:
    """How the notice ended: still open, rectified within the deadline, or revoked after it."""
    closed, ref = cmd.closed_on, (cmd.decision_ref or "").strip()
    if cmd.status is NoticeStatus.OPEN:
        if closed is not None or ref:
            problems.add("closed_on", "open", "整改中的通知不填写办结日期和撤牌决定文号")
        if designation.status is not DesignationStatus.NAMED:
            problems.add("status", "not_named", "整改中的通知只能对应当前已命名的工作室")
        return
    if closed is None:
        problems.add("closed_on", "required", "已办结的整改通知须填写办结日期")
        return
    not_after(problems, "closed_on", closed, as_of, "办结日期")
    if closed < cmd.issued_on:
        problems.add("closed_on", "before_issue", "办结日期不能早于下发日期")
    if cmd.status is NoticeStatus.RECTIFIED:
        if ref:
            problems.add("decision_ref", "rectified", "已整改的通知不填写撤牌决定文号")
        if closed > deadline:
            why = f"整改期限（{chinese_date(deadline)}）届满后不能再复查合格，应确认撤牌"
            problems.add("closed_on", "after_deadline", why)
        return
    require_text(problems, "decision_ref", cmd.decision_ref, "撤牌决定文号", 200)
    early = revocation_refusal(True, deadline, closed)  # the live 撤牌 rule, on its own date
    if early is not None:
        problems.add("closed_on", early[1], early[2])
    if designation.status is not DesignationStatus.REVOKED or designation.ended_on != closed:
        why = "已撤牌的通知须与该命名的状态一致：命名应为已撤牌，状态生效日期为办结日期"
        problems.add("status", "title_not_revoked", why)
