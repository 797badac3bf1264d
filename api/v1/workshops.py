"""Workshops (the teams) and their members over JSON."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from api.body_rules import VENUE_AREA_RULE, required
from api.deps import ClockDep, ReaderDep, UowDep
from api.errors import NOT_NULL
from api.v1.common import (
    After,
    CallerDep,
    Id,
    IdPath,
    Inbound,
    Instant,
    KeyedPage,
    Out,
    Page,
    PagingDep,
    UnionFilter,
    Version,
    found,
    plain_number,
    today,
    visible_under,
)
from api.v1.registry import OptText, Text
from api.v1.schemas import AuditEntryOut, audit_page, listed
from lifecycle.vocab import UnitNature
from lifecycle.workshops.correction import REASON_CHARS, amend_workshop
from lifecycle.workshops.service import (
    DESCRIPTION_MAX,
    HOST_UNIT_NAME,
    VENUE_AREA_MAX,
    WORKSHOP_NAME,
    NewMember,
    NewWorkshop,
    add_member,
    create_workshop,
    record_leaving,
)

router = APIRouter(tags=["registry"])


class WorkshopOut(Out):
    id: int
    name: str
    host_unit_name: str
    host_unit_nature: UnitNature
    unit_union_id: int
    address: str | None
    venue_area_sqm: float | None
    specialty: str | None
    innovation_direction: str | None
    founded_on: date
    leader_person_id: int
    description: str | None
    created_at: Instant
    version: int = Field(description="版本：更正登记时作为 expected_version 传回")


class NewMemberIn(Inbound):
    person_id: Id
    joined_on: date
    left_on: date | None = None
    role: Annotated[str | None, Field(default=None, max_length=100)] = None
    trade: Annotated[str | None, Field(default=None, max_length=100)] = None
    years_of_work: Annotated[int | None, Field(default=None, ge=0, le=80)] = None


# The team's optional registered facts, as registering and correcting take them.
Address = Annotated[str | None, Field(default=None, max_length=300)]
# In square metres; its bounds are the rule's (``venue_area_problem``), as on the page.
VenueArea = Annotated[
    float | None,
    BeforeValidator(plain_number),
    Field(default=None, json_schema_extra={"minimum": 0, "maximum": VENUE_AREA_MAX}),
    VENUE_AREA_RULE,
]
Description = Annotated[str | None, Field(default=None, max_length=DESCRIPTION_MAX)]


class NewWorkshopIn(Inbound):
    record_kind = "workshop"
    name: Annotated[Text, required(WORKSHOP_NAME)]
    host_unit_name: Annotated[Text, required(HOST_UNIT_NAME)]
    host_unit_nature: UnitNature
    unit_union_id: Id
    founded_on: date
    leader_person_id: Id
    address: Address = None
    venue_area_sqm: VenueArea = None
    specialty: OptText = None
    innovation_direction: OptText = None
    description: Description = None
    # The team besides the leader, recorded with the workshop (checked with it) [Y3] 2.
    members: Annotated[list[NewMemberIn], Field(default_factory=list, max_length=100)]


class WorkshopCorrectionIn(Inbound):
    """Fields left out keep their value; null clears an optional one (address, area, specialty,
    direction, description). Not here: the unit union (a move), the leader (a leader change or
    the 附件3 request) and the members. ``reason``, why the registration is corrected, is
    required and kept with the change in the audit log."""

    record_kind = "workshop"
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, Field(max_length=REASON_CHARS)]
    name: Text | None = None
    host_unit_name: Text | None = None
    host_unit_nature: UnitNature | None = None
    founded_on: date | None = None
    address: Address = None
    venue_area_sqm: VenueArea = None
    specialty: OptText = None
    innovation_direction: OptText = None
    description: Description = None
    # The ``version`` read; a team changed since is refused (409, nothing written).
    expected_version: Version = None

    @field_validator("name", "host_unit_name", "host_unit_nature", "founded_on")
    @classmethod
    def _kept_or_given(cls, value: object) -> object:
        if value is None:
            raise PydanticCustomError(NOT_NULL, "不能为空；不修改的字段请省略")
        return value


class MemberOut(Out):
    id: int
    workshop_id: int
    person_id: int
    role: str | None
    trade: str | None
    years_of_work: int | None
    joined_on: date
    left_on: date | None


@router.get("/workshops", response_model=KeyedPage[WorkshopOut])
def workshops(
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    under: UnionFilter = None,
    after: After = None,
) -> KeyedPage[WorkshopOut]:
    """The workshops in the caller's scope in id order; ``after`` (the previous page's
    ``next_after``) pages by key."""
    under = visible_under(u, caller, under)
    rows = u.listings.workshops(caller.scope, paging.window, under=under, after=after)
    items = [WorkshopOut.model_validate(w) for w in rows.items]
    return KeyedPage.of(items, [w.id for w in items], rows.total, paging)


@router.get("/workshops/{workshop_id}", response_model=WorkshopOut)
def workshop(workshop_id: IdPath, caller: CallerDep, u: ReaderDep) -> WorkshopOut:
    return WorkshopOut.model_validate(found(u.workshops.get(workshop_id, caller.scope)))


@router.post("/workshops", response_model=WorkshopOut, status_code=201)
def new_workshop(
    body: NewWorkshopIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> WorkshopOut:
    with uow(caller.principal.actor) as u:
        # A union or leader missing or outside the caller's subtree is the body's problem: the
        # use case names it (422 not_found beside its field) with the rest of the input.
        members = tuple(NewMember(**m.model_dump()) for m in body.members)
        cmd = NewWorkshop(**body.model_dump(exclude={"members"}), members=members)
        created = create_workshop(u, cmd, as_of=today(clock), scope=caller.scope)
        u.commit()
        return WorkshopOut.model_validate(created)


@router.patch("/workshops/{workshop_id}", response_model=WorkshopOut)
def correct_workshop(
    workshop_id: IdPath, body: WorkshopCorrectionIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> WorkshopOut:
    """Correct a team's registration in the caller's subtree by the rules of registering it."""
    with uow(caller.principal.actor) as u:
        changes = body.model_dump(exclude_unset=True, exclude={"reason", "expected_version"})
        corrected = amend_workshop(
            u,
            workshop_id,
            changes,
            reason=body.reason,
            as_of=today(clock),
            scope=caller.scope,
            expected_version=body.expected_version,
        )
        u.commit()
        return WorkshopOut.model_validate(corrected)


@router.get("/workshops/{workshop_id}/members", response_model=Page[MemberOut])
def members(
    workshop_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[MemberOut]:
    found(u.workshops.get(workshop_id, caller.scope))
    rows = u.listings.members(workshop_id, caller.scope, paging.window)
    return listed(rows, MemberOut.model_validate, paging)


@router.post("/workshops/{workshop_id}/members", response_model=MemberOut, status_code=201)
def new_member(
    workshop_id: IdPath, body: NewMemberIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> MemberOut:
    with uow(caller.principal.actor) as u:
        found(u.workshops.get(workshop_id, caller.scope))
        created = add_member(
            u, workshop_id, NewMember(**body.model_dump()), as_of=today(clock), scope=caller.scope
        )
        u.commit()
        return MemberOut.model_validate(created)


class LeavingIn(Inbound):
    left_on: date
    correct: bool = Field(
        default=False,
        description="true：更正已登记的离开日期（未登记离开的成员被拒绝）；"
        "false：登记离开（已登记离开的成员被拒绝）",
    )


@router.post("/workshops/{workshop_id}/members/{member_id}/leaving", response_model=MemberOut)
def member_leaving(  # noqa: PLR0917 - the path's two ids and the request's parts
    workshop_id: IdPath,
    member_id: IdPath,
    body: LeavingIn,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
) -> MemberOut:
    """A member leaves the team on ``left_on``, or (``correct``) the recorded leaving date is
    corrected (成员发展台帐 [Y10][S8])."""
    with uow(caller.principal.actor) as u:
        # The team first, named beside its own id: another district's team is not a member.
        team = u.workshops.get(workshop_id, caller.scope)
        found(team, "工作室不存在或不在管辖范围内", "workshop_id")
        left = record_leaving(
            u,
            workshop_id,
            member_id,
            body.left_on,
            as_of=today(clock),
            scope=caller.scope,
            correcting=body.correct,
        )
        u.commit()
        return MemberOut.model_validate(left)


@router.get("/workshops/{workshop_id}/audit", response_model=Page[AuditEntryOut])
def workshop_audit(
    workshop_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[AuditEntryOut]:
    found(u.workshops.get(workshop_id, caller.scope))
    return audit_page(u, "workshops", workshop_id, paging)
