"""An API write sent twice writes once: the ``Idempotency-Key`` header of a POST to /api/v1.

The page forms' one-time keys (``api.web.once``) for clients of the JSON API: the key is kept
in the same table (``lifecycle.submissions``, pruned with them after 30 days), scoped to the
user, written in the transaction of the write it guards (so both commit or neither does), with
a fingerprint of the request and, once known, the answer it got. The same request sent again
with the key gets that answer (status and body, marked ``Idempotent-Replayed: true``) and
writes nothing; the key sent with another request is refused (422, naming the header). A
refused request writes nothing and keeps no key: sent again, it is tried again. Two identical
requests at once are decided by the key's unique index: one writes, the other is answered 409.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lifecycle.accounts.principal import Principal
from lifecycle.actors import Actor
from lifecycle.errors import ConflictError, DomainError
from lifecycle.submissions.repository import SubmissionRepository
from lifecycle.uow import UnitOfWork

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
API_PREFIX = "/api/v1/"
KEY_MAX = 64
_KEY = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# An answer larger than this is not kept: a replay is then told the key was used (409).
KEPT_BODY_MAX = 1_000_000
# Answers that carry a secret shown once (an API token, a calendar address): only its hash is
# stored (ASVS 2.10.4), so the answer is not kept either; a replay is told the key was used.
SECRET_ANSWERS = frozenset({"/api/v1/me/tokens", "/api/v1/me/calendar-feed"})
_STATE = "idempotency"

PARAMETER: dict[str, Any] = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "可选的幂等键（1–64 个字母、数字或 _ . : -，由调用方为每个写请求生成，如 UUID）。"
        "同一用户以同一键再次发送相同的请求（方法、路径与请求体均相同）时，返回首次请求的状态码与"
        f"响应体（响应头 {REPLAYED_HEADER}: true），不再重复写入；同一键用于不同请求时返回 422；"
        "首次请求仍在处理时返回 409。被拒绝（未写入）的请求不保留该键，可用同一键重试。"
        "键保留 30 天。"
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": KEY_MAX, "pattern": _KEY.pattern},
}


class KeyRefused(DomainError):
    """The header is malformed, or the key was used for another request."""

    code = "idempotency_key_invalid"
    http_status = 422


class KeyInUse(ConflictError):
    """The first request with the key is still being worked on (or its answer was not kept)."""

    code = "idempotency_key_in_use"


IN_USE = "使用该 Idempotency-Key 的请求正在处理或其结果未保存，请稍后用同一键重试或查询结果"


class Replayed(Exception):
    """The request was made before with the key and written: answer what it got then."""

    def __init__(self, status: int, media_type: str, body: bytes) -> None:
        super().__init__(status)
        self.status, self.media_type, self.body = status, media_type, body


@dataclass
class _Pending:
    """A POST with the header: its key, the running fingerprint of the request, and progress."""

    key: str
    digest: Any
    stored: str | None = None  # the key as kept: per user, known once the caller is
    request_hash: str | None = None
    claimed: bool = False
    answer: list[Message] = field(default_factory=list)


def _pending(request: Request) -> _Pending | None:
    found: _Pending | None = request.scope.get("state", {}).get(_STATE)
    return found


def stored_key(user_id: int, key: str) -> str:
    """The key as kept: the user's own (two users' equal keys never meet), never a form's."""
    raw = hashlib.sha256(f"{user_id}\n{key}".encode()).digest()
    return "api:" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def check(request: Request, principal: Principal) -> None:
    """Before the route runs: a key seen with this request replays its answer, a key seen with
    another request is refused; a new key is noted, to be claimed by the route's write."""
    pending = _pending(request)
    if pending is None:
        return
    if not _KEY.match(pending.key):
        message = "Idempotency-Key 格式不正确：应为 1–64 个字母、数字或 _ . : -"
        raise KeyRefused(message, field=HEADER)
    pending.stored = stored_key(principal.user_id, pending.key)
    # The body has been read (FastAPI reads it before it solves the dependencies).
    pending.request_hash = pending.digest.hexdigest()
    factory: sessionmaker[Session] = request.app.state.session_factory
    await run_in_threadpool(_earlier, factory, pending)


def _earlier(factory: sessionmaker[Session], pending: _Pending) -> None:
    assert pending.stored is not None
    with UnitOfWork(factory, read_only=True) as uow:
        found = SubmissionRepository(uow.session).find(pending.stored)
        if found is None:
            return
        if found.request_hash != pending.request_hash:
            message = (
                "该 Idempotency-Key 已用于另一请求（方法、路径或请求体不同），新请求请使用新的键"
            )
            raise KeyRefused(message, code="idempotency_key_reused", field=HEADER)
        if found.response_status is None or found.response_body is None:
            raise KeyInUse(IN_USE, field=HEADER)
        raise Replayed(found.response_status, found.response_type or "", found.response_body)


