"""Change requests (附件3) over JSON: file, the unit / district / city steps, send back, reject."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from api.body_rules import required, required_as
from api.deps import ClockDep, ReaderDep, UowDep
from api.downloads import download
from api.security import document_response
from api.v1.common import (
    Caller,
    CallerDep,
    Id,
    IdPath,
    Inbound,
    Instant,
    Out,
    Page,
    PagingDep,
    Version,
    found,
    today,
)
from api.v1.schemas import AuditEntryOut, audit_page, listed
from lifecycle.changes.checks import (
    OPINION_MAX,
    REASON_DETAILS,
    REASON_DETAILS_MAX,
    SIGNER,
    step_text,
)
from lifecycle.changes.document import change_form
from lifecycle.changes.html import render_change_form_html
from lifecycle.changes.model import (
    AttachmentKind,
    ChangeMeasure,
    ChangeReason,
    ChangeRequest,
    ChangeRequestStatus,
    ChangeStep,
    StepAction,
)
from lifecycle.changes.pdf import render_change_form_pdf
from lifecycle.changes.service import (
    FileChangeRequest,
    SendBack,
    StepDecision,
    approve_step,
    file_change_request,
    reject,
    send_back,
)
from lifecycle.leaders.successor import request_warnings_of
from lifecycle.uow import UnitOfWork
from lifecycle.views.history import Record, record_keys

router = APIRouter(tags=["change-requests"])


class Decision(StrEnum):
    APPROVE = "approve"
    SEND_BACK = "send_back"
    REJECT = "reject"  # the city office only


class ChangeAttachmentOut(Out):
    """A file attached to the request (the stamped 附件3 or a proof) [C 三（六）]."""

    id: int
    kind: AttachmentKind
    description: str | None
    step: ChangeStep = Field(description="上传时申请所处的审核环节")
    acting_union_id: int
    filename: str
    content_type: str
    size_bytes: int
    uploaded_by: str
    uploaded_at: Instant


class ChangeRequestOut(Out):
    id: int
    designation_id: int
    workshop_id: int
    reason: ChangeReason
    reason_details: str
    measure: ChangeMeasure
    old_leader_person_id: int
    new_leader_person_id: int | None
    status: ChangeRequestStatus
    round: int
    waiting_since: date
    filed_on: date
    filed_by: str
    unit_on: date | None
    district_on: date | None
    city_on: date | None
    decision_ref: str | None
    returned_step: ChangeStep | None = Field(
        description="退回期间：退回申请的审核环节；重新提交或办结后为 null"
    )
    returned_reason: str | None = Field(description="退回期间：退回理由（每次退回均保留在 /steps）")
    version: int
    created_at: Instant
    attachments: list[ChangeAttachmentOut] = Field(
        description="逐个下载：/api/v1/change-requests/{id}/attachments/{attachment_id}"
    )
    # What the proposed new leader still needs (past the legal retirement age) [Y13][C 三（六）];
    # given by every answer that carries a request (filing, steps, resubmission, withdrawal, GET).
    warnings: list[str] = Field(
        default_factory=list,
        description="提示：拟任新领衔人尚需注意的事项（如已达法定退休年龄）；"
        "已撤回、未通过或已关闭的申请为空",
    )


class StepOut(Out):
    id: int
    step: ChangeStep
    action: StepAction
    acting_union_id: int | None
    decided_on: date
    signer: str
    opinion: str
    actor_name: str


class FileIn(Inbound):
    record_kind = "change_request"
    reason: ChangeReason
    reason_details: Annotated[
        str, Field(min_length=1, max_length=REASON_DETAILS_MAX), required(REASON_DETAILS)
    ]
    measure: ChangeMeasure
    filed_on: date
    new_leader_person_id: Id | None = None
    leader_event_id: Id | None = None


class DecisionIn(Inbound):
    decision: Decision
    decided_on: date
    signer: Annotated[str, Field(min_length=1, max_length=100), required(SIGNER)]
    opinion: Annotated[
        str,
        Field(min_length=1, max_length=OPINION_MAX),
        required_as(lambda body: step_text(body.get("decision") == Decision.SEND_BACK)),
    ]
    decision_ref: Annotated[str | None, Field(default=None, max_length=200)] = None
    expected_version: Version = None


@router.get("/designations/{designation_id}/change-requests", response_model=Page[ChangeRequestOut])
def change_requests(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, clock: ClockDep, paging: PagingDep
) -> Page[ChangeRequestOut]:
    found(u.designations.get(designation_id, caller.scope))
    rows = u.change_requests.page_for_designation(designation_id, paging.window)
    as_of = today(clock)
    return listed(rows, lambda r: change_out(u, r, as_of), paging)


@router.post(
    "/designations/{designation_id}/change-requests",
    response_model=ChangeRequestOut,
    status_code=201,
)
def file_request(
    designation_id: IdPath, body: FileIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> ChangeRequestOut:
    actor = caller.principal.actor
    with uow(actor) as u:
        cmd = FileChangeRequest(
            designation_id=designation_id,
            acting_union_id=caller.principal.union_id,
            reason=body.reason,
            reason_details=body.reason_details,
            measure=body.measure,
            filed_on=body.filed_on,
            filed_by=caller.principal.display_name,
            new_leader_person_id=body.new_leader_person_id,
            leader_event_id=body.leader_event_id,
        )
        filed = file_change_request(u, cmd, actor=actor, as_of=today(clock), scope=caller.scope)
        u.commit()
        return change_out(u, filed, today(clock))


@router.get("/change-requests/{request_id}", response_model=ChangeRequestOut)
def change_request(
    request_id: IdPath, caller: CallerDep, u: ReaderDep, clock: ClockDep
) -> ChangeRequestOut:
    return change_out(u, found(u.change_requests.get(request_id, caller.scope)), today(clock))


def change_out(u: UnitOfWork, request: ChangeRequest, as_of: date) -> ChangeRequestOut:
    """The request as the API answers it, with what its proposed new leader still needs."""
    out = ChangeRequestOut.model_validate(request)
    return out.model_copy(update={"warnings": request_warnings_of(u, request, as_of)})


@router.get(
    "/change-requests/{request_id}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def form_pdf(request_id: IdPath, caller: CallerDep, u: ReaderDep) -> Response:
    """The 附件3 管理变更申请表 as printed on the page's 打印 (PDF) [C 三（六）]."""
    doc = change_form(u, request_id, scope=caller.scope)
    pdf = render_change_form_pdf(doc)
    return download(pdf, f"管理变更申请表-{request_id}.pdf", "application/pdf", inline=True)


