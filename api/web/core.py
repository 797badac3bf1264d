"""What every page shares: config on app.state, templates, HTML error handling, form errors."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException

from api.deps import SESSION_COOKIE
from api.web import once
from api.web.pending_form import pending_login
from api.web.post_only import form_page_of
from lifecycle.actors import SYSTEM, Actor
from lifecycle.citations import finalize
from lifecycle.clock import chinese_date, to_shanghai
from lifecycle.config import Settings
from lifecycle.db.limits import column_limit
from lifecycle.errors import DomainError, FieldProblem
from lifecycle.files.storage import FileStorage
from lifecycle.funding import (
    applications,
    expenditure_changes,
    expenditures,
    grant_changes,
    grants,
    refund_changes,
    refunds,
)
from lifecycle.funding.occasions import occasion_line
from lifecycle.money import format_fen
from lifecycle.schemes.texts import ledger_marks
from lifecycle.schemes.words import designation_status_label
from lifecycle.uow import UnitOfWork
from lifecycle.validation import FIRST_YEAR, LAST_YEAR

log = logging.getLogger(__name__)
NO_SUCH_PAGE = "页面不存在：地址中的编号无效"

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
TEMPLATES.env.finalize = finalize  # rule ids printed as Chinese citations ([Y16] → 第十六条)
STATIC_DIR = Path(__file__).parent / "static"

HTTP_TITLES = {
    400: "请求有误",
    403: "无权访问",
    404: "页面不存在",
    405: "不支持的请求方式",
    409: "记录已变化",
    413: "文件过大",
    422: "输入有误",
    500: "服务器内部错误",
}


def shown_date(value: date | datetime | None) -> str:
    """A date or moment as every page shows it: 2026年11月21日, a moment in Shanghai time with
    its minute (2026年11月21日 14:05). Tables too: the Chinese form is as long as YYYY-MM-DD, so
    no column needs a compact form. Form inputs (type=date), API JSON and spreadsheet cells
    keep ISO dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = to_shanghai(value)
        return f"{chinese_date(local.date())} {local:%H:%M}"
    return chinese_date(value)


TEMPLATES.env.filters["d"] = shown_date
TEMPLATES.env.filters["cn"] = shown_date
TEMPLATES.env.filters["yuan"] = lambda fen: "" if fen is None else format_fen(int(fen))
# Each rendered form's one-time key (the ``csrf()`` macro; ``api.web.once``).
TEMPLATES.env.globals["form_key"] = once.new_form_key
# An input's maxlength, min and max from the column it fills ("table.column"; macros.html).
TEMPLATES.env.globals["column_limit"] = column_limit
# A designation's status in its own scheme's words (撤牌 [Y12], 摘牌 [S9]) on any list.
TEMPLATES.env.globals["status_word"] = designation_status_label
# An occasion's line as the user reads it (an audit finding waits for finance staff, for a unit).
TEMPLATES.env.globals["occasion_line"] = lambda o, user: occasion_line(o, user and user.role)
# A ledger entry's ticks in the words of the title's scheme (乐山's 已转化应用 [L]).
TEMPLATES.env.globals["ledger_marks"] = lambda code, which: dict(ledger_marks(code, which))
# The inputs of the fund ledger's forms, written out by hand: the column each fills, or the rule
# bounding a text kept whole (amounts are typed as yuan text, at most as long as the API takes).
YUAN_TEXT_MAX = 30
TEMPLATES.env.globals["GRANT_LIMITS"] = {
    "approval_ref": {"column": "funding_grants.approval_ref"},
    "amount_yuan": {"maxlength": YUAN_TEXT_MAX},
    "reason": {"maxlength": grant_changes.REASON_MAX},
    "note": {"maxlength": grants.NOTE_MAX},
}
# A year input's range: the years any record may name; its rule narrows them (reading IN1).
YEARS = {"min": FIRST_YEAR, "max": LAST_YEAR}
TEMPLATES.env.globals["YEARS"] = YEARS
TEMPLATES.env.globals["APPLICATION_LIMITS"] = {
    "year": YEARS,
    "requested_yuan": {"maxlength": YUAN_TEXT_MAX},
    "summary": {"maxlength": applications.SUMMARY_MAX},
    "decision_ref": {"column": "funding_applications.decision_ref"},
    "amount_yuan": {"maxlength": YUAN_TEXT_MAX},
    "reason": {"maxlength": applications.REASON_MAX},
}
TEMPLATES.env.globals["REFUND_LIMITS"] = {
    "refund_yuan": {"maxlength": YUAN_TEXT_MAX},
    "refund_ref": {"maxlength": refunds.REFERENCE_MAX},
    "reason": {"maxlength": refund_changes.REASON_MAX},
}
TEMPLATES.env.globals["EXPENDITURE_LIMITS"] = {
    "amount_yuan": {"maxlength": YUAN_TEXT_MAX},
    "payee": {"column": "funding_expenditures.payee"},
    "description": {"maxlength": expenditures.DESCRIPTION_MAX},
    "receipt_ref": {"column": "funding_expenditures.receipt_ref"},
    "reason": {"maxlength": expenditure_changes.REASON_MAX},
}


