"""Use cases on workshops and their members; callers own the commit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from lifecycle.clock import chinese_date
from lifecycle.errors import FieldProblem, NotFound, Problems
from lifecycle.leaders.gone import gone_member_problem, gone_problem
from lifecycle.plausible_dates import (
    event_date_problems,
    joining_age_problems,
    leading_age_problems,
    years_of_work_problems,
)
from lifecycle.schemes.words import team_leader_word
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, not_after, within_places
from lifecycle.vocab import UnionLevel, UnitNature
from lifecycle.workshops.model import Workshop, WorkshopMember


@dataclass(frozen=True)
class NewMember:
    person_id: int
    joined_on: date
    left_on: date | None = None
    role: str | None = None
    trade: str | None = None
    years_of_work: int | None = None


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
    # The team besides the leader [Y3] 2, recorded with the workshop (more join later).
    members: tuple[NewMember, ...] = field(default_factory=tuple)


# Optional texts and the length of their columns.
# A workshop's 简介: a paragraph of the registration form, as the API declares it.
DESCRIPTION_MAX = 2000
_WORKSHOP_TEXTS = (
    ("address", "地址", 300),
    ("specialty", "专业领域", 200),
    ("innovation_direction", "攻关方向", 200),
    ("description", "简介", DESCRIPTION_MAX),
)
_MEMBER_TEXTS = (("role", "团队角色", 100), ("trade", "工种", 100))
MAX_YEARS_OF_WORK = 80
# A workshop's required names, as registering and correcting check them.
WORKSHOP_NAME = RequiredText("工作室名称", 200)
HOST_UNIT_NAME = RequiredText("所在单位", 200)
# A member's fields corrected in place (the person and joining date name the period).
MEMBER_AMENDABLE = ("left_on", "role", "trade", "years_of_work")


def _optional_texts(
    problems: Problems, prefix: str, values: Iterable[tuple[str, str, int, str | None]]
) -> None:
    for name, label, limit, value in values:
        if value is not None and len(value.strip()) > limit:
            problems.add(f"{prefix}{name}", "too_long", f"{label}不能超过{limit}个字符")


# A venue's area in square metres to the hundredth (the column's two places), as the API takes
# it: a floor of a plant at most (reading IN2).
VENUE_AREA_MAX = 1_000_000


def venue_area_problem(area: float | Decimal) -> tuple[str, str] | None:
    """(code, message) when ``area`` is no venue's area in square metres [Y3] 5 (「有场所」), else
    None: a number, not negative, at most ``VENUE_AREA_MAX``, to the hundredth at most."""
    exact = Decimal(str(area))
    if not exact.is_finite():
        return "not_a_number", "场所面积应为数字，如 120 或 85.5"
    if exact < 0:
        return "negative", "场所面积不能为负数"
    if exact > VENUE_AREA_MAX:
        return "too_large", f"场所面积不能大于{VENUE_AREA_MAX}平方米"
    if not within_places(exact, 2):
        return "too_precise", "场所面积最多保留两位小数（平方米）"
    return None


def workshop_field_problems(
    *,
    name: str,
    host_unit_name: str,
    founded_on: date | None,
    venue_area_sqm: float | None,
    address: str | None,
    specialty: str | None,
    innovation_direction: str | None,
    as_of: date,
    description: str | None = None,
) -> list[FieldProblem]:
    """What registering would refuse in the workshop's own typed fields (not the union, leader
    or members, which are looked up; None: unreadable, already refused by the form): for a form
    refused before the use case runs, so every bad field shows at once."""
    problems = Problems()
    WORKSHOP_NAME.check(problems, "name", name)
    HOST_UNIT_NAME.check(problems, "host_unit_name", host_unit_name)
    if founded_on is not None:
        event_date_problems(problems, "founded_on", founded_on, "成立日期", as_of=as_of)
    if venue_area_sqm is not None and (why := venue_area_problem(venue_area_sqm)):
        problems.add("venue_area_sqm", why[0], why[1])
    typed = {
        "address": address,
        "specialty": specialty,
        "innovation_direction": innovation_direction,
        "description": description,
    }
    _optional_texts(
        problems, "", [(n, label, limit, typed[n]) for n, label, limit in _WORKSHOP_TEXTS]
    )
    return problems.items


def _member_problems(  # noqa: PLR0917 - the member and the team it joins
    uow: UnitOfWork,
    problems: Problems,
    prefix: str,
    cmd: NewMember,
    founded_on: date,
    leader_person_id: int,
    others: Sequence[WorkshopMember | NewMember],
    *,
    as_of: date,
    scope: Scope,
    leader_word: str = "带头人",
    gone_checked: bool = True,
) -> None:
    """A member's period and person: not before the founding nor the person's 16th birthday, not
    the leader (called ``leader_word``, as the team's titles call them), not twice at once
    (``others``: the team's members already recorded or named before this one); with
    ``gone_checked``, not one recorded 离职/已故 as a member now (``gone_member_problem``)."""
    joined = f"{prefix}joined_on"
    event_date_problems(
        problems, joined, cmd.joined_on, "加入日期", as_of=as_of, founded_on=founded_on
    )
    if cmd.left_on is not None:
        not_after(problems, f"{prefix}left_on", cmd.left_on, as_of, "离开日期")
    if cmd.left_on is not None and cmd.left_on < cmd.joined_on:
        problems.add(f"{prefix}left_on", "before_joining", "离开日期不能早于加入日期")
    if cmd.years_of_work is not None and not 0 <= cmd.years_of_work <= MAX_YEARS_OF_WORK:
        problems.add(
            f"{prefix}years_of_work", "out_of_range", f"工作年限应在0至{MAX_YEARS_OF_WORK}年之间"
        )
    texts = [(n, label, limit, getattr(cmd, n)) for n, label, limit in _MEMBER_TEXTS]
    _optional_texts(problems, prefix, texts)
    person = uow.persons.get(cmd.person_id, scope)
    if person is None:
        problems.add(f"{prefix}person_id", "not_found", "人员不存在或不在管辖范围内")
        return
    joining_age_problems(problems, joined, cmd.joined_on, person.birth_date)
    if cmd.years_of_work is not None and 0 <= cmd.years_of_work <= MAX_YEARS_OF_WORK:
        years = f"{prefix}years_of_work"
        years_of_work_problems(problems, years, cmd.years_of_work, person.birth_date, as_of)
    if cmd.person_id == leader_person_id:
        problems.add(f"{prefix}person_id", "is_leader", f"{leader_word}不计入团队成员")
    elif any(o.person_id == cmd.person_id and _overlaps(o, cmd) for o in others):
        problems.add(f"{prefix}person_id", "duplicate", "该人员在此期间已是工作室成员")
    elif gone_checked:
        gone_member_problem(uow, problems, prefix, person, cmd.left_on)


def create_workshop(
    uow: UnitOfWork, cmd: NewWorkshop, *, as_of: date, scope: Scope, recording_history: bool = False
) -> Workshop:
    """Record a team under its host unit's union (inside ``scope``), with its leader and the
    members named (each a person of ``scope``); the whole input is checked before anything is
    written [Y3][Y7]. A leader recorded 离职 or 已故 is refused, except when
    ``recording_history`` (the cut-over import of teams as they were, past leaders too)."""
    problems = Problems()
    problems.items += workshop_field_problems(
        name=cmd.name,
        host_unit_name=cmd.host_unit_name,
        founded_on=cmd.founded_on,
        venue_area_sqm=cmd.venue_area_sqm,
        address=cmd.address,
        specialty=cmd.specialty,
        innovation_direction=cmd.innovation_direction,
        as_of=as_of,
        description=cmd.description,
    )
    union = uow.unions.get(cmd.unit_union_id, scope=scope)
    if union is None:
        problems.add("unit_union_id", "not_found", "所在单位工会不存在或不在管辖范围内")
    elif union.level != UnionLevel.UNIT:
        problems.add("unit_union_id", "not_unit_union", "工作室必须挂在基层单位工会下")
    leader = uow.persons.get(cmd.leader_person_id, scope)
    if leader is None:
        problems.add("leader_person_id", "not_found", "带头人不存在或不在管辖范围内")
    else:  # leads from the founding: of working age then, as a member joining [劳动法 15]
        when = "工作室成立时"
        leading_age_problems(
            problems, "leader_person_id", cmd.founded_on, leader.birth_date, when=when
        )
        if not recording_history:  # a leader who left or died leads no new team [Y3][S3]
            gone_problem(uow, problems, "leader_person_id", leader, label="带头人", word="带头人")
    for i, member in enumerate(cmd.members):
        earlier = cmd.members[:i]
        _member_problems(
            uow, problems, f"members.{i}.", member, cmd.founded_on, cmd.leader_person_id,
            earlier, as_of=as_of, scope=scope, gone_checked=not recording_history,
        )  # fmt: skip
    if not problems.items and uow.workshops.get_by_name(cmd.name.strip(), cmd.unit_union_id):
        problems.add("name", "duplicate", "该单位已有同名工作室")
    problems.raise_if_any()
    workshop = uow.workshops.add(
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
    for member in cmd.members:
        _write_member(uow, workshop.id, member)
    if cmd.members:
        uow.session.refresh(workshop)
    return workshop


def add_member(
    uow: UnitOfWork,
    workshop_id: int,
    cmd: NewMember,
    *,
    as_of: date,
    scope: Scope,
    recording_history: bool = False,
) -> WorkshopMember:
    """Add a member for a period; not before the workshop was founded, not twice at once; not
    one recorded 离职/已故 as a member now, except when ``recording_history`` (the cut-over
    import of teams as they were)."""
    workshop = uow.workshops.get(workshop_id, scope=scope)
    if workshop is None:
        raise NotFound("工作室不存在", field="workshop_id")
    problems = Problems()
    word = team_leader_word(d.scheme_code for d in uow.designations.for_workshop(workshop.id))
    _member_problems(
        uow, problems, "", cmd, workshop.founded_on, workshop.leader_person_id,
        workshop.members, as_of=as_of, scope=scope, leader_word=word,
        gone_checked=not recording_history,
    )  # fmt: skip
    problems.raise_if_any()
    member = _write_member(uow, workshop_id, cmd)
    uow.session.refresh(workshop)
    return member


def amend_member(
    uow: UnitOfWork,
    workshop_id: int,
    member_id: int,
    changes: Mapping[str, Any],
    *,
    as_of: date,
    scope: Scope,
    recording_history: bool = False,
) -> WorkshopMember:
    """Correct a member's recorded period or details (``changes``: ``left_on``, ``role``,
    ``trade``, ``years_of_work``; the rest keeps its value), checked whole as adding the member
    checks it (not after today, not before joining, 0–80 years of work, not over another period
    of the same person), every bad field at once and nothing written on a refusal; a changed
    离开日期 of one recorded 离职/已故 as adding checks it (the rest of a member who has since
    gone stays correctable), except when ``recording_history``."""
    unknown = set(changes) - set(MEMBER_AMENDABLE)
    if unknown:
        raise ValueError(f"not amendable here: {sorted(unknown)}")
    workshop, member = _member_of(uow, workshop_id, member_id, scope)
    data = {name: getattr(member, name) for name in MEMBER_AMENDABLE} | dict(changes)
    cmd = NewMember(member.person_id, member.joined_on, **data)
    others = [m for m in workshop.members if m.id != member.id]
    problems = Problems()
    _member_problems(
        uow, problems, "", cmd, workshop.founded_on, workshop.leader_person_id, others,
        as_of=as_of, scope=scope,
        gone_checked=not recording_history and cmd.left_on != member.left_on,
    )  # fmt: skip
    problems.raise_if_any()
    for name in MEMBER_AMENDABLE:
        setattr(member, name, data[name])
    uow.flush()
    return member


def _member_of(
    uow: UnitOfWork, workshop_id: int, member_id: int, scope: Scope
) -> tuple[Workshop, WorkshopMember]:
    """The workshop inside ``scope`` and one member of it (else not found, as if absent)."""
    workshop = uow.workshops.get(workshop_id, scope=scope)
    if workshop is None:
        raise NotFound("工作室不存在", field="workshop_id")
    member = next((m for m in workshop.members if m.id == member_id), None)
    if member is None:
        raise NotFound("该工作室没有这名成员", field="member_id")
    return workshop, member


def leaving_open(joined_on: date, as_of: date) -> bool:
    """Whether a member's leaving can be recorded or its date corrected on ``as_of``
    (``record_leaving``): a day not before joining and not after today exists. Every member
    who has joined qualifies, those who left too (their date corrected, gone or not)."""
    return joined_on <= as_of


def record_leaving(
    uow: UnitOfWork,
    workshop_id: int,
    member_id: int,
    left_on: date,
    *,
    as_of: date,
    scope: Scope,
    correcting: bool = False,
) -> WorkshopMember:
    """A member leaves the team on ``left_on`` (成员发展, kept by the unit union [Y10][S8]; the
    team counted on a day [Y3] 2, [L]): once, not before joining, not after today, and not
    over a later period of the same person, nor after the person's recorded 离职/已故
    (``gone_member_problem``); ``correcting``, the leaving date already recorded is corrected by
    the same rules (the audit trail keeps the one it replaces)."""
    workshop, member = _member_of(uow, workshop_id, member_id, scope)
    problems = Problems()
    if member.left_on is not None and not correcting:
        when = chinese_date(member.left_on)
        problems.add(
            "left_on", "already_left", f"该成员已于{when}离开工作室；日期有误的，请更正离开日期"
        )
    elif member.left_on is None and correcting:
        problems.add("left_on", "not_left", "该成员尚未登记离开，请登记离开而非更正")
    elif left_on < member.joined_on:
        when = chinese_date(member.joined_on)
        problems.add("left_on", "before_joining", f"离开日期不能早于加入日期（{when}）")
    else:
        not_after(problems, "left_on", left_on, as_of, "离开日期")
        period = NewMember(member.person_id, member.joined_on, left_on)
        later = [m for m in workshop.members if m.id != member.id]
        if any(m.person_id == member.person_id and _overlaps(m, period) for m in later):
            problems.add(
                "left_on", "overlaps", "该人员此后又加入了工作室，离开日期不能晚于其再次加入的日期"
            )
        person = uow.persons.get(member.person_id, EVERYTHING)
        if person is not None:  # not after the day they left the unit or died [Y2][Y3][L]
            gone_member_problem(uow, problems, "", person, left_on)
    problems.raise_if_any()
    member.left_on = left_on
    uow.flush()
    return member


def _write_member(uow: UnitOfWork, workshop_id: int, cmd: NewMember) -> WorkshopMember:
    return uow.workshops.add_member(
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


def _overlaps(existing: WorkshopMember | NewMember, cmd: NewMember) -> bool:
    end_a = existing.left_on or date.max
    end_b = cmd.left_on or date.max
    return existing.joined_on < end_b and cmd.joined_on < end_a