@router.get(
    "/change-requests/{request_id}/html",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}}},
)
def form_html(request_id: IdPath, caller: CallerDep, u: ReaderDep) -> HTMLResponse:
    """The 附件3 form as the page's printable HTML [C 三（六）]."""
    doc = change_form(u, request_id, scope=caller.scope)
    return document_response(render_change_form_html(doc))


@router.get("/change-requests/{request_id}/steps", response_model=list[StepOut])
def steps(request_id: IdPath, caller: CallerDep, u: ReaderDep) -> list[StepOut]:
    found(u.change_requests.get(request_id, caller.scope))
    return [StepOut.model_validate(s) for s in u.change_requests.steps(request_id)]


def _decide(
    u: UnitOfWork,
    caller: Caller,
    *,
    request_id: int,
    step: ChangeStep,
    body: DecisionIn,
    as_of: date,
) -> ChangeRequest:
    actor, union_id = caller.principal.actor, caller.principal.union_id
    if body.decision == Decision.SEND_BACK:
        back = SendBack(
            request_id, step, union_id, body.decided_on, body.signer, body.opinion,
            body.expected_version,
        )  # fmt: skip
        return send_back(u, back, actor=actor, as_of=as_of, scope=caller.scope)
    cmd = StepDecision(
        request_id, step, union_id, body.decided_on, body.signer, body.opinion,
        body.decision_ref, body.expected_version,
    )  # fmt: skip
    if body.decision == Decision.REJECT:
        return reject(u, cmd, actor=actor, as_of=as_of, scope=caller.scope)
    return approve_step(u, cmd, actor=actor, as_of=as_of, scope=caller.scope)


def _step_route(step: ChangeStep) -> None:
    @router.post(f"/change-requests/{{request_id}}/{step.value}", response_model=ChangeRequestOut)
    def decide(
        request_id: IdPath, body: DecisionIn, caller: CallerDep, uow: UowDep, clock: ClockDep
    ) -> ChangeRequestOut:
        with uow(caller.principal.actor) as u:
            done = _decide(
                u, caller, request_id=request_id, step=step, body=body, as_of=today(clock)
            )
            u.commit()
            return change_out(u, done, today(clock))

    decide.__name__ = f"decide_{step.value}"


for _step in ChangeStep:
    _step_route(_step)


@router.get("/change-requests/{request_id}/audit", response_model=Page[AuditEntryOut])
def change_request_audit(
    request_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[AuditEntryOut]:
    request = found(u.change_requests.get(request_id, caller.scope))
    # The files attached to it are part of its record: who attached which, when [C 三（六）].
    parts = record_keys(Record.CHANGE_REQUEST, request_id, request)[1:]
    return audit_page(u, "change_requests", request_id, paging, parts=parts)