@dataclass(frozen=True)
class WebConfig:
    """What the pages need from the app: settings, the clock and the file store."""

    settings: Settings
    clock: Callable[[], datetime]

    @property
    def storage(self) -> FileStorage:
        return FileStorage(self.settings.files_dir, self.settings.max_upload_bytes)


def config(request: Request) -> WebConfig:
    """The web configuration stored on the app by ``mount_web``."""
    web: WebConfig = request.app.state.web
    return web


OPEN_WRITES = "web_open_writes"


class _RequestUnit(UnitOfWork):
    """A unit of work of one page request; while a user's write is open no page is rendered."""

    def __init__(self, request: Request, factory: sessionmaker[Session], actor: Actor) -> None:
        super().__init__(factory, actor=actor)
        self._request = request
        # A user's unit is a write: on SQLite it holds the write lock for everyone until it ends.
        self._counted = actor is not SYSTEM

    def __enter__(self) -> _RequestUnit:
        super().__enter__()
        if self._counted:
            try:  # a user's write stores the form's one-time key first (``api.web.once``)
                once.claim(self._request, self)
            except BaseException:
                super().__exit__(None, None, None)
                raise
            state = self._request.state
            setattr(state, OPEN_WRITES, getattr(state, OPEN_WRITES, 0) + 1)
        return self

    def commit(self) -> None:
        super().commit()
        if self._counted:
            once.claimed(self._request)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            super().__exit__(exc_type, exc, tb)
        finally:
            if self._counted:
                state = self._request.state
                setattr(state, OPEN_WRITES, getattr(state, OPEN_WRITES, 1) - 1)


def unit_of_work(request: Request, actor: Actor = SYSTEM) -> UnitOfWork:
    """A new unit of work on the app's database, its changes logged as ``actor``."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    return _RequestUnit(request, factory, actor)


def reading(request: Request) -> UnitOfWork:
    """A read-only unit of work for building a page: on SQLite it takes no write lock, so a
    page being rendered never makes another user's write wait."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    return UnitOfWork(factory, read_only=True)


def now(request: Request) -> datetime:
    """The current instant from the app's clock (the only clock read of a page)."""
    return config(request).clock()


def today(request: Request) -> date:
    """Today in Asia/Shanghai, the ``as_of`` of every page."""
    return to_shanghai(now(request)).date()


class LoginRequired(Exception):
    """No valid session cookie: send the browser to the login page."""


class Forbidden(Exception):
    """The user's role does not allow this page or action."""


