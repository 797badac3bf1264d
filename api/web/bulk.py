"""批量办理: a filtered list of titles to select from, and the actions on the selection, each all
or nothing (``lifecycle.adoption.bulk``): cycle-end inspections [Y12], reminders, export."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.downloads import xlsx
from api.web.auth import FormDep, UserDep, own_tree, require
from api.web.core import HtmlRoute, form_errors, now, reading, render, today, unit_of_work
from api.web.forms import parse_date, text
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.adoption.bulk import (
    BulkRejected,
    BulkRow,
    inspecting_rules,
    inspection_problems,
    reminder_problems,
    schedule_inspections,
    send_reminders,
)
from lifecycle.adoption.export import export_titles
from lifecycle.designations.model import Designation
from lifecycle.errors import DomainError, FieldProblem
from lifecycle.listings.repository import Window
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import ascii_digits
from lifecycle.vocab import DESIGNATION_STATUS_LABELS, DesignationStatus

router = APIRouter(route_class=HtmlRoute)
PAGE_SIZE = 200
MAX_ID_DIGITS = 9  # ids are 32-bit integers
# What was typed into the actions' fields, shown again with the refusal.
TYPED = ("scheduled_on", "place", "inspectors", "message", "due_on")
# The use case's field paths as the form names them.
NAMES = {"designation_ids": "designation_id"}


def _filters(
    status: str, scheme: str, named_to: str, schemes: dict[str, str]
) -> tuple[DesignationStatus | None, str | None, date | None]:
    wanted = DesignationStatus(status) if status in set(DesignationStatus) else None
    codes = set(schemes)
    try:
        until = date.fromisoformat(named_to) if named_to else None
    except ValueError:
        until = None
    return wanted, scheme if scheme in codes else None, until


@router.get("/adoption/bulk", response_class=HTMLResponse)
def bulk_page(
    request: Request, user: UserDep, status: str = "named", scheme: str = "", named_to: str = ""
) -> HTMLResponse:
    """A filtered list of titles to select from, and the actions to take on the selection."""
    require(user, Permission.INSPECTION_RECORD)
    return _bulk_page(request, user, status, scheme, named_to)


def _bulk_page(
    request: Request,
    user: Principal,
    status: str,
    scheme: str,
    named_to: str,
    *,
    report: list[BulkRow] | None = None,
    error: str = "",
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, str] | None = None,
    selected: set[int] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    tree = own_tree(request)  # the user's own city tree's schemes
    wanted, code, until = _filters(status, scheme, named_to, tree.schemes)
    scope: Scope = user.scope
    with reading(request) as uow:
        listing = uow.listings.designations(
            scope,
            Window(PAGE_SIZE, 0),
            status=wanted,
            scheme=code,
            named_to=until,
        )
        items: list[Designation] = list(listing.items)
        # Rendered inside the unit of work: leaving it expires the loaded rows.
        return render(
            request,
            "adoption/bulk.html",
            {
                "items": items,
                "total": listing.total,
                # The tree's statuses in its words (乐山's: no 整改中, 撤牌/摘牌 or 退出 [L]).
                "statuses": tree.status_labels(code),
                "row_statuses": DESIGNATION_STATUS_LABELS,
                "schemes": tree.schemes,
                "filters": {"status": status, "scheme": scheme, "named_to": named_to},
                "report": report,
                "refusal": error,
                "errors": errors or {},
                "values": values or {},
                "selected": selected or set(),
                # Offered only where the user's union schedules them (the use case decides).
                "inspecting": inspecting_rules(tree.schemes, user.union_level, user.role),
            },
            status_code=status_code,
        )


@router.post("/adoption/bulk")
def bulk_action(request: Request, user: UserDep, form: FormDep) -> Response:
    """Run the chosen action on the selected titles: all of them, or none with each refusal."""
    require(user, Permission.INSPECTION_RECORD)
    ids = [
        int(v)
        for v in form.getlist("designation_id")
        if isinstance(v, str) and ascii_digits(v) and len(v) <= MAX_ID_DIGITS
    ]
    action = text(form, "action")
    back = (text(form, "status"), text(form, "scheme"), text(form, "named_to"))
    if action == "export":
        require(user, Permission.REGISTRY_IMPORT)
        with reading(request) as uow:
            content = export_titles(uow, ids, scope=user.scope, as_of=today(request))
        return xlsx(content, "所选工作室名册.xlsx")
    values = {name: text(form, name) for name in TYPED}
    errors: dict[str, str] = {}
    refused: BulkRejected | None = None
    rows = None
    with unit_of_work(request, user.actor) as uow:
        try:
            rows = _act(uow, request, user=user, form=form, action=action, ids=ids, errors=errors)
            if rows is not None:
                uow.commit()
        except BulkRejected as err:
            refused = err
        except DomainError as err:
            errors.update(form_errors(err, NAMES))
    # Leaving the unit of work ended (rolled back) a refused transaction: now render.
    if refused is not None:
        return _bulk_page(
            request, user, *back, report=refused.rows, error=refused.message, values=values,
            selected=set(ids), status_code=422,
        )  # fmt: skip
    if rows is None:
        if not errors:
            errors["_form"] = "请选择要执行的操作"
        return _bulk_page(
            request, user, *back, errors=errors, values=values, selected=set(ids),
            status_code=422,
        )  # fmt: skip
    return _bulk_page(request, user, *back, report=rows)


def _noted(problems: list[FieldProblem], errors: dict[str, str]) -> None:
    """Add the problems of the fields the form still could check to ``errors``, by form name."""
    for p in problems:
        errors.setdefault(NAMES.get(p.field, p.field), p.message)


def _act(
    uow: UnitOfWork,
    request: Request,
    *,
    user: Principal,
    form: FormData,
    action: str,
    ids: list[int],
    errors: dict[str, str],
) -> list[BulkRow] | None:
    """The chosen action's use case; None when the form itself is refused (every bad field in
    ``errors`` at once: an unreadable date and whatever else the use case would refuse)."""
    if action == "inspect":
        place, inspectors = text(form, "place"), text(form, "inspectors")
        day = parse_date(form, "scheduled_on", "检查日期", errors)
        if day is None:
            _noted(inspection_problems(ids, place, inspectors), errors)
            return None
        return schedule_inspections(
            uow, ids, scheduled_on=day, place=place, inspectors=inspectors,
            actor=user.actor, as_of=today(request), scope=user.scope,
        )  # fmt: skip
    if action == "remind":
        message = text(form, "message")
        due = parse_date(form, "due_on", "办理期限", errors)
        if due is None:
            _noted(reminder_problems(ids, message, None, today(request)), errors)
            return None
        return send_reminders(
            uow, ids, message=message, due_on=due, actor=user.actor, now=now(request),
            scope=user.scope,
        )  # fmt: skip
    return None
