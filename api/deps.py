"""`Annotated` dependencies shared by the JSON API and the pages: units of work, clock, caller."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import (
    LoginFailed,
    SessionTicket,
    authenticate,
    principal_for_api_token,
    principal_for_session,
    read_api_token,
    start_session,
)
from lifecycle.actors import SYSTEM, Actor
from lifecycle.config import Settings
from lifecycle.errors import DomainError
from lifecycle.uow import UnitOfWork

SESSION_COOKIE = "workshops_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

UowFactory = Callable[..., UnitOfWork]
Clock = Callable[[], datetime]


class Unauthenticated(DomainError):
    """No valid credentials: a bearer token, or a same-origin session cookie."""

    code = "unauthenticated"
    http_status = 401


class Forbidden(DomainError):
    """The caller's role does not hold the permission this action needs."""

    code = "forbidden"
    http_status = 403


def get_session_factory(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.session_factory
    return factory


def get_uow_factory(request: Request) -> UowFactory:
    """A factory of units of work: `uow(actor)` logs its changes as `actor` (default: system)."""
    factory = get_session_factory(request)

    def make(actor: Actor = SYSTEM) -> UnitOfWork:
        return UnitOfWork(factory, actor=actor)

    return make


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


UowDep = Annotated[UowFactory, Depends(get_uow_factory)]
ClockDep = Annotated[Clock, Depends(get_clock)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_origin(request: Request, settings: Settings) -> bool:
    """Whether a browser request comes from this site (Sec-Fetch-Site / Origin / Referer)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    allowed = {_origin(str(request.base_url)), _origin(settings.base_url)}
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.lower() in allowed
    referer = request.headers.get("referer")
    if referer is not None:
        return _origin(referer) in allowed
    return True


def session_principal(request: Request) -> tuple[Principal, str] | None:
    """The principal and CSRF token of the request's session cookie, or None (for pages)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with UnitOfWork(get_session_factory(request)) as uow:
        return principal_for_session(uow, token, get_clock(request)())


def api_principal(request: Request) -> Principal:
    """Bearer API token, or the session cookie from the same origin only (CSRF header on writes)."""
    now = get_clock(request)()
    authorization = request.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token:
        with UnitOfWork(get_session_factory(request)) as uow:
            principal = principal_for_api_token(uow, token.strip(), now)
            uow.commit()  # the last-used stamp, when it moved
        if principal is None:
            raise Unauthenticated("API 令牌无效或已吊销", field="authorization")
        return principal
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        if not is_same_origin(request, get_settings_dep(request)):
            raise Unauthenticated("跨站请求不接受会话 Cookie，请使用 API 令牌", field="origin")
        found = session_principal(request)
        if found is None:
            raise Unauthenticated("会话已过期，请重新登录", field="cookie")
        principal, csrf = found
        if request.method not in SAFE_METHODS and request.headers.get(CSRF_HEADER) != csrf:
            raise Forbidden("缺少或错误的 CSRF 令牌", code="csrf_failed", field=CSRF_HEADER)
        return principal
    raise Unauthenticated("需要登录或 API 令牌", field="authorization")


ApiPrincipal = Annotated[Principal, Depends(api_principal)]


def get_reader(request: Request) -> Iterator[UnitOfWork]:
    """One read-only unit of work for a whole read request: the caller's check and the reads.

    Closed as soon as the route returns (``scope="function"``), before the response is sent.
    """
    with UnitOfWork(get_session_factory(request), read_only=True) as uow:
        yield uow


ReaderDep = Annotated[UnitOfWork, Depends(get_reader, scope="function")]


def reading_principal(request: Request, reader: ReaderDep) -> Principal:
    """``api_principal`` for read routes: a bearer token is checked in the request's read-only
    unit of work, so the request is one transaction. When the token's last-used stamp is due
    (once per ``TOKEN_STAMP_INTERVAL``) or the caller uses a session cookie, ``api_principal``
    does the check in a writing unit of work of its own, exactly as for every other route.
    """
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        principal, stamp_due = read_api_token(reader, token.strip(), get_clock(request)())
        if principal is None:
            raise Unauthenticated("API 令牌无效或已吊销", field="authorization")
        if not stamp_due:
            return principal
    return api_principal(request)


ReadingPrincipal = Annotated[Principal, Depends(reading_principal)]


def log_in(
    uow_factory: UowFactory, username: str, password: str, now: datetime
) -> tuple[Principal, SessionTicket]:
    """Check a password and open a session; a failure is committed too (it counts to the lock)."""
    with uow_factory() as uow:
        try:
            principal = authenticate(uow, username, password, now)
        except LoginFailed:
            uow.commit()
            raise
        ticket = start_session(uow, principal, now)
        uow.commit()
    return principal, ticket