def render(
    request: Request, template: str, context: Mapping[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render a page; ``user`` and ``csrf_token`` come from the request state when logged in.
    A form re-shown as refused (422) with ``form_errors`` of an authority refusal answers 403.

    Refused while a user's write transaction of this request is still open: on SQLite it would
    hold the write lock for every other user while the page is built (use ``api.web.submit``).
    """
    if getattr(request.state, OPEN_WRITES, 0):
        raise RuntimeError("page rendered inside an open write transaction (see api.web.submit)")
    errors = context.get("errors")
    if status_code == 422 and isinstance(errors, FormErrors):
        status_code = errors.status  # a form refused for want of authority: 403, as the API
    full = {
        "user": getattr(request.state, "principal", None),
        "home": getattr(request.state, "home", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
        **context,
    }
    return TEMPLATES.TemplateResponse(request, template, full, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A Chinese error page with the status, a message and a way back."""
    title = HTTP_TITLES.get(status, "出错了")
    return render(
        request,
        "error.html",
        {"title": title, "message": message, "status": status},
        status_code=status,
    )


# A GET of an address that only takes a form, where no page holding it is found (reading P36g).
POST_ONLY = "此地址用于提交表单，不能直接打开；请回到相应页面填写后提交"


async def render_domain_error(request: Request, err: DomainError) -> Response:
    """The app-wide HTML form of a refusal outside /api (hooked into ``api.errors``). A GET of
    an address only a form posts to goes to the page holding that form (``post_only``)."""
    if err.http_status == 405 and request.method in ("GET", "HEAD"):
        target = form_page_of(request.app, request.url.path)
        if target is not None:
            return RedirectResponse(target, status_code=303)
        return error_page(request, 405, POST_ONLY)
    return error_page(request, err.http_status, err.message)


def also_refused(errors: dict[str, str], problems: Iterable[FieldProblem]) -> None:
    """Add to a form refused before its use case ran the use case's own checks on the other typed
    fields (its ``*_field_problems``), so every bad field shows at once; the form's message on a
    field it already named wins."""
    for problem in problems:
        errors.setdefault(problem.field, problem.message)


# Fields of a refusal that name the record or the caller, never an input of a form: the scheme
# that has no such step, the acting user's authority, the version a form carries hidden.
RECORD_FIELDS = {"actor": "_form", "scheme": "_form", "expected_version": "_form"}


class FormErrors(dict[str, str]):
    """A refusal's messages by form field, with the refusal's own status: an authority refusal
    (403, e.g. ``NotAuthorised``) re-renders the form as 403, as the API answers it."""

    status: int = 422


def form_errors(
    err: DomainError,
    names: Mapping[str, str] | None = None,
    *,
    fields: Collection[str] | None = None,
) -> FormErrors:
    """Map a refusal's field paths to form field names (``names``), joining several per field.

    A problem on a field no form shows (``RECORD_FIELDS``), or, when the form lists its
    ``fields``, on any field it does not list, goes to ``_form``, the alert above the form:
    a refusal never comes back as a bare "提交未成功" without its reason."""
    mapping = {**RECORD_FIELDS, **(names or {})}
    errors = FormErrors()
    if err.http_status == 403:
        errors.status = 403
    problems = err.problems or []
    for p in problems:
        key = mapping.get(p.field, p.field)
        if fields is not None and key not in fields:
            key = "_form"
        if key not in errors:
            errors[key] = p.message
        elif p.message not in errors[key].split("；"):  # one field, several members: said once
            errors[key] = f"{errors[key]}；{p.message}"
    if not problems:
        errors["_form"] = err.message
    return errors


def page_links(kept: Mapping[str, object], page: int, has_next: bool) -> dict[str, str | None]:
    """The pager's 上一页 and 下一页 addresses (``prev_url``, ``next_url``) keeping the filters."""
    return {
        "prev_url": "?" + urlencode({**kept, "page": page - 1}) if page > 1 else None,
        "next_url": "?" + urlencode({**kept, "page": page + 1}) if has_next else None,
    }


def redirect(url: str) -> RedirectResponse:
    """See-other redirect after a successful post (the browser then GETs ``url``)."""
    return RedirectResponse(url, status_code=303)


class HtmlRoute(APIRoute):
    """A page route: refusals become Chinese error pages, a missing login a redirect."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                response = await handler(request)
            except once.AlreadySubmitted as err:
                return _already_submitted(request, err)
            except LoginRequired:
                if request.method == "POST" and request.url.path != "/logout":
                    token = request.cookies.get(SESSION_COOKIE)
                    raise await pending_login(request, token) from None
                target = request.url.path
                if request.url.query:
                    target += "?" + request.url.query
                return redirect("/login?next=" + quote(target, safe=""))
            except Forbidden as err:
                return error_page(request, 403, str(err) or "您的角色无权进行此操作")
            except DomainError as err:
                return error_page(request, err.http_status, err.message)
            except RequestValidationError as err:
                if all(e["loc"][:1] == ("path",) for e in err.errors()):
                    # An id no record can have (``api.web.ids.IdPath``): a missing page.
                    return error_page(request, 404, NO_SUCH_PAGE)
                return error_page(request, 400, "请求参数不完整或格式不正确")
            except HTTPException as err:
                return error_page(request, err.status_code, str(err.detail))
            location = response.headers.get("location")
            if response.status_code == 303 and location:
                factory = request.app.state.session_factory
                await run_in_threadpool(once.record_location, request, factory, location)
            return response

        return page


def _already_submitted(request: Request, err: once.AlreadySubmitted) -> HTMLResponse:
    """A form posted again: what the first post led to, and that nothing more was written."""
    return render(request, "submitted.html", {"location": err.location})
