"""Use cases on persons and honours; callers own the commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from lifecycle.craftsman_title.earlier_titles import check_hand_entry
from lifecycle.errors import ConflictError, FieldProblem, NotFound, Problems
from lifecycle.persons.id_card import id_card_problem
from lifecycle.persons.model import Person, PersonHonour
from lifecycle.persons.status import leader_status_problems
from lifecycle.plausible_dates import birth_date_problems
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, require_text, year_possible, year_problem
from lifecycle.views.home_tree import home_tree
from lifecycle.vocab import (
    DEFAULT_WORDING,
    EmploymentStatus,
    Gender,
    Honour,
    RetirementGroup,
    Role,
    SkillLevel,
    UnionLevel,
)


@dataclass(frozen=True)
class HonourInput:
    honour: Honour
    year: int
    reference: str | None = None  # the grant's document: required of a hand-entered 上海工匠


@dataclass(frozen=True)
class NewPerson:
    name: str
    gender: Gender
    birth_date: date
    retirement_group: RetirementGroup | None = None
    id_card_number: str | None = None
    is_union_member: bool = True
    union_id: int | None = None
    employer: str | None = None
    employment_status: EmploymentStatus = EmploymentStatus.EMPLOYED
    skill_level: SkillLevel = SkillLevel.NONE
    professional_title: str | None = None
    education: str | None = None
    honours: tuple[HonourInput, ...] = field(default_factory=tuple)


def optional_text(value: str | None) -> str | None:
    """An optional free text (employer, professional title, education), trimmed; blank: none."""
    return (value or "").strip() or None


def default_retirement_group(gender: Gender) -> RetirementGroup:
    """Men are one group; a woman is a worker unless recorded as a cadre."""
    return RetirementGroup.MALE if gender == Gender.MALE else RetirementGroup.FEMALE_WORKER


def honour_year_problems(
    path: str, year: int, born: date | None, *, as_of: date
) -> list[FieldProblem]:
    """What registering refuses in an honour's year (``born`` None: unreadable, not compared):
    also for a form refused before the use case runs, so every bad field shows at once."""
    problems = Problems()
    if year > as_of.year:
        problems.add(path, "year_in_future", f"荣誉年份不能晚于{as_of.year}年")
    elif born is not None and year < born.year:
        problems.add(path, "year_before_birth", "荣誉年份不能早于出生年份")
    elif why := year_problem(year, "荣誉年份", last=as_of.year):  # before any such honour
        problems.add(path, "year_out_of_range", why)
    return problems.items


def registry_of(uow: UnitOfWork, union: Union | None) -> int | None:
    """The registry a person of `union` belongs to: its district-level union, else itself.

    An association keeps a registry of its own: its members are recorded by the association
    (another union may hold the same citizen) [G] 二（二）.
    """
    if union is None:
        return None
    if union.level == UnionLevel.ASSOCIATION:
        return union.id
    district = uow.unions.ancestor_at_level(union, UnionLevel.DISTRICT)
    return (district or union).id


REASON_MAX = 500  # the audit log's reason column
PERSON_NAME = RequiredText("姓名", 100)  # as registering and correcting check it
# Optional texts and the length of their columns.
_OPTIONAL_TEXTS = (
    ("employer", "工作单位", 200),
    ("professional_title", "职称", 100),
    ("education", "学历", 50),
)


def person_field_problems(
    name: str,
    gender: Gender | None,
    birth_date: date | None,
    retirement_group: RetirementGroup | None,
    id_card_number: str | None,
    *,
    as_of: date,
    reason: str | None = None,
    texts: Mapping[str, str | None] | None = None,
) -> list[FieldProblem]:
    """What registering or correcting would refuse in these typed fields (the union and a
    duplicate ID number aside; None: not chosen or unreadable, already refused by the form): for
    a form refused before the use case runs, so every bad field shows at once. ``reason`` None:
    not asked; ``texts``: the optional texts typed (工作单位, 职称, 学历), by field name."""
    problems = Problems()
    for text_field, label, limit in _OPTIONAL_TEXTS:
        value = (texts or {}).get(text_field)
        if value is not None and len(value.strip()) > limit:
            problems.add(text_field, "too_long", f"{label}不能超过{limit}个字符")
    PERSON_NAME.check(problems, "name", name)
    if birth_date is not None:
        birth_date_problems(problems, "birth_date", birth_date, as_of)
    if (
        gender is not None
        and retirement_group is not None
        and (retirement_group == RetirementGroup.MALE) != (gender == Gender.MALE)
    ):
        problems.add("retirement_group", "group_gender_mismatch", "退休年龄类别与性别不符")
    id_card = (id_card_number or "").strip().upper() or None
    if id_card is not None:
        problem = id_card_problem(id_card, birth_date, gender)
        if problem:
            problems.add("id_card_number", "invalid_id_card", problem)
    if reason is not None:
        require_text(problems, "reason", reason, "更正原因", REASON_MAX)
    return problems.items


def _checked(
    uow: UnitOfWork,
    cmd: NewPerson,
    *,
    as_of: date,
    scope: Scope,
    problems: Problems,
    person_id: int | None = None,
    reason: str | None = None,
) -> tuple[RetirementGroup, str | None, int | None]:
    """The person rules of registering and correcting: (retirement group, ID number, registry).

    ``person_id`` is the record being corrected: its own ID number is no duplicate; ``reason``
    (None: not asked) why it is corrected.
    """
    group = cmd.retirement_group or default_retirement_group(cmd.gender)
    texts = {name: getattr(cmd, name) for name, _label, _limit in _OPTIONAL_TEXTS}
    problems.items += person_field_problems(
        cmd.name,
        cmd.gender,
        cmd.birth_date,
        group,
        cmd.id_card_number,
        as_of=as_of,
        reason=reason,
        texts=texts,
    )
    union = uow.unions.get(cmd.union_id, scope) if cmd.union_id is not None else None
    if cmd.union_id is not None and union is None:
        problems.add("union_id", "not_found", "所属工会不存在或不在管辖范围内")
    registry = registry_of(uow, union)
    id_card = (cmd.id_card_number or "").strip().upper() or None
    if (
        id_card is not None
        and id_card_problem(id_card, cmd.birth_date) is None  # else refused above
        and (cmd.union_id is None or union is not None)
    ):
        holder = uow.persons.by_id_card(id_card, registry)
        if holder is not None and holder.id != person_id:
            # In the words of the record's city: 乐山's 县（市、区）, 县（市、区）总工会干部 [L 一].
            wording = home_tree(uow, union.path).wording if union else DEFAULT_WORDING
            association = union is not None and union.level == UnionLevel.ASSOCIATION
            where = "本社团" if association else f"本{wording.district_area()}"
            message = f"该身份证号码已在{where}登记"
            if uow.persons.get(holder.id, scope) is None:
                # A unit contact's subtree is narrower than the registry: say who can reach
                # the record (no more is told of it than that the number is taken).
                district = wording.role(Role.DISTRICT_OFFICER)
                message += f"，但不在您的管辖范围内，请联系{district}办理"
            problems.add("id_card_number", "duplicate", message)
    for i, item in enumerate(cmd.honours):
        problems.items += honour_year_problems(
            f"honours.{i}.year", item.year, cmd.birth_date, as_of=as_of
        )
    return group, id_card, registry


def register_person(
    uow: UnitOfWork,
    cmd: NewPerson,
    *,
    as_of: date,
    scope: Scope,
    entered_by: Role | None = None,
) -> Person:
    """Record a person; the whole input is checked before anything is written.

    The ID number is checked against the person's registry only (the district-level union above
    their union): whether another district holds the same citizen is never revealed.
    ``entered_by``: the role of the user typing it (a form or API call), whose honours are
    checked against ``hand_entry_refusal``; None for an import or the system.
    """
    problems = Problems()
    group, id_card, registry = _checked(uow, cmd, as_of=as_of, scope=scope, problems=problems)
    if entered_by is not None and cmd.union_id is None:
        # Everyone reads inside their union's subtree: a person of no union would be out of
        # every user's sight, the registrar's included (an import or the system may keep one).
        problems.add(
            "union_id", "required", "请填写所属工会（未填所属工会的人员在管辖范围内无法查到）"
        )
    if entered_by is not None:
        for i, item in enumerate(cmd.honours):
            check_hand_entry(
                uow, problems, f"honours.{i}.", honour=item.honour, year=item.year,
                reference=item.reference, role=entered_by, scope=scope,
            )  # fmt: skip
    problems.raise_if_any()
    person = uow.persons.add(
        Person(
            name=cmd.name.strip(),
            gender=cmd.gender,
            birth_date=cmd.birth_date,
            retirement_group=group,
            id_card_number=id_card,
            is_union_member=cmd.is_union_member,
            union_id=cmd.union_id,
            registry_union_id=registry,
            employer=optional_text(cmd.employer),
            employment_status=cmd.employment_status,
            skill_level=cmd.skill_level,
            professional_title=optional_text(cmd.professional_title),
            education=optional_text(cmd.education),
        )
    )
    # Written with the person, in the order the relationship reads them.
    for item in sorted(cmd.honours, key=lambda item: item.year):
        person.honours.append(
            PersonHonour(
                honour=item.honour, year=item.year, reference=optional_text(item.reference)
            )
        )
    if cmd.honours:
        uow.flush()
    return person


def amend_person(
    uow: UnitOfWork,
    person_id: int,
    changes: Mapping[str, Any],
    *,
    reason: str,
    as_of: date,
    scope: Scope,
    expected_version: int | None = None,
) -> Person:
    """An officer's correction of some of a person's data (``changes``: names in
    ``CORRECTABLE``; the rest keeps its value), by :func:`_rewrite`'s rules, with why (required:
    the audit log keeps it with the change, the 修改记录 page shows it). ``expected_version``:
    the version the form or client read (None: not checked)."""
    person = _person(uow, person_id, scope)
    check_version(person, expected_version)
    cmd = _amended(person, changes)
    return _rewrite(uow, person, cmd, reason=reason, as_of=as_of, scope=scope)


def check_version(person: Person, expected: int | None) -> None:
    """A correction made on a record read before someone else's lost the race: it would undo
    theirs without a word (optimistic locking; None: not checked)."""
    if expected is not None and expected != person.version:
        raise ConflictError("该人员信息已在您打开后被修改，请刷新后重试", field="expected_version")


def _person(uow: UnitOfWork, person_id: int, scope: Scope) -> Person:
    person = uow.persons.get(person_id, scope)
    if person is None:
        raise NotFound("人员不存在或不在管辖范围内", field="person_id")
    return person


def _rewrite(
    uow: UnitOfWork,
    person: Person,
    cmd: NewPerson,
    *,
    reason: str | None,
    as_of: date,
    scope: Scope,
    also: Sequence[FieldProblem] = (),
) -> Person:
    """Correct ``person`` (a wrong name, birth date, ID number, employment…): ``cmd`` is checked
    whole as registering does, then written over it. The union stays the same (``cmd.union_id``
    None: the person's own); a move is not a correction. Honours are recorded one by one
    (``add_honour``); ``cmd.honours`` must be empty here.

    A corrected birth date, gender or retirement group moves the legal retirement date, and with
    it the 领衔人退休 occasions of the titles the person leads (the index follows the flush).
    ``reason`` (None: not asked) must be given and is logged with the change. ``also``: what
    the caller refuses besides, named after the rest (the reason is the form's last field)."""
    if cmd.union_id is None:
        cmd = replace(cmd, union_id=person.union_id)
    problems = Problems()
    if cmd.union_id != person.union_id:
        problems.add("union_id", "union_changed", "更正记录不能变更所属工会")
    if cmd.honours:
        problems.add("honours", "not_here", "荣誉请逐项登记")
    group, id_card, _ = _checked(
        uow, cmd, as_of=as_of, scope=scope, problems=problems, person_id=person.id, reason=reason
    )
    problems.items += leader_status_problems(uow, person, cmd.employment_status) + list(also)
    problems.raise_if_any()
    with uow.because(reason.strip()) if reason is not None else nullcontext():
        _write(person, cmd, group, id_card)
    return person


def _write(person: Person, cmd: NewPerson, group: RetirementGroup, id_card: str | None) -> None:
    person.name = cmd.name.strip()
    person.gender = cmd.gender
    person.birth_date = cmd.birth_date
    person.retirement_group = group
    person.id_card_number = id_card
    person.is_union_member = cmd.is_union_member
    person.employer = optional_text(cmd.employer)
    person.employment_status = cmd.employment_status
    person.skill_level = cmd.skill_level
    person.professional_title = optional_text(cmd.professional_title)
    person.education = optional_text(cmd.education)


# What an officer's correction may change: the person's own data. Not the union (a move is no
# correction), honours (``add_honour``) nor the employment status: retiring, leaving and death are
# leader events with rules of their own (``leaders.events``, [Y13][S9] 附件3).
CORRECTABLE = (
    "name",
    "gender",
    "birth_date",
    "retirement_group",
    "id_card_number",
    "is_union_member",
    "employer",
    "skill_level",
    "professional_title",
    "education",
)


def _amended(person: Person, changes: Mapping[str, Any]) -> NewPerson:
    """The person's record with ``changes`` (some of ``CORRECTABLE``) applied. A new gender
    without a retirement group takes that gender's default group, as registering does."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable here: {sorted(unknown)}")
    data = {name: getattr(person, name) for name in CORRECTABLE} | dict(changes)
    if "gender" in changes and "retirement_group" not in changes:
        data["retirement_group"] = None
    return NewPerson(**data, employment_status=person.employment_status, union_id=person.union_id)


def _own_association(uow: UnitOfWork, association_id: int, scope: Scope) -> Union:
    """The caller's association; any other union looks exactly like a missing one."""
    union = uow.unions.get(association_id, scope)
    if union is None or union.level != UnionLevel.ASSOCIATION:
        raise NotFound("社团不存在或不在管辖范围内", field="union_id")
    return union


def register_member(
    uow: UnitOfWork,
    association_id: int,
    cmd: NewPerson,
    *,
    as_of: date,
    scope: Scope,
    entered_by: Role | None = None,
) -> Person:
    """An association registers a person as its own member [G] 二（二）.

    Only under the association itself (``cmd.union_id`` is set to it), by the person rules of
    :func:`register_person`: its members are a register of its own.
    """
    union = _own_association(uow, association_id, scope)
    member = replace(cmd, union_id=union.id)
    return register_person(uow, member, as_of=as_of, scope=scope, entered_by=entered_by)


# Who the person is: a correction of these needs a reason, as an officer's correction does.
IDENTITY_FIELDS = {
    "name": "姓名",
    "gender": "性别",
    "birth_date": "出生日期",
    "id_card_number": "身份证号码",
}


def identity_changes(person: Person, cmd: NewPerson) -> list[str]:
    """The identity fields (``IDENTITY_FIELDS``) ``cmd`` would change in ``person``'s record."""
    new = {
        "name": cmd.name.strip(),
        "gender": cmd.gender,
        "birth_date": cmd.birth_date,
        "id_card_number": (cmd.id_card_number or "").strip().upper() or None,
    }
    return [name for name in IDENTITY_FIELDS if new[name] != getattr(person, name)]


def correct_member(
    uow: UnitOfWork,
    association_id: int,
    person_id: int,
    cmd: NewPerson,
    *,
    reason: str | None,
    keep_id_card: bool,
    keep_status: bool = False,
    as_of: date,
    scope: Scope,
    expected_version: int | None = None,
) -> Person:
    """An association corrects the record of one of its own members (:func:`_rewrite`'s
    rules). ``keep_id_card``: the ID number was not given, the recorded one stays (it is only
    ever shown masked, so a form or client cannot send it back). A changed name, gender, birth
    date or ID number needs ``reason``, kept with the change in the audit log. ``keep_status``:
    the employment status was not given, the recorded one stays (a leader's is the leader
    event's to change, ``status.leader_status_problems``). ``expected_version``: as in
    :func:`amend_person`."""
    union = _own_association(uow, association_id, scope)
    person = uow.persons.get(person_id, scope)
    if person is None or person.union_id != union.id:
        raise NotFound("人员不存在", field="person_id")
    check_version(person, expected_version)
    cmd = replace(cmd, union_id=union.id)
    if keep_id_card:
        cmd = replace(cmd, id_card_number=person.id_card_number)
    if keep_status:
        cmd = replace(cmd, employment_status=person.employment_status)
    missing = Problems()
    given = (reason or "").strip()
    changed = identity_changes(person, cmd)
    if changed and not given:
        what = "、".join(IDENTITY_FIELDS[name] for name in changed)
        missing.add("reason", "reason_required", f"更正{what}须填写更正原因")
    return _rewrite(
        uow, person, cmd, reason=given or None, as_of=as_of, scope=scope, also=missing.items
    )


def add_honour(
    uow: UnitOfWork,
    person_id: int,
    item: HonourInput,
    *,
    as_of: date,
    scope: Scope,
    entered_by: Role | None = None,
) -> PersonHonour:
    """Record an honour with the year it was awarded (``entered_by``: as in
    :func:`register_person`)."""
    person = uow.persons.get(person_id, scope)
    if person is None:
        raise NotFound("人员不存在", field="person_id")
    problems = Problems()
    if entered_by is not None:
        check_hand_entry(
            uow, problems, "", honour=item.honour, year=item.year, reference=item.reference,
            role=entered_by, scope=scope,
        )  # fmt: skip
    problems.items += honour_year_problems("year", item.year, person.birth_date, as_of=as_of)

    def taken() -> FieldProblem | None:
        # A year of any length is named above, never bound into a query.
        if year_possible(item.year) and uow.persons.has_honour(person_id, item.honour, item.year):
            return FieldProblem("honour", "duplicate", "该荣誉已登记")
        return None

    if problem := taken():
        problems.items.append(problem)
    problems.raise_if_any()
    honour = PersonHonour(person_id=person_id, honour=item.honour, year=item.year,
                          reference=optional_text(item.reference))  # fmt: skip
    # The same honour recorded meanwhile by another request: refused as the check here.
    return uow.persons.add_honour(honour, taken=taken)
