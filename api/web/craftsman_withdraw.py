"""撤回申报 of a 上海工匠 application on its page by the union that filed it (reading G9)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.auth import TITLE_CITY_ONLY, FormDep, UserDep, require
from api.web.core import HtmlRoute, form_errors, redirect, today
from api.web.craftsman_title import render_application
from api.web.forms import parse_date, text, values
from api.web.ids import IdPath
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.craftsman_title.withdrawal import Withdrawal, withdraw, withdrawal_field_problems
from lifecycle.uow import UnitOfWork

router = APIRouter(route_class=HtmlRoute, dependencies=TITLE_CITY_ONLY)
# The withdrawal form's inputs, apart from the stage form's on the same page.
NAMES = {"decided_on": "withdraw_on", "signer": "withdraw_signer"}
FIELDS = ("reason", "withdraw_on", "withdraw_signer", "_form")


@router.post("/craftsman-selections/applications/{application_id}/withdraw")
def post_withdraw(
    request: Request, user: UserDep, form: FormDep, application_id: IdPath
) -> Response:
    """The filer's union withdraws the application while under review, with its reason."""
    require(user, Permission.CRAFTSMAN_APPLY)
    errors: dict[str, str] = {}
    decided_on = parse_date(form, "withdraw_on", "撤回日期", errors)
    signer, reason = text(form, "withdraw_signer"), text(form, "reason")
    if errors or decided_on is None:
        for p in withdrawal_field_problems(signer, reason):
            errors.setdefault(NAMES.get(p.field, p.field), p.message)
        return render_application(
            request, user, application_id, errors=errors, withdraw_values=values(form)
        )
    cmd = Withdrawal(application_id, decided_on, signer, reason)
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
        return render_application(
            request,
            user,
            application_id,
            errors=form_errors(outcome.error, NAMES, fields=FIELDS),
            withdraw_values=values(form),
            status_code=409 if outcome.conflict else None,
        )
    return redirect(f"/craftsman-selections/applications/{application_id}#stages")
