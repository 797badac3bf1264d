"""撤回申报: the applying unit withdraws its application on the application page (reading I5)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, form_errors, redirect, today
from api.web.forms import parse_date, parse_int, text, values
from api.web.ids import IdPath
from api.web.intake import application_page_with_errors
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.intake.withdrawal import Withdrawal, withdraw, withdrawal_field_problems
from lifecycle.uow import UnitOfWork

router = APIRouter(route_class=HtmlRoute)
# The withdrawal form's inputs, apart from the step form's on the same page.
NAMES = {"decided_on": "withdraw_on", "signer": "withdraw_signer"}
FIELDS = ("reason", "withdraw_on", "withdraw_signer", "_form")


@router.post("/intake/applications/{application_id}/withdraw")
def post_withdraw(
    request: Request, user: UserDep, form: FormDep, application_id: IdPath
) -> Response:
    """The unit union withdraws its own application while in review, with its reason."""
    require(user, Permission.INTAKE_APPLY)
    errors: dict[str, str] = {}
    decided_on = parse_date(form, "withdraw_on", "撤回日期", errors)
    signer, reason = text(form, "withdraw_signer"), text(form, "reason")
    if errors or decided_on is None:
        for p in withdrawal_field_problems(signer, reason):
            errors.setdefault(NAMES.get(p.field, p.field), p.message)
        return application_page_with_errors(
            request, user, application_id, errors, withdraw_values=values(form)
        )
    version = parse_int(form, "expected_version", "版本", {})
    cmd = Withdrawal(application_id, decided_on, signer, reason, version)
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
            form_errors(outcome.error, NAMES, fields=FIELDS),
            withdraw_values=values(form),
        )
    return redirect(f"/intake/applications/{application_id}#history")
