"""Cookie login for the pages: session cookie (HttpOnly, SameSite=Lax), CSRF on every form."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import FormData

from api.deps import stamp_session
from api.security import client_address, local_path, login_guard, same_secret
from api.web.core import (
    Forbidden,
    HtmlRoute,
    LoginRequired,
    config,
    form_errors,
    now,
    reading,
    redirect,
    render,
    unit_of_work,
)
from api.web.once import note_key
from api.web.pending_form import PENDING_FIELD, PendingForm, PendingLogin, parse_pending
from lifecycle.accounts.login import log_in
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.refusals import role_refusal
from lifecycle.accounts.service import refresh_password_hash
from lifecycle.accounts.sessions import (
    SessionTicket,
    end_session,
    ended_by_deactivation,
    session_owner,
    session_state,
    start_session,
)
from lifecycle.craftsman_title.service import other_city_refusal
from lifecycle.errors import DomainError
from lifecycle.schemes.authority import Act
from lifecycle.schemes.registry import act_citation
from lifecycle.uow import UnitOfWork
from lifecycle.views.home_tree import HomeTree, home_tree

SESSION_COOKIE = "workshops_session"
LOGIN_CSRF_COOKIE = "workshops_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_REFUSED = "表单校验码缺失或已失效，请刷新页面后重新提交"
# A form posted after the session ended (``api.web.pending_form``).
KEPT = (
    "您刚才提交的内容尚未保存；重新登录后将回到原页面并填回您填写的内容（不会自动提交），"
    "请核对后再提交。"
)
# What a switched-off user's browser is told: logging in again would only answer 用户名或密码不正确.
DEACTIVATED = "您的账号已被停用，登录已失效；如需继续使用，请联系系统管理员"

router = APIRouter(route_class=HtmlRoute)


def idle_limit(request: Request) -> timedelta:
    """How long a page session may stand idle before it ends (``session_idle_minutes``)."""
    return timedelta(minutes=config(request).settings.session_idle_minutes)


def current_user(request: Request, background: BackgroundTasks) -> Principal:
    """The logged-in user from the session cookie; no valid session (logged out, 12 hours since
    the login, idle too long) → the login page."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise LoginRequired
    moment = now(request)
    with reading(request) as uow:  # no write lock: a page waits for no one's write
        found = session_state(uow, token, moment, idle_limit(request))
        home = home_tree(uow, found.principal.union_path) if found is not None else None
    if found is None or home is None:
        raise LoginRequired
    if found.stamp_due:  # after the answer: a page waits for no writer
        factory = request.app.state.session_factory
        background.add_task(stamp_session, factory, token, moment, idle_limit(request))
    # The role in the words of the user's own city (乐山's [L 一]).
    principal = replace(found.principal, wording=home.wording, schemes=tuple(home.schemes))
    csrf_token = found.csrf_token
    request.state.principal = principal
    request.state.csrf_token = csrf_token
    request.state.home = home  # the menu and the scheme filters show the user's own city's
    return principal


def own_tree(request: Request) -> HomeTree:
    """The programmes of the logged-in user's own city tree (set by ``current_user``)."""
    home: HomeTree = request.state.home
    return home


UserDep = Annotated[Principal, Depends(current_user)]


def title_city_user(request: Request, user: UserDep) -> Principal:
    """The logged-in user of a 上海工匠 page, refused (403) outside 上海市总工会's tree [G] 一:
    the address typed in reaches no more than the menu shows."""
    if not own_tree(request).craftsman_selection:
        raise other_city_refusal()
    return user


# Every 上海工匠 page's router: ``APIRouter(..., dependencies=TITLE_CITY_ONLY)``.
TITLE_CITY_ONLY = [Depends(title_city_user)]


async def checked_form(request: Request, _user: UserDep) -> FormData:
    """The posted form, refused unless it carries the session's CSRF token; a form whose
    one-time key was already written is answered as a replay (``api.web.once``)."""
    form = await request.form()
    if not same_secret(form.get(CSRF_FIELD), request.state.csrf_token):
        raise Forbidden(CSRF_REFUSED)
    await run_in_threadpool(note_key, request, form, request.app.state.session_factory)
    return form


FormDep = Annotated[FormData, Depends(checked_form)]


# The naming union's officer reaches the use case of a title's filing, inspection or Yangpu
# consent, as the API routes admit them (``api/v1/access.py``): it says who acts on the title
# (「…应由杨浦区总工会办理（…第十二条）」) or that its scheme has no such step (乐山's notice [L]),
# not a role refusal naming a union that may not act either.
OWN_STEP_SAID = Permission.DESIGNATION_OPEN


def require(
    user: Principal,
    permission: Permission,
    alternative: Permission | None = None,
    *,
    cites: Act | None = None,
) -> None:
    """Refuse the page unless the user's role holds ``permission`` (or ``alternative``: the one
    the API route of the same action admits too, ``api/v1/access.py::Rule.alternative``, so the
    page lets the use case answer whom the API lets); ``cites``: the act whose article the
    refusal cites, as the API route's ``Rule.cites``."""
    if not user.can(permission) and not (alternative is not None and user.can(alternative)):
        refusal = role_refusal(
            user.role,
            permission,
            level=user.union_level,
            wording=user.wording,
            alternative=alternative,
            citation=act_citation(cites, user.schemes) if cites else None,
        )
        raise Forbidden(refusal)


