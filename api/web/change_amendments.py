"""附件3 pages amending a request: resubmit after a send-back, withdraw an open one [C 三（六）]."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.web.auth import FormDep, UserDep
from api.web.changes import CONFLICT, FORM_LEVEL, may_amend, page_labels
from api.web.core import (
    Forbidden,
    HtmlRoute,
    also_refused,
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
from lifecycle.accounts.principal import Principal
from lifecycle.changes.amend import (
    Resubmit,
    Withdraw,
    resubmit,
    resubmit_field_problems,
    returned_on_problems,
    withdraw,
    withdraw_field_problems,
    withdrawn_on_problems,
)
from lifecycle.changes.model import (
    CHANGE_REASON_LABELS,
    ChangeMeasure,
    ChangeReason,
    ChangeRequestStatus,
)
from lifecycle.uow import UnitOfWork
from lifecycle.views.changes import change_page, measure_choices

router = APIRouter(route_class=HtmlRoute)
REFUSED = "您的角色无权修改或撤回管理变更申请"


def _form(
    request: Request,
    user: Principal,
    request_id: int,
    which: str,
    *,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    """The resubmit or withdraw form, with the request's current content as defaults."""
    with reading(request) as uow:
        page = change_page(uow, request_id, scope=user.read_scope)
        if not may_amend(user, page):
            raise Forbidden(REFUSED)
        r = page.request
        on = today(request).isoformat()
        defaults: dict[str, str] = {"signer": user.display_name, "expected_version": str(r.version)}
        if which == "resubmit":
            defaults |= {
                "resubmitted_on": on,
                "reason": r.reason.value,
                "reason_details": r.reason_details,
                "measure": r.measure.value,
                "new_leader_person_id": str(r.new_leader_person_id or ""),
            }
        else:
            defaults["withdrawn_on"] = on
        choices = measure_choices(page.designation.scheme_code)  # what the scheme allows
        shown = {**defaults, **(form_values or {})}
        context: dict[str, Any] = {
            "page": page,
            "labels": page_labels(page),
            "which": which,
            "picker": picker(uow, shown, "new_leader_person_id", scope=user.scope),
            "reasons": [("", "请选择")] + [(x.value, t) for x, t in CHANGE_REASON_LABELS.items()],
            "measures": choices.options,
            "measure_note": choices.note,
            "leader_change": choices.leader_change,
            "errors": errors or {},
            "values": shown,
            "open": r.is_open,
            "returned": r.status is ChangeRequestStatus.RETURNED,
            "pages_query": designation_pages_query(request.query_params),  # the title page's
        }
        code = status_code or (422 if errors else 200)
        return render(request, "changes/amend.html", context, status_code=code)


@router.get("/changes/{request_id}/resubmit", response_class=HTMLResponse)
def resubmit_form(request: Request, user: UserDep, request_id: IdPath) -> HTMLResponse:
    """Amend a returned request: reason, details, measure, new leader, then submit again."""
    return _form(request, user, request_id, "resubmit")


@router.get("/changes/{request_id}/withdraw", response_class=HTMLResponse)
def withdraw_form(request: Request, user: UserDep, request_id: IdPath) -> HTMLResponse:
    """Withdraw an open request with a reason."""
    return _form(request, user, request_id, "withdraw")


def _run(
    request: Request, user: Principal, form: FormData, request_id: int, which: str
) -> Response:
    with reading(request) as uow:
        page = change_page(uow, request_id, scope=user.read_scope)
        if not may_amend(user, page):
            raise Forbidden(REFUSED)
        last_step_on = page.request.waiting_since  # the day its last step was taken
        returned = page.request.status is ChangeRequestStatus.RETURNED
    if searching(form):  # the person picker's 搜索 button: show the hits, write nothing
        return _form(request, user, request_id, which, form_values=values(form))
    errors: dict[str, str] = {}
    version = parse_int(form, "expected_version", "版本", errors)
    as_of = today(request)
    if which == "resubmit":
        reason, measure = text(form, "reason"), text(form, "measure")
        if reason not in set(ChangeReason):
            errors["reason"] = "请选择申请原因"
        if measure not in set(ChangeMeasure):
            errors["measure"] = "请选择拟采取的措施"
        on = parse_date(form, "resubmitted_on", "重新提交日期", errors)
        person_id = parse_int(form, "new_leader_person_id", "新领衔人", errors)
    else:
        on = parse_date(form, "withdrawn_on", "撤回日期", errors)
    if errors or on is None:
        if which == "resubmit":
            chosen = ChangeMeasure(measure) if measure in set(ChangeMeasure) else None
            details = text(form, "reason_details")
            typed = resubmit_field_problems(
                text(form, "signer"), on, details, chosen, person_id, as_of=as_of
            )
            if returned:  # dated before the return: said with the rest
                typed += returned_on_problems(last_step_on, on)
        else:
            typed = withdraw_field_problems(
                text(form, "signer"), text(form, "reason"), on, as_of=as_of
            )
            typed += withdrawn_on_problems(last_step_on, on)
        also_refused(errors, typed)
        return _form(request, user, request_id, which, errors=errors, form_values=values(form))

    def act(uow: UnitOfWork) -> None:
        if which == "resubmit":
            cmd = Resubmit(
                request_id, user.union_id, on, text(form, "signer"), ChangeReason(reason),
                text(form, "reason_details"), ChangeMeasure(measure), person_id,
                expected_version=version,
            )  # fmt: skip
            resubmit(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope)
        else:
            back = Withdraw(
                request_id, user.union_id, on, text(form, "signer"), text(form, "reason"),
                version,
            )  # fmt: skip
            withdraw(uow, back, actor=user.actor, as_of=as_of, scope=user.scope)

    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        kept = values(form)
        if outcome.conflict:
            shown, code = {"_form": CONFLICT}, 409
        else:
            shown, code = form_errors(outcome.error, FORM_LEVEL), 422
        return _form(
            request, user, request_id, which, errors=shown, form_values=kept, status_code=code
        )
    return redirect(f"/changes/{request_id}{designation_pages_query(request.query_params)}")


@router.post("/changes/{request_id}/resubmit")
def resubmit_post(request: Request, user: UserDep, form: FormDep, request_id: IdPath) -> Response:
    """Submit the amended request again; it starts over at the unit step [C]."""
    return _run(request, user, form, request_id, "resubmit")


@router.post("/changes/{request_id}/withdraw")
def withdraw_post(request: Request, user: UserDep, form: FormDep, request_id: IdPath) -> Response:
    """Withdraw the request before the city decides."""
    return _run(request, user, form, request_id, "withdraw")
