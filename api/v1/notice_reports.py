"""The addressed union's written 整改 report on a 整改通知 over JSON: send, list, download [Y12]."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from api.deps import ClockDep, ReaderDep, SettingsDep, UowDep
from api.downloads import STORED_FILE_RESPONSE, download
from api.errors import records
from api.v1.common import CallerDep, IdPath, Instant, Out, Page, PagingDep, found
from api.v1.schemas import listed
from lifecycle.files.model import DESCRIPTION_MAX
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.notices.reports import ReportRectification, notice_in_scope, report_rectification

router = APIRouter(tags=["inspections"])


class ReportOut(Out):
    id: int
    notice_id: int
    reported_on: date
    union_id: int
    description: str | None
    filename: str
    content_type: str
    size_bytes: int
    uploaded_by: str
    uploaded_at: Instant


def _storage(settings: SettingsDep) -> FileStorage:
    return FileStorage(settings.files_dir, settings.max_upload_bytes)


@router.post("/notices/{notice_id}/reports", response_model=ReportOut, status_code=201)
@records("rectification_report")  # 报送日期, 说明, 书面报告 in the refusals of unreadable fields
def send(
    *,
    notice_id: IdPath,
    caller: CallerDep,
    uow: UowDep,
    settings: SettingsDep,
    clock: ClockDep,
    reported_on: Annotated[date, Form(description="书面报告报送区总工会的日期")],
    file: Annotated[UploadFile, File(description="整改情况书面报告（盖章扫描件等：pdf、jpg…）")],
    description: Annotated[str | None, Form(max_length=DESCRIPTION_MAX)] = None,
) -> ReportOut:
    """Send the notice's written 整改 report, as the union it is addressed to, within its
    deadline [Y12]."""
    actor = caller.principal.actor
    upload = Upload(file.filename or "upload", file.file.read(settings.max_upload_bytes + 1))
    cmd = ReportRectification(notice_id, reported_on, description or "")
    with uow(actor) as u:
        kept = report_rectification(
            u, _storage(settings), cmd, upload, actor=actor, scope=caller.scope, now=clock()
        )
        u.commit()
        return ReportOut.model_validate(kept)


@router.get("/notices/{notice_id}/reports", response_model=Page[ReportOut])
def reports(
    notice_id: IdPath, caller: CallerDep, u: ReaderDep, paging: PagingDep
) -> Page[ReportOut]:
    """A page of the notice's written 整改 reports, as sent."""
    notice = notice_in_scope(u, notice_id, caller.scope)
    rows = u.notices.reports_page(notice.id, paging.window)
    return listed(rows, ReportOut.model_validate, paging)


@router.get(
    "/notices/{notice_id}/reports/{report_id}",
    response_class=Response,
    responses=STORED_FILE_RESPONSE,
)
def report_file(
    notice_id: IdPath, report_id: IdPath, caller: CallerDep, u: ReaderDep, settings: SettingsDep
) -> Response:
    """One report's file under its own name and type, only inside the caller's scope."""
    notice_in_scope(u, notice_id, caller.scope)
    kept = found(u.notices.report(notice_id, report_id))
    return download(_storage(settings).read(kept.file), kept.filename, kept.content_type)
