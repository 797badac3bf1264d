"""Funding reports over JSON: fund ledger, subtree summary, Excel exports and import [Y16][S10]."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import ClockDep, ReaderDep, SettingsDep, UowDep
from api.downloads import XLSX_RESPONSE, xlsx
from api.v1.common import CallerDep, CitedText, IdPath, Page, Paging, PagingDep, today
from api.v1.ledger_scope import TARGET_IN_SCOPE
from api.v1.schemas import ERROR_422_CELLS
from lifecycle.errors import ValidationFailed
from lifecycle.funding.excel_export import ledger_workbook, summary_workbook
from lifecycle.funding.excel_import import (
    UPLOAD_NAME,
    expenditure_template,
    import_expenditures,
    read_expenditure_sheet,
)
from lifecycle.funding.union_import import (
    designation_choices,
    import_union_expenditures,
    read_union_sheet,
    union_template,
)
from lifecycle.views.funding import DesignationLedger, FindingView, designation_ledger
from lifecycle.views.funding_summary import UnionFundingSummary, union_summary
from lifecycle.vocab import DesignationStatus

router = APIRouter(tags=["funding"])


class FindingViewOut(BaseModel):
    id: int
    designation_id: int
    kind: str
    kind_label: str
    occurred_on: date
    found_on: date
    amount_fen: int | None
    message: CitedText
    evidence: dict[str, Any]
    found_by: str
    expenditure_id: int | None
    grant_id: int | None
    open: bool
    outcome: str | None
    outcome_label: str | None
    resolution_note: str | None
    resolved_on: date | None
    resolved_by: str | None
    closed_by_audit: bool = Field(
        description="true：审计发现不再成立或金额已变化，由系统自动关闭（非人员处理，"
        "outcome_label 与 resolved_by 均为「系统自动关闭」）"
    )
    refund_fen: int | None = Field(
        default=None, description="处理结果为“已退回”时退回拨款工会的金额（分）"
    )

    @classmethod
    def of(cls, f: FindingView) -> FindingViewOut:
        return cls.model_validate(f, from_attributes=True)


class LedgerLineOut(BaseModel):
    on: date
    direction: Literal["received", "spent", "refunded"] = Field(
        description="received：到账；spent：支出；refunded：审计发现处理为“已退回”时退回拨款工会的经费"
        "（received_fen 为负数：已到账经费中退回的部分）"
    )
    grant_id: int | None = Field(description="到账行所记的补贴（direction 为 received 时）")
    expenditure_id: int | None = Field(description="支出行所记的支出（direction 为 spent 时）")
    finding_id: int | None = Field(
        default=None, description="退回行所答复的审计发现（direction 为 refunded 时）"
    )
    item: str
    counterparty: str
    description: str
    receipt_ref: str | None
    received_fen: int
    spent_fen: int
    balance_fen: int
    entered_by: str
    findings: list[str]
    correction_reason: str | None = Field(
        description="该补贴或支出最近一次更正的原因（未更正：空）"
    )
    corrected_by: str | None


class PendingGrantOut(BaseModel):
    kind_label: str
    approval_ref: str
    amount_fen: int


class FundLedgerOut(BaseModel):
    designation_id: int
    title: str
    number: str | None
    scheme_name: str
    status: DesignationStatus
    status_label: str
    ended_on: date | None
    received_fen: int = Field(description="已到账经费（分），已扣除退回拨款工会的经费")
    refunded_fen: int = Field(
        description="审计发现处理为“已退回”时退回拨款工会的经费合计（分），已从 received_fen 中扣除"
    )
    spent_fen: int
    balance_fen: int
    lines: Page[LedgerLineOut] = Field(
        description="台帐行，按日期排列，分页（limit/offset）；每行的 balance_fen 为按全部行"
        "逐笔计算的滚动结余，received_fen、spent_fen、balance_fen 为全部行的合计，与所列页无关"
    )
    pending_grants: list[PendingGrantOut]
    findings: Page[FindingViewOut] = Field(
        description="审计发现（含已处理的），按发生日期排列，分页（findings_limit 默认 50、"
        "至多 500，findings_offset），与台帐行的 limit/offset 各自翻页"
    )

    @classmethod
    def of(cls, ledger: DesignationLedger, paging: Paging, findings: Paging) -> FundLedgerOut:
        shown = ledger.lines[paging.offset : paging.offset + paging.limit]
        found = ledger.findings[findings.offset : findings.offset + findings.limit]
        return cls(
            designation_id=ledger.designation_id,
            title=ledger.title,
            number=ledger.number,
            scheme_name=ledger.scheme_name,
            status=ledger.status,
            status_label=ledger.status_label,
            ended_on=ledger.ended_on,
            received_fen=ledger.received_fen,
            refunded_fen=ledger.refunded_fen,
            spent_fen=ledger.spent_fen,
            balance_fen=ledger.balance_fen,
            lines=Page(
                items=[LedgerLineOut.model_validate(x, from_attributes=True) for x in shown],
                total=len(ledger.lines),
                limit=paging.limit,
                offset=paging.offset,
            ),
            pending_grants=[
                PendingGrantOut(kind_label=k, approval_ref=ref, amount_fen=fen)
                for k, ref, fen in ledger.pending_grants
            ],
            findings=Page(
                items=[FindingViewOut.of(f) for f in found],
                total=len(ledger.findings),
                limit=findings.limit,
                offset=findings.offset,
            ),
        )


class SchemeTotalsOut(BaseModel):
    scheme_code: str
    scheme_name: str
    received_fen: int
    spent_fen: int
    balance_fen: int


class CategoryTotalsOut(BaseModel):
    scheme_code: str
    scheme_name: str
    category: str
    category_label: str
    forbidden: bool = Field(description="该类支出列为审计发现")
    mark: str = Field(
        description="属禁止用途（方案条文列明，如杨浦第十六条）/ 列为审计发现（条文未列明）/ 空"
    )
    spent_fen: int


class OpenFindingOut(FindingViewOut):
    designation_title: str
    designation_number: str | None


class FundingSummaryOut(BaseModel):
    union_id: int
    union_name: str
    received_fen: int
    spent_fen: int
    by_scheme: list[SchemeTotalsOut]
    by_category: list[CategoryTotalsOut]
    open_findings: list[OpenFindingOut]

    @classmethod
    def of(cls, s: UnionFundingSummary) -> FundingSummaryOut:
        def open_finding(f: FindingView) -> OpenFindingOut:
            title, number = s.subjects.get(f.designation_id, ("", ""))
            base = FindingViewOut.of(f).model_dump()
            return OpenFindingOut(
                **base, designation_title=title, designation_number=number or None
            )

        return cls(
            union_id=s.union_id,
            union_name=s.union_name,
            received_fen=s.received_fen,
            spent_fen=s.spent_fen,
            by_scheme=[
                SchemeTotalsOut.model_validate(t, from_attributes=True) for t in s.by_scheme
            ],
            by_category=[
                CategoryTotalsOut.model_validate(c, from_attributes=True) for c in s.by_category
            ],
            open_findings=[open_finding(f) for f in s.open_findings],
        )


class ImportOut(BaseModel):
    designation_id: int
    imported: int


class DesignationImportOut(BaseModel):
    designation_id: int
    imported: int


class UnionImportOut(BaseModel):
    union_id: int
    imported: int
    by_designation: list[DesignationImportOut]


FindingsLimit = Annotated[int, Query(ge=0, le=1000, description="最多列出的未处理审计发现条数")]


# A coroutine, as ``paging``: the fund ledger's findings page on their own, beside its lines.
async def findings_paging(
    findings_limit: Annotated[int, Query(ge=1, le=500, description="审计发现每页条数")] = 50,
    findings_offset: Annotated[int, Query(ge=0, le=10_000_000, description="审计发现跳过条数")] = 0,
) -> Paging:
    return Paging(findings_limit, findings_offset)


FindingsPagingDep = Annotated[Paging, Depends(findings_paging)]


@router.get("/designations/{designation_id}/fund-ledger", response_model=FundLedgerOut)
def fund_ledger(
    designation_id: IdPath,
    caller: CallerDep,
    u: ReaderDep,
    paging: PagingDep,
    findings: FindingsPagingDep,
) -> FundLedgerOut:
    """Money received and spent in date order with the running balance and findings [Y16]: a
    page of the lines, each line's balance and the sums the rule's over every line (the ledger
    derives them from every grant and expenditure; none is stored to page in SQL), and a page of
    the findings (``findings_limit``/``findings_offset``)."""
    ledger = designation_ledger(u, designation_id, scope=caller.scope)
    return FundLedgerOut.of(ledger, paging, findings)


@router.get(
    "/designations/{designation_id}/fund-ledger/xlsx",
    response_class=Response,
    responses=XLSX_RESPONSE,
)
def fund_ledger_xlsx(
    designation_id: IdPath, caller: CallerDep, u: ReaderDep, clock: ClockDep
) -> Response:
    """The fund ledger and its findings as an Excel workbook that prints."""
    ledger = designation_ledger(u, designation_id, scope=caller.scope)
    content = ledger_workbook(ledger, as_of=today(clock))
    return xlsx(content, f"经费台账-{ledger.number or ledger.designation_id}.xlsx")


@router.get("/unions/{union_id}/funding-summary", response_model=FundingSummaryOut)
def funding_summary(
    union_id: IdPath, caller: CallerDep, u: ReaderDep, findings_limit: FindingsLimit = 200
) -> FundingSummaryOut:
    """Totals by scheme and by category and the open findings of the union's subtree [S10]."""
    summary = union_summary(u, union_id, scope=caller.scope, findings_limit=findings_limit)
    return FundingSummaryOut.of(summary)


