"""Adoption over JSON: the registry template, import (dry run), export, and bulk actions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import ClockDep, ReaderDep, SettingsDep, UowDep
from api.downloads import XLSX_RESPONSE, xlsx
from api.v1.common import (
    Caller,
    CallerDep,
    Id,
    Inbound,
    Page,
    PagingDep,
    UnionFilter,
    today,
    visible_under,
)
from api.v1.schemas import ERROR_422_CELLS, listed
from lifecycle.adoption.bulk import BulkRow, schedule_inspections, send_reminders
from lifecycle.adoption.export import export_registry, export_titles
from lifecycle.adoption.guide import workbook_sheets
from lifecycle.adoption.reader import refuse_oversize
from lifecycle.adoption.service import import_registry
from lifecycle.adoption.template import registry_workbook
from lifecycle.errors import NotFound
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.adoption import union_cutovers_page
from lifecycle.views.home_tree import scope_tree

router = APIRouter(tags=["adoption"])
Ids = Annotated[list[Id], Field(min_length=1, max_length=1000)]


class SheetCountsOut(BaseModel):
    sheet: str
    created: int
    changed: int
    unchanged: int


class CutoverOut(BaseModel):
    union: str
    cutover_on: date


class ImportReportOut(BaseModel):
    dry_run: bool
    sheets: list[SheetCountsOut]
    cutovers: list[CutoverOut]
    summary: list[str]


class BulkRowOut(BaseModel):
    designation_id: int
    subject: str
    ok: bool
    message: str


class BulkReportOut(BaseModel):
    rows: list[BulkRowOut]


class BulkInspectionsIn(Inbound):
    designation_ids: Ids
    scheduled_on: date
    place: str = Field(max_length=300)
    inspectors: str = Field(max_length=500)


class BulkRemindersIn(Inbound):
    designation_ids: Ids
    message: str = Field(max_length=500, description="提醒内容")
    due_on: date


class BulkExportIn(Inbound):
    designation_ids: Ids


class UnionCutoverOut(BaseModel):
    union_name: str
    cutover_on: date


@router.get("/adoption/cutovers", response_model=Page[UnionCutoverOut])
def cutovers(
    caller: CallerDep, u: ReaderDep, paging: PagingDep, under: UnionFilter = None
) -> Page[UnionCutoverOut]:
    """Cut-over dates (系统启用日期) bearing on a union's subtree (default: the caller's)."""
    # A union out of sight is refused beside ``under``, the name it was sent as.
    union_id = visible_under(u, caller, under) or caller.principal.union_id
    found = union_cutovers_page(u, union_id, paging.window, scope=caller.scope)
    out = lambda c: UnionCutoverOut(union_name=c.union_name, cutover_on=c.cutover_on)  # noqa: E731
    return listed(found, out, paging)


@router.get("/adoption/template", response_class=Response, responses=XLSX_RESPONSE)
def template(caller: CallerDep, u: ReaderDep) -> Response:
    """The blank registry workbook: a sheet per kind, drop-downs, instructions, in the words of
    the caller's own city tree (乐山's 层级 and notes [L])."""
    sheets = workbook_sheets(scope_tree(u, caller.scope))
    return xlsx(registry_workbook(sheets=sheets), "工作室名册导入模板.xlsx")


def _subtree(u: UnitOfWork, caller: Caller, under: int | None) -> Scope:
    """The caller's scope, or the subtree of ``under`` inside it (404 outside, like absent)."""
    if under is None:
        return caller.scope
    union = u.unions.get(under, caller.scope)
    if union is None:
        raise NotFound("工会不存在或不在管辖范围内", field="under")
    return Scope.subtree(union.path)


@router.get("/adoption/export", response_class=Response, responses=XLSX_RESPONSE)
def export(caller: CallerDep, u: ReaderDep, clock: ClockDep, under: UnionFilter = None) -> Response:
    """The registry of the caller's scope (or ``under``) in the import template; ID numbers
    masked beside each person's 人员编号, which identifies them again when the file comes back."""
    content = export_registry(u, scope=_subtree(u, caller, under), as_of=today(clock))
    return xlsx(content, "工作室名册.xlsx")


@router.post("/adoption/import", response_model=ImportReportOut, responses=ERROR_422_CELLS)
def import_file(
    *,
    file: Annotated[UploadFile, File(description="按名册模板填写的 .xlsx 文件")],
    dry_run: Annotated[bool, Query(description="试导入：只报告，不写入")] = False,
    under: UnionFilter = None,
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> ImportReportOut:
    """Import the registry: any bad cell → 422 listing each (sheet, row, column), none written."""
    content = file.file.read(settings.max_upload_bytes + 1)
    refuse_oversize(len(content), settings.max_upload_bytes)
    actor = caller.principal.actor
    with uow(actor) as u:
        scope = _subtree(u, caller, under)
        report = import_registry(
            u, content, actor=actor, as_of=today(clock), scope=scope, dry_run=dry_run
        )
        if not dry_run:
            u.commit()
    return ImportReportOut(
        dry_run=report.dry_run,
        sheets=[
            SheetCountsOut(sheet=name, created=c.created, changed=c.changed, unchanged=c.unchanged)
            for name, c in report.counts.items()
        ],
        cutovers=[CutoverOut(union=name, cutover_on=day) for name, day in report.cutovers],
        summary=report.lines(),
    )


def _rows(rows: list[BulkRow]) -> BulkReportOut:
    return BulkReportOut(rows=[BulkRowOut(**r.__dict__) for r in rows])


@router.post("/bulk/inspections", response_model=BulkReportOut, status_code=201)
def bulk_inspections(
    body: BulkInspectionsIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> BulkReportOut:
    """Schedule a cycle-end inspection for every selected title, or none (422 names the refused)."""
    actor = caller.principal.actor
    with uow(actor) as u:
        rows = schedule_inspections(
            u, body.designation_ids, scheduled_on=body.scheduled_on, place=body.place,
            inspectors=body.inspectors, actor=actor, as_of=today(clock), scope=caller.scope,
        )  # fmt: skip
        u.commit()
    return _rows(rows)


@router.post("/bulk/reminders", response_model=BulkReportOut, status_code=201)
def bulk_reminders(
    body: BulkRemindersIn, caller: CallerDep, uow: UowDep, clock: ClockDep
) -> BulkReportOut:
    """Send a reminder to the unit union contacts of every selected title, or to none."""
    actor = caller.principal.actor
    with uow(actor) as u:
        rows = send_reminders(
            u, body.designation_ids, message=body.message, due_on=body.due_on, actor=actor,
            now=clock(), scope=caller.scope,
        )  # fmt: skip
        u.commit()
    return _rows(rows)


@router.post("/bulk/export", response_class=Response, responses=XLSX_RESPONSE)
def bulk_export(body: BulkExportIn, caller: CallerDep, uow: UowDep, clock: ClockDep) -> Response:
    """The selected titles (with their workshops, people and grants) in the registry template."""
    with uow() as u:
        content = export_titles(u, body.designation_ids, scope=caller.scope, as_of=today(clock))
    return xlsx(content, "所选工作室名册.xlsx")
