"""The API reference (Swagger UI at /docs, ReDoc at /redoc) for signed-in users only.

The schema itself (``/openapi.json``) stays public: it describes the API's shape, holds no data,
and the contract tests (schemathesis) load it without credentials (docs/DEPLOY.md).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

from api.web.auth import UserDep
from api.web.core import HtmlRoute

router = APIRouter(route_class=HtmlRoute)


@router.get("/docs", response_class=HTMLResponse)
def swagger(request: Request, _user: UserDep) -> HTMLResponse:
    """Swagger UI over the app's OpenAPI schema."""
    return get_swagger_ui_html(openapi_url=request.app.openapi_url, title=_title(request))


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request, _user: UserDep) -> HTMLResponse:
    """ReDoc over the app's OpenAPI schema."""
    return get_redoc_html(openapi_url=request.app.openapi_url, title=_title(request))


def _title(request: Request) -> str:
    return f"{request.app.title} - API"
