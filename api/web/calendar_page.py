"""日历: the union's month of occasions, and its ICS subscription address (copy, rotate)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, config, redirect, render, today, unit_of_work
from api.web.filters import Filters
from lifecycle.accounts.permissions import Permission
from lifecycle.feeds.ics import feed_token
from lifecycle.uow import UnitOfWork
from lifecycle.views.calendar_month import FIRST_MONTH, LAST_MONTH, month_in_range, month_view
from lifecycle.views.dashboard import month_start

router = APIRouter(route_class=HtmlRoute)
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def feed_url(base_url: str, token: str) -> str:
    """The subscription address of a union's feed under the configured public base URL."""
    return f"{base_url.rstrip('/')}/calendar/{token}.ics"


def _month(f: Filters, as_of: date) -> date:
    """The month asked for (YYYY-MM, within the calendar's range), else this month, saying so."""
    text = f.text("month")
    if text:
        try:
            year, month = (int(part) for part in text.split("-", 1))
            first = date(year, month, 1)
        except ValueError:
            first = None
        if first is not None and month_in_range(first):
            return first
        span = f"{FIRST_MONTH:%Y-%m}至{LAST_MONTH:%Y-%m}"
        f.problems.append(
            f"月份「{text}」无效（应为{span}之间的年月，如 2026-03），已忽略，显示本月"
        )
    return min(max(month_start(as_of), FIRST_MONTH), LAST_MONTH)


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(request: Request, user: UserDep) -> HTMLResponse:
    """A month of the union's outstanding occasions and scheduled inspections, and its feed."""
    require(user, Permission.READ)
    f = Filters(request.query_params)
    as_of = today(request)
    first = _month(f, as_of)
    with UnitOfWork(request.app.state.session_factory, read_only=True) as uow:
        view = month_view(uow, user.union_id, first, as_of, scope=user.read_scope)
        union = uow.unions.get(user.union_id, user.scope)
        token = union.calendar_token if union is not None else None
    url = feed_url(config(request).settings.base_url, token) if token else None
    return render(
        request,
        "calendar.html",
        {
            "view": view,
            "feed_url": url,
            "weekdays": WEEKDAYS,
            "problems": f.problems,
            "today": as_of,
        },
    )


@router.post("/calendar/feed")
def rotate_feed(request: Request, user: UserDep, _form: FormDep) -> Response:
    """Create the union's subscription address, or replace it (old subscriptions stop)."""
    require(user, Permission.READ)
    with unit_of_work(request, user.actor) as uow:
        feed_token(uow, user.union_id, rotate=True, scope=user.scope)
        uow.commit()
    return redirect("/calendar#feed")
