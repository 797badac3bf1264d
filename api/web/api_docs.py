"""The API reference (/docs) for signed-in users: a server-rendered page read from the app's own
OpenAPI schema (``api.reference``), in the pages' look, loading nothing from elsewhere (no CDN,
no script: the strict CSP of every page). /redoc, where an earlier release served ReDoc, leads
there.

The schema itself (``/openapi.json``) stays public: it describes the API's shape, holds no data,
and the contract tests (schemathesis) load it without credentials (docs/DEPLOY.md).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.reference import reference
from api.web.auth import UserDep
from api.web.core import HtmlRoute, render

router = APIRouter(route_class=HtmlRoute)


@router.get("/docs", response_class=HTMLResponse)
def api_reference(request: Request, user: UserDep) -> HTMLResponse:
    """Every operation of the JSON API by tag: parameters, body fields, answers; who may call
    each in the words of the reader's city (乐山's 县（市、区）总工会干部 [L 一])."""
    document = request.app.openapi()
    sections = reference(document, user.wording)
    context = {
        "sections": sections,
        "operations": sum(len(s.operations) for s in sections),
        "version": document.get("info", {}).get("version", ""),
        "schema_url": request.app.openapi_url,
    }
    return render(request, "api_docs.html", context)


@router.get("/redoc", include_in_schema=False)
def redoc(_user: UserDep) -> RedirectResponse:
    """The earlier ReDoc address: the reference is /docs."""
    return RedirectResponse("/docs", status_code=303)
