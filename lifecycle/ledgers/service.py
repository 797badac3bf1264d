"""Use cases on a workshop's ledgers (台账) [Y10][S8]; callers own the commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from lifecycle.actors import Actor
from lifecycle.errors import FieldProblem, NotFound, Problems, ValidationFailed
from lifecycle.ledgers.model import (
    Achievement,
    AchievementKind,
    Activity,
    DevelopmentKind,
    MemberDevelopment,
    Project,
)
from lifecycle.money import parse_yuan
from lifecycle.plausible_dates import event_date_problems
from lifecycle.schemes.texts import unoffered_marks
from lifecycle.schemes.words import team_leader_word
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import RequiredText, require_text, year_problem
from lifecycle.workshops.model import Workshop

TITLE_MAX = 300
NAME_MAX = 100
TEXT_MAX = 5000
# The ledgers' required texts [Y10], as recording checks them.
PROJECT_TITLE = RequiredText("项目名称", TITLE_MAX)
ACTIVITY_TITLE = RequiredText("活动名称", TITLE_MAX)
ACHIEVEMENT_TITLE = RequiredText("成果名称", TITLE_MAX)
DEVELOPMENT_DESCRIPTION = RequiredText("发展情况", TEXT_MAX)
# The most people one activity of a workshop gathers (reading IN3): a 技术交流, a training, a
# unit-wide 技能比武 or lecture; more is a slip of the keyboard, not an activity of the ledger.
PARTICIPANTS_MAX = 10_000
K = TypeVar("K", bound=StrEnum)


@dataclass(frozen=True)
class NewProject:
    """攻关项目或创新课题 of a year, with that year's work plan [Y3]."""

    workshop_id: int
    year: int
    title: str
    work_plan: str | None = None
    started_on: date | None = None
    recognised: bool = False
    tied_to_main_business: bool = True


@dataclass(frozen=True)
class NewActivity:
    """创建活动: training, exchange, 师徒带教, competitions [Y10]."""

    workshop_id: int
    held_on: date
    title: str
    participants: int | None = None
    description: str | None = None


@dataclass(frozen=True)
class NewAchievement:
    """创新成果; the economic benefit is text in yuan ("12,345.60") [Y3][Y10]."""

    workshop_id: int
    kind: AchievementKind
    title: str
    achieved_on: date
    economic_benefit_yuan: str | None = None
    social_benefit: str | None = None
    applied_in_production: bool = False
    recognised: bool = False
    city_level_award: bool = False


@dataclass(frozen=True)
class NewMemberDevelopment:
    """成员发展 of a member or the leader; `person_name` only for people not registered [Y10]."""

    workshop_id: int
    kind: DevelopmentKind
    occurred_on: date
    description: str
    person_id: int | None = None
    person_name: str | None = None


@dataclass(frozen=True)
class Ledger:
    """A workshop's four ledgers, each ordered by date, for the designation page [Y10][S8]."""

    projects: Sequence[Project]
    activities: Sequence[Activity]
    achievements: Sequence[Achievement]
    member_developments: Sequence[MemberDevelopment]


def _workshop(uow: UnitOfWork, workshop_id: int, scope: Scope) -> Workshop:
    workshop = uow.workshops.get(workshop_id, scope)
    if workshop is None:
        raise NotFound("工作室不存在", field="workshop_id")
    return workshop


def _clean(value: str | None) -> str | None:
    return (value or "").strip() or None


def _optional_text(problems: Problems, field: str, value: str | None, label: str) -> None:
    if value is not None and len(value.strip()) > TEXT_MAX:
        problems.add(field, "too_long", f"{label}不能超过{TEXT_MAX}个字符")


def _offered_ticks(
    problems: Problems, uow: UnitOfWork, workshop: Workshop, which: str, ticks: dict[str, bool]
) -> None:
    """A tick set only where a title the team holds offers it, as its page does: 乐山's
    ledger has no award tick [L 二（三）] (the page offers none and records none)."""
    ticked = [name for name, value in ticks.items() if value]
    if not ticked:
        return
    codes = [d.scheme_code for d in uow.designations.for_workshop(workshop.id)]
    for field, message in unoffered_marks(codes, which, ticked):
        problems.add(field, "not_offered", message)


def _entry_date(
    problems: Problems, field: str, value: date, label: str, *, workshop: Workshop, as_of: date
) -> None:
    """A ledger date lies between the workshop's founding and today [Y10]."""
    event_date_problems(problems, field, value, label, as_of=as_of, founded_on=workshop.founded_on)


def _kind(problems: Problems, field: str, value: str, kinds: type[K]) -> K | None:
    try:
        return kinds(value)
    except ValueError:
        problems.add(field, "invalid_kind", "类别不在可选范围内")
        return None


# The ``*_field_problems`` below: what recording would refuse in the typed fields whatever the
# workshop, for a form refused before the use case runs (no kind chosen, an unreadable date or
# number), so every bad field shows at once.


