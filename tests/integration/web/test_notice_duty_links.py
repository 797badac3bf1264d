"""A 整改 duty links to its notice's own page, where the 整改情况报告 is sent and the 整改复查
recorded [Y12]: the addressed union's 整改期限 and, once its report is in, the district's 整改复查,
in the 待办 list, in ``/api/v1/todo`` and in the subscribed calendar; never the notices section
of the designation's page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar

from lifecycle.feeds.subscriptions import issue_feed
from lifecycle.occasions import index
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.web.conftest import csrf_of, log_in
from tests.integration.web.test_flow_pages import _failed_yangpu
from tests.integration.web.test_notice_report_pages import PDF


def _links(site, browser, principal, notice_id: int, title: str) -> None:  # type: ignore[no-untyped-def]
    """The duty titled ``title…`` links to the notice's page in each of the three surfaces."""
    page = f"/notices/{notice_id}"
    todo = browser.get("/todo?acting=1").text
    line = next(x for x in todo.split("<li") if title in x)
    assert f'href="{page}"' in line, line
    assert f"/designations/{site.designation.id}#notices" not in todo
    items = browser.get("/api/v1/todo", params={"acting": "true"}).json()["items"]
    [item] = [i for i in items if i["title"].startswith(title)]
    assert item["link"] == page
    with site.uow() as u:
        token = issue_feed(u, principal, datetime(2026, 11, 21, 1, tzinfo=UTC)).token
        u.commit()
    feed = browser.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200, feed.text
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    [event] = [e for e in events if str(e["SUMMARY"]).find(title) >= 0]
    assert str(event["URL"]) == f"http://testserver{page}"
    assert f"http://testserver{page}" in str(event["DESCRIPTION"])


def test_the_rectification_duty_and_its_review_link_to_the_notice_page(site):
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    with site.uow() as u:
        index.build(u, date(2026, 11, 21), datetime(2026, 11, 21, 1, tzinfo=UTC))
        sector, password = f.user(u, Role.DISTRICT_OFFICER, site.tree.sector.id)
        district, district_password = f.user(u, Role.DISTRICT_OFFICER, site.tree.district.id)
        u.commit()
    street = log_in(site.client(), sector.username, password)
    _links(site, street, sector, notice_id, "整改期限（")

    url = f"/notices/{notice_id}"
    sent = street.post(
        f"{url}/reports",
        data={"csrf_token": csrf_of(street.get(url).text), "reported_on": "2026-11-21"},
        files={"file": ("整改情况报告.pdf", PDF, "application/pdf")},
    )
    assert sent.status_code == 303, sent.text
    reviewer = log_in(site.client(), district.username, district_password)
    _links(site, reviewer, district, notice_id, "整改复查（")
