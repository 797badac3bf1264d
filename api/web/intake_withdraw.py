"""撤回申报: the applying unit withdraws its application on the application page (reading I5)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, redirect, today
from api.web.forms import parse_int, values
from api.web.ids import IdPath
from api.web.intake_applications import application_page_with_errors
from api.web.intake_forms import refused_status
from api.web.submit import Refused, submit
from api.web.withdrawal_form import read_withdrawal, refusal_errors
from lifecycle.accounts.permissions import Permission
from lifecycle.intake.withdrawal import Withdrawal, withdraw, withdrawal_field_problems
from lifecycle.uow import UnitOfWork

router = APIRouter(route_class=HtmlRoute)


@router.post("/intake/applications/{application_id}/withdraw")
def post_withdraw(
    request: Request, user: UserDep, form: FormDep, application_id: IdPath
) -> Response:
    """The unit union withdraws its own application while in review, with its reason."""
    require(user, Permission.INTAKE_APPLY)
    typed = read_withdrawal(form, withdrawal_field_problems)
    if typed.errors or typed.decided_on is None:
        return application_page_with_errors(
            request, user, application_id, typed.errors, withdraw_values=values(form)
        )
    version = parse_int(form, "expected_version", "版本", {})
    cmd = Withdrawal(application_id, typed.decided_on, typed.signer, typed.reason, version)
    as_of = today(request)

    def act(uow: UnitOfWork) -> int:
        withdraw(
            uow,
            cmd,
            acting_union_id=user.union_id,
            actor=user.actor,
            as_of=as_of,
            scope=user.scope,
        )
        return application_id

    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        return application_page_with_errors(
            request,
            user,
            application_id,
            refusal_errors(outcome.error),
            withdraw_values=values(form),
            status_code=refused_status(outcome.error),
        )
    return redirect(f"/intake/applications/{application_id}#history")
