"""Leaders over JSON: events, Yangpu consent and leader change, the leader story, the person
search and the retiring-leaders list [Y13][S9][C 三（六）]."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.body_rules import required, required_as
from api.deps import ClockDep, ReaderDep, SettingsDep, UowDep
from api.downloads import XLSX_RESPONSE, xlsx
from api.v1.common import (
    CallerDep,
    Id,
    IdPath,
    Inbound,
    Instant,
    Out,
    Page,
    PagingDep,
    found,
    today,
)
from api.v1.schemas import listed
from lifecycle.changes.model import ChangeReason
from lifecycle.errors import DomainError, NotFound
from lifecycle.files.storage import FileStorage, Upload, store_upload
from lifecycle.leaders.events import (
    change_request_draft,
    draft_refusal,
    former_leader_refusal,
)
from lifecycle.leaders.history import leader_story
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.retiring import (
    MAX_HORIZON_MONTHS,
    retiring_filename,
    retiring_leaders,
    retiring_leaders_page,
    retiring_workbook,
)
from lifecycle.leaders.service import (
    ChangeLeader,
    RecordConsent,
    RecordLeaderEvent,
    change_leader,
    record_continuation_consent,
    record_leader_event,
)
from lifecycle.leaders.successor import change_warnings
from lifecycle.leaders.texts import (
    CHANGE_REASON,
    LEADER_SIGNER,
    SOURCE,
    UNIT_SIGNER,
    details_text,
)
from lifecycle.persons.search import search_persons_page
from lifecycle.scope import EVERYTHING
from lifecycle.views.home_tree import home_tree
from lifecycle.vocab import DesignationStatus

router = APIRouter(tags=["leaders"])
Months = Annotated[int, Query(ge=1, le=MAX_HORIZON_MONTHS, description="期限（月）")]


class EventProofOut(Out):
    id: int
    leader_event_id: int
    description: str | None
    filename: str
    content_type: str
    size_bytes: int
    uploaded_by: str
    uploaded_at: Instant


class LeaderEventOut(Out):
    id: int
    workshop_id: int
    person_id: int
    kind: LeaderEventKind
    occurred_on: date
    source: str
    details: str | None
    actor_name: str
    recorded_at: Instant
    recorded_on: date | None = Field(
        description="本系统获知（登记）之日；市级决定附带登记的，为决定日期。"
        "由此产生的待办事项自该日起计；早于系统记录此项的登记为空"
    )
    proofs: list[EventProofOut] = Field(
        description="逐个下载：/api/v1/leader-events/{id}/proofs/{proof_id}"
    )


class LeaderEventIn(Inbound):
    kind: LeaderEventKind
    occurred_on: date
    source: Annotated[str, Field(min_length=1, max_length=300), required(SOURCE)]
    details: Annotated[
        str | None,
        Field(default=None, max_length=4000),
        required_as(lambda body: details_text(body.get("kind"))),
    ] = None


class DraftOut(BaseModel):
    """The 附件3 fields a leader event fills in (POST them to …/change-requests with a measure)."""

    reason: ChangeReason
    reason_details: str
    leader_event_id: int


class ConsentOut(Out):
    id: int
    designation_id: int
    person_id: int
    leader_consented_on: date
    leader_signer: str
    unit_consented_on: date
    unit_signer: str
    file_id: int
    notes: str | None
    actor_name: str
    recorded_at: Instant


class LeaderChangeIn(Inbound):
    # Only Yangpu's [Y13] and 乐山's [L] titles change their leader directly, both calling
    # them 带头人: its fields are labelled as its form has them (新带头人, 变更事由).
    record_kind = "leader_change"

    new_leader_person_id: Id
    effective_on: date
    reason: Annotated[str, Field(min_length=1, max_length=2000), required(CHANGE_REASON)]
    document_ref: Annotated[str | None, Field(default=None, max_length=200)] = None
    expected_version: Annotated[int | None, Field(default=None, ge=0)] = None


class LeaderChangeOut(Out):
    id: int
    designation_id: int
    workshop_id: int
    old_person_id: int
    new_person_id: int
    effective_on: date
    reason: str
    document_ref: str | None
    change_request_id: int | None
    actor_name: str
    # What the new leader still needs, e.g. past the legal retirement age the [Y13] consent.
    warnings: list[str] = Field(default_factory=list)


class TenureOut(Out):
    person_id: int
    name: str
    starts_on: date
    ends_on: date | None
    basis: str
    document_ref: str | None
    change_request_id: int | None
    ends_with_title: bool


class TimelineOut(Out):
    on: date
    kind: str = Field(
        description="记录种类：status（状态变化）、leader（领衔人更替）、event（领衔人事件）"
    )
    text: str
    reason: str
    document_ref: str | None
    actor_name: str
    change_request_id: int | None


class CurrentLeaderOut(BaseModel):
    person_id: int
    name: str
    employment_status: str
    legal_retirement_date: date
    legal_retirement_age: str


class LeaderStoryOut(BaseModel):
    designation_id: int
    title: str
    status: DesignationStatus
    leader: CurrentLeaderOut
    tenures: list[TenureOut]
    # A page of the events, by date (``limit``/``offset``), as the title page shows them: they
    # grow with the title's years. The timeline stays whole: it is the title's story.
    events: Page[LeaderEventOut]
    consents: list[ConsentOut]
    changes: list[LeaderChangeOut]
    timeline: list[TimelineOut]


class PersonHitOut(Out):
    id: int
    name: str
    label: str
    birth_year: int
    id_card_masked: str | None
    employer: str | None
    union_name: str | None
    employment_status: str
    honours: list[str]


class RetiringLeaderOut(Out):
    designation_id: int
    title: str
    number: str | None
    scheme_code: str
    scheme_name: str
    leader_word: str  # the title's scheme's word for its leader: 带头人 or 领衔人
    workshop_name: str
    host_unit_name: str
    person_id: int
    name: str
    birth_date: date
    retirement_date: date
    retirement_age: str
    next_step: str
    link: str


class RetiringLeadersOut(Page[RetiringLeaderOut]):
    """A page of the list, soonest first; ``total`` counts the whole list (the xlsx holds it)."""

    union_id: int
    as_of: date
    until_months: int


@router.get("/person-search", response_model=Page[PersonHitOut])
def person_search(
    caller: CallerDep,
    u: ReaderDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="姓名、单位或身份证后4位")],
    paging: PagingDep,
) -> Page[PersonHitOut]:
    hits = search_persons_page(u, q, paging.window, scope=caller.scope)
    return listed(hits, PersonHitOut.model_validate, paging)


@router.get("/workshops/{workshop_id}/leader-events", response_model=Page[LeaderEventOut])
def leader_events(
    workshop_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[LeaderEventOut]:
    found(u.workshops.get(workshop_id, caller.scope))
    rows = u.leaders.events_page(workshop_id, paging.window)
    return listed(rows, LeaderEventOut.model_validate, paging)


@router.post(
    "/workshops/{workshop_id}/leader-events", response_model=LeaderEventOut, status_code=201
)
def new_leader_event(
    workshop_id: IdPath, body: LeaderEventIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> LeaderEventOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = RecordLeaderEvent(workshop_id, body.kind, body.occurred_on, body.source, body.details)
        event = record_leader_event(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return LeaderEventOut.model_validate(event)


@router.get("/leader-events/{event_id}/change-request-draft", response_model=DraftOut)
def draft(event_id: IdPath, caller: CallerDep, u: ReaderDep) -> DraftOut:
    event = u.leaders.get_event(event_id)
    shop = None if event is None else u.workshops.get(event.workshop_id, caller.scope)
    if event is None or shop is None:
        raise NotFound("带头人情况记录不存在或不在管辖范围内", field="event_id")
    person = found(u.persons.get(event.person_id, EVERYTHING))
    refused = draft_refusal(u, event.workshop_id)
    if refused is not None:
        raise refused
    leader = u.persons.get(shop.leader_person_id, EVERYTHING) if shop.leader_person_id else None
    former = former_leader_refusal(
        event, person.name, shop.leader_person_id, leader.name if leader else ""
    )
    if former is not None:
        raise DomainError(former, code="former_leader", field="event_id")
    d = change_request_draft(event, person.name)
    return DraftOut(
        reason=d.reason, reason_details=d.reason_details, leader_event_id=d.leader_event_id
    )


@router.post(
    "/designations/{designation_id}/continuation-consents",
    response_model=ConsentOut,
    status_code=201,
)
def new_consent(
    *,
    designation_id: IdPath,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="本人及单位签署的同意书")],
    leader_consented_on: Annotated[date, Form()],
    leader_signer: Annotated[str, Form(min_length=1, max_length=100), required(LEADER_SIGNER)],
    unit_consented_on: Annotated[date, Form()],
    unit_signer: Annotated[str, Form(min_length=1, max_length=100), required(UNIT_SIGNER)],
    notes: Annotated[str | None, Form(max_length=4000)] = None,
) -> ConsentOut:
    actor = caller.principal.actor
    upload = Upload(file.filename or "upload", file.file.read(settings.max_upload_bytes + 1))
    storage = FileStorage(settings.files_dir, settings.max_upload_bytes)
    with uow(actor) as u:
        found(u.designations.get(designation_id, caller.scope), field="designation_id")
        stored = store_upload(u, storage, upload, actor=actor)
        cmd = RecordConsent(
            designation_id, leader_consented_on, leader_signer, unit_consented_on, unit_signer,
            stored.id, notes,
        )  # fmt: skip
        consent = record_continuation_consent(
            u, cmd, actor=actor, as_of=today(clock), scope=caller.scope
        )
        u.commit()
        return ConsentOut.model_validate(consent)


@router.post("/designations/{designation_id}/leader-change", response_model=LeaderChangeOut)
def new_leader(
    designation_id: IdPath, body: LeaderChangeIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> LeaderChangeOut:
    actor = caller.principal.actor
    with uow(actor) as u:  # the title first (404), then the new leader with the other fields
        cmd = ChangeLeader(
            designation_id, body.new_leader_person_id, body.effective_on, body.reason,
            body.document_ref, body.expected_version,
        )  # fmt: skip
        change = change_leader(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        out = LeaderChangeOut.model_validate(change)
        return out.model_copy(update={"warnings": change_warnings(u, change)})


@router.get("/designations/{designation_id}/leaders", response_model=LeaderStoryOut)
def leaders(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> LeaderStoryOut:
    story = leader_story(u, designation_id, scope=caller.scope)
    d, leader = story.designation, story.leader
    events = u.leaders.events_page(d.workshop_id, paging.window)
    return LeaderStoryOut(
        designation_id=d.id,
        title=d.title,
        status=d.status,
        leader=CurrentLeaderOut(
            person_id=leader.id,
            name=leader.name,
            employment_status=leader.employment_status.value,
            legal_retirement_date=story.retirement.date,
            legal_retirement_age=story.retirement.age.label,
        ),
        tenures=[TenureOut.model_validate(t) for t in story.tenures],
        events=Page(
            items=[LeaderEventOut.model_validate(e) for e in events.items],
            total=events.total,
            limit=paging.limit,
            offset=paging.offset,
        ),
        consents=[ConsentOut.model_validate(c) for c in story.consents],
        changes=[LeaderChangeOut.model_validate(c) for c in story.changes],
        timeline=[TimelineOut.model_validate(t) for t in story.timeline],
    )


@router.get("/unions/{union_id}/retiring-leaders", response_model=RetiringLeadersOut)
def retiring(
    union_id: IdPath,
    *,
    caller: CallerDep,
    u: ReaderDep,
    clock: ClockDep,
    paging: PagingDep,
    months: Months = 12,
) -> RetiringLeadersOut:
    as_of = today(clock)
    listed = retiring_leaders_page(
        u,
        union_id,
        scope=caller.scope,
        as_of=as_of,
        months=months,
        limit=paging.limit,
        offset=paging.offset,
    )
    items = [RetiringLeaderOut.model_validate(r) for r in listed.items]
    return RetiringLeadersOut(
        items=items,
        total=listed.total,
        limit=paging.limit,
        offset=paging.offset,
        union_id=union_id,
        as_of=as_of,
        until_months=months,
    )


@router.get(
    "/unions/{union_id}/retiring-leaders/xlsx", response_class=Response, responses=XLSX_RESPONSE
)
def retiring_xlsx(
    union_id: IdPath, caller: CallerDep, u: ReaderDep, clock: ClockDep, months: Months = 12
) -> Response:
    as_of = today(clock)
    rows = retiring_leaders(u, union_id, scope=caller.scope, as_of=as_of, months=months)
    union = found(u.unions.get(union_id, caller.scope))
    word = home_tree(u, union.path).leader_word  # the union's city tree's (乐山's 带头人)
    data = retiring_workbook(rows, union.name, as_of, months, leader_word=word)
    return xlsx(data, retiring_filename(union.name, word))
