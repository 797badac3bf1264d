"""更正登记: correcting a team's registration by the rules of registering it, with why
(``workshops.correction.amend_workshop``, the use case ``PATCH /api/v1/workshops/{id}`` calls)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, also_refused, form_errors, reading, redirect, render, today
from api.web.forms import expected_version, parse_date, text, values
from api.web.ids import IdPath
from api.web.submit import Refused, submit
from api.web.workshops import NATURES, area_of, typed_problems
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.errors import NotFound
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnitNature
from lifecycle.workshops.correction import (
    REASON_CHARS,
    amend_workshop,
    area_text,
    reason_problems,
)

router = APIRouter(route_class=HtmlRoute)
_TEXTS = ("name", "host_unit_name", "address", "specialty", "innovation_direction", "description")


def _page(
    request: Request,
    user: Principal,
    workshop_id: int,
    errors: dict[str, str] | None = None,
    form: FormData | None = None,
) -> HTMLResponse:
    with reading(request) as uow:
        workshop = uow.workshops.get(workshop_id, user.scope)
        if workshop is None:
            raise NotFound("工作室不存在或不在管辖范围内", field="workshop_id")
        recorded = {name: getattr(workshop, name) or "" for name in _TEXTS} | {
            "host_unit_nature": workshop.host_unit_nature.value,
            "founded_on": workshop.founded_on.isoformat(),
            "venue_area_sqm": area_text(workshop.venue_area_sqm),
            "expected_version": str(workshop.version),
        }
        context: dict[str, Any] = {
            "w": workshop,
            "natures": NATURES[1:],
            "errors": errors or {},
            "values": values(form) if form is not None else recorded,
            "reason_chars": REASON_CHARS,
        }
        code = 422 if errors else 200
        return render(request, "teams/workshop_edit.html", context, status_code=code)


@router.get("/workshops/{workshop_id}/edit", response_class=HTMLResponse)
def correction_form(request: Request, user: UserDep, workshop_id: IdPath) -> HTMLResponse:
    """The team's registration as recorded, to correct (for those who register teams in its
    union; another union's team is answered as a missing one)."""
    require(user, Permission.TEAM_REGISTER)
    return _page(request, user, workshop_id)


def _changes(form: FormData, errors: dict[str, str]) -> dict[str, Any]:
    """The typed registration; a field unreadable as typed is noted beside itself."""
    changes: dict[str, Any] = {name: text(form, name) for name in _TEXTS}
    nature = text(form, "host_unit_nature")
    if nature in set(UnitNature):
        changes["host_unit_nature"] = UnitNature(nature)
    else:
        errors["host_unit_nature"] = "请选择单位性质"
    founded = parse_date(form, "founded_on", "成立日期", errors)
    if founded is not None:
        changes["founded_on"] = founded
    changes["venue_area_sqm"] = area_of(form, errors)
    return changes


@router.post("/workshops/{workshop_id}/edit")
def correct(request: Request, user: UserDep, form: FormDep, workshop_id: IdPath) -> Response:
    """Correct the registration (``amend_workshop``): every bad field named at once beside
    itself, what was typed kept, nothing written on a refusal; then the team's page."""
    require(user, Permission.TEAM_REGISTER)
    errors: dict[str, str] = {}
    changes = _changes(form, errors)
    version = expected_version(form, errors)
    as_of, reason = today(request), text(form, "reason")
    if errors:  # beside the unreadable fields, what the use case's rules also refuse
        typed_problems(form, errors, as_of=as_of)
        also_refused(errors, reason_problems(reason))
        return _page(request, user, workshop_id, errors, form)

    def act(uow: UnitOfWork) -> int:
        return amend_workshop(
            uow,
            workshop_id,
            changes,
            reason=reason,
            as_of=as_of,
            scope=user.scope,
            expected_version=version,
        ).id

    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        return _page(request, user, workshop_id, form_errors(outcome.error), form)
    return redirect(f"/workshops/{workshop_id}?corrected=1")
