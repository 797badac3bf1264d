"""Use cases on designations: open one, move it through its lifecycle; callers own the commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.designations.states import check_transition, is_terminal
from lifecycle.errors import ConflictError, NotFound, Problems
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, require_text
from lifecycle.vocab import DesignationStatus, UnionLevel

OPEN_STATUSES = frozenset(
    {
        DesignationStatus.APPLIED,
        DesignationStatus.UNDER_REVIEW,
        DesignationStatus.NAMED,
        DesignationStatus.RECTIFYING,
    }
)
INITIAL_STATUSES = frozenset({DesignationStatus.APPLIED, DesignationStatus.NAMED})


@dataclass(frozen=True)
class NewDesignation:
    """Open a designation: an application (`applied`) or an existing title (`named`)."""

    workshop_id: int
    scheme: str
    title: str
    naming_union_id: int
    status: DesignationStatus = DesignationStatus.APPLIED
    number: str | None = None
    applied_on: date | None = None
    naming_date: date | None = None
    recommended_from_id: int | None = None
    reason: str = "提交申报"
    document_ref: str | None = None


@dataclass(frozen=True)
class Transition:
    """Move a designation to `target`, with the reason and the document it rests on."""

    designation_id: int
    target: DesignationStatus
    reason: str
    effective_on: date
    document_ref: str | None = None
    expected_version: int | None = None
    number: str | None = None


def open_designation(
    uow: UnitOfWork, cmd: NewDesignation, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """Create a designation and its first history row; one open title per scheme per team."""
    scheme = get_scheme(cmd.scheme)
    problems = Problems()
    require_text(problems, "title", cmd.title, "工作室称号", 300)
    require_text(problems, "reason", cmd.reason, "事由", 2000)
    if cmd.status not in INITIAL_STATUSES:
        problems.add("status", "invalid_initial_status", "新建命名只能是“已申报”或“已命名”")
    workshop = uow.workshops.get(cmd.workshop_id, scope=scope)
    if workshop is None:
        raise NotFound("工作室不存在", field="workshop_id")
    naming_union = uow.unions.get(cmd.naming_union_id, scope=EVERYTHING)
    if naming_union is None:
        problems.add("naming_union_id", "not_found", "命名单位不存在")
    elif naming_union.level.value != scheme.settings.level:
        level_label = "市" if scheme.settings.level == "city" else "区"
        problems.add(
            "naming_union_id",
            "wrong_naming_level",
            f"{scheme.settings.name}应由{level_label}级工会命名",
        )
    unit_union = uow.unions.get(workshop.unit_union_id, scope=EVERYTHING)
    assert unit_union is not None
    if naming_union is not None and not unit_union.path.startswith(naming_union.path):
        problems.add("naming_union_id", "outside_tree", "命名单位必须是工作室所在单位的上级工会")
    district = uow.unions.ancestor_at_level(unit_union, UnionLevel.DISTRICT)
    if district is None:
        problems.add("workshop_id", "no_district", "工作室所在单位工会不属于任何区（县）工会")
    if cmd.status == DesignationStatus.NAMED:
        if cmd.naming_date is None:
            problems.add("naming_date", "required", "已命名的工作室必须填写命名日期")
        if not cmd.number:
            problems.add("number", "required", "已命名的工作室必须填写命名编号")
    not_after(problems, "naming_date", cmd.naming_date, as_of, "命名日期")
    not_after(problems, "applied_on", cmd.applied_on, as_of, "申报日期")
    if cmd.naming_date and cmd.naming_date < workshop.founded_on:
        problems.add("naming_date", "before_founding", "命名日期不能早于工作室成立日期")
    if cmd.number and uow.designations.get_by_number(scheme.settings.code, cmd.number):
        problems.add("number", "duplicate", f"命名编号 {cmd.number} 已被使用")
    if any(
        d.scheme_code == scheme.settings.code and d.status in OPEN_STATUSES
        for d in uow.designations.for_workshop(workshop.id)
    ):
        problems.add(
            "scheme", "already_open", f"该工作室已有{scheme.settings.name}的有效命名或申报"
        )
    if (
        cmd.recommended_from_id is not None
        and uow.designations.get(cmd.recommended_from_id, scope=scope) is None
    ):
        problems.add("recommended_from_id", "not_found", "推荐来源的命名不存在")
    problems.raise_if_any()
    assert district is not None
    effective = cmd.naming_date if cmd.status == DesignationStatus.NAMED else cmd.applied_on
    designation = uow.designations.add(
        Designation(
            workshop_id=workshop.id,
            scheme_code=scheme.settings.code,
            number=cmd.number,
            title=cmd.title.strip(),
            status=cmd.status,
            applied_on=cmd.applied_on,
            naming_date=cmd.naming_date if cmd.status == DesignationStatus.NAMED else None,
            naming_union_id=cmd.naming_union_id,
            district_union_id=district.id,
            recommended_from_id=cmd.recommended_from_id,
        )
    )
    uow.designations.append_history(
        StatusChange(
            designation_id=designation.id,
            from_status=None,
            to_status=cmd.status,
            effective_on=effective or as_of,
            actor_name=actor.name,
            actor_user_id=actor.user_id,
            reason=cmd.reason.strip(),
            document_ref=cmd.document_ref,
        )
    )
    return designation


def transition(
    uow: UnitOfWork, cmd: Transition, *, actor: Actor, as_of: date, scope: Scope
) -> Designation:
    """Move a designation along its scheme's lifecycle, writing one history row [DOMAIN §3]."""
    designation = uow.designations.get(cmd.designation_id, scope)
    if designation is None:
        raise NotFound("命名记录不存在", field="designation_id")
    if cmd.expected_version is not None and cmd.expected_version != designation.version:
        raise ConflictError("该命名记录已被他人修改，请刷新后重试", field="expected_version")
    scheme = get_scheme(designation.scheme_code)
    check_transition(scheme, designation.status, cmd.target)
    problems = Problems()
    require_text(problems, "reason", cmd.reason, "事由", 2000)
    not_after(problems, "effective_on", cmd.effective_on, as_of, "生效日期")
    last_change = uow.designations.last_change(designation.id)
    last = last_change.effective_on if last_change else None
    if last is not None and cmd.effective_on < last:
        problems.add(
            "effective_on", "before_last_change", f"生效日期不能早于上一次状态变更（{last}）"
        )
    number = cmd.number or designation.number
    if cmd.target == DesignationStatus.NAMED and not number:
        problems.add("number", "required", "命名时必须填写命名编号")
    elif (
        cmd.number
        and cmd.number != designation.number
        and uow.designations.get_by_number(designation.scheme_code, cmd.number)
    ):
        problems.add("number", "duplicate", f"命名编号 {cmd.number} 已被使用")
    problems.raise_if_any()
    previous = designation.status
    designation.status = cmd.target
    designation.number = number
    if cmd.target == DesignationStatus.NAMED and designation.naming_date is None:
        designation.naming_date = cmd.effective_on
    if is_terminal(cmd.target):
        designation.ended_on = cmd.effective_on
    uow.designations.append_history(
        StatusChange(
            designation_id=designation.id,
            from_status=previous,
            to_status=cmd.target,
            effective_on=cmd.effective_on,
            actor_name=actor.name,
            actor_user_id=actor.user_id,
            reason=cmd.reason.strip(),
            document_ref=cmd.document_ref,
        )
    )
    uow.flush()
    return designation