def project_year_problem(year: int, founded_on: date, as_of: date) -> str | None:
    """Why a project cannot be of ``year``, of any length (None: it can): from the workshop's
    founding year to next year's plan [Y3][Y10]."""
    return year_problem(year, "项目年度", founded_on.year, as_of.year + 1)


def project_field_problems(title: str, work_plan: str | None) -> list[FieldProblem]:
    """A project's name and work plan as recording checks them [Y10]."""
    problems = Problems()
    PROJECT_TITLE.check(problems, "title", title)
    _optional_text(problems, "work_plan", work_plan, "工作计划")
    return problems.items


def activity_field_problems(
    title: str, participants: int | None, description: str | None
) -> list[FieldProblem]:
    """An activity's name, head count (None: not given or unreadable) and content [Y10]."""
    problems = Problems()
    ACTIVITY_TITLE.check(problems, "title", title)
    if participants is not None and participants < 0:
        problems.add("participants", "negative", "参加人数不能为负数")
    elif participants is not None and participants > PARTICIPANTS_MAX:
        problems.add("participants", "too_many", f"参加人数不能大于{PARTICIPANTS_MAX}")
    _optional_text(problems, "description", description, "活动内容")
    return problems.items


def _benefit_fen(economic_benefit_yuan: str | None) -> int | None:
    text = _clean(economic_benefit_yuan)
    return parse_yuan(text, "economic_benefit_yuan") if text is not None else None


def achievement_field_problems(
    title: str, economic_benefit_yuan: str | None, social_benefit: str | None
) -> list[FieldProblem]:
    """An achievement's name, economic benefit in yuan and social benefit [Y3][Y10]."""
    problems = Problems()
    ACHIEVEMENT_TITLE.check(problems, "title", title)
    try:
        _benefit_fen(economic_benefit_yuan)
    except ValidationFailed as err:
        problems.items.extend(err.problems)
    _optional_text(problems, "social_benefit", social_benefit, "社会效益")
    return problems.items


def development_field_problems(
    description: str, person_name: str | None, *, listed: bool
) -> list[FieldProblem]:
    """A development's description and either a person of the list (``listed``) or the typed
    name of one not on it, never both: a typed name would be silently dropped [Y10]."""
    problems = Problems()
    DEVELOPMENT_DESCRIPTION.check(problems, "description", description)
    if not listed:
        require_text(problems, "person_name", person_name, "人员姓名", NAME_MAX)
    elif person_name and person_name.strip():
        problems.add(
            "person_name",
            "name_with_listed_person",
            "已从名单中选择人员，姓名只在人员不在名单中时填写：请清空姓名或改选“不在名单中”",
        )
    return problems.items


def record_project(
    uow: UnitOfWork, cmd: NewProject, *, actor: Actor, as_of: date, scope: Scope
) -> Project:
    """Record a yearly project; next year's plan is allowed, duplicates are not [Y3][Y10]."""
    workshop = _workshop(uow, cmd.workshop_id, scope)
    problems = Problems(project_field_problems(cmd.title, cmd.work_plan))
    if why := project_year_problem(cmd.year, workshop.founded_on, as_of):
        problems.add("year", "year_out_of_range", why)
    if cmd.started_on is not None:
        _entry_date(
            problems, "started_on", cmd.started_on, "开始日期", workshop=workshop, as_of=as_of
        )
    ticks = {"recognised": cmd.recognised, "tied_to_main_business": cmd.tied_to_main_business}
    _offered_ticks(problems, uow, workshop, "project", ticks)
    title = cmd.title.strip() if cmd.title else ""
    if not problems.items and uow.ledgers.find_project(workshop.id, cmd.year, title):
        problems.add("title", "duplicate", f"{cmd.year}年已登记同名项目")
    problems.raise_if_any()
    return uow.ledgers.add_project(
        Project(
            workshop_id=workshop.id,
            year=cmd.year,
            title=title,
            work_plan=_clean(cmd.work_plan),
            started_on=cmd.started_on,
            recognised=cmd.recognised,
            tied_to_main_business=cmd.tied_to_main_business,
            entered_by=actor.name,
        )
    )


def record_activity(
    uow: UnitOfWork, cmd: NewActivity, *, actor: Actor, as_of: date, scope: Scope
) -> Activity:
    """Record a 创建活动 held by the workshop [Y10]."""
    workshop = _workshop(uow, cmd.workshop_id, scope)
    problems = Problems(activity_field_problems(cmd.title, cmd.participants, cmd.description))
    _entry_date(problems, "held_on", cmd.held_on, "活动日期", workshop=workshop, as_of=as_of)
    problems.raise_if_any()
    return uow.ledgers.add_activity(
        Activity(
            workshop_id=workshop.id,
            held_on=cmd.held_on,
            title=cmd.title.strip(),
            participants=cmd.participants,
            description=_clean(cmd.description),
            entered_by=actor.name,
        )
    )


