"""One way to say no: every refusal under /api is `{"error": {code, message, field, ...}}`."""

from __future__ import annotations

import copy
import json
import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from api.body_rules import rule_problems
from api.log_redaction import redact
from lifecycle.citations import cite
from lifecycle.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from lifecycle.field_labels import combined_message
from lifecycle.validation import missing_day

F = TypeVar("F", bound=Callable[..., Any])

log = logging.getLogger(__name__)

API_PREFIX = "/api/"
HTTP_CODES = {
    400: ("bad_request", "请求格式不正确"),
    401: ("unauthenticated", "需要登录或 API 令牌"),
    403: ("forbidden", "无权执行此操作"),
    404: ("not_found", "资源不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    409: ("conflict", "与当前状态冲突"),
    413: ("too_large", "上传内容过大"),
    415: ("unsupported_media_type", "不支持的内容类型"),
    429: ("too_many_requests", "请求过于频繁"),
}
# The database cannot be reached (down, wrong address, out of connections): a 503, not a 500.
UNREACHABLE = (OperationalError, InterfaceError, PoolTimeout)
# The same faults raised by the drivers themselves (a raw connection, e.g. the snapshot version).
DRIVER_UNREACHABLE = (psycopg.OperationalError, psycopg.InterfaceError, sqlite3.OperationalError)


def database_unavailable() -> DomainError:
    """The refusal shown while the database cannot be reached."""
    err = DomainError("数据库暂时无法访问，请稍后再试", code="database_unavailable")
    err.http_status = 503
    return err


def internal_error() -> DomainError:
    """The refusal shown for a fault of the service itself (logged with its traceback)."""
    err = DomainError("服务器内部错误，请稍后再试或联系管理员", code="internal_error")
    err.http_status = 500
    return err


def is_api(request: Request) -> bool:
    """Whether the request is the JSON API's (structured errors) rather than a page's."""
    return request.url.path.startswith(API_PREFIX)


HtmlErrorRenderer = Callable[[Request, DomainError], Awaitable[Response]]


class ProblemOut(BaseModel):
    field: str
    code: str
    message: str


class ErrorDetail(BaseModel):
    code: str
    message: str = Field(description="中文说明，逐项列出每个有误的字段（字段名见 problems）")
    field: str | None = None
    rule: str | None = None
    problems: list[ProblemOut] = []


class ErrorBody(BaseModel):
    """The JSON body of every refusal."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": HTTP_CODES[status][1]}
    for status in (401, 403, 404, 409, 429)
}
ERROR_RESPONSES[422] = {"model": ErrorBody, "description": "输入不符合要求"}


def _json(
    status: int,
    code: str,
    message: str,
    field: str | None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "code": code,
        "message": message,
        "field": field,
        "rule": None,
        "problems": [],
    }
    body.update(extra)
    return JSONResponse(status_code=status, content={"error": body}, headers=headers)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    """Any uncaught fault: logged, answered as the JSON error or the Chinese page."""
    path = redact(request.url.path)  # a feed URL's secret never reaches the log
    log.error("unhandled error on %s %s", request.method, path, exc_info=exc)
    err = internal_error()
    renderer: HtmlErrorRenderer | None = getattr(request.app.state, "html_error_renderer", None)
    if renderer is not None and not is_api(request):
        try:
            return await renderer(request, err)
        except Exception:  # the page itself failed (e.g. the database): plain Chinese text
            log.exception("error page failed")
            return Response("服务器内部错误，请稍后再试", status_code=500, media_type="text/plain")
    return JSONResponse(status_code=500, content={"error": err.to_dict()})


def _field_path(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:] or parts
    return ".".join(parts)


# Our own validators' error types: their message is already the Chinese sentence to show.
OUT_OF_RANGE = "date_out_of_range"
NOT_NULL = "null_not_allowed"
CONTROL_CHARACTER = "control_character"
INTEGER_OUT_OF_RANGE = "integer_out_of_range"
NOT_PLAIN_NUMBER = "not_plain_number"
_OWN_MESSAGES = {OUT_OF_RANGE, NOT_NULL, CONTROL_CHARACTER, INTEGER_OUT_OF_RANGE, NOT_PLAIN_NUMBER}
# A date written YYYY-MM-DD that names no day (2026-02-30): said as the pages say it, under a
# code of its own rather than pydantic's parsing error, which would ask for the format it has.
NO_SUCH_DAY = "no_such_day"
_DATE_PARSING = {"date_parsing", "date_from_datetime_parsing", "datetime_parsing"}

_VALIDATION_MESSAGES = {
    "missing": "必填",
    "json_invalid": "不是有效的 JSON",
    "int_parsing": "应为整数",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "enum": "不在可选值中",
    "literal_error": "不在可选值中",
    # A JSON value of the wrong type: what the field takes, not a bare 「格式不正确」.
    "string_type": "应为文本（JSON 字符串）",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "应为日期（YYYY-MM-DD）",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "greater_than_equal": "过小",
    "less_than_equal": "过大",
    "extra_forbidden": "不接受此字段",
    # A body that is JSON but not an object (a list, a string), or sent as another type.
    "model_attributes_type": "应为 JSON 对象（Content-Type: application/json）",
    "model_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
}
# The same refusals naming their limit (from the error's context), as the pages word them.
_LIMIT_MESSAGES = {
    "string_too_long": ("max_length", "不能超过{}个字符"),
    "string_too_short": ("min_length", "不能少于{}个字符"),
    "too_long": ("max_length", "不能超过{}项"),
    "too_short": ("min_length", "不能少于{}项"),
    "greater_than_equal": ("ge", "不能小于{}"),
    "greater_than": ("gt", "应大于{}"),
    "less_than_equal": ("le", "不能大于{}"),
    "less_than": ("lt", "应小于{}"),
}


_CHOICE = re.compile(r"'([^']*)'")


def validation_message(err: Mapping[str, Any], *, codes: bool = False) -> str:
    """The Chinese message of one pydantic error: our validators' own, else by its type, naming
    the limit a length or range error carries (「不能超过200个字符」); with ``codes`` (the API), a
    choice refused names the codes it takes (「不在可选值中（可选：male、female）」)."""
    kind = str(err.get("type"))
    if kind in _OWN_MESSAGES:
        return str(err.get("msg"))
    missing = missing_day(err.get("input")) if kind in _DATE_PARSING else None
    if missing is not None:
        return missing
    if kind == "string_type" and tuple(err.get("loc", ())) == ("body",):
        # A route whose whole body is text (the calendar's CSV) sent JSON.
        return "应为纯文本（如 Content-Type: text/csv），不是 JSON"
    limit = _LIMIT_MESSAGES.get(kind)
    context = err.get("ctx") or {}
    if limit is not None and limit[0] in context:
        bound = context[limit[0]]
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # 「不能小于0」, not 0.0
        if kind == "string_too_short" and bound == 1:
            return "不能为空"
        return limit[1].format(bound)
    if codes and kind in ("enum", "literal_error"):  # the API's own codes, never on a page
        choices = _CHOICE.findall(str(context.get("expected", "")))
        if choices:
            return f"不在可选值中（可选：{'、'.join(choices)}）"
    return _VALIDATION_MESSAGES.get(kind, "格式不正确")


def _problem_code(err: Mapping[str, Any]) -> str:
    """The code of one pydantic error as the API answers it: its type, but ``no_such_day`` for
    a well-formed date the calendar lacks."""
    kind = str(err.get("type", "invalid"))
    if kind in _DATE_PARSING and missing_day(err.get("input")) is not None:
        return NO_SUCH_DAY
    return kind


def records(kind: str) -> Callable[[F], F]:
    """Declare the record kind of a route without a body model of ours, a multipart form's
    fields or a list's query (a body model declares its own, ``Inbound.record_kind``): a
    filing's ``filed_on`` is labelled 备案日期, the persons' ``name`` filter 姓名."""

    def declare(endpoint: F) -> F:
        endpoint.record_kind = kind  # type: ignore[attr-defined]
        return endpoint

    return declare


def record_kind(request: Request) -> str | None:
    """The record kind the matched route's body declares (``Inbound.record_kind``): a person's
    ``name`` is labelled 姓名, a workshop's 名称."""
    route = request.scope.get("route")
    body_field = getattr(route, "body_field", None)
    model = getattr(getattr(body_field, "field_info", None), "annotation", None)
    # A multipart route has no body model of ours: its endpoint declares the kind (``records``).
    kind = getattr(model, "record_kind", None) or getattr(
        getattr(route, "endpoint", None), "record_kind", None
    )
    return kind if isinstance(kind, str) else None


def _unreadable_body(exc: HTTPException) -> JSONResponse | None:
    """A body the framework could not read (a 400 raised while reading it): bytes that are not
    UTF-8 (a client writing GBK) or a malformed upload form. Answered as every other body that
    is not what the route takes (``json_invalid``): a 422 beside ``body`` saying what to send,
    not a bare 「请求格式不正确」 under a status the API document does not list."""
    if exc.status_code != 400:
        return None
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, UnicodeDecodeError):
        code, problem = "body_not_utf8", "应为 UTF-8 编码的 JSON（不接受 GBK 等其他编码）"
    elif isinstance(cause, MultiPartException):
        code, problem = "form_invalid", "不是有效的上传表单（multipart/form-data）"
    elif isinstance(cause, ValueError):
        code, problem = "body_invalid", "应为有效的 UTF-8 编码 JSON"
    else:
        return None
    problems = [{"field": "body", "code": code, "message": problem}]
    message = combined_message([("body", problem)])
    return _json(422, "validation_failed", message, "body", problems=problems)


