"""Finance screens: summary by scheme and category (SVG), ledgers, findings, Excel [Y16][S10]."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.downloads import xlsx
from api.web.auth import FormDep, UserDep, own_tree, require
from api.web.charts import bar_chart
from api.web.core import (
    HtmlRoute,
    also_refused,
    form_errors,
    reading,
    redirect,
    render,
    today,
    unit_of_work,
)
from api.web.forms import parse_date, text, upload, values
from api.web.ids import IdPath
from api.web.ledger_pages import LISTS, back_to, ledger_sections
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import DomainError
from lifecycle.funding.audit import (
    AUDIT_JOB,
    ResolveFinding,
    resolution_field_problems,
    resolve_finding,
    run_audit,
)
from lifecycle.funding.excel_export import ledger_workbook, summary_workbook
from lifecycle.funding.excel_import import (
    ImportRejected,
    SheetRows,
    expenditure_template,
    import_expenditures,
    read_expenditure_sheet,
)
from lifecycle.funding.expenditure_changes import may_change_expenditures
from lifecycle.funding.payer import may_write_money
from lifecycle.funding.refunds import Refund
from lifecycle.funding.union_import import (
    designation_choices,
    import_union_expenditures,
    read_union_sheet,
    union_template,
)
from lifecycle.funding.vocab import (
    RESOLUTION_OUTCOME_LABELS,
    ResolutionOutcome,
)
from lifecycle.money import format_fen
from lifecycle.uow import UnitOfWork
from lifecycle.validation import ascii_digits
from lifecycle.views.funding import designation_ledger
from lifecycle.views.funding_summary import union_summary

router = APIRouter(route_class=HtmlRoute)

OUTCOMES = [(o.value, label) for o, label in RESOLUTION_OUTCOME_LABELS.items()]


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
    # The user's read scope is their union's subtree: its city tree is the menu's [S10], not [L 三]
    matching = own_tree(request).district_matching
    per_category: dict[str, int] = defaultdict(int)
    for row in summary.by_category:
        # A use is 禁止 only where the title's article says so [Y16]; elsewhere a finding (35a).
        per_category[row.category_label + (f"（{row.mark}）" if row.mark else "")] += row.spent_fen
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
            # The findings this user's union answers for (``payer.finding_answerers``): only
            # these carry the form; the others say whose finance staff resolve them.
            "answers": frozenset(
                fid
                for fid, unions in summary.answerers.items()
                if may_write_money(unions, union_id=user.union_id, role=user.role)
            ),
            "chart": chart,
            "outcomes": OUTCOMES,
            "errors": errors or {},
            "values": form_values or {},
            "today": today(request).isoformat(),
            "import_error": import_error,
            "last_audit": last_audit,
            "matching": matching,
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
    return {n: int(q[n]) if ascii_digits(q.get(n, "")) else 0 for n in names}


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
    return xlsx(content, f"经费汇总-{summary.union_name}.xlsx")


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
def resolve(request: Request, user: UserDep, form: FormDep, finding_id: IdPath) -> Response:
    """Close a finding with an outcome and a note; the finding itself stays [Y16]."""
    require(user, Permission.FINDING_RESOLVE)
    errors: dict[str, str] = {}
    resolved_on = parse_date(form, "resolved_on", "处理日期", errors)
    # The refund's date: blank unless the outcome is 已退回 (the use case says what is missing).
    refunded_on = (
        parse_date(form, "refunded_on", "退回日期", errors) if text(form, "refunded_on") else None
    )
    outcome = text(form, "outcome")
    if outcome not in set(ResolutionOutcome):
        errors["outcome"] = "请选择处理结果"
    note, as_of = text(form, "note"), today(request)
    if errors or resolved_on is None:
        also_refused(errors, resolution_field_problems(note, resolved_on, as_of=as_of))
        return _summary_page(request, user, {finding_id: errors}, {finding_id: values(form)})
    refund = Refund(text(form, "refund_yuan"), refunded_on, text(form, "refund_ref"))
    cmd = ResolveFinding(finding_id, ResolutionOutcome(outcome), note, resolved_on, refund)
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
    imported: int | None = None,
) -> HTMLResponse:
    """The ledger; ``form`` names the form whose ``errors`` and typed values are shown again;
    ``imported``: how many expenditures the Excel import just stored."""
    with reading(request) as uow:
        ledger = designation_ledger(uow, designation_id, scope=user.read_scope)
    sections = ledger_sections(ledger, request.query_params, form)

    kinds = [
        (kind, label, payer, article)
        for (kind, label), (_, payer, article) in zip(
            ledger.grant_kinds, ledger.kind_payers, strict=True
        )
    ]

    def pays(union_id: int | None) -> bool:  # only the paying union's finance writes money
        return union_id is not None and may_write_money(
            (union_id,), union_id=user.union_id, role=user.role
        )

    return render(
        request,
        "finance_ledger.html",
        {
            "ledger": ledger,
            "writable": frozenset(g.id for g in ledger.grants if pays(g.paying_union_id)),
            "new_kinds": [(k, label) for k, label, payer, _ in kinds if pays(payer)],
            "other_kinds": [kind for kind in kinds if not pays(kind[2])],
            "decides_support": pays(ledger.support_decider_id),
            "amends_spending": ledger.unit_union_id is not None
            and may_change_expenditures(
                ledger.unit_union_id, union_id=user.union_id, role=user.role
            ),
            "errors": errors or {},
            "form": form,
            "values": form_values or {},
            "today": today(request).isoformat(),
            "imported": imported,
            **sections,
        },
        status_code=422 if errors else 200,
    )


@router.get("/finance/designations/{designation_id}", response_class=HTMLResponse)
def ledger_page(
    request: Request, user: UserDep, designation_id: IdPath, imported: int | None = None
) -> HTMLResponse:
    """One designation's fund ledger with its running balance and findings; after an Excel
    import, how many expenditures it stored (``imported``)."""
    require(user, Permission.READ)
    shown = imported if imported is not None and imported >= 0 else None
    return _ledger_page(request, user, designation_id, imported=shown)


@router.get("/finance/designations/{designation_id}/ledger.xlsx")
def ledger_export(request: Request, user: UserDep, designation_id: IdPath) -> Response:
    """The fund ledger as an Excel workbook."""
    require(user, Permission.READ)
    with reading(request) as uow:
        ledger = designation_ledger(uow, designation_id, scope=user.read_scope)
    content = ledger_workbook(ledger, as_of=today(request))
    return xlsx(content, f"经费台账-{ledger.number or ledger.designation_id}.xlsx")


@router.get("/finance/designations/{designation_id}/expenditure-template.xlsx")
def designation_template(request: Request, user: UserDep, designation_id: IdPath) -> Response:
    """The Excel template for one title, its notes citing the title's own scheme."""
    require(user, Permission.READ)
    with reading(request) as uow:
        ledger = designation_ledger(uow, designation_id, scope=user.read_scope)
    content = expenditure_template(
        ledger.earmark_article, rule=ledger.earmark_rule, lists_uses=ledger.earmark_lists_uses
    )
    return xlsx(content, f"经费支出导入模板-{ledger.number or ledger.designation_id}.xlsx")


