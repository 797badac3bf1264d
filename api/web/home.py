"""The front door: anonymous visitors go to the login page, users to their dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.auth import SESSION_COOKIE
from api.web.core import HtmlRoute, now, redirect, unit_of_work
from lifecycle.accounts.service import principal_for_session

router = APIRouter(route_class=HtmlRoute)


@router.get("/")
def home(request: Request) -> Response:
    """No registry data without a login: ``/`` answers with the login page or the dashboard."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with unit_of_work(request) as uow:
            found = principal_for_session(uow, token, now(request))
            uow.commit()
        if found is not None:
            return redirect("/dashboard")
    return redirect("/login")
