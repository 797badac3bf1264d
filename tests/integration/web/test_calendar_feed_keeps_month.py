"""The calendar's feed forms, used while another month is shown, show that month again once done
(a new address, a stopped one) — before, this month, the month the user had moved to lost."""

from __future__ import annotations

from tests.integration.web.conftest import csrf_of
from tests.integration.web.test_calendar_page import FEED_URL, _form


def test_making_and_stopping_the_address_keep_the_month_shown(site):
    district = site.login("district")
    march = "/calendar?month=2027-03"
    page = district.get(march).text
    assert "<strong>2027年3月</strong>" in page
    made = district.post(
        "/calendar/feed?month=2027-03", data=_form(page, "/calendar/feed?month=2027-03")
    )
    assert made.status_code == 200
    assert FEED_URL.search(made.text) is not None
    assert "<strong>2027年3月</strong>" in made.text
    assert 'action="/calendar/feed/stop?month=2027-03"' in made.text
    stop = "/calendar/feed/stop?month=2027-03"
    stopped = district.post(stop, data={"csrf_token": csrf_of(made.text, stop)})
    assert stopped.status_code == 303, stopped.text
    assert stopped.headers["location"] == "/calendar?month=2027-03&feed=stopped#feed"
    shown = district.get(stopped.headers["location"]).text
    assert "订阅地址已停用" in shown
    assert "<strong>2027年3月</strong>" in shown
    # This month shown (no month asked): the forms and the stop come back to it, as before.
    assert 'action="/calendar/feed"' in district.get("/calendar").text