@router.get("/finance/expenditure-template.xlsx")
def template_download(user: UserDep) -> Response:
    """The Excel template for importing expenditures."""
    require(user, Permission.READ)
    return xlsx(expenditure_template(), "经费支出导入模板.xlsx")


@router.post("/finance/designations/{designation_id}/import")
async def import_file(
    request: Request, user: UserDep, form: FormDep, designation_id: IdPath
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

    def store(sheet: SheetRows) -> int:
        with unit_of_work(request, user.actor) as uow:
            report = import_expenditures(
                uow, designation_id, sheet, actor=user.actor, as_of=today(request), scope=user.scope
            )
            uow.commit()
        return report.imported

    try:  # parsed, then stored, in worker threads: other users are served meanwhile
        sheet = await run_in_threadpool(read_expenditure_sheet, file.data, file.filename)
        count = await run_in_threadpool(store, sheet)
    except DomainError as err:
        if err.http_status == 404:
            raise
        # A rejected file's message names each bad cell: row, header, column and why.
        shown = {"file": err.message if isinstance(err, ImportRejected) else _messages(err)}
        return _ledger_page(request, user, designation_id, shown, form="import")
    ledger = f"/finance/designations/{designation_id}"
    return redirect(back_to(ledger, request.query_params, _PAGES, "expenditures", imported=count))


# The page parameter of each of the fund ledger's lists.
_PAGES = tuple(param for _, param, _ in LISTS)


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
    # Back on the pages of the ledger's lists the user was on (the form's address kept them).
    return redirect(
        back_to(f"/finance/designations/{designation_id}", request.query_params, _PAGES, anchor)
    )


@router.get("/finance/union-expenditure-template.xlsx")
def union_template_download(request: Request, user: UserDep) -> Response:
    """The template for one file of all the user's union's workshops (命名记录 per row)."""
    require(user, Permission.EXPENDITURE_WRITE)
    with reading(request) as uow:
        choices = designation_choices(uow, user.union_id, scope=user.scope)
    return xlsx(union_template(choices), "经费支出导入模板（多个工作室）.xlsx")


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
