"""The persons and workshops lists, a workshop's page, and the choices of the forms that
register them (a new team applying for a title [Y7])."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.errors import NotFound
from lifecycle.listings.repository import Window
from lifecycle.persons.model import Person
from lifecycle.schemes import get_scheme
from lifecycle.schemes.words import designation_status_label, team_leader_word
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.choices import distinct_names
from lifecycle.views.paging import Paged, stored_page
from lifecycle.vocab import (
    EMPLOYMENT_STATUS_LABELS,
    GENDER_LABELS,
    SKILL_LEVEL_LABELS,
    UNIT_NATURE_LABELS,
    UnionLevel,
)
from lifecycle.workshops.model import Workshop, WorkshopMember
from lifecycle.workshops.service import leaving_open


@dataclass(frozen=True)
class PersonRow:
    """One person as the persons list shows them (the ID number masked)."""

    id: int
    name: str
    gender: str
    birth_date: date
    id_card_masked: str | None
    union_name: str
    employer: str | None
    skill_level: str
    employment_status: str


@dataclass(frozen=True)
class WorkshopRow:
    """One workshop as the workshops list shows it."""

    id: int
    name: str
    union_name: str
    host_unit_name: str
    leader_id: int
    leader_name: str
    founded_on: date
    members_now: int


@dataclass(frozen=True)
class MemberRow:
    person_id: int
    name: str
    joined_on: date
    left_on: date | None
    role: str | None
    trade: str | None
    years_of_work: int | None
    id: int  # the membership (a person may join again later: another row)


@dataclass(frozen=True)
class LeavingChoice:
    """A member the 登记成员离开 form offers: ``correcting``, the leaving date recorded is
    corrected (else the leaving is recorded); ``label``, who they are in the team and since
    when (a person who joined again is offered once per period)."""

    member_id: int
    correcting: bool
    label: str


def leaving_choices(members: Sequence[MemberRow], as_of: date) -> list[LeavingChoice]:
    """The members whose leaving ``record_leaving`` records or corrects on ``as_of`` (those who
    have joined: ``leaving_open``): the current ones as registered, then those who left, the
    latest leaving first; each named with their role and days."""

    def label(m: MemberRow) -> str:
        joined = f"{chinese_date(m.joined_on)}加入"
        days = joined if m.left_on is None else f"{joined}，已登记于{chinese_date(m.left_on)}离开"
        said = " · ".join(x for x in (m.name, m.role, days) if x)
        return said if m.left_on is None else f"{said}：更正离开日期"

    open_ = [m for m in members if leaving_open(m.joined_on, as_of)]
    staying = [m for m in open_ if m.left_on is None]
    left = sorted((m for m in open_ if m.left_on is not None), key=lambda m: m.left_on or as_of)
    return [LeavingChoice(m.id, m.left_on is not None, label(m)) for m in staying + left[::-1]]


@dataclass(frozen=True)
class TitleRow:
    id: int
    title: str
    number: str | None
    scheme: str
    status: str


@dataclass(frozen=True)
class WorkshopView:
    """A workshop's page: the team, its leader and members, and the titles it holds."""

    workshop: Workshop
    union_name: str
    nature: str
    members: list[MemberRow]  # every one
    members_now: int
    titles: list[TitleRow]
    # The leader as the team's titles call them: 带头人, 领衔人, or both [Y3][S3][C].
    leader_word: str
    # The page of the members' table shown (paged in SQL, as registered; ``members_page`` its
    # number), and what it says of a page asked past the last (the last shown).
    members_shown: Paged[MemberRow] = field(default_factory=lambda: Paged([], 0, 50, 0))
    members_page: int = 1
    members_note: str | None = None
    # Whom the 登记成员离开 form offers (``leaving_choices``).
    leaving: list[LeavingChoice] = field(default_factory=list)


def persons_list(
    uow: UnitOfWork, scope: Scope, *, name: str | None, limit: int, offset: int
) -> Paged[PersonRow]:
    """One page of the persons ``scope`` may see, found by name, in registration order."""
    found = uow.listings.persons(scope, Window(limit, offset), name=name)
    unions = uow.unions.names({p.union_id for p in found.items if p.union_id is not None})
    rows = [_person_row(p, unions) for p in found.items]
    return Paged(rows, found.total, limit, offset)


