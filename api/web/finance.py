"""Finance screens: summary by scheme and category (SVG), ledgers, findings, Excel [Y16][S10]."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.web.auth import FormDep, UserDep, require
from api.web.charts import bar_chart
from api.web.core import HtmlRoute, form_errors, redirect, render, today, unit_of_work
from api.web.forms import parse_date, text, upload, values
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import DomainError
from lifecycle.funding.audit import ResolveFinding, resolve_finding
from lifecycle.funding.excel_export import ledger_workbook, summary_workbook
from lifecycle.funding.excel_import import expenditure_template, import_expenditures
from lifecycle.funding.views import designation_ledger, union_summary
from lifecycle.funding.vocab import RESOLUTION_OUTCOME_LABELS, ResolutionOutcome
from lifecycle.money import format_fen

router = APIRouter(route_class=HtmlRoute)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OUTCOMES = [(o.value, label) for o, label in RESOLUTION_OUTCOME_LABELS.items()]


def _xlsx(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


def _summary_page(
    request: Request,
    user: Principal,
    errors: dict[int, dict[str, str]] | None = None,
    form_values: dict[int, dict[str, str]] | None = None,
) -> HTMLResponse:
    with unit_of_work(request) as uow:
        summary = union_summary(uow, user.union_id, scope=user.read_scope)
    per_category: dict[str, int] = defaultdict(int)
    for row in summary.by_category:
        per_category[row.category_label + ("（禁止）" if row.forbidden else "")] += row.spent_fen
    chart = bar_chart(
        sorted(per_category.items(), key=lambda kv: -kv[1]),
        title="按类别的经费支出（元）",
        value_label=format_fen,
    )
    return render(
        request,
        "finance.html",
        {
            "summary": summary,
            "chart": chart,
            "outcomes": OUTCOMES,
            "errors": errors or {},
            "values": form_values or {},
            "today": today(request).isoformat(),
        },
        status_code=422 if errors else 200,
    )


@router.get("/finance", response_class=HTMLResponse)
def finance_page(request: Request, user: UserDep) -> HTMLResponse:
    """Funds received and spent by scheme, spending by category, open findings."""
    require(user, Permission.READ)
    return _summary_page(request, user)


@router.get("/finance/summary.xlsx")
def finance_export(request: Request, user: UserDep) -> Response:
    """The summary as an Excel workbook."""
    require(user, Permission.READ)
    with unit_of_work(request) as uow:
        summary = union_summary(uow, user.union_id, scope=user.read_scope)
    return _xlsx(summary_workbook(summary), f"经费汇总-{summary.union_name}.xlsx")


@router.post("/finance/findings/{finding_id}/resolve")
def resolve(request: Request, user: UserDep, form: FormDep, finding_id: int) -> Response:
    """Close a finding with an outcome and a note; the finding itself stays [Y16]."""
    require(user, Permission.FINDING_RESOLVE)
    errors: dict[str, str] = {}
    resolved_on = parse_date(form, "resolved_on", "处理日期", errors)
    outcome = text(form, "outcome")
    if outcome not in set(ResolutionOutcome):
        errors["outcome"] = "请选择处理结果"
    if errors or resolved_on is None:
        return _summary_page(request, user, {finding_id: errors}, {finding_id: values(form)})
    cmd = ResolveFinding(finding_id, ResolutionOutcome(outcome), text(form, "note"), resolved_on)
    with unit_of_work(request, user.actor) as uow:
        try:
            resolve_finding(uow, cmd, actor=user.actor, as_of=today(request), scope=user.scope)
            uow.commit()
        except DomainError as err:
            if err.http_status == 404:
                raise
            shown = form_errors(err, {"finding_id": "_form"})
            return _summary_page(request, user, {finding_id: shown}, {finding_id: values(form)})
    return redirect("/finance#findings")


def _ledger_page(
    request: Request, user: Principal, designation_id: int, errors: dict[str, str] | None = None
) -> HTMLResponse:
    with unit_of_work(request) as uow:
        ledger = designation_ledger(uow, designation_id, scope=user.read_scope)
    return render(
        request,
        "finance_ledger.html",
        {"ledger": ledger, "errors": errors or {}},
        status_code=422 if errors else 200,
    )


@router.get("/finance/designations/{designation_id}", response_class=HTMLResponse)
def ledger_page(request: Request, user: UserDep, designation_id: int) -> HTMLResponse:
    """One designation's fund ledger with its running balance and findings."""
    require(user, Permission.READ)
    return _ledger_page(request, user, designation_id)


@router.get("/finance/designations/{designation_id}/ledger.xlsx")
def ledger_export(request: Request, user: UserDep, designation_id: int) -> Response:
    """The fund ledger as an Excel workbook."""
    require(user, Permission.READ)
    with unit_of_work(request) as uow:
        ledger = designation_ledger(uow, designation_id, scope=user.read_scope)
    return _xlsx(ledger_workbook(ledger), f"经费台账-{ledger.number or ledger.designation_id}.xlsx")


@router.get("/finance/expenditure-template.xlsx")
def template_download(user: UserDep) -> Response:
    """The Excel template for importing expenditures."""
    require(user, Permission.READ)
    return _xlsx(expenditure_template(), "经费支出导入模板.xlsx")


@router.post("/finance/designations/{designation_id}/import")
async def import_file(
    request: Request, user: UserDep, form: FormDep, designation_id: int
) -> Response:
    """Import expenditures from Excel: every row checked first, all or nothing [Y16]."""
    require(user, Permission.EXPENDITURE_WRITE)
    return await _import(request, user, form, designation_id)


async def _import(
    request: Request, user: Principal, form: FormData, designation_id: int
) -> Response:
    file = await upload(form, "file")
    if file is None:
        return _ledger_page(request, user, designation_id, {"file": "请选择要导入的 Excel 文件"})
    with unit_of_work(request, user.actor) as uow:
        try:
            import_expenditures(
                uow,
                designation_id,
                file.data,
                actor=user.actor,
                as_of=today(request),
                scope=user.scope,
            )
            uow.commit()
        except DomainError as err:
            if err.http_status == 404:
                raise
            shown = {"file": "；".join(p.message for p in err.problems) or err.message}
            return _ledger_page(request, user, designation_id, shown)
    return redirect(f"/finance/designations/{designation_id}")
