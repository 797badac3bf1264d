"""Finance screens: summary by scheme and category (SVG), ledgers, findings, Excel [Y16][S10]."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.web.auth import FormDep, UserDep, require
from api.web.charts import bar_chart
from api.web.core import HtmlRoute, form_errors, reading, redirect, render, today, unit_of_work
from api.web.forms import parse_date, parse_int, text, upload, values
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import DomainError, NotFound
from lifecycle.funding.applications import (
    DecideApplication,
    FileApplication,
    decide_application,
    file_application,
)
from lifecycle.funding.audit import AUDIT_JOB, ResolveFinding, resolve_finding, run_audit
from lifecycle.funding.excel_export import ledger_workbook, summary_workbook
from lifecycle.funding.excel_import import (
    ImportRejected,
    SheetRows,
    expenditure_template,
    import_expenditures,
    read_expenditure_sheet,
)
from lifecycle.funding.grant_changes import CorrectGrant, VoidGrant, correct_grant, void_grant
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.union_import import (
    designation_choices,
    import_union_expenditures,
    read_union_sheet,
    union_template,
)
from lifecycle.funding.views import designation_ledger, union_summary
from lifecycle.funding.vocab import (
    GRANT_KIND_LABELS,
    RESOLUTION_OUTCOME_LABELS,
    GrantKind,
    ResolutionOutcome,
)
from lifecycle.money import format_fen
from lifecycle.uow import UnitOfWork

router = APIRouter(route_class=HtmlRoute)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OUTCOMES = [(o.value, label) for o, label in RESOLUTION_OUTCOME_LABELS.items()]
GRANT_KINDS = [(k.value, label) for k, label in GRANT_KIND_LABELS.items()]
# Form names of the grant forms beside the service's field paths.
GRANT_FIELDS = {"grant_id": "_form", "expected_version": "_form", "designation_id": "_form"}


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
    *,
    import_error: str | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        summary = union_summary(uow, user.union_id, scope=user.read_scope)
        last_audit = uow.reminders.last_run_date(AUDIT_JOB)
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
            "import_error": import_error,
            "last_audit": last_audit,
            "audit_time": request.app.state.settings.audit_time,
            "audited": _audited(request),
        },
        status_code=422 if errors or import_error else 200,
    )


def _audited(request: Request) -> dict[str, int] | None:
    """What the audit just run found, as the redirect after it carries it (display only)."""
    q = request.query_params
    if q.get("audited") != "1":
        return None
    names = ("designations", "stored", "closed", "present")
    return {n: int(q[n]) if q.get(n, "").isdigit() else 0 for n in names}


@router.get("/finance", response_class=HTMLResponse)
def finance_page(request: Request, user: UserDep) -> HTMLResponse:
    """Funds received and spent by scheme, spending by category, open findings."""
    require(user, Permission.READ)
    return _summary_page(request, user)


@router.get("/finance/summary.xlsx")
def finance_export(request: Request, user: UserDep) -> Response:
    """The summary as an Excel workbook."""
    require(user, Permission.READ)
    with reading(request) as uow:
        summary = union_summary(uow, user.union_id, scope=user.read_scope)
    content = summary_workbook(summary, as_of=today(request))
    return _xlsx(content, f"经费汇总-{summary.union_name}.xlsx")


@router.post("/finance/audit")
def audit_now(request: Request, user: UserDep, _form: FormDep) -> Response:
    """Audit the money of every designation in the user's subtree now [Y16][S10]."""
    require(user, Permission.FUNDING_MANAGE)
    as_of = today(request)
    report = submit(
        request,
        user.actor,
        lambda uow: run_audit(uow, as_of=as_of, actor=user.actor, scope=user.scope),
    )
    if isinstance(report, Refused):  # nothing in it refuses; a conflict is shown like one
        return _summary_page(request, user, import_error=report.error.message)
    shown = {
        "audited": 1,
        "designations": report.designations,
        "present": report.present,
        "stored": report.stored,
        "closed": len(report.closed),
    }
    return redirect("/finance?" + urlencode(shown) + "#audit")


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
    as_of = today(request)
    resolved = submit(
        request,
        user.actor,
        lambda uow: resolve_finding(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope).id,
    )
    if isinstance(resolved, Refused):
        shown = form_errors(resolved.error, {"finding_id": "_form"})
        return _summary_page(request, user, {finding_id: shown}, {finding_id: values(form)})
    return redirect("/finance#findings")