def _person_row(p: Person, unions: dict[int, str]) -> PersonRow:
    return PersonRow(
        id=p.id,
        name=p.name,
        gender=GENDER_LABELS[p.gender],
        birth_date=p.birth_date,
        id_card_masked=p.masked_id_card,
        union_name=unions.get(p.union_id, "") if p.union_id is not None else "",
        employer=p.employer,
        skill_level=SKILL_LEVEL_LABELS[p.skill_level],
        employment_status=EMPLOYMENT_STATUS_LABELS[p.employment_status],
    )


def workshops_list(
    uow: UnitOfWork, scope: Scope, *, name: str | None, as_of: date, limit: int, offset: int
) -> Paged[WorkshopRow]:
    """One page of the workshops in ``scope``, found by name, in registration order."""
    found = uow.listings.workshops(scope, Window(limit, offset), under=None, name=name)
    unions = uow.unions.names({w.unit_union_id for w in found.items})
    rows = [
        WorkshopRow(
            id=w.id,
            name=w.name,
            union_name=unions.get(w.unit_union_id, ""),
            host_unit_name=w.host_unit_name,
            leader_id=w.leader_person_id,
            leader_name=w.leader.name,
            founded_on=w.founded_on,
            members_now=len(w.members_on(as_of)),
        )
        for w in found.items
    ]
    return Paged(rows, found.total, limit, offset)


def _row(m: WorkshopMember) -> MemberRow:
    return MemberRow(
        m.person_id, m.person.name, m.joined_on, m.left_on, m.role, m.trade, m.years_of_work, m.id
    )


def workshop_view(
    uow: UnitOfWork, workshop_id: int, scope: Scope, *, as_of: date, members_page: int = 1
) -> WorkshopView:
    """The workshop of ``scope`` with its members and titles; outside it, as absent. The
    members' table shows page ``members_page`` of them, paged in SQL (past the last: the last)."""
    workshop = uow.workshops.get(workshop_id, scope)
    if workshop is None:
        raise NotFound("工作室不存在或不在管辖范围内", field="workshop_id")
    members = [_row(m) for m in workshop.members]
    notes: list[str] = []
    shown_at, shown = stored_page(
        lambda w: uow.listings.members(workshop.id, scope, w), members_page, notes
    )
    held = list(uow.designations.for_workshop(workshop.id))
    titles = [
        TitleRow(
            d.id,
            d.title,
            d.number,
            get_scheme(d.scheme_code).settings.name,
            designation_status_label(d.status, d.scheme_code),  # 撤牌 [Y12], 摘牌 [S9]
        )
        for d in held
    ]
    return WorkshopView(
        workshop=workshop,
        union_name=uow.unions.names([workshop.unit_union_id]).get(workshop.unit_union_id, ""),
        nature=UNIT_NATURE_LABELS[workshop.host_unit_nature],
        members=members,
        members_now=len(workshop.members_on(as_of)),
        titles=titles,
        leader_word=team_leader_word(d.scheme_code for d in held),
        members_shown=Paged([_row(m) for m in shown.items], shown.total, shown.limit, shown.offset),
        members_page=shown_at,
        members_note=notes[0] if notes else None,
        leaving=leaving_choices(members, as_of),
    )


def union_options(uow: UnitOfWork, scope: Scope, *, units_only: bool) -> list[tuple[str, str]]:
    """(id, name indented by depth) of the unions in ``scope`` a person (any level) or a
    workshop (a unit union) is registered under."""
    found = uow.unions.find(scope, UnionLevel.UNIT if units_only else None)
    ordered = sorted(found, key=lambda u: u.path)
    top = min((u.path.count("/") for u in ordered), default=0)
    names = distinct_names(uow, ordered)
    return [(str(u.id), "\u3000" * (u.path.count("/") - top) + names[u.id]) for u in ordered]
