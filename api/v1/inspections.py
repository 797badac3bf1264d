"""Inspections (schedule, record outcomes, evidence) and rectification notices (PDF/HTML, 撤牌)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from api.body_rules import required
from api.deps import ClockDep, ReaderDep, SettingsDep, UowDep, get_session_factory
from api.downloads import STORED_FILE_RESPONSE, download
from api.security import document_response
from api.v1.common import (
    CallerDep,
    Day,
    IdPath,
    Inbound,
    Instant,
    Out,
    Page,
    PagingDep,
    UnionFilter,
    Version,
    date_window,
    found,
    today,
    visible_designation,
    visible_under,
)
from api.v1.schemas import AuditEntryOut, audit_page, listed
from lifecycle.errors import ConflictError
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.inspections.model import Inspection, InspectionKind, InspectionResult
from lifecycle.inspections.moving import RescheduleInspection, reschedule_inspection
from lifecycle.inspections.recorded import lost_outcome
from lifecycle.inspections.service import (
    INSPECTORS,
    NOTES_MAX,
    PLACE,
    SUMMARY_MAX,
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    WithdrawInspection,
    attach_evidence,
    record_outcome,
    schedule_inspection,
    withdraw_inspection,
)
from lifecycle.notices.assemble import notice_document
from lifecycle.notices.html import render_notice_html
from lifecycle.notices.model import NoticeStatus
from lifecycle.notices.pdf import render_notice_pdf
from lifecycle.notices.service import ConfirmRevocation, confirm_revocation, revocations_pending
from lifecycle.uow import UnitOfWork

router = APIRouter(tags=["inspections"])
Code = Annotated[str, Field(min_length=1, max_length=40)]


class OutcomeOut(Out):
    id: int
    criterion_code: str
    passed: bool
    notes: str


class EvidenceOut(Out):
    id: int
    criterion_code: str | None
    file_id: int


class InspectionOut(BaseModel):
    id: int
    designation_id: int
    kind: InspectionKind
    cycle_no: int | None
    notice_id: int | None = Field(description="复查所针对的整改通知书（期满考核检查为 null）")
    issued_notice_id: int | None = Field(
        description="本次检查不合格所发出的整改通知书（未发出时为 null）"
    )
    scheduled_on: date
    place: str
    inspectors: str
    scheduled_by: str
    result: InspectionResult | None
    recorded_on: date | None
    recorded_by: str | None
    summary: str | None = Field(description="总体意见")
    version: int
    outcomes: list[OutcomeOut]
    evidence: list[EvidenceOut]

    @classmethod
    def of(cls, i: Inspection) -> InspectionOut:
        return cls(
            id=i.id,
            designation_id=i.designation_id,
            kind=i.kind,
            cycle_no=i.cycle_no,
            notice_id=i.notice_id,
            issued_notice_id=i.issued_notice.id if i.issued_notice is not None else None,
            scheduled_on=i.scheduled_on,
            place=i.place,
            inspectors=i.inspectors,
            scheduled_by=i.scheduled_by,
            result=i.result,
            recorded_on=i.recorded_on,
            recorded_by=i.recorded_by,
            summary=i.summary,
            version=i.version,
            outcomes=[OutcomeOut.model_validate(o) for o in i.outcomes],
            evidence=[EvidenceOut.model_validate(e) for e in i.evidence],
        )


class ScheduleIn(Inbound):
    record_kind = "inspection"  # 检查地点 as the 安排检查 form names it
    kind: InspectionKind
    scheduled_on: date
    place: Annotated[str, Field(min_length=1, max_length=300), required(PLACE)]
    inspectors: Annotated[str, Field(min_length=1, max_length=500), required(INSPECTORS)]
    # Which cycle is checked by the use case (begun, not yet inspected); omitted: derived [Y12].
    cycle_no: Annotated[int | None, Field(default=None, ge=1, le=2_147_483_647)] = None


class WithdrawIn(Inbound):
    record_kind = "inspection_withdrawal"  # 撤销原因
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    expected_version: Version = None


class RescheduleIn(Inbound):
    """改期: the fields given change, the others stay (kind and cycle never change) [Y12]."""

    record_kind = "inspection_move"  # 检查地点, 改期原因 as the 改期 form names them

    scheduled_on: date | None = None
    place: Annotated[str | None, Field(default=None, min_length=1, max_length=300)] = None
    inspectors: Annotated[str | None, Field(default=None, min_length=1, max_length=500)] = None
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    expected_version: Version = None


class CriterionIn(Inbound):
    criterion_code: Code
    passed: bool
    notes: Annotated[str, Field(max_length=NOTES_MAX)] = ""


class OutcomeIn(Inbound):
    record_kind = "inspection"
    recorded_on: date
    outcomes: Annotated[list[CriterionIn], Field(min_length=1, max_length=20)]
    summary: Annotated[
        str | None, Field(default=None, max_length=SUMMARY_MAX, description="总体意见")
    ] = None
    expected_version: Version = None


class NoticeOut(Out):
    id: int
    designation_id: int
    inspection_id: int
    issuing_union_id: int
    addressee_union_id: int
    year: int
    seq: int
    number: str
    issued_on: date
    deadline: date
    # Said as every page says it: provisional only while the notice is open [Y12].
    deadline_provisional: bool = Field(validation_alias="deadline_still_provisional")
    status: NoticeStatus
    closed_on: date | None
    closing_inspection_id: int | None
    decision_ref: str | None
    issued_by: str
    version: int
    created_at: Instant


class RevocationIn(Inbound):
    decided_on: date
    decision_ref: Annotated[str, Field(min_length=1, max_length=200)]
    reason: Annotated[str, Field(min_length=1, max_length=2000)] = (
        "逾期仍未有效整改，撤牌，不再保留工作室称号"
    )
    expected_version: Version = None


def _storage(settings: SettingsDep) -> FileStorage:
    return FileStorage(settings.files_dir, settings.max_upload_bytes)


@router.get("/inspections", response_model=Page[InspectionOut])
def inspections(
    *,
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    under: UnionFilter = None,
    designation_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    scheduled_from: Annotated[Day | None, Query()] = None,
    scheduled_to: Annotated[Day | None, Query()] = None,
) -> Page[InspectionOut]:
    date_window(scheduled_from, scheduled_to, "scheduled_from", "scheduled_to")
    rows = u.listings.inspections(
        caller.scope,
        paging.window,
        under=visible_under(u, caller, under),
        scheduled_from=scheduled_from,
        scheduled_to=scheduled_to,
        designation_id=visible_designation(u, caller, designation_id),
    )
    items = [InspectionOut.of(i) for i in rows.items]
    return Page(items=items, total=rows.total, limit=paging.limit, offset=paging.offset)


@router.post(
    "/designations/{designation_id}/inspections", response_model=InspectionOut, status_code=201
)
def schedule(
    designation_id: IdPath, body: ScheduleIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> InspectionOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = ScheduleInspection(designation_id, **body.model_dump())
        created = schedule_inspection(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return InspectionOut.of(created)


@router.get("/inspections/{inspection_id}", response_model=InspectionOut)
def inspection(inspection_id: IdPath, caller: CallerDep, u: ReaderDep) -> InspectionOut:
    return InspectionOut.of(found(u.inspections.get(inspection_id, caller.scope)))


@router.patch("/inspections/{inspection_id}", response_model=InspectionOut)
def reschedule(
    inspection_id: IdPath, body: RescheduleIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> InspectionOut:
    """改期: move an inspection without a result (date, place, inspectors), audited [Y12]."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = RescheduleInspection(inspection_id, **body.model_dump())
        moved = reschedule_inspection(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return InspectionOut.of(moved)


@router.post("/inspections/{inspection_id}/outcome", response_model=InspectionOut)
def outcome(
    inspection_id: IdPath,
    body: OutcomeIn,
    *,
    request: Request,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
) -> InspectionOut:
    actor = caller.principal.actor
    cmd = RecordOutcome(
        inspection_id,
        body.recorded_on,
        tuple(CriterionInput(c.criterion_code, c.passed, c.notes) for c in body.outcomes),
        body.summary,
        body.expected_version,
    )
    try:
        with uow(actor) as u:
            done = record_outcome(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
            u.commit()
            return InspectionOut.of(done)
    except ConflictError as lost:
        if lost.code == "already_recorded":
            raise
        # Both passed the version check at once and the database stopped this one: read again
        # and say who recorded the result, as one posted after it is told.
        with UnitOfWork(get_session_factory(request), read_only=True) as again:
            said = lost_outcome(again, inspection_id, caller.scope)
        raise (said or lost) from lost


@router.post("/inspections/{inspection_id}/withdrawal", status_code=204)
def withdraw(inspection_id: IdPath, body: WithdrawIn, caller: CallerDep, uow: UowDep) -> Response:
    """Withdraw a scheduled inspection that has no result yet (kept in its audit log) [Y12]."""
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = WithdrawInspection(inspection_id, body.reason, body.expected_version)
        withdraw_inspection(u, cmd, actor=actor, scope=caller.scope)
        u.commit()
    return Response(status_code=204)


@router.post("/inspections/{inspection_id}/evidence", response_model=EvidenceOut, status_code=201)
def evidence(
    *,
    inspection_id: IdPath,
    caller: CallerDep,
    uow: UowDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
    criterion_code: Annotated[str | None, Form(max_length=40)] = None,
) -> EvidenceOut:
    actor = caller.principal.actor
    upload = Upload(file.filename or "upload", file.file.read(settings.max_upload_bytes + 1))
    with uow(actor) as u:
        attached = attach_evidence(
            u, _storage(settings), inspection_id, criterion_code or None, upload,
            actor=actor, scope=caller.scope,
        )  # fmt: skip
        u.commit()
        return EvidenceOut.model_validate(attached)


@router.get(
    "/inspections/{inspection_id}/evidence/{file_id}",
    response_class=Response,
    responses=STORED_FILE_RESPONSE,
)
def evidence_file(
    inspection_id: IdPath, file_id: IdPath, caller: CallerDep, u: ReaderDep, settings: SettingsDep
) -> Response:
    """An evidence file under its own name and type (团队名单.pdf), as the page serves it."""
    stored = found(u.listings.evidence_file(inspection_id, file_id, caller.scope))
    data = _storage(settings).read(stored)
    return download(data, stored.filename, stored.content_type)


@router.get("/inspections/{inspection_id}/audit", response_model=Page[AuditEntryOut])
def inspection_audit(
    inspection_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[AuditEntryOut]:
    found(u.inspections.get(inspection_id, caller.scope))
    return audit_page(u, "inspections", inspection_id, paging)


# notices


@router.get("/notices", response_model=Page[NoticeOut])
def notices(
    *,
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    under: UnionFilter = None,
    status: Annotated[NoticeStatus | None, Query()] = None,
    designation_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    issued_from: Annotated[Day | None, Query()] = None,
    issued_to: Annotated[Day | None, Query()] = None,
) -> Page[NoticeOut]:
    date_window(issued_from, issued_to, "issued_from", "issued_to")
    rows = u.listings.notices(
        caller.scope,
        paging.window,
        status=status,
        under=visible_under(u, caller, under),
        issued_from=issued_from,
        issued_to=issued_to,
        designation_id=visible_designation(u, caller, designation_id),
    )
    items = [NoticeOut.model_validate(n) for n in rows.items]
    return Page(items=items, total=rows.total, limit=paging.limit, offset=paging.offset)


@router.get("/notices/revocations-pending", response_model=Page[NoticeOut])
def pending(caller: CallerDep, u: ReaderDep, clock: ClockDep, paging: PagingDep) -> Page[NoticeOut]:
    rows = revocations_pending(u, today(clock), caller.scope, paging.window)
    return listed(rows, NoticeOut.model_validate, paging)


@router.get("/notices/{notice_id}", response_model=NoticeOut)
def notice(notice_id: IdPath, caller: CallerDep, u: ReaderDep) -> NoticeOut:
    return NoticeOut.model_validate(found(u.notices.get(notice_id, caller.scope)))


@router.get(
    "/notices/{notice_id}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def notice_pdf(notice_id: IdPath, caller: CallerDep, u: ReaderDep) -> Response:
    found(u.notices.get(notice_id, caller.scope))
    doc = notice_document(u, notice_id, caller.scope)
    # Saved under its document number, as the page's download is (杨工创〔2026〕3号.pdf).
    return download(render_notice_pdf(doc), f"{doc.number}.pdf", "application/pdf", inline=True)


@router.get(
    "/notices/{notice_id}/html",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}}},
)
def notice_html(notice_id: IdPath, caller: CallerDep, u: ReaderDep) -> HTMLResponse:
    found(u.notices.get(notice_id, caller.scope))
    doc = notice_document(u, notice_id, caller.scope)
    return document_response(render_notice_html(doc))


@router.post("/notices/{notice_id}/revocation", response_model=NoticeOut)
def revoke(
    notice_id: IdPath, body: RevocationIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> NoticeOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = ConfirmRevocation(notice_id, **body.model_dump())
        done = confirm_revocation(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return NoticeOut.model_validate(done)


@router.get("/notices/{notice_id}/audit", response_model=Page[AuditEntryOut])
def notice_audit(
    notice_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[AuditEntryOut]:
    found(u.notices.get(notice_id, caller.scope))
    return audit_page(u, "rectification_notices", notice_id, paging)
