"""The calendar page: a month of the union's occasions, and the ICS address to copy and rotate."""

from __future__ import annotations

import re

from tests.integration.web.conftest import csrf_of


def test_the_month_shows_the_schedule_and_moves_between_months(site):
    browser = site.login("district")
    page = browser.get("/calendar")
    assert page.status_code == 200
    assert "周一" in page.text
    assert 'href="/dashboard"' in page.text
    later = browser.get("/calendar", params={"month": "2027-02"})
    assert "2027年2月" in later.text
    bad = browser.get("/calendar", params={"month": "soon"})
    assert bad.status_code == 200
    assert "月份「soon」无效" in bad.text


def test_the_feed_address_is_created_copied_and_rotated_under_the_public_base_url(site):
    browser = site.login("district")
    page = browser.get("/calendar").text
    assert "生成订阅地址" in page
    created = browser.post("/calendar/feed", data={"csrf_token": csrf_of(page, "/calendar/feed")})
    assert created.status_code == 303
    page = browser.get("/calendar").text
    first = re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', page).group(1)
    assert 'data-copy="feed-url"' in page
    assert browser.get(first.removeprefix("http://testserver")).status_code == 200
    browser.post("/calendar/feed", data={"csrf_token": csrf_of(page, "/calendar/feed")})
    api = browser.get("/api/v1/me/calendar-feed").json()
    assert api["url"] != first
    assert api["url"].startswith("http://testserver/calendar/")
    assert browser.get(first.removeprefix("http://testserver")).status_code == 404
    token = csrf_of(browser.get("/calendar").text)
    rotated = browser.post("/api/v1/me/calendar-feed", headers={"X-CSRF-Token": token})
    assert rotated.status_code == 200
    assert rotated.json()["url"] not in (first, api["url"])
