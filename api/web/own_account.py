"""One's own account (我的账号): who one is in the service, and the e-mail address one's
reminders are sent to, which each user keeps up to date themselves."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, form_errors, reading, redirect, render
from api.web.forms import text
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.profile import change_own_email
from lifecycle.errors import ConflictError, NotFound
from lifecycle.scope import EVERYTHING
from lifecycle.views.reminders import mailbox

router = APIRouter(route_class=HtmlRoute)


def _page(
    request: Request,
    user: Principal,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    saved: bool = False,
    status_code: int = 422,
) -> HTMLResponse:
    with reading(request) as uow:
        own = uow.accounts.get_user(user.user_id, EVERYTHING)
        if own is None:
            raise NotFound("用户不存在", field="user_id")
        union = uow.unions.get(own.union_id, EVERYTHING)
        union_name = union.name if union is not None else ""
        shown = {"email": own.email or "", "expected_version": str(own.version)}
        context = {
            "own": own,
            "union_name": union_name,
            "box": mailbox(uow, own.email, own.union_id, union_name),
            "errors": errors or {},
            "values": typed if typed is not None else shown,
            "saved": saved,
        }
        return render(
            request, "account/profile.html", context, status_code=status_code if errors else 200
        )


@router.get("/account", response_class=HTMLResponse)
def own_account(request: Request, user: UserDep, saved: int = 0) -> HTMLResponse:
    """One's user name, name, role and union, and the form to change one's e-mail address."""
    require(user, Permission.READ)
    return _page(request, user, saved=bool(saved))


@router.post("/account")
def own_email_change(request: Request, user: UserDep, form: FormDep) -> Response:
    """Set or clear one's e-mail address (reminders go there); refused beside the field with
    what was typed kept."""
    require(user, Permission.READ)
    typed = {"email": text(form, "email"), "expected_version": text(form, "expected_version")}
    raw = typed["expected_version"]
    version = int(raw) if raw.isdigit() else None
    outcome = submit(
        request,
        user.actor,
        lambda uow: change_own_email(uow, user, typed["email"], expected_version=version).id,
        propagate=lambda _err: False,
    )
    if isinstance(outcome, Refused):
        code = 409 if isinstance(outcome.error, ConflictError) else 422
        errors = form_errors(outcome.error)
        return _page(request, user, errors=errors, typed=typed, status_code=code)
    return redirect("/account?saved=1")
