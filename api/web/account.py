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
from api.web.core import (
    HtmlRoute,
    also_refused,
    form_errors,
    now,
    page_links,
    reading,
    redirect,
    render,
    unit_of_work,
)
from api.web.filters import Filters
from api.web.forms import parse_int, text, values
from api.web.ids import IdPath
from api.web.submit import Refused, submit
from lifecycle.accounts.credentials import reset_password, reset_refusal, set_active
from lifecycle.accounts.login import guarded_password_change
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import (
    DEFAULT_TOKEN_DAYS,
    MAX_TOKEN_DAYS,
    IssuedToken,
    hash_secret,
    issue_token,
    revoke_api_token,
    token_problems,
)
from lifecycle.errors import DomainError, NotFound
from lifecycle.listings.repository import Window
from lifecycle.views.api_tokens import own_tokens as own_token_rows
from lifecycle.views.paging import within_pages

PER_PAGE = 50  # one's tokens a page at a time, as every list (a script may make one a day)
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
    # Asked twice: a typo would end the user's sessions and leave a password nobody knows.
    confirm = str(form.get("confirm_password") or "")
    try:
        with unit_of_work(request, user.actor) as uow:
            reset_password(
                uow,
                user_id,
                password,
                confirm=confirm,
                now=now(request),
                scope=user.scope,
                acting_user_id=user.user_id,
            )
            uow.commit()
    except DomainError as err:
        if err.http_status == 404:
            raise
        return _user_page(request, user, user_id, form_errors(err))
    return redirect(f"/admin/users?done=password&user={user_id}#user-{user_id}")


@router.post("/admin/users/{user_id}/reactivate")
def user_reactivate(request: Request, user: UserDep, _form: FormDep, user_id: IdPath) -> Response:
    """Switch a user on again; they log in afresh (old sessions and tokens stay revoked)."""
    require(user, Permission.USERS_MANAGE)
    with unit_of_work(request, user.actor) as uow:
        set_active(uow, user, user_id, True, now=now(request))
        uow.commit()
    return redirect(f"/admin/users?done=reactivated&user={user_id}#user-{user_id}")


# ---- one's own API tokens (the page twin of /api/v1/me/tokens) ---------------------------


def _tokens_page(
    request: Request,
    user: Principal,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    issued: dict[str, str] | None = None,
    revoked: bool = False,
) -> HTMLResponse:
    """The user's own API tokens, newest first, and the form to make one; ``issued``: the one
    just made, its secret shown this once (never cached)."""
    f = Filters(request.query_params)
    with reading(request) as uow:
        at, clock = user, now(request)
        page, tokens = within_pages(
            lambda n: own_token_rows(uow, at, clock, Window(PER_PAGE, (n - 1) * PER_PAGE)),
            f.page(),
            f.problems,
        )
    context = {
        "tokens": tokens.items,
        "listed": tokens,
        "problems": f.problems,
        **page_links({}, page, tokens.has_next),
        "errors": errors or {},
        "values": typed if typed is not None else {"expires_in_days": str(DEFAULT_TOKEN_DAYS)},
        "issued": issued,
        "revoked": revoked,
        "default_days": DEFAULT_TOKEN_DAYS,
        "max_days": MAX_TOKEN_DAYS,
    }
    response = render(request, "account/tokens.html", context, status_code=422 if errors else 200)
    if issued is not None:
        response.headers["Cache-Control"] = "no-store"  # the secret is kept by no cache
    return response


@router.get("/account/tokens", response_class=HTMLResponse)
def own_tokens(request: Request, user: UserDep, revoked: int = 0) -> HTMLResponse:
    """The user's own API tokens (name, made, expiry, last use) and the form to make one."""
    require(user, Permission.OWN_TOKENS)
    return _tokens_page(request, user, revoked=bool(revoked))


@router.post("/account/tokens", response_class=HTMLResponse)
def own_token_issue(request: Request, user: UserDep, form: FormDep) -> HTMLResponse:
    """Make an API token for oneself, as ``POST /api/v1/me/tokens`` does (the same name rule and
    expiry bounds, 90 days unless chosen otherwise, or never); its secret is shown this once."""
    require(user, Permission.OWN_TOKENS)
    errors: dict[str, str] = {}
    name = str(form.get("name") or "")
    never = text(form, "never") == "1"
    days = None
    if not never:
        days = parse_int(form, "expires_in_days", "有效天数", errors, required=True)
        if days is None and "expires_in_days" not in errors:
            errors["expires_in_days"] = "请填写有效天数"
    if errors:  # the days unreadable: the name is checked too, nothing is issued
        also_refused(errors, token_problems(name, None))
        return _tokens_page(request, user, errors=errors, typed=values(form))
    moment = now(request)
    outcome = submit(
        request,
        user.actor,
        lambda uow: _shown(issue_token(uow, user, name, moment, valid_days=days)),
        propagate=lambda _err: False,
    )
    if isinstance(outcome, Refused):
        return _tokens_page(request, user, errors=form_errors(outcome.error), typed=values(form))
    return _tokens_page(request, user, issued=outcome)


def _shown(issued: IssuedToken) -> dict[str, str]:
    """What the page shows of a token just issued: its name and, this once, its secret."""
    return {"name": issued.stored.name, "token": issued.plaintext}


@router.post("/account/tokens/{token_id}/revoke")
def own_token_revoke(request: Request, user: UserDep, _form: FormDep, token_id: IdPath) -> Response:
    """Revoke one of one's own API tokens: it is refused from this moment on."""
    require(user, Permission.OWN_TOKENS)
    with unit_of_work(request, user.actor) as uow:
        revoke_api_token(uow, user, token_id, now(request))
        uow.commit()
    return redirect("/account/tokens?revoked=1")