@router.get(
    "/unions/{union_id}/funding-summary/xlsx", response_class=Response, responses=XLSX_RESPONSE
)
def funding_summary_xlsx(
    union_id: IdPath, caller: CallerDep, u: ReaderDep, clock: ClockDep
) -> Response:
    """The subtree summary as an Excel workbook that prints."""
    summary = union_summary(u, union_id, scope=caller.scope)
    content = summary_workbook(summary, as_of=today(clock))
    return xlsx(content, f"经费汇总-{summary.union_name}.xlsx")


@router.get("/funding/expenditure-template", response_class=Response, responses=XLSX_RESPONSE)
def template(caller: CallerDep) -> Response:
    """The Excel template for importing expenditures (headers, category list)."""
    del caller  # authorised by the access registry; the template is the same for everyone
    return xlsx(expenditure_template(), "经费支出导入模板.xlsx")


@router.post(
    "/designations/{designation_id}/expenditures/import",
    response_model=ImportOut,
    status_code=201,
    responses=ERROR_422_CELLS,
    dependencies=[TARGET_IN_SCOPE],
)
def import_file(
    *,
    designation_id: IdPath,
    file: Annotated[UploadFile, File(description="按模板填写的 .xlsx 文件")],
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> ImportOut:
    """Import expenditures: rows checked first; any bad cell → 422 listing each, none stored."""
    content = _read_upload(file, settings.max_upload_bytes)
    # Parsed before the transaction opens (this route runs in a worker thread, off the loop).
    sheet = read_expenditure_sheet(content, file.filename or UPLOAD_NAME)
    actor = caller.principal.actor
    with uow(actor) as u:
        report = import_expenditures(
            u, designation_id, sheet, actor=actor, as_of=today(clock), scope=caller.scope
        )
        u.commit()
    return ImportOut(designation_id=report.designation_id, imported=report.imported)


def _read_upload(file: UploadFile, limit: int) -> bytes:
    content = file.file.read(limit + 1)
    if len(content) > limit:
        raise ValidationFailed(
            f"文件超过{limit // (1024 * 1024)}MB", code="too_large", field="file"
        )
    return content


@router.get(
    "/unions/{union_id}/expenditure-template", response_class=Response, responses=XLSX_RESPONSE
)
def union_template_file(union_id: IdPath, caller: CallerDep, u: ReaderDep) -> Response:
    """The union-level template: a first column 命名记录 choosing among the union's titles."""
    choices = designation_choices(u, union_id, scope=caller.scope)
    return xlsx(union_template(choices), "经费支出导入模板（多个工作室）.xlsx")


@router.post(
    "/unions/{union_id}/expenditures/import",
    response_model=UnionImportOut,
    status_code=201,
    responses=ERROR_422_CELLS,
    dependencies=[TARGET_IN_SCOPE],
)
def import_union_file(
    *,
    union_id: IdPath,
    file: Annotated[UploadFile, File(description="按多工作室模板填写的 .xlsx 文件")],
    caller: CallerDep,
    uow: UowDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> UnionImportOut:
    """One file for the union's workshops: every row and its 命名记录 checked, all or nothing."""
    content = _read_upload(file, settings.max_upload_bytes)
    sheet = read_union_sheet(content, file.filename or UPLOAD_NAME)  # before the transaction
    actor = caller.principal.actor
    with uow(actor) as u:
        report = import_union_expenditures(
            u, union_id, sheet, actor=actor, as_of=today(clock), scope=caller.scope
        )
        u.commit()
    return UnionImportOut(
        union_id=report.union_id,
        imported=report.imported,
        by_designation=[
            DesignationImportOut(designation_id=did, imported=n)
            for did, n in report.by_designation.items()
        ],
    )
