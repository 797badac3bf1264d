"""Batch screens: rank one's recommendations, see the checks, submit [C 二（二）][L]."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.downloads import xlsx
from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, now, reading, redirect, today
from api.web.forms import parse_int, text
from api.web.ids import IdPath
from api.web.intake import show_call
from api.web.intake_forms import refused_status
from api.web.submit import Refused, on_page
from api.web.submit import submit as submit_form
from lifecycle.accounts.permissions import Permission
from lifecycle.errors import NotFound
from lifecycle.intake.batches import BatchEntry, put_in_batch, submit_batch
from lifecycle.intake.calls import visible_call
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.statistics import statistics_filename, statistics_workbook
from lifecycle.scope import Scope

router = APIRouter(route_class=HtmlRoute)


def _call_of_application(request: Request, application_id: int, scope: Scope) -> int:
    with reading(request) as uow:
        app = IntakeRepository(uow.session).application(application_id, scope)
        if app is None:
            raise NotFound("申报不存在或不在管辖范围内", field="application_id")
        return app.call_id


@router.post("/intake/applications/{application_id}/batch")
def rank(request: Request, user: UserDep, form: FormDep, application_id: IdPath) -> Response:
    """List an application in the union's batch with its rank (1 = first) [L 四（二）]."""
    require(user, Permission.INTAKE_RECOMMEND)
    call_id = _call_of_application(request, application_id, user.scope)
    errors: dict[str, str] = {}
    status: int | None = None
    rank_value = parse_int(form, "rank", "排序", errors, rule_bounded=True)
    if not errors:
        outcome = submit_form(
            request,
            user.actor,
            lambda uow: put_in_batch(
                uow,
                BatchEntry(application_id, rank_value),
                acting_union_id=user.union_id,
                as_of=today(request),
                scope=user.scope,
            ),
            propagate=on_page,
        )
        if isinstance(outcome, Refused):
            errors["_batch"] = outcome.error.message
            status = refused_status(outcome.error)
    if errors:
        message = errors.get("_batch") or errors.get("rank", "")
        return show_call(request, user, call_id, {"_batch": message}, status_code=status)
    return redirect(f"/intake/calls/{call_id}#batches")


@router.get("/intake/batches/{batch_id}/statistics.xlsx")
def statistics(request: Request, user: UserDep, batch_id: IdPath) -> Response:
    """The batch's statistics form ([C] 附件2, [L] 推荐汇总表), printable Excel."""
    require(user, Permission.INTAKE_STATISTICS)
    with reading(request) as uow:
        batch = IntakeRepository(uow.session).batch(batch_id, user.read_scope)
        if batch is None:
            raise NotFound("推荐批次不存在或不在可见范围内", field="batch_id")
        call = visible_call(uow, batch.call_id, Scope.everything(), batch.union_path)
        content = statistics_workbook(uow, batch, call, today(request))
        filename = statistics_filename(uow, batch, call)
    return xlsx(content, filename)


@router.post("/intake/batches/{batch_id}/submit")
def submit(request: Request, user: UserDep, form: FormDep, batch_id: IdPath) -> Response:
    """Submit the batch once every check passes; a failed check is shown with its article."""
    require(user, Permission.INTAKE_RECOMMEND)
    with reading(request) as uow:
        batch = IntakeRepository(uow.session).batch(batch_id, user.scope)
        if batch is None:
            raise NotFound("推荐批次不存在或不在管辖范围内", field="batch_id")
        call_id = batch.call_id
    typed = text(form, "signer")
    version = parse_int(form, "expected_version", "版本", {})
    outcome = submit_form(
        request,
        user.actor,
        lambda uow: submit_batch(
            uow,
            batch_id,
            acting_union_id=user.union_id,
            signer=typed or user.display_name,
            actor=user.actor,
            now=now(request),
            scope=user.scope,
            expected_version=version,
        ),
        propagate=on_page,
    )
    if isinstance(outcome, Refused):
        # The 报送人 typed stays in its box beside the refusal.
        kept = {"signer": typed} if typed else None
        return show_call(
            request,
            user,
            call_id,
            {"_batch": outcome.error.message},
            kept,
            status_code=refused_status(outcome.error),
        )
    return redirect(f"/intake/calls/{call_id}#batches")
