"""撤回申报 of a 上海工匠 application on its page by the union that filed it (reading G9)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.auth import TITLE_CITY_ONLY, FormDep, UserDep, require
from api.web.core import HtmlRoute, redirect, today
from api.web.craftsman_title import render_application
from api.web.forms import values
from api.web.ids import IdPath
from api.web.submit import Refused, submit
from api.web.withdrawal_form import read_withdrawal, refusal_errors
from lifecycle.accounts.permissions import Permission
from lifecycle.craftsman_title.withdrawal import Withdrawal, withdraw, withdrawal_field_problems
from lifecycle.uow import UnitOfWork

router = APIRouter(route_class=HtmlRoute, dependencies=TITLE_CITY_ONLY)


@router.post("/craftsman-selections/applications/{application_id}/withdraw")
def post_withdraw(
    request: Request, user: UserDep, form: FormDep, application_id: IdPath
) -> Response:
    """The filer's union withdraws the application while under review, with its reason."""
    require(user, Permission.CRAFTSMAN_APPLY)
    typed = read_withdrawal(form, withdrawal_field_problems)
    if typed.errors or typed.decided_on is None:
        return render_application(
            request, user, application_id, errors=typed.errors, withdraw_values=values(form)
        )
    cmd = Withdrawal(application_id, typed.decided_on, typed.signer, typed.reason)
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
            errors=refusal_errors(outcome.error),
            withdraw_values=values(form),
            status_code=409 if outcome.conflict else None,
        )
    return redirect(f"/craftsman-selections/applications/{application_id}#stages")
