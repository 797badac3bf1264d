"""附件3 change-request screens: file a request, decide each step, print the form [C 三（六）]."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.downloads import download
from api.security import document_response
from api.web.auth import FormDep, UserDep, require
from api.web.core import (
    TEMPLATES,
    Forbidden,
    HtmlRoute,
    also_refused,
    config,
    form_errors,
    reading,
    redirect,
    render,
    today,
)
from api.web.forms import parse_date, parse_int, text, values
from api.web.ids import IdPath
from api.web.pages import designation_pages_query
from api.web.picker import picker, searching
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.changes.attachments import attachable_kinds
from lifecycle.changes.checks import (
    OPINION_MAX,
    REASON_DETAILS_MAX,
    decision_date_hint,
    filer_refusal,
    stale_version,
    step_done,
    step_text,
)
from lifecycle.changes.document import change_form
from lifecycle.changes.html import render_change_form_html
from lifecycle.changes.model import (
    ATTACHMENT_KIND_LABELS,
    CHANGE_MEASURE_LABELS,
    CHANGE_REASON_LABELS,
    CHANGE_STATUS_LABELS,
    CHANGE_STEP_LABELS,
    STEP_ACTION_LABELS,
    ChangeMeasure,
    ChangeReason,
    ChangeStep,
)
from lifecycle.changes.pdf import render_change_form_pdf
from lifecycle.changes.service import (
    FileChangeRequest,
    SendBack,
    StepDecision,
    approve_step,
    decision_field_problems,
    decision_ref_problems,
    file_change_request,
    filing_field_problems,
    reject,
    send_back,
)
from lifecycle.clock import chinese_date
from lifecycle.errors import NotFound
from lifecycle.files.storage import ALLOWED_EXTENSIONS, FileStorage
from lifecycle.leaders.events import event_defaults
from lifecycle.leaders.model import LEADER_EVENT_LABELS
from lifecycle.schemes.authority import Act
from lifecycle.schemes.registry import get_scheme
from lifecycle.uow import UnitOfWork
from lifecycle.views.changes import (
    ChangePage,
    change_page,
    change_section,
    filing_blocked,
    measure_choices,
)

router = APIRouter(route_class=HtmlRoute)

CONFLICT = "该申请已被他人处理（记录已变化），您的意见未保存，请刷新页面查看最新状态后重试"
STEP_PERMISSION = {
    ChangeStep.UNIT: Permission.CHANGE_REQUEST_FILE,
    ChangeStep.DISTRICT: Permission.CHANGE_REQUEST_REVIEW,
    ChangeStep.CITY: Permission.CHANGE_REQUEST_DECIDE,
}
STEP_CITES = {ChangeStep.CITY: Act.DECIDE_CHANGE}
ACTIONS = {"approve": "同意", "send_back": "退回修改", "reject": "不同意"}
LABELS = {
    "reason": CHANGE_REASON_LABELS,
    "measure": CHANGE_MEASURE_LABELS,
    "status": CHANGE_STATUS_LABELS,
    "step": CHANGE_STEP_LABELS,
    "action": STEP_ACTION_LABELS,
    "leader_event": LEADER_EVENT_LABELS,
    "attachment": ATTACHMENT_KIND_LABELS,
}


def attach_kinds(page: ChangePage, union_id: int | None) -> list[tuple[str, str]]:
    """The 附件类别 menu: the kinds this union may attach now (after the decision, the deciding
    body's decision document and signed form only) [C 三（六）]."""
    kinds = attachable_kinds(page.request, page.designation, union_id)
    return [("", "请选择"), *((k.value, ATTACHMENT_KIND_LABELS[k]) for k in kinds)]


TEMPLATES.env.globals["change_labels"] = LABELS  # the designation page's 附件3 section
# The texts a request's forms take, as its rules (and the API's bodies) bound them.
TEMPLATES.env.globals["CHANGE_LIMITS"] = {
    "reason_details": REASON_DETAILS_MAX,
    "opinion": OPINION_MAX,
}


def upload_hint(storage: FileStorage) -> str:
    """The file types and size an upload takes (the same rules as every evidence upload)."""
    types = "、".join(e.lstrip(".") for e in ALLOWED_EXTENSIONS)
    return f"{types}，不超过 {storage.max_bytes // (1024 * 1024)} MB"


def page_labels(page: ChangePage) -> dict[str, object]:
    """``LABELS`` with the steps and statuses as the title's scheme names its deciding body."""
    return {**LABELS, "step": page.step_labels, "status": page.status_labels}


# Refusals of the record or the acting union, not of an input of the forms, are shown above them
# (``form_errors``; the version the forms carry hidden is one of its ``RECORD_FIELDS``).
FORM_LEVEL = dict.fromkeys(("acting_union_id", "request_id", "designation_id", "step"), "_form")


def step_actions(step: ChangeStep | None) -> dict[str, str]:
    """The opinions a step offers: the unit union agrees (or withdraws, elsewhere); the district
    agrees or sends back; the city agrees, sends back or does not agree [C 三（六）]."""
    return {
        k: v
        for k, v in ACTIONS.items()
        if (k != "send_back" or step is not ChangeStep.UNIT)
        and (k != "reject" or step is ChangeStep.CITY)
    }


def can_file(user: Principal) -> bool:
    """The roles that file a 附件3 (the unit's union or, reviewing, its district union)."""
    return user.can(Permission.CHANGE_REQUEST_FILE) or user.can(Permission.CHANGE_REQUEST_REVIEW)


def may_amend(user: Principal, page: ChangePage) -> bool:
    """The filers — the unit's union or its district union — amend and withdraw [C]."""
    d = page.designation
    return can_file(user) and user.union_id in (d.workshop.unit_union_id, d.district_union_id)


# ---- filing -------------------------------------------------------------------------------


def _new_form(
    request: Request,
    user: Principal,
    designation_id: int,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
    *,
    event_id: int | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        designation = uow.designations.get(designation_id, user.scope)
        if designation is None:
            raise NotFound("命名记录不存在或不在管辖范围内", field="designation_id")
        # Only the current leader's events are reported on a 附件3 [C 三（六）].
        leader_id = designation.workshop.leader_person_id
        events = [
            e for e in uow.leaders.events_for_workshop(designation.workshop_id)
            if e.person_id == leader_id
        ]  # fmt: skip
        section = change_section(uow, designation)
        defaults = {"filed_on": today(request).isoformat(), "filed_by": user.display_name}
        if event_id is None and form_values is None and events:
            # Opened without naming one: the current leader's latest event is what it reports.
            event_id = max(events, key=lambda e: (e.occurred_on, e.id)).id
        if event_id in {e.id for e in events}:  # 附件3 from the current leader's event
            defaults |= event_defaults(uow, designation.workshop_id, event_id)
        choices = measure_choices(designation.scheme_code)  # only what the scheme allows [S9][C]
        if choices.only is not None:
            defaults["measure"] = choices.only
        shown = {**defaults, **(form_values or {})}
        context: dict[str, Any] = {
            "d": designation,
            "leader_word": get_scheme(designation.scheme_code).settings.leader_word,
            "reasons": [("", "请选择")] + [(r.value, t) for r, t in CHANGE_REASON_LABELS.items()],
            "measures": choices.options,
            "measure_note": choices.note,
            "leader_change": choices.leader_change,
            "events": [("", "（不引用）")]
            + [
                (str(e.id), f"{chinese_date(e.occurred_on)} {LEADER_EVENT_LABELS[e.kind]}")
                for e in events
            ],
            "errors": errors or {},
            "values": shown,
            "picker": picker(uow, shown, "new_leader_person_id", scope=user.scope),
            # A union that may not file is told so instead of being given the fields [C 三（六）];
            # so is everyone while the title may take none (lost, one open, a 摘牌 applied for).
            "unavailable": filer_refusal(designation, user.union_id)
            or filing_blocked(uow, designation),
            "open_id": section.open_id,
            "pages_query": designation_pages_query(request.query_params),  # the title page's
        }
        return render(request, "changes/new.html", context, status_code=422 if errors else 200)


@router.get("/designations/{designation_id}/changes/new", response_class=HTMLResponse)
def new_change(
    request: Request, user: UserDep, designation_id: IdPath, event: int | None = None
) -> HTMLResponse:
    """The 附件3 form to file: reason, details, measure, new leader (honours from the registry);
    started from a leader event (``?event=``) it comes with the reason and date filled in."""
    if not can_file(user):
        raise Forbidden("您的角色无权提出管理变更申请")
    return _new_form(request, user, designation_id, event_id=event)


def _filing(
    form: FormData, designation_id: int, user: Principal, errors: dict[str, str], *, as_of: date
) -> FileChangeRequest | None:
    reason = text(form, "reason")
    if reason not in set(ChangeReason):
        errors["reason"] = "请选择申请原因"
    measure = text(form, "measure")
    if measure not in set(ChangeMeasure):
        errors["measure"] = "请选择拟采取的措施"
    filed_on = parse_date(form, "filed_on", "填报日期", errors)
    person_id = parse_int(form, "new_leader_person_id", "新领衔人", errors)
    event_id = parse_int(form, "leader_event_id", "带头人情况记录", errors)
    details, filed_by = text(form, "reason_details"), text(form, "filed_by")
    if errors or filed_on is None:
        chosen = ChangeMeasure(measure) if measure in set(ChangeMeasure) else None
        typed = filing_field_problems(filed_by, filed_on, details, chosen, person_id, as_of=as_of)
        also_refused(errors, typed)
        return None
    return FileChangeRequest(
        designation_id=designation_id,
        acting_union_id=user.union_id,
        reason=ChangeReason(reason),
        reason_details=details,
        measure=ChangeMeasure(measure),
        filed_on=filed_on,
        filed_by=filed_by,
        new_leader_person_id=person_id,
        leader_event_id=event_id,
    )


@router.post("/designations/{designation_id}/changes")
def file_change(request: Request, user: UserDep, form: FormDep, designation_id: IdPath) -> Response:
    """File the request as the user's union; every refusal shown beside its field [C]."""
    if not can_file(user):
        raise Forbidden("您的角色无权提出管理变更申请")
    if searching(form):  # the person picker's 搜索 button: show the hits, write nothing
        return _new_form(request, user, designation_id, None, values(form))
    errors: dict[str, str] = {}
    as_of = today(request)
    cmd = _filing(form, designation_id, user, errors, as_of=as_of)
    if cmd is None:
        return _new_form(request, user, designation_id, errors, values(form))
    created = submit(
        request,
        user.actor,
        lambda uow: (
            file_change_request(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope).id
        ),
        propagate=lambda err: err.http_status == 404 and err.field == "designation_id",
    )
    if isinstance(created, Refused):
        shown = form_errors(created.error, FORM_LEVEL)
        return _new_form(request, user, designation_id, shown, values(form))
    # The new request's page, its link to the title at the pages the user came from.
    return redirect(f"/changes/{created}{designation_pages_query(request.query_params)}")


# ---- one request and its step decisions ---------------------------------------------------


def _page(
    request: Request,
    user: Principal,
    request_id: int,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
    *,
    status_code: int | None = None,
    attach_errors: dict[str, str] | None = None,
    attach_values: dict[str, str] | None = None,
) -> HTMLResponse:
    """The request's page; ``attach_errors`` and ``attach_values`` are the upload form's."""
    with reading(request) as uow:
        page = change_page(uow, request_id, scope=user.read_scope, as_of=today(request))
        waiting = page.waiting_step
        may_act = (
            waiting is not None
            and page.request.status != "returned"
            and user.can(STEP_PERMISSION[waiting])
            and user.union_id == page.waiting_union_id
        )
        actions = [("", "请选择"), *step_actions(waiting).items()]
        on = today(request)
        defaults = {"decided_on": on.isoformat(), "signer": user.display_name}
        context = {
            # the days the step may carry, told before a refusal says them [C 三（六）]
            "date_hint": decision_date_hint(page.request.waiting_since, on),
            "today_iso": on.isoformat(),
            "page": page,
            "labels": page_labels(page),
            "may_act": may_act,
            "actions": actions,
            "errors": errors or {},
            "values": {**defaults, **(form_values or {})},
            "version": str(page.request.version),
            "may_amend": may_amend(user, page),
            # The stamped 附件3 and its proofs: by the union acting now or the filer [C 三（六）].
            "may_attach": user.can(Permission.CHANGE_REQUEST_ATTACH)
            and user.union_id in page.attachers,
            "attach_kinds": attach_kinds(page, user.union_id),
            "attach_errors": attach_errors or {},
            "attach_values": attach_values or {},
            "upload_hint": upload_hint(config(request).storage),
            "pages_query": designation_pages_query(request.query_params),  # the title page's
        }
        code = status_code or (422 if errors or attach_errors else 200)
        return render(request, "changes/request.html", context, status_code=code)


@router.get("/changes/{request_id}", response_class=HTMLResponse)
def change_detail(request: Request, user: UserDep, request_id: IdPath) -> HTMLResponse:
    """The request, its step log, and the decision form for the union whose step is next."""
    require(user, Permission.READ)
    return _page(request, user, request_id)


def _decide(
    request: Request,
    user: Principal,
    form: FormData,
    request_id: int,
    step: ChangeStep,
    *,
    measure: ChangeMeasure,
) -> Response | None:
    """Run the chosen decision; None on success, else the page with the errors."""
    errors: dict[str, str] = {}
    action = text(form, "action")
    offered = step_actions(step)
    if action not in offered:
        *first, last = offered.values()
        errors["action"] = f"请选择办理意见（{'、'.join(first) + '或' if first else ''}{last}）"
    decided_on = parse_date(form, "decided_on", "日期", errors)
    version = parse_int(form, "expected_version", "版本", errors)
    signer, opinion = text(form, "signer"), text(form, "opinion")
    as_of = today(request)
    if errors or decided_on is None:
        label = step_text(action == "send_back").label
        typed = decision_field_problems(signer, opinion, decided_on, label=label, as_of=as_of)
        if action == "approve":
            typed += decision_ref_problems(step, measure, text(form, "decision_ref"))
        also_refused(errors, typed)
        return _page(request, user, request_id, errors, values(form))

    def act(uow: UnitOfWork) -> None:
        if action == "send_back":
            cmd_back = SendBack(
                request_id, step, user.union_id, decided_on, signer, opinion, version
            )
            send_back(uow, cmd_back, actor=user.actor, as_of=as_of, scope=user.scope)
            return
        cmd = StepDecision(
            request_id,
            step,
            user.union_id,
            decided_on,
            signer,
            opinion,
            decision_ref=text(form, "decision_ref") or None,
            expected_version=version,
        )
        run = approve_step if action == "approve" else reject
        run(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope)

    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        if outcome.conflict:
            return _page(request, user, request_id, {"_form": CONFLICT}, status_code=409)
        shown = form_errors(outcome.error, FORM_LEVEL)
        return _page(request, user, request_id, shown, values(form))
    return None


@router.post("/changes/{request_id}/decision")
def decide(request: Request, user: UserDep, form: FormDep, request_id: IdPath) -> Response:
    """Approve, send back or reject the waiting step as the user's union [C 三（六）]."""
    with reading(request) as uow:
        page = change_page(uow, request_id, scope=user.read_scope)
        step, measure = page.waiting_step, page.request.measure
        # Before the step's role: a form shown before another's decision was for the step it
        # showed, not the one the request waits for now; what was typed is shown again.
        stale = stale_version(page.request, parse_int(form, "expected_version", "版本", {}))
        shown = text(form, "step")  # the step the form was for: decided meanwhile, by whom
        if stale is not None and shown in set(ChangeStep):
            done = step_done(uow, page.request, page.designation, ChangeStep(shown))
            stale = done or stale
    if stale is not None:
        return _page(request, user, request_id, {"_form": stale}, values(form), status_code=409)
    if step is None:
        return _page(request, user, request_id, {"_form": "该申请已办结，不能再办理"})
    # the city's 审定 refused citing who decides, as the API's role refusal [C 三（六）]
    require(user, STEP_PERMISSION[step], cites=STEP_CITES.get(step))
    refused = _decide(request, user, form, request_id, step, measure=measure)
    kept = designation_pages_query(request.query_params)  # back to the title page's pages
    return refused or redirect(f"/changes/{request_id}{kept}")


# ---- the 附件3 form --------------------------------------------------------------------------


@router.get("/changes/{request_id}/form", response_class=HTMLResponse)
def form_html(request: Request, user: UserDep, request_id: IdPath) -> HTMLResponse:
    """The 附件3 form as printable HTML."""
    require(user, Permission.READ)
    with reading(request) as uow:
        doc = change_form(uow, request_id, scope=user.read_scope)
    return document_response(render_change_form_html(doc))


@router.get("/changes/{request_id}/form.pdf")
def form_pdf(request: Request, user: UserDep, request_id: IdPath) -> Response:
    """The 附件3 form as PDF (STSong-Light)."""
    require(user, Permission.READ)
    with reading(request) as uow:
        doc = change_form(uow, request_id, scope=user.read_scope)
    pdf = render_change_form_pdf(doc)
    return download(pdf, f"管理变更申请表-{request_id}.pdf", "application/pdf", inline=True)
