"""The HTTP service: FastAPI app factory; engines are built in the lifespan, never at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from anyio import Semaphore, to_thread
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from api.errors import install_error_handlers
from api.idempotency import install_idempotency
from api.log_redaction import install_log_redaction
from api.reference import install_reference_texts
from api.security import install_security
from api.v1 import router as api_v1_router
from api.web import mount_web
from lifecycle.clock import now_utc, to_shanghai
from lifecycle.config import Settings, get_settings
from lifecycle.db.engine import make_engine, make_session_factory, reader_slots
from lifecycle.db.health import database_problem
from lifecycle.feeds.ics import user_calendar
from lifecycle.uow import UnitOfWork

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None, clock: Callable[[], datetime] = now_utc
) -> FastAPI:
    """Build the app for `settings` (default: from the environment) reading time from `clock`."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url, echo=settings.sql_echo)
        app.state.session_factory = make_session_factory(engine)
        # Requests worked on at once in worker threads, and requests holding a read-only unit
        # between them (``api/deps.py``): the pool can then never run dry.
        to_thread.current_default_thread_limiter().total_tokens = settings.request_threads
        app.state.reader_slots = Semaphore(reader_slots(settings.request_threads))
        try:
            yield
        finally:
            engine.dispose()

    # The API reference pages are served by ``api.web.api_docs`` to signed-in users only.
    app = FastAPI(
        title="创新工作室全周期管理服务",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.clock = clock
    install_log_redaction()  # the feed URLs' secrets stay out of the access log
    install_error_handlers(app)
    install_idempotency(app)  # an API write sent again with its Idempotency-Key writes once
    # Operations, tags and parameters described in Chinese (each parameter at least by its label).
    install_reference_texts(app)
    install_security(app, settings)
    app.include_router(api_v1_router)
    # Pages (issue 7, H7b): include the web router and static mount below this line.
    mount_web(app, settings, clock)

    @app.get("/healthz")
    async def healthz(request: Request) -> JSONResponse:
        """Up only when the database answers; says which part is down (503) otherwise."""
        bind = request.app.state.session_factory.kw["bind"]
        problem = await run_in_threadpool(database_problem, bind, settings.database_url)
        # Only the kind of failure is published; the detail (hosts, paths) goes to the log.
        database = {"status": "ok"}
        if problem is not None:
            database = {"status": "down", "error": problem.kind}
            log.error("health: database down: %s", problem.detail)
        status = "ok" if problem is None else "down"
        body = {"status": status, "checks": {"database": database}}
        return JSONResponse(body, status_code=200 if problem is None else 503)

    @app.get("/calendar/{token}.ics", response_class=Response)
    def calendar_feed(token: str, request: Request) -> Response:
        """A user's subscription: what they may read now; 404 once revoked (nothing else said)."""
        with UnitOfWork(request.app.state.session_factory, read_only=True) as uow:
            now = clock()
            body = user_calendar(
                uow, token, as_of=to_shanghai(now).date(), now=now, base_url=settings.base_url
            )
        return Response(body, media_type="text/calendar; charset=utf-8")

    return app
