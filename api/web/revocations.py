"""The district officer's 撤牌 confirmation after a missed 整改 deadline, with its 文号 [Y12]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.web.auth import FormDep, UserDep, require
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
from api.web.forms import parse_date, parse_int, text, values
from api.web.ids import IdPath
from api.web.pages import designation_pages_query, title_page_back
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.designations.authority import authority_refusal
from lifecycle.errors import DomainError
from lifecycle.notices.model import NOTICE_STATUS_LABELS, NoticeStatus
from lifecycle.notices.rules import revocation_refusal
from lifecycle.notices.service import (
    ConfirmRevocation,
    confirm_revocation,
    revocation_field_problems,
)
from lifecycle.schemes.authority import Act
from lifecycle.views.assessment import TitleSummary
from lifecycle.views.inspection import notice_view

router = APIRouter(route_class=HtmlRoute)


@dataclass(frozen=True)
class NoticeSummary:
    """The notice as the page shows it (plain values: the page renders after the session)."""

    id: int
    number: str
    deadline: date
    status: str
    version: int


_FIELDS = {"notice_id": "_form", "expected_version": "_form", "actor": "_form"}


def _page(
    request: Request,
    user: Principal,
    notice_id: int,
    *,
    form_values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    # Read in a transaction of its own: a refused post has ended its own before this runs.
    with reading(request) as uow:
        view = notice_view(uow, notice_id, scope=user.read_scope)
        notice = NoticeSummary(
            view.notice.id,
            view.notice.number,
            view.notice.deadline,
            view.notice.status,
            view.notice.version,
        )
        title = TitleSummary.of(view.designation)
        as_of = today(request)
        # Asked of the use case's rules on today: the form only where it would pass [Y12].
        why = revocation_refusal(notice.status == NoticeStatus.OPEN, notice.deadline, as_of)
        refused = authority_refusal(uow, view.designation, Act.CONFIRM_REVOCATION, user.actor)
        # Who may act first, as the use case checks it: a union that may not confirm 撤牌 is not
        # told of a day from which it seemingly could [Y12].
        unavailable = refused.message if refused is not None else (why[2] if why else None)
    initial = {"decided_on": as_of.isoformat(), "expected_version": str(notice.version)}
    return render(
        request,
        "revocation.html",
        {
            "notice": notice,
            "designation": title,
            "status_labels": NOTICE_STATUS_LABELS,
            "unavailable": unavailable,
            "values": form_values or initial,
            "errors": errors or {},
            "pages_query": designation_pages_query(request.query_params),  # the title page's
        },
        status_code=422 if errors else 200,
    )


@router.get("/notices/{notice_id}/revocation", response_class=HTMLResponse)
def revocation_form(request: Request, user: UserDep, notice_id: IdPath) -> HTMLResponse:
    """The confirmation form, offered once the deadline passed without a passed re-inspection."""
    require(user, Permission.REVOCATION_CONFIRM, cites=Act.CONFIRM_REVOCATION)
    return _page(request, user, notice_id)


@router.post("/notices/{notice_id}/revocation")
def confirm(request: Request, user: UserDep, form: FormDep, notice_id: IdPath) -> Response:
    """Confirm 撤牌: the title is revoked, the notice closed with the decision's 文号."""
    require(user, Permission.REVOCATION_CONFIRM, cites=Act.CONFIRM_REVOCATION)
    errors: dict[str, str] = {}
    decided_on = parse_date(form, "decided_on", "决定日期", errors)
    version = parse_int(form, "expected_version", "版本", errors)
    decision_ref = text(form, "decision_ref")
    reason = text(form, "reason") or "逾期仍未有效整改，撤牌，不再保留工作室称号"
    as_of = today(request)
    if errors or decided_on is None:
        also_refused(
            errors, revocation_field_problems(decision_ref, reason, decided_on, as_of=as_of)
        )
        return _page(request, user, notice_id, form_values=values(form), errors=errors)
    cmd = ConfirmRevocation(notice_id, decided_on, decision_ref, reason, expected_version=version)
    shown: dict[str, str] = {}
    with unit_of_work(request, user.actor) as uow:
        try:
            notice = confirm_revocation(uow, cmd, actor=user.actor, as_of=as_of, scope=user.scope)
            designation_id = notice.designation_id
            uow.commit()
        except DomainError as err:
            if err.http_status == 404:
                raise
            shown = form_errors(err, _FIELDS)
    if shown:
        return _page(request, user, notice_id, form_values=values(form), errors=shown)
    return redirect(title_page_back(designation_id, request.query_params, "notices"))
