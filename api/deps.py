"""`Annotated` dependencies shared by the JSON API and the pages: units of work, clock, caller."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Annotated
from urllib.parse import urlsplit

import anyio
from fastapi import BackgroundTasks, Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from api import idempotency
from api.security import same_secret
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import principal_for_api_token, token_state
from lifecycle.accounts.sessions import session_state, touch_session
from lifecycle.actors import SYSTEM, Actor
from lifecycle.config import Settings
from lifecycle.errors import DomainError
from lifecycle.uow import UnitOfWork

SESSION_COOKIE = "workshops_session"
LOG = logging.getLogger(__name__)
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
    """A factory of units of work: `uow(actor)` logs its changes as `actor` (default: system);
    a user's unit stores the request's ``Idempotency-Key`` first, when it has one."""
    factory = get_session_factory(request)

    def make(actor: Actor = SYSTEM) -> UnitOfWork:
        return idempotency.unit(request, factory, actor)

    return make


def get_clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


# The dependencies themselves are coroutines: FastAPI runs a plain function in a worker thread,
# a hop per dependency and request, while these only read the app's state.
async def _uow_factory_dep(request: Request) -> UowFactory:
    return get_uow_factory(request)


async def _clock_dep(request: Request) -> Clock:
    return get_clock(request)


async def _settings_dep(request: Request) -> Settings:
    return get_settings_dep(request)


UowDep = Annotated[UowFactory, Depends(_uow_factory_dep)]
ClockDep = Annotated[Clock, Depends(_clock_dep)]
SettingsDep = Annotated[Settings, Depends(_settings_dep)]


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


def stamp_session(
    factory: sessionmaker[Session], token: str, moment: datetime, idle: timedelta
) -> None:
    """Write a session's last-seen stamp, after the answer has gone (a background task: the
    request waits for no writer). Best effort: a stamp lost to a busy database only means the
    idle time counts from the stamp before."""
    try:
        with UnitOfWork(factory) as uow:
            touch_session(uow, token, moment, idle)
            uow.commit()
    except (DomainError, SQLAlchemyError) as err:
        LOG.warning("session last-seen stamp not written: %s", type(err).__name__)


def session_principal(
    request: Request, background: BackgroundTasks | None = None
) -> tuple[Principal, str] | None:
    """The principal and CSRF token of the request's session cookie, or None (for pages); its
    last-seen stamp, when due, is written after the answer (``background``), as a page does."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    now = get_clock(request)()
    idle = timedelta(minutes=get_settings_dep(request).session_idle_minutes)
    factory = get_session_factory(request)
    with UnitOfWork(factory, read_only=True) as uow:
        state = session_state(uow, token, now, idle)
    if state is None:
        return None
    if state.stamp_due and background is not None:
        background.add_task(stamp_session, factory, token, now, idle)
    return state.principal, state.csrf_token


class RequestReader:
    """The request's read-only unit of work: opened on first use, closed when the route returns.

    The caller's credentials are checked in it; a route that declares ``ReaderDep`` reads in it
    too, so such a request is one read-only transaction (SQLite: DEFERRED, beside other readers).
    """

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._uow: UnitOfWork | None = None
        self._handed_out = False  # to the route: from then on it stays open until the route ends

    def get(self, *, for_route: bool = False) -> UnitOfWork:
        if self._uow is None:
            self._uow = UnitOfWork(self._factory, read_only=True).__enter__()
        self._handed_out = self._handed_out or for_route
        return self._uow

    @property
    def is_open(self) -> bool:
        return self._uow is not None

    def release(self) -> None:
        """Close the unit unless the route holds it (it opens again if asked for)."""
        if not self._handed_out:
            self.close()

    def close(self) -> None:
        uow, self._uow = self._uow, None
        if uow is not None:
            uow.__exit__(None, None, None)


async def request_reader(request: Request) -> AsyncIterator[RequestReader]:
    # The reader may stay open across the request's waits for a worker thread (the route, then
    # FastAPI's check of its answer): only so many requests hold one at once, the rest wait
    # here holding nothing. Unbounded, a burst held every connection of the pool while every
    # thread waited for one, until the pool's timeout refused them all.
    async with request.app.state.reader_slots:
        reader = RequestReader(get_session_factory(request))
        try:
            yield reader
        finally:
            if reader.is_open:
                # A rollback (database I/O, off the loop); shielded: a client gone away still
                # gives the connection back.
                with anyio.CancelScope(shield=True):
                    await run_in_threadpool(reader.close)


# Closed once the route has returned and its answer been checked (scope "function"), before the
# response is sent.
RequestReaderDep = Annotated[RequestReader, Depends(request_reader, scope="function")]


async def read_unit(reader: RequestReaderDep) -> UnitOfWork:
    """The request's read-only unit of work, for routes that only read (see ``ReaderDep``).

    Opening it does no I/O (the transaction begins at its first query, in the route's thread).
    """
    return reader.get(for_route=True)


# A read route's unit of work: the one the caller's token was checked in; never commit it.
ReaderDep = Annotated[UnitOfWork, Depends(read_unit)]


def _route_reads(request: Request) -> bool:
    """Whether the matched route declares ``ReaderDep`` (then the reader stays open for it)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return False
    stack, found = [dependant], False
    while stack and not found:
        node = stack.pop()
        found = node.call is read_unit
        stack.extend(node.dependencies)
    return found


async def api_principal(
    request: Request, reader: RequestReaderDep, background: BackgroundTasks
) -> Principal:
    """Bearer API token, or the session cookie from the same origin only (CSRF header on writes).

    A bearer token is read in the request's read-only unit of work, which stays open only for a
    route that reads through it (``ReaderDep``); its last-used stamp, when due
    (once per ``TOKEN_STAMP_INTERVAL``), is written in a unit of work of its own, the reader
    closed first.
    """
    now = get_clock(request)()
    authorization = request.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() == "bearer" and token:
        return await run_in_threadpool(_bearer_principal, request, reader, token, now)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        if not is_same_origin(request, get_settings_dep(request)):
            raise Unauthenticated("跨站请求不接受会话 Cookie，请使用 API 令牌", field="origin")
        found = await run_in_threadpool(session_principal, request, background)
        if found is None:
            raise Unauthenticated("会话已过期，请重新登录", field="cookie")
        principal, csrf = found
        sent = request.headers.get(CSRF_HEADER)
        if request.method not in SAFE_METHODS and not same_secret(sent, csrf):
            raise Forbidden("缺少或错误的 CSRF 令牌", code="csrf_failed", field=CSRF_HEADER)
        return principal
    raise Unauthenticated("需要登录或 API 令牌", field="authorization")


def _bearer_principal(
    request: Request, reader: RequestReader, token: str, now: datetime
) -> Principal:
    state = token_state(reader.get(), token)
    if state is not None:
        state.check_expiry(now)  # 401 token_expired, naming the day
    if state is not None and not state.stamp_due(now):
        if not _route_reads(request):
            reader.release()
        return state.principal
    reader.release()  # never held while waiting for the write lock
    principal = None
    if state is not None:
        with UnitOfWork(get_session_factory(request)) as uow:
            principal = principal_for_api_token(uow, token, now)
            uow.commit()  # the last-used stamp
    if principal is None:
        raise Unauthenticated("API 令牌无效或已吊销", field="authorization")
    return principal


ApiPrincipal = Annotated[Principal, Depends(api_principal)]
