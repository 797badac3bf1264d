"""A warning (带头人即将退休) starts on a day but is due on none: the month and the subscribed
calendar say it is a warning from that day, not a deadline (reading of the last session's 24:
warnings read as due dates)."""

from __future__ import annotations

import re
from datetime import date

import httpx
import icalendar

from lifecycle.occasions import index
from lifecycle.occasions.index_repository import TodoFilter
from lifecycle.occasions.model import OccasionKind
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from tests.demo_copies import DemoCopy
from tests.integration.web.demo_site import DemoSite, demo_site


def _warning_month(site: DemoSite, today: date) -> str:
    """The month (YYYY-MM) a retirement warning showing today started in."""
    with UnitOfWork(site.sessions) as uow:
        rows, _ = uow.occasion_index.todo_page(TodoFilter(EVERYTHING, today, today), 500, 0)
        shown = [index.entry_to_occasion(r, today) for r in rows]
    warning = next(o for o in shown if o.kind is OccasionKind.LEADER_RETIREMENT)
    return warning.due_on.strftime("%Y-%m")


def test_a_warning_shows_as_one_in_the_month_and_in_the_subscribed_calendar(
    demo_copy: DemoCopy,
) -> None:
    with demo_site(demo_copy) as site:
        month = _warning_month(site, demo_copy.as_of)
        browser = site.login("yangpu")
        page = browser.get("/calendar", params={"month": month}).text
        assert "未办结的事项" in page
        assert "到期事项共" not in page
        # The demo's warning is a Yangpu title's: its kind in Yangpu's word [Y3].
        entry = next(e for e in page.split('<div class="entry">') if "带头人即将退休" in e)
        assert "带头人（领衔人）即将退休" not in page
        assert entry.startswith("提醒起始 ")
        # The subscribed calendar says the same of it.
        form = browser.get("/calendar").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        key = re.search(r'name="form_key" value="([^"]+)"', form)
        assert token
        assert key
        made = browser.post("/calendar/feed", data={"csrf_token": token[1], "form_key": key[1]})
        address = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', made.text)
        assert address, made.text
        feed = browser.get(httpx.URL(address[1]).path)
        assert feed.status_code == 200
        events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
        retiring = [e for e in events if str(e["UID"]).startswith("leader_retirement:")]
        assert retiring
        for event in retiring:
            assert "状态：提醒事项（自该日起提醒，无办理期限）" in str(event["DESCRIPTION"])
        deadlines = [e for e in events if str(e["UID"]).startswith("rectification_deadline:")]
        assert deadlines
        assert all("提醒事项" not in str(e["DESCRIPTION"]) for e in deadlines)