def _safe_next(target: str | None) -> str:
    """Only local paths are followed after login (no open redirect)."""
    return local_path(target) or "/dashboard"


def _login_page(
    request: Request,
    *,
    next_url: str,
    username: str = "",
    errors: dict[str, str] | None = None,
    ended: str | None = None,
    pending: PendingForm | None = None,
) -> Response:
    token = secrets.token_urlsafe(32)
    context = {
        "login_csrf": token,
        "next": next_url,
        "username": username,
        "errors": errors or {},
        "ended": ended,
        "pending": pending,
    }
    response = render(request, "login.html", context, status_code=422 if errors else 200)
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/login",
    )
    return response


@router.get("/login", name="login")
def login_form(request: Request, next: str | None = None) -> Response:
    """The login form (its own CSRF token, double-submitted as a cookie); a browser whose session
    has ended (idle, 12 hours, revoked) is told so, and its stale cookie dropped."""
    token = request.cookies.get(SESSION_COOKIE)
    ended = None
    if token:
        with reading(request) as uow:
            live = session_state(uow, token, now(request), idle_limit(request)) is not None
            switched_off = not live and ended_by_deactivation(uow, token)
        if switched_off:
            ended = DEACTIVATED
        elif not live:
            ended = _session_ended(request)
    response = _login_page(request, next_url=_safe_next(next), ended=ended)
    if ended is not None:
        response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _session_ended(request: Request) -> str:
    minutes = config(request).settings.session_idle_minutes
    return f"登录已失效（{minutes}分钟未操作、登录已满12小时或密码已更改），请重新登录"


async def login_keeping_form(request: Request, exc: Exception) -> Response:
    """A form posted after its session ended: the login form, carrying what was typed when the
    post came from this browser's own session (``api.web.pending_form``); the old cookie stays
    until the login, which checks that the same user logs in again."""
    assert isinstance(exc, PendingLogin)
    ended = _session_ended(request) + "。"
    if exc.pending is not None:
        ended += KEPT
        if exc.pending.files:
            names = "、".join(f"「{name}」" for name in exc.pending.files)
            ended += f"所选文件{names}无法随登录保留，请在原页面重新选择。"
    else:
        ended += "您刚才提交的内容未能保存，请重新登录后再次填写。"
    return _login_page(request, next_url=_safe_next(exc.page), ended=ended, pending=exc.pending)


def _pending_owner(request: Request) -> int | None:
    """The user of the ended session whose form a login carries (its cookie is still sent)."""
    token = request.cookies.get(SESSION_COOKIE) or ""
    with reading(request) as uow:
        found = session_owner(uow, token)
    return found[0] if found is not None else None


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the password (throttled by the accounts service) and start a session."""
    form = await request.form()
    if not same_secret(form.get(CSRF_FIELD), request.cookies.get(LOGIN_CSRF_COOKIE)):
        raise Forbidden(CSRF_REFUSED)
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    next_url = _safe_next(str(form.get("next") or ""))
    pending = parse_pending(form.get(PENDING_FIELD))
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "请输入用户名"
    if not password:
        errors["password"] = "请输入密码"  # noqa: S105 - a message, not a password
    if errors:
        return _login_page(
            request, next_url=next_url, username=username, errors=errors, pending=pending
        )
    moment = now(request)
    owner = await run_in_threadpool(_pending_owner, request) if pending is not None else None
    try:
        # argon2 takes a core for about half a second: off the event loop.
        ticket = await run_in_threadpool(_open_session, request, username, password, moment)
    except DomainError as err:
        shown = form_errors(err)
        return _login_page(
            request, next_url=next_url, username=username, errors=shown, pending=pending
        )
    response: Response = redirect(next_url)
    if pending is not None and owner == ticket.user_id:
        # Another user logging in at this browser is not shown what the previous one typed.
        response = render(request, "resume.html", {"pending": pending.as_json()})
    response.set_cookie(
        SESSION_COOKIE,
        ticket.token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=max(0, int((ticket.expires_at - moment).total_seconds())),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


def _open_session(
    request: Request, username: str, password: str, moment: datetime
) -> SessionTicket:
    """The throttled password check and a new session (nothing written on a failure); the
    session this browser held before, if any, ends: logging in as someone else at a shared
    desk leaves no earlier session alive behind the new cookie."""
    # The check reads only: on SQLite no write lock is held while argon2 runs.
    with UnitOfWork(request.app.state.session_factory, read_only=True) as check:
        principal = log_in(
            check,
            login_guard(request),
            username,
            password,
            client=client_address(request),
            now=moment,
        )
    with unit_of_work(request) as uow:
        refresh_password_hash(uow, principal.user_id, password)
        previous = request.cookies.get(SESSION_COOKIE)
        if previous:
            end_session(uow, previous, moment)
        ticket = start_session(uow, principal, moment)
        uow.commit()
    return ticket


@router.post("/logout")
def logout(request: Request, _form: FormDep) -> Response:
    """End the session server-side and drop the cookie."""
    token = request.cookies.get(SESSION_COOKIE, "")
    with unit_of_work(request, request.state.principal.actor) as uow:
        end_session(uow, token, now(request))
        uow.commit()
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
