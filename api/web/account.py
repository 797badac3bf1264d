"""Passwords and switching users on/off in the pages (OWASP ASVS 2.1, 3.3.3).

A user changes their own password giving the current one; an admin sets a user's password,
switches a user off or on again. Every password change ends the user's other sessions and revokes
their API tokens; a user switched off loses every session and token at once.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.security import client_address, login_guard
from api.web.auth import SESSION_COOKIE, FormDep, UserDep, require
from api.web.core import HtmlRoute, form_errors, now, reading, redirect, render, unit_of_work
from api.web.ids import IdPath
from lifecycle.accounts.credentials import reset_password, reset_refusal, set_active
from lifecycle.accounts.login import guarded_password_change
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import hash_secret
from lifecycle.errors import DomainError, NotFound

router = APIRouter(route_class=HtmlRoute)


def _own_page(
    request: Request, errors: dict[str, str] | None = None, done: bool = False
) -> HTMLResponse:
    status = 422 if errors else 200
    context = {"errors": errors or {}, "done": done}
    return render(request, "account/password.html", context, status_code=status)


@router.get("/account/password", response_class=HTMLResponse)
def own_password_form(request: Request, user: UserDep, done: int = 0) -> HTMLResponse:
    """The form to change one's own password."""
    require(user, Permission.READ)
    return _own_page(request, done=bool(done))


@router.post("/account/password")
def own_password_change(request: Request, user: UserDep, form: FormDep) -> Response:
    """Change one's own password; this browser stays logged in, every other session ends."""
    require(user, Permission.READ)
    current = str(form.get("current_password") or "")
    new = str(form.get("new_password") or "")
    confirm = str(form.get("confirm_password") or "")
    cookie = request.cookies.get(SESSION_COOKIE, "")
    try:  # the refused transaction ends (the with block) before the page is shown again
        with unit_of_work(request, user.actor) as uow:
            guarded_password_change(
                uow,
                login_guard(request),
                user,
                current,
                new,
                confirm=confirm,
                client=client_address(request),
                now=now(request),
                keep_session_hash=hash_secret(cookie),
            )
            uow.commit()
    except DomainError as err:
        return _own_page(request, form_errors(err))
    return redirect("/account/password?done=1")


def _user_page(
    request: Request, admin: Principal, user_id: int, errors: dict[str, str] | None = None
) -> HTMLResponse:
    with reading(request) as uow:
        target = uow.accounts.get_user(user_id, admin.scope)
        if target is None:
            raise NotFound("用户不存在", field="user_id")
        shown = {"id": target.id, "username": target.username, "name": target.display_name}
    status = 422 if errors else 200
    unavailable = reset_refusal(user_id, admin.user_id)
    context = {"target": shown, "errors": errors or {}, "unavailable": unavailable}
    return render(request, "admin/user_password.html", context, status_code=status)


@router.get("/admin/users/{user_id}/password", response_class=HTMLResponse)
def user_password_form(request: Request, user: UserDep, user_id: IdPath) -> HTMLResponse:
    """The form an admin sets a user's password with."""
    require(user, Permission.USERS_MANAGE)
    return _user_page(request, user, user_id)


@router.post("/admin/users/{user_id}/password")
def user_password_set(request: Request, user: UserDep, form: FormDep, user_id: IdPath) -> Response:
    """Set a user's password: every session and API token of that user ends."""
    require(user, Permission.USERS_MANAGE)
    password = str(form.get("password") or "")
    try:
        with unit_of_work(request, user.actor) as uow:
            reset_password(
                uow,
                user_id,
                password,
                now=now(request),
                scope=user.scope,
                acting_user_id=user.user_id,
            )
            uow.commit()
    except DomainError as err:
        if err.http_status == 404:
            raise
        return _user_page(request, user, user_id, form_errors(err))
    return redirect(f"/admin/users#user-{user_id}")


@router.post("/admin/users/{user_id}/reactivate")
def user_reactivate(request: Request, user: UserDep, _form: FormDep, user_id: IdPath) -> Response:
    """Switch a user on again; they log in afresh (old sessions and tokens stay revoked)."""
    require(user, Permission.USERS_MANAGE)
    with unit_of_work(request, user.actor) as uow:
        set_active(uow, user, user_id, True, now=now(request))
        uow.commit()
    return redirect(f"/admin/users#user-{user_id}")
