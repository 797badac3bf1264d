"""日历: the union's month of occasions, and the user's own ICS subscription address (made or
replaced, shown once, stopped)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.web.auth import FormDep, UserDep, require
from api.web.core import HtmlRoute, config, now, reading, redirect, render, today, unit_of_work
from api.web.filters import Filters
from lifecycle.accounts.permissions import ROLE_PERMISSIONS, Permission
from lifecycle.accounts.principal import Principal
from lifecycle.feeds.subscriptions import feed_url, issue_feed, live_feed, stop_feed
from lifecycle.occasions.model import kinds_acted_on
from lifecycle.views.calendar_month import FIRST_MONTH, LAST_MONTH, month_in_range, month_view
from lifecycle.views.dashboard import month_start

router = APIRouter(route_class=HtmlRoute)
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


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


def _month_query(f: Filters, first: date) -> str:
    """``?month=YYYY-MM`` of the month shown where the address asked it, else nothing."""
    return f"?month={first:%Y-%m}" if f.text("month") and not f.problems else ""


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(request: Request, user: UserDep) -> HTMLResponse:
    """A month of the union's outstanding occasions and scheduled inspections, and the user's
    feed (its address is not kept, so only whether it is live)."""
    require(user, Permission.READ)
    stopped = request.query_params.get("feed") == "stopped"
    return _page(request, user, stopped=stopped)


def _page(
    request: Request, user: Principal, *, new_url: str | None = None, stopped: bool = False
) -> HTMLResponse:
    f = Filters(request.query_params)
    as_of = today(request)
    first = _month(f, as_of)
    with reading(request) as uow:
        kinds = kinds_acted_on(ROLE_PERMISSIONS[user.role])  # as 我的待办 lists steps
        view = month_view(uow, user.union_id, first, as_of, scope=user.read_scope, step_kinds=kinds)
        feed = live_feed(uow, user)
        issued = feed.issued_at if feed is not None else None
        # An own address made once and no longer opening (stopped, or ended by a password
        # change, a switch-off, another union or role): said so, not the shared address's end.
        lapsed = feed is None and uow.accounts.feed_of(user.user_id) is not None
    response = render(
        request,
        "calendar.html",
        {
            "view": view,
            "feed": {"issued_at": issued} if feed is not None else None,
            "new_url": new_url,
            "stopped": stopped,
            "lapsed": lapsed,
            "weekdays": WEEKDAYS,
            "problems": f.problems,
            "today": as_of,
            # The month shown, kept by the feed's forms: done, the same month is shown again.
            "month_query": _month_query(f, first),
        },
    )
    if new_url:
        response.headers["Cache-Control"] = "no-store"  # the secret is not kept by any cache
    return response


@router.post("/calendar/feed", response_class=HTMLResponse)
def rotate_feed(request: Request, user: UserDep, _form: FormDep) -> HTMLResponse:
    """Make the user's address, or replace it (their old one stops, nobody else's); the page
    shows the new address this once."""
    require(user, Permission.READ)
    with unit_of_work(request, user.actor) as uow:
        issued = issue_feed(uow, user, now(request))
        uow.commit()
    return _page(request, user, new_url=feed_url(config(request).settings.base_url, issued.token))


@router.post("/calendar/feed/stop")
def stop_my_feed(request: Request, user: UserDep, _form: FormDep) -> Response:
    """Stop the user's address without a new one."""
    require(user, Permission.READ)
    with unit_of_work(request, user.actor) as uow:
        stop_feed(uow, user, now(request))
        uow.commit()
    f = Filters(request.query_params)
    shown = _month_query(f, _month(f, today(request)))
    asked = f"{shown}&feed=stopped" if shown else "?feed=stopped"
    return redirect(f"/calendar{asked}#feed")