def validation_response(
    exc: RequestValidationError,
    kind: str | None = None,
    *,
    codes: bool = False,
    request: Request | None = None,
) -> JSONResponse:
    """FastAPI's 422 in the shared shape, one problem per bad field of a record of ``kind``;
    with the ``request``, its body's field-local rules too (``api.body_rules``)."""
    problems = [
        {
            # A body that is not JSON at all: pydantic's location is a byte offset, not a field.
            "field": "body"
            if err.get("type") == "json_invalid"
            else _field_path(err.get("loc", ())),
            "code": _problem_code(err),
            "message": validation_message(err, codes=codes),
        }
        for err in exc.errors()
    ]
    if request is not None:
        problems += rule_problems(request, exc.body, {p["field"] for p in problems})
    first = problems[0] if problems else {"field": None, "code": "validation_failed"}
    message = combined_message(((p["field"], p["message"]) for p in problems), kind)
    message = message or "输入不符合要求"
    return _json(422, "validation_failed", message, first["field"], problems=problems)


def cited(error: dict[str, Any]) -> dict[str, Any]:
    """The error's messages with rule ids as Chinese citations; ``rule`` keeps the machine id."""
    out = {**error, "message": cite(str(error.get("message", "")))}
    problems = error.get("problems") or []
    out["problems"] = [{**p, "message": cite(str(p.get("message", "")))} for p in problems]
    return out


