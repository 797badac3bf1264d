"""The front door: anonymous visitors go to the login page, users to their dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.auth import SESSION_COOKIE, idle_limit
from api.web.core import HtmlRoute, now, reading, redirect
from lifecycle.accounts.sessions import session_state

router = APIRouter(route_class=HtmlRoute)


@router.get("/")
def home(request: Request) -> Response:
    """No registry data without a login: ``/`` answers with the login page or the dashboard."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with reading(request) as uow:
            found = session_state(uow, token, now(request), idle_limit(request))
        if found is not None:
            return redirect("/dashboard")
    return redirect("/login")
