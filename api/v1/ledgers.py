"""A workshop's four ledgers over JSON: projects, activities, achievements, member development."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.body_rules import required
from api.deps import ClockDep, ReaderDep, UowDep
from api.v1.common import (
    CallerDep,
    Id,
    IdPath,
    Inbound,
    Instant,
    OptionalYuanText,
    Out,
    Year,
    today,
)
from lifecycle.ledgers.model import AchievementKind, DevelopmentKind
from lifecycle.ledgers.service import (
    ACHIEVEMENT_TITLE,
    ACTIVITY_TITLE,
    DEVELOPMENT_DESCRIPTION,
    PARTICIPANTS_MAX,
    PROJECT_TITLE,
    NewAchievement,
    NewActivity,
    NewMemberDevelopment,
    NewProject,
    ledger_of,
    record_achievement,
    record_activity,
    record_member_development,
    record_project,
)

router = APIRouter(tags=["ledgers"])
Title = Annotated[str, Field(min_length=1, max_length=300)]
LongText = Annotated[str | None, Field(default=None, max_length=5000)]


class EntryOut(Out):
    id: int
    workshop_id: int
    entered_by: str
    created_at: Instant


class ProjectOut(EntryOut):
    year: int
    title: str
    work_plan: str | None
    started_on: date | None
    recognised: bool
    tied_to_main_business: bool


class ActivityOut(EntryOut):
    held_on: date
    title: str
    participants: int | None
    description: str | None


class AchievementOut(EntryOut):
    kind: AchievementKind
    title: str
    achieved_on: date
    economic_benefit_fen: int | None
    social_benefit: str | None
    applied_in_production: bool
    recognised: bool
    city_level_award: bool


class DevelopmentOut(EntryOut):
    person_id: int | None
    person_name: str
    kind: DevelopmentKind
    occurred_on: date
    description: str


class LedgerOut(BaseModel):
    projects: list[ProjectOut]
    activities: list[ActivityOut]
    achievements: list[AchievementOut]
    member_developments: list[DevelopmentOut]


class ProjectIn(Inbound):
    record_kind = "project"
    year: Year
    title: Annotated[Title, required(PROJECT_TITLE)]
    work_plan: LongText = None
    started_on: date | None = None
    recognised: bool = False
    tied_to_main_business: bool = True


class ActivityIn(Inbound):
    record_kind = "activity"
    held_on: date
    title: Annotated[Title, required(ACTIVITY_TITLE)]
    participants: Annotated[int | None, Field(default=None, ge=0, le=PARTICIPANTS_MAX)] = None
    description: LongText = None


class AchievementIn(Inbound):
    record_kind = "achievement"
    kind: AchievementKind
    title: Annotated[Title, required(ACHIEVEMENT_TITLE)]
    achieved_on: date
    economic_benefit_yuan: Annotated[OptionalYuanText, Field(default=None, max_length=30)] = None
    social_benefit: LongText = None
    applied_in_production: bool = False
    recognised: bool = False
    city_level_award: bool = False


class DevelopmentIn(Inbound):
    record_kind = "development"
    kind: DevelopmentKind
    occurred_on: date
    description: Annotated[
        str, Field(min_length=1, max_length=5000), required(DEVELOPMENT_DESCRIPTION)
    ]
    person_id: Id | None = None
    person_name: Annotated[str | None, Field(default=None, max_length=100)] = None


@router.get("/workshops/{workshop_id}/ledger", response_model=LedgerOut)
def ledger(workshop_id: IdPath, caller: CallerDep, u: ReaderDep) -> LedgerOut:
    book = ledger_of(u, workshop_id, caller.scope)
    return LedgerOut(
        projects=[ProjectOut.model_validate(e) for e in book.projects],
        activities=[ActivityOut.model_validate(e) for e in book.activities],
        achievements=[AchievementOut.model_validate(e) for e in book.achievements],
        member_developments=[DevelopmentOut.model_validate(e) for e in book.member_developments],
    )


@router.post("/workshops/{workshop_id}/ledger/projects", response_model=ProjectOut, status_code=201)
def new_project(
    workshop_id: IdPath, body: ProjectIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ProjectOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = NewProject(workshop_id, **body.model_dump())
        entry = record_project(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return ProjectOut.model_validate(entry)


@router.post(
    "/workshops/{workshop_id}/ledger/activities", response_model=ActivityOut, status_code=201
)
def new_activity(
    workshop_id: IdPath, body: ActivityIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ActivityOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = NewActivity(workshop_id, **body.model_dump())
        entry = record_activity(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return ActivityOut.model_validate(entry)


@router.post(
    "/workshops/{workshop_id}/ledger/achievements", response_model=AchievementOut, status_code=201
)
def new_achievement(
    workshop_id: IdPath, body: AchievementIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> AchievementOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = NewAchievement(workshop_id, **body.model_dump())
        entry = record_achievement(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return AchievementOut.model_validate(entry)


@router.post(
    "/workshops/{workshop_id}/ledger/member-developments",
    response_model=DevelopmentOut,
    status_code=201,
)
def new_development(
    workshop_id: IdPath, body: DevelopmentIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> DevelopmentOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = NewMemberDevelopment(workshop_id, **body.model_dump())
        entry = record_member_development(
            u, cmd, actor=actor, as_of=today(clock), scope=caller.scope
        )
        u.commit()
        return DevelopmentOut.model_validate(entry)