def _ledger_page(
    request: Request,
    user: Principal,
    designation_id: int,
    errors: dict[str, str] | None = None,
    *,
    form: str | None = None,
    form_values: dict[str, str] | None = None,
) -> HTMLResponse:
    """The ledger; ``form`` names the form whose ``errors`` and typed values are shown again."""
    with reading(request) as uow:
        ledger = designation_ledger(uow, designation_id, scope=user.read_scope)
    return render(
        request,
        "finance_ledger.html",
        {
            "ledger": ledger,
            "errors": errors or {},
            "form": form,
            "values": form_values or {},
            "kinds": GRANT_KINDS,
            "today": today(request).isoformat(),
        },
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
    with reading(request) as uow:
        ledger = designation_ledger(uow, designation_id, scope=user.read_scope)
    content = ledger_workbook(ledger, as_of=today(request))
    return _xlsx(content, f"经费台账-{ledger.number or ledger.designation_id}.xlsx")


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
        shown = {"file": "请选择要导入的 Excel 文件"}
        return _ledger_page(request, user, designation_id, shown, form="import")

    def store(sheet: SheetRows) -> None:
        with unit_of_work(request, user.actor) as uow:
            import_expenditures(
                uow, designation_id, sheet, actor=user.actor, as_of=today(request), scope=user.scope
            )
            uow.commit()

    try:  # parsed, then stored, in worker threads: other users are served meanwhile
        sheet = await run_in_threadpool(read_expenditure_sheet, file.data, file.filename)
        await run_in_threadpool(store, sheet)
    except DomainError as err:
        if err.http_status == 404:
            raise
        # A rejected file's message names each bad cell: row, header, column and why.
        shown = {"file": err.message if isinstance(err, ImportRejected) else _messages(err)}
        return _ledger_page(request, user, designation_id, shown, form="import")
    return redirect(f"/finance/designations/{designation_id}")


def _ledger_action(
    request: Request,
    user: Principal,
    designation_id: int,
    form: FormData,
    *,
    name: str,
    anchor: str,
    fields: dict[str, str],
    act: Callable[[UnitOfWork], object],
) -> Response:
    """Run one form's use case and commit; a refusal shows the ledger page again with the
    errors beside the fields of form ``name`` and what was typed (404s propagate)."""
    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        shown = form_errors(outcome.error, fields)
        return _ledger_page(
            request, user, designation_id, shown, form=name, form_values=values(form)
        )
    return redirect(f"/finance/designations/{designation_id}#{anchor}")


@router.post("/finance/designations/{designation_id}/grants")
def new_grant(request: Request, user: UserDep, form: FormDep, designation_id: int) -> Response:
    """Record a grant: one-off, district matching or excellence support [Y14][Y15][S10]."""
    require(user, Permission.FUNDING_MANAGE)
    errors: dict[str, str] = {}
    approved_on = parse_date(form, "approved_on", "批准日期", errors)
    paid_on = parse_date(form, "paid_on", "到账日期", errors) if text(form, "paid_on") else None
    achievement_id = parse_int(form, "achievement_id", "成果编号", errors)
    kind = text(form, "kind")
    if kind not in set(GrantKind):
        errors["kind"] = "请选择补贴类别"
    if errors or approved_on is None:
        return _ledger_page(
            request, user, designation_id, errors, form="new", form_values=values(form)
        )
    cmd = RecordGrant(
        designation_id,
        GrantKind(kind),
        text(form, "approval_ref"),
        approved_on,
        paid_on,
        amount_yuan=text(form, "amount_yuan") or None,
        achievement_id=achievement_id,
        note=text(form, "note") or None,
    )
    as_of = today(request)
    return _ledger_action(
        request, user, designation_id, form, name="new", anchor="grants",
        fields={"designation_id": "_form"},
        act=lambda uow: record_grant(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope),
    )  # fmt: skip


def _grant_designation(request: Request, user: Principal, grant_id: int) -> int:
    """The designation of a grant in the caller's scope (else 404)."""
    with reading(request) as uow:
        grant = uow.funding.get_grant(grant_id, user.scope)
        if grant is None:
            raise NotFound("补贴记录不存在或不在可见范围内", field="grant_id")
        return grant.designation_id


@router.post("/finance/grants/{grant_id}/correct")
def correct(request: Request, user: UserDep, form: FormDep, grant_id: int) -> Response:
    """Correct a grant's 文号, dates or amount; the audit log keeps the old values."""
    require(user, Permission.FUNDING_MANAGE)
    designation_id = _grant_designation(request, user, grant_id)
    errors: dict[str, str] = {}
    approved_on = parse_date(form, "approved_on", "批准日期", errors)
    paid_on = parse_date(form, "paid_on", "到账日期", errors) if text(form, "paid_on") else None
    version = parse_int(form, "expected_version", "版本", errors)
    if errors:
        return _ledger_page(
            request, user, designation_id, errors, form=f"correct-{grant_id}",
            form_values=values(form),
        )  # fmt: skip
    cmd = CorrectGrant(
        grant_id,
        text(form, "reason"),
        expected_version=version,
        approval_ref=text(form, "approval_ref"),
        approved_on=approved_on,
        paid_on=paid_on,
        amount_yuan=text(form, "amount_yuan"),
    )
    return _change(request, user, designation_id, name=f"correct-{grant_id}", form=form, cmd=cmd)


@router.post("/finance/grants/{grant_id}/void")
def void(request: Request, user: UserDep, form: FormDep, grant_id: int) -> Response:
    """Void a grant recorded in error: it stays in the ledger as voided."""
    require(user, Permission.FUNDING_MANAGE)
    designation_id = _grant_designation(request, user, grant_id)
    errors: dict[str, str] = {}
    version = parse_int(form, "expected_version", "版本", errors)
    cmd = VoidGrant(grant_id, text(form, "reason"), expected_version=version)
    name = f"void-{grant_id}"
    return _change(request, user, designation_id, name=name, form=form, cmd=cmd, errors=errors)


def _change(
    request: Request,
    user: Principal,
    designation_id: int,
    *,
    name: str,
    form: FormData,
    cmd: CorrectGrant | VoidGrant,
    errors: dict[str, str] | None = None,
) -> Response:
    if errors:
        return _ledger_page(
            request, user, designation_id, errors, form=name, form_values=values(form)
        )
    as_of = today(request)

    def act(uow: UnitOfWork) -> object:
        if isinstance(cmd, CorrectGrant):
            return correct_grant(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope)
        return void_grant(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope)

    return _ledger_action(
        request, user, designation_id, form, name=name, anchor="grants", fields=GRANT_FIELDS,
        act=act,
    )  # fmt: skip


@router.get("/finance/union-expenditure-template.xlsx")
def union_template_download(request: Request, user: UserDep) -> Response:
    """The template for one file of all the user's union's workshops (命名记录 per row)."""
    require(user, Permission.EXPENDITURE_WRITE)
    with reading(request) as uow:
        choices = designation_choices(uow, user.union_id, scope=user.scope)
    return _xlsx(union_template(choices), "经费支出导入模板（多个工作室）.xlsx")


@router.post("/finance/import")
async def import_union_file(request: Request, user: UserDep, form: FormDep) -> Response:
    """Import one file for the union's workshops: every row checked first, all or nothing."""
    require(user, Permission.EXPENDITURE_WRITE)
    file = await upload(form, "file")
    if file is None:
        return _summary_page(request, user, import_error="请选择要导入的 Excel 文件")

    def store(sheet: SheetRows) -> None:
        with unit_of_work(request, user.actor) as uow:
            import_union_expenditures(
                uow, user.union_id, sheet, actor=user.actor, as_of=today(request), scope=user.scope
            )
            uow.commit()

    try:  # parsed, then stored, in worker threads: other users are served meanwhile
        sheet = await run_in_threadpool(read_union_sheet, file.data, file.filename)
        await run_in_threadpool(store, sheet)
    except DomainError as err:
        if err.http_status == 404:
            raise
        # A rejected file's message names each bad cell: row, header, column and why.
        shown = err.message if isinstance(err, ImportRejected) else _messages(err)
        return _summary_page(request, user, import_error=shown)
    return redirect("/finance#union-import")


def _messages(err: DomainError) -> str:
    return "；".join(p.message for p in err.problems) or err.message


@router.post("/finance/designations/{designation_id}/applications")
def apply(request: Request, user: UserDep, form: FormDep, designation_id: int) -> Response:
    """File an excellence support application for one achievement [Y15]."""
    require(user, Permission.FILING_SUBMIT)
    errors: dict[str, str] = {}
    achievement_id = parse_int(form, "achievement_id", "创新成果", errors, required=True)
    year = parse_int(form, "year", "备案年度", errors, required=True)
    filed_on = parse_date(form, "filed_on", "申请日期", errors)
    if errors or achievement_id is None or year is None or filed_on is None:
        return _ledger_page(
            request, user, designation_id, errors, form="apply", form_values=values(form)
        )
    cmd = FileApplication(
        designation_id,
        achievement_id,
        year,
        filed_on,
        text(form, "summary"),
        requested_yuan=text(form, "requested_yuan") or None,
    )
    as_of = today(request)
    return _ledger_action(
        request, user, designation_id, form, name="apply", anchor="applications",
        fields={"designation_id": "_form"},
        act=lambda uow: file_application(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope),
    )  # fmt: skip


@router.post("/finance/applications/{application_id}/decide")
def decide(request: Request, user: UserDep, form: FormDep, application_id: int) -> Response:
    """Record the 主席办公会议 decision: approve (文号, amount → grant) or reject (reason)."""
    require(user, Permission.FUNDING_MANAGE)
    with reading(request) as uow:
        application = uow.funding.get_application(application_id, user.scope)
        if application is None:
            raise NotFound("扶持申请不存在或不在可见范围内", field="application_id")
        designation_id = application.designation_id
    name = f"decide-{application_id}"
    errors: dict[str, str] = {}
    decided_on = parse_date(form, "decided_on", "审定日期", errors)
    paid_on = parse_date(form, "paid_on", "到账日期", errors) if text(form, "paid_on") else None
    version = parse_int(form, "expected_version", "版本", errors)
    decision = text(form, "decision")
    if decision not in ("approve", "reject"):
        errors["_form"] = "请选择同意扶持或不予扶持"
    if errors or decided_on is None:
        return _ledger_page(
            request, user, designation_id, errors, form=name, form_values=values(form)
        )
    cmd = DecideApplication(
        application_id,
        approve=decision == "approve",
        decided_on=decided_on,
        expected_version=version,
        decision_ref=text(form, "decision_ref") or None,
        amount_yuan=text(form, "amount_yuan") or None,
        paid_on=paid_on,
        reason=text(form, "reason") or None,
    )
    as_of = today(request)
    return _ledger_action(
        request, user, designation_id, form, name=name, anchor="applications",
        fields={"application_id": "_form", "expected_version": "_form"},
        act=lambda uow: decide_application(
            uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope
        ),
    )  # fmt: skip