class IdempotentUnit(UnitOfWork):
    """A write unit of an API request with a key: it stores the key first, in its transaction."""

    def __init__(self, request: Request, factory: sessionmaker[Session], actor: Actor) -> None:
        super().__init__(factory, actor=actor)
        self._pending = _pending(request)
        self._path = request.url.path

    def __enter__(self) -> IdempotentUnit:
        super().__enter__()
        pending = self._pending
        if pending is None or pending.stored is None or pending.claimed:
            return self
        repo = SubmissionRepository(self.session)
        if not repo.claim(pending.stored, self.actor.user_id, self._path, pending.request_hash):
            super().__exit__(None, None, None)
            raise KeyInUse(IN_USE, field=HEADER)
        return self

    def commit(self) -> None:
        super().commit()
        if self._pending is not None and self._pending.stored is not None:
            self._pending.claimed = True


def unit(request: Request, factory: sessionmaker[Session], actor: Actor) -> UnitOfWork:
    """The request's write unit: claiming its key when it has one and a user acts."""
    if actor.user_id is None or _pending(request) is None:
        return UnitOfWork(factory, actor=actor)
    return IdempotentUnit(request, factory, actor)


class IdempotencyMiddleware:
    """Fingerprints a keyed POST as it is read and keeps the answer of the one that wrote,
    before the client gets it (a replay right after finds it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        digest = hashlib.sha256()
        query = bytes(scope.get("query_string", b"")).decode("latin-1")
        digest.update(f"{scope['method']} {scope['path']}?{query}\n".encode())
        pending = _Pending(key, digest)
        scope.setdefault("state", {})[_STATE] = pending

        async def hashed() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                digest.update(message.get("body", b""))
            return message

        held: list[Message] = []
        passing, size = False, 0

        async def keeping(message: Message) -> None:
            nonlocal passing, size
            if passing:
                await send(message)
                return
            held.append(message)
            if message["type"] != "http.response.body":
                return
            size += len(message.get("body", b""))
            more = bool(message.get("more_body", False))
            if more and size <= KEPT_BODY_MAX:
                return
            storable = size <= KEPT_BODY_MAX and scope["path"] not in SECRET_ANSWERS
            if not more and pending.claimed and storable:
                await run_in_threadpool(_keep, scope, pending, held)
            passing = True
            for kept in held:
                await send(kept)
            held.clear()

        await self.app(scope, hashed, keeping)


def _header(scope: Scope) -> str | None:
    if scope["type"] != "http" or scope["method"] != "POST":
        return None
    if not str(scope["path"]).startswith(API_PREFIX):
        return None
    name = HEADER.lower().encode()
    for k, v in scope["headers"]:
        if k == name:
            return bytes(v).decode("latin-1").strip()
    return None


def _keep(scope: Scope, pending: _Pending, messages: list[Message]) -> None:
    """Keep the answer for replays (best effort: the write it answers is already committed)."""
    start = messages[0]
    headers = {bytes(k).lower(): bytes(v) for k, v in start.get("headers", [])}
    media_type = headers.get(b"content-type", b"").decode("latin-1")
    body = b"".join(m.get("body", b"") for m in messages[1:])
    assert pending.stored is not None
    try:
        factory: sessionmaker[Session] = scope["app"].state.session_factory
        with UnitOfWork(factory) as uow:
            SubmissionRepository(uow.session).set_response(
                pending.stored, int(start["status"]), media_type, body
            )
            uow.commit()
    except Exception:  # the write stands; a replay is then told the key is in use
        log.exception("could not keep the answer of an API request with an Idempotency-Key")


async def _replay(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Replayed)
    return Response(
        exc.body,
        status_code=exc.status,
        media_type=exc.media_type or None,
        headers={REPLAYED_HEADER: "true"},
    )


def install_idempotency(app: FastAPI) -> None:
    """The middleware, the replay's answer, and the header in the OpenAPI of every guarded POST."""
    app.add_middleware(IdempotencyMiddleware)
    app.add_exception_handler(Replayed, _replay)
    build = app.openapi

    def openapi() -> dict[str, Any]:
        from api.v1.access import RULES, Reach  # the registry imports the routes: not at top

        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for path, operations in schema.get("paths", {}).items():
            rule = RULES.get(f"POST {path}")
            if "post" in operations and rule is not None and rule.reach is not Reach.PUBLIC:
                operations["post"].setdefault("parameters", []).append(PARAMETER)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