def _sent_names(request: Request) -> set[str]:
    """The names a request can carry on its route: its path and query parameters and the fields
    of its body."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    names = set(request.path_params)
    names.update(p.name for p in getattr(dependant, "query_params", ()))
    body_field = getattr(route, "body_field", None)
    model = getattr(getattr(body_field, "field_info", None), "annotation", None)
    names.update(getattr(model, "model_fields", {}))
    return names


def addressed(request: Request, exc: DomainError) -> DomainError:
    """A missing record named by no field of the request (``api.v1.common.found``'s default,
    or a use case's own name for it, 「application_id」 under ``/intake/applications/{intake_id}``)
    named by the record its path addresses: the route's last path parameter
    (``designation_id`` of ``GET /designations/{designation_id}``)."""
    params = list(request.path_params)
    if not isinstance(exc, NotFound) or not params:
        return exc
    if exc.field is not None and exc.field in _sent_names(request):
        return exc
    return NotFound(exc.message, field=params[-1], rule=exc.rule)


def _in_its_words(request: Request, exc: DomainError) -> DomainError:
    """A use case's refusal of bare field messages (the flush guard's 「不能包含控制字符」) summed
    up with the labels of the record the body describes (an expenditure's ``description`` is
    用途说明, not 简介), as a refusal of the body's schema is."""
    kind = record_kind(request)
    if kind is None or not isinstance(exc, ValidationFailed) or not exc.problems:
        return exc
    message = combined_message(((p.field, p.message) for p in exc.problems), kind)
    if message == exc.message:
        return exc
    worded = copy.copy(exc)
    worded.message = message
    return worded


