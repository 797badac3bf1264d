"""Use cases on workshops and their members; callers own the commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.errors import NotFound, Problems
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, require_text
from lifecycle.vocab import UnionLevel, UnitNature
from lifecycle.workshops.model import Workshop, WorkshopMember


@dataclass(frozen=True)
class NewWorkshop:
    name: str
    host_unit_name: str
    host_unit_nature: UnitNature
    unit_union_id: int
    founded_on: date
    leader_person_id: int
    address: str | None = None
    venue_area_sqm: float | None = None
    specialty: str | None = None
    innovation_direction: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class NewMember:
    person_id: int
    joined_on: date
    left_on: date | None = None
    role: str | None = None
    trade: str | None = None
    years_of_work: int | None = None


def create_workshop(uow: UnitOfWork, cmd: NewWorkshop, *, as_of: date, scope: Scope) -> Workshop:
    """Record a team under its host unit's union."""
    problems = Problems()
    require_text(problems, "name", cmd.name, "工作室名称", 200)
    require_text(problems, "host_unit_name", cmd.host_unit_name, "所在单位", 200)
    not_after(problems, "founded_on", cmd.founded_on, as_of, "成立日期")
    if cmd.venue_area_sqm is not None and cmd.venue_area_sqm < 0:
        problems.add("venue_area_sqm", "negative", "场所面积不能为负数")
    union = uow.unions.get(cmd.unit_union_id, scope=scope)
    if union is None:
        problems.add("unit_union_id", "not_found", "所在单位工会不存在")
    elif union.level != UnionLevel.UNIT:
        problems.add("unit_union_id", "not_unit_union", "工作室必须挂在基层单位工会下")
    if uow.persons.get(cmd.leader_person_id, scope) is None:
        problems.add("leader_person_id", "not_found", "带头人不存在")
    if not problems.items and uow.workshops.get_by_name(cmd.name.strip(), cmd.unit_union_id):
        problems.add("name", "duplicate", "该单位已有同名工作室")
    problems.raise_if_any()
    return uow.workshops.add(
        Workshop(
            name=cmd.name.strip(),
            host_unit_name=cmd.host_unit_name.strip(),
            host_unit_nature=cmd.host_unit_nature,
            unit_union_id=cmd.unit_union_id,
            founded_on=cmd.founded_on,
            leader_person_id=cmd.leader_person_id,
            address=cmd.address,
            venue_area_sqm=cmd.venue_area_sqm,
            specialty=cmd.specialty,
            innovation_direction=cmd.innovation_direction,
            description=cmd.description,
        )
    )


def add_member(
    uow: UnitOfWork, workshop_id: int, cmd: NewMember, *, as_of: date, scope: Scope
) -> WorkshopMember:
    """Add a member for a period; not before the workshop was founded, not twice at once."""
    workshop = uow.workshops.get(workshop_id, scope=scope)
    if workshop is None:
        raise NotFound("工作室不存在", field="workshop_id")
    problems = Problems()
    not_after(problems, "joined_on", cmd.joined_on, as_of, "加入日期")
    if cmd.joined_on < workshop.founded_on:
        problems.add(
            "joined_on",
            "before_founding",
            f"加入日期不能早于工作室成立日期（{workshop.founded_on.isoformat()}）",
        )
    if cmd.left_on is not None and cmd.left_on < cmd.joined_on:
        problems.add("left_on", "before_joining", "离开日期不能早于加入日期")
    if cmd.years_of_work is not None and cmd.years_of_work < 0:
        problems.add("years_of_work", "negative", "工作年限不能为负数")
    if uow.persons.get(cmd.person_id, scope) is None:
        problems.add("person_id", "not_found", "人员不存在")
    elif cmd.person_id == workshop.leader_person_id:
        problems.add("person_id", "is_leader", "带头人不计入团队成员")
    else:
        for existing in workshop.members:
            if existing.person_id == cmd.person_id and _overlaps(existing, cmd):
                problems.add("person_id", "duplicate", "该人员在此期间已是工作室成员")
                break
    problems.raise_if_any()
    member = uow.workshops.add_member(
        WorkshopMember(
            workshop_id=workshop_id,
            person_id=cmd.person_id,
            joined_on=cmd.joined_on,
            left_on=cmd.left_on,
            role=cmd.role,
            trade=cmd.trade,
            years_of_work=cmd.years_of_work,
        )
    )
    uow.session.refresh(workshop)
    return member


def _overlaps(existing: WorkshopMember, cmd: NewMember) -> bool:
    end_a = existing.left_on or date.max
    end_b = cmd.left_on or date.max
    return existing.joined_on < end_b and cmd.joined_on < end_a