def record_achievement(
    uow: UnitOfWork, cmd: NewAchievement, *, actor: Actor, as_of: date, scope: Scope
) -> Achievement:
    """Record an innovation achievement with its benefit and application in production [Y3]."""
    workshop = _workshop(uow, cmd.workshop_id, scope)
    problems = Problems()
    kind = _kind(problems, "kind", cmd.kind, AchievementKind)
    problems.items += achievement_field_problems(
        cmd.title, cmd.economic_benefit_yuan, cmd.social_benefit
    )
    ticks = {
        "applied_in_production": cmd.applied_in_production,
        "recognised": cmd.recognised,
        "city_level_award": cmd.city_level_award,
    }
    _offered_ticks(problems, uow, workshop, "achievement", ticks)
    _entry_date(
        problems, "achieved_on", cmd.achieved_on, "取得日期", workshop=workshop, as_of=as_of
    )
    problems.raise_if_any()
    assert kind is not None
    benefit_fen = _benefit_fen(cmd.economic_benefit_yuan)  # readable: refused above otherwise
    return uow.ledgers.add_achievement(
        Achievement(
            workshop_id=workshop.id,
            kind=kind,
            title=cmd.title.strip(),
            achieved_on=cmd.achieved_on,
            economic_benefit_fen=benefit_fen,
            social_benefit=_clean(cmd.social_benefit),
            applied_in_production=cmd.applied_in_production,
            recognised=cmd.recognised,
            city_level_award=cmd.city_level_award,
            entered_by=actor.name,
        )
    )


def record_member_development(
    uow: UnitOfWork,
    cmd: NewMemberDevelopment,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> MemberDevelopment:
    """Record a promotion, skill upgrade, apprentice or honour of the team's people [Y10]."""
    workshop = _workshop(uow, cmd.workshop_id, scope)
    problems = Problems()
    kind = _kind(problems, "kind", cmd.kind, DevelopmentKind)
    _entry_date(
        problems, "occurred_on", cmd.occurred_on, "发生日期", workshop=workshop, as_of=as_of
    )
    problems.items += development_field_problems(
        cmd.description, cmd.person_name, listed=cmd.person_id is not None
    )
    name = _clean(cmd.person_name)
    person_id = cmd.person_id
    if person_id is None and name is not None:
        person_id = _team_person_named(problems, workshop, name, cmd.occurred_on)
    if person_id is not None and cmd.person_id is None:
        name = None  # the member's own name, below
    if cmd.person_id is not None:
        person = uow.persons.get(cmd.person_id, scope=scope)
        on_team = cmd.person_id == workshop.leader_person_id or any(
            m.person_id == cmd.person_id for m in workshop.members_on(cmd.occurred_on)
        )
        if person is None:
            problems.add("person_id", "not_found", "人员不存在或不在管辖范围内")
        elif not on_team:
            held = uow.designations.for_workshop(workshop.id)
            word = team_leader_word(d.scheme_code for d in held)  # 带头人, 领衔人 or both
            problems.add("person_id", "not_on_team", f"该人员当时不是本工作室的成员或{word}")
        else:
            name = person.name
    problems.raise_if_any()
    assert kind is not None
    if name is None:  # a typed name of one of the team: theirs
        name = next(n for i, n in _team_people(workshop, cmd.occurred_on) if i == person_id)
    return uow.ledgers.add_member_development(
        MemberDevelopment(
            workshop_id=workshop.id,
            person_id=person_id,
            person_name=name,
            kind=kind,
            occurred_on=cmd.occurred_on,
            description=cmd.description.strip(),
            entered_by=actor.name,
        )
    )


def _team_people(workshop: Workshop, on: date) -> list[tuple[int, str]]:
    """The team's people on ``on``: its leader and its members, by id and name."""
    people = [(workshop.leader_person_id, workshop.leader.name)]
    return people + [(m.person_id, m.person.name) for m in workshop.members_on(on)]


def _team_person_named(problems: Problems, workshop: Workshop, name: str, on: date) -> int | None:
    """The one person of the team on ``on`` called ``name``, whom a typed name means: the record
    is theirs, shown as the member (before: an unlinked name beside the list it was on). Two of
    the team so called: the list is asked for, which one cannot be guessed [Y10]."""
    ids = sorted({i for i, n in _team_people(workshop, on) if n == name})
    if len(ids) > 1:
        problems.add(
            "person_id",
            "several_named",
            f"本工作室有{len(ids)}位名为「{name}」的人员，请从名单中选择是哪一位",
        )
    return ids[0] if len(ids) == 1 else None


def ledger_of(uow: UnitOfWork, workshop_id: int, scope: Scope) -> Ledger:
    """A workshop's ledgers; NotFound outside the scope [Y10][S8]."""
    return workshop_ledger(uow, _workshop(uow, workshop_id, scope), scope)


def workshop_ledger(uow: UnitOfWork, workshop: Workshop, scope: Scope) -> Ledger:
    """The ledgers of a workshop the caller already read inside ``scope`` (the designation
    page's, with its title: the team is not read a second time) [Y10][S8]."""
    return Ledger(
        projects=uow.ledgers.projects_of(workshop.id, scope),
        activities=uow.ledgers.activities_of(workshop.id, scope),
        achievements=uow.ledgers.achievements_of(workshop.id, scope),
        member_developments=uow.ledgers.member_developments_of(workshop.id, scope),
    )