def install_error_handlers(app: FastAPI) -> None:
    """JSON errors for /api/...; other paths use `app.state.html_error_renderer` when set."""

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        renderer: HtmlErrorRenderer | None = getattr(app.state, "html_error_renderer", None)
        if renderer is not None and not request.url.path.startswith(API_PREFIX):
            return await renderer(request, exc)
        # A throttled login says how long to wait, as RFC 6585 suggests for a 429.
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return JSONResponse(
            status_code=exc.http_status,
            content={"error": cited(addressed(request, _in_its_words(request, exc)).to_dict())},
            headers=headers,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        api = is_api(request)
        kind = record_kind(request)
        response = validation_response(exc, kind, codes=api, request=request if api else None)
        renderer: HtmlErrorRenderer | None = getattr(app.state, "html_error_renderer", None)
        if renderer is not None and not request.url.path.startswith(API_PREFIX):
            detail = json.loads(bytes(response.body))["error"]
            problems = [FieldProblem(**p) for p in detail["problems"]]
            error = ValidationFailed(detail["message"], field=detail["field"], problems=problems)
            return await renderer(request, error)
        return response

    @app.exception_handler(DataError)
    async def unstorable(request: Request, _exc: DataError) -> Response:
        # Input the database cannot hold (e.g. NUL characters on PostgreSQL): refused, not a 500.
        error = ValidationFailed("输入包含无法保存的字符或数值", code="invalid_data")
        return await domain_error(request, error)

    @app.exception_handler(SQLAlchemyError)
    async def database_error(request: Request, exc: SQLAlchemyError) -> Response:
        # A database fault is the structured error (API) or the Chinese page, never a bare 500.
        if isinstance(exc, UNREACHABLE):
            log.error("database unreachable: %s", type(exc).__name__)
            return await domain_error(request, database_unavailable())
        log.error("database error", exc_info=exc)
        return await domain_error(request, internal_error())

    @app.exception_handler(psycopg.Error)
    @app.exception_handler(sqlite3.Error)
    async def driver_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, DRIVER_UNREACHABLE):
            log.error("database unreachable: %s", type(exc).__name__)
            return await domain_error(request, database_unavailable())
        log.error("database error", exc_info=exc)
        return await domain_error(request, internal_error())

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        code, message = HTTP_CODES.get(exc.status_code, ("http_error", "请求无法处理"))
        renderer: HtmlErrorRenderer | None = getattr(app.state, "html_error_renderer", None)
        if renderer is not None and not is_api(request):
            # Pages: a Chinese error page (Starlette's own details are English status phrases).
            err = DomainError(message, code=code)
            err.http_status = exc.status_code
            response = await renderer(request, err)
            for name, value in (exc.headers or {}).items():
                response.headers[name] = value
            return response
        unreadable = _unreadable_body(exc)
        if unreadable is not None:
            return unreadable
        return _json(exc.status_code, code, message, None, headers=exc.headers)
