"""Naming decisions: register a title named earlier; review, name or reject an application."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from api.body_rules import required, required_as
from api.deps import ClockDep, UowDep
from api.v1.common import CallerDep, Id, IdPath, Inbound, Version, found, today
from api.v1.designations import DesignationDetailOut, DesignationOut, detail_out
from lifecycle.designations.naming import (
    DECISION_REF,
    NUMBER,
    TITLE,
    ApplicationDecision,
    ExistingTitle,
    NameDesignation,
    accept_application,
    end_ref_text,
    name_designation,
    register_existing_title,
    reject_application,
)
from lifecycle.designations.service import REASON
from lifecycle.vocab import DesignationStatus

router = APIRouter(tags=["designations"])
Text = Annotated[str, Field(min_length=1, max_length=2000), required(REASON)]
Ref = Annotated[str, Field(min_length=1, max_length=200), required(DECISION_REF)]
Number = Annotated[str, Field(min_length=1, max_length=40), required(NUMBER)]
TitleText = Annotated[str, Field(min_length=1, max_length=300), required(TITLE)]


class ExistingTitleIn(Inbound):
    record_kind = "designation"
    workshop_id: Id
    scheme: Annotated[str, Field(min_length=1, max_length=40)]
    title: TitleText
    number: Number
    naming_date: date
    decision_ref: Ref
    status: DesignationStatus = DesignationStatus.NAMED
    ended_on: date | None = None
    end_ref: Annotated[
        str | None,
        Field(default=None, max_length=200),
        required_as(lambda body: end_ref_text(body.get("status"))),
    ] = None
    recommended_from_id: Id | None = None
    reason: Text = "系统启用前已命名，按命名单位档案登记"


class DecisionIn(Inbound):
    decided_on: date
    reason: Text
    document_ref: Annotated[str | None, Field(default=None, max_length=200)] = None
    expected_version: Version = None


class NamingIn(Inbound):
    record_kind = "designation"
    title: TitleText
    number: Number
    naming_date: date
    decision_ref: Ref
    reason: Text = "审定命名"
    expected_version: Version = None


@router.post("/designations/existing", response_model=DesignationDetailOut, status_code=201)
def register_existing(
    body: ExistingTitleIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> DesignationDetailOut:
    """A title named before the service, registered by the union that named it; what its record
    lacks (a craftsman leader not on record as 上海工匠) comes back in ``warnings`` (reading I3)."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = ExistingTitle(**body.model_dump())
        created = register_existing_title(
            u, cmd, actor=actor, as_of=today(clock), scope=caller.scope
        )
        u.commit()
        return detail_out(u, created, today(clock), caller.scope)


@router.post("/designations/{designation_id}/review", response_model=DesignationOut)
def review(
    designation_id: IdPath, body: DecisionIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> DesignationOut:
    """受理: the application goes to the naming union's review."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = ApplicationDecision(designation_id, **body.model_dump())
        moved = accept_application(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return DesignationOut.model_validate(moved)


@router.post("/designations/{designation_id}/rejection", response_model=DesignationOut)
def rejection(
    designation_id: IdPath, body: DecisionIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> DesignationOut:
    """不予命名, with the reasons."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = ApplicationDecision(designation_id, **body.model_dump())
        moved = reject_application(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return DesignationOut.model_validate(moved)


@router.post("/designations/{designation_id}/naming", response_model=DesignationOut)
def naming(
    designation_id: IdPath, body: NamingIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> DesignationOut:
    """审定命名 of the application under review, by the union the scheme names."""
    actor = caller.principal.actor
    with uow(actor) as u:
        application = found(u.designations.get(designation_id, caller.scope), "申报记录不存在")
        cmd = NameDesignation(
            workshop_id=application.workshop_id,
            scheme=application.scheme_code,
            application_id=application.id,
            recommended_from_id=application.recommended_from_id,
            **body.model_dump(),
        )
        named = name_designation(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return DesignationOut.model_validate(named)
