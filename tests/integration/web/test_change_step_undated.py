"""A 附件3 step waiting has no deadline [C 三（六）]: from the day after it arrives it is waiting,
never overdue (dashboard, 待办, designation page, API, digest), on the index and without it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from lifecycle.clock import chinese_date
from lifecycle.occasions import index
from lifecycle.reminders.policy import ARRIVED, ReminderPolicy
from lifecycle.reminders.service import announcements
from tests.factories import AS_OF
from tests.integration.web.conftest import NOW, Site
from tests.integration.web.test_change_pages import _decide, _file, _setup

ARRIVED_ON = AS_OF - timedelta(days=1)  # the unit union signed yesterday: the district's turn
WAITING = f"待办理 自{chinese_date(ARRIVED_ON)}起等待"


def _line(page: str, link: str) -> str:
    found = [li for li in page.split("<li>") if f'<a href="{link}">' in li]
    assert len(found) == 1, page
    before = found[0].split(f'<a href="{link}">')[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", before)).strip()


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.find("</section>", start)]


@pytest.mark.parametrize("indexed", [False, True], ids=["generated", "indexed"])
def test_a_change_request_step_waits_without_deadline_and_is_never_overdue(
    site: Site, indexed: bool
) -> None:
    designation_id, person_id = _setup(site)
    if indexed:  # built before the filing: the filing's commits rewrite the title's entries
        with site.uow() as u:
            index.build(u, AS_OF - timedelta(days=3), NOW)
            u.commit()
    request_id = _file(site, designation_id, person_id)
    signed = _decide(site, "unit", request_id, decided_on=ARRIVED_ON.isoformat())
    assert signed.status_code == 303, signed.text
    with site.uow() as u:
        assert index.usable(u, AS_OF + timedelta(days=366), AS_OF) is indexed
    link = f"/changes/{request_id}"  # the request's own page, where the district takes its step
    browser = site.login("district")

    # The dashboard: under 无规定办理期限 and 待本工会办理, not 已逾期 nor 本月到期.
    board = browser.get("/dashboard").text
    assert _line(_section(board, "undated"), link) == WAITING
    district = site.tree.district.id
    api = browser.get("/api/v1/dashboard", params={"union_id": district}).json()
    assert [o["link"] for o in api["undated"]].count(link) == 1
    assert link not in {o["link"] for o in api["overdue"] + api["due_this_month"]}
    assert link in {o["link"] for o in api["my_step"]}
    kinds = {c["kind"]: c["count"] for c in api["counts_by_kind"]}
    assert kinds["change_request_step"] == 1
    assert api["overdue_total"] + api["due_this_month_total"] + api["undated_total"] + sum(
        m["count"] for m in api["months"][1:]
    ) == sum(kinds.values())

    # The 待办 list: 我的待办 shows it waiting; the undated filter holds it, the dated one not.
    mine = browser.get("/todo", params={"mine": "1"}).text
    assert _line(mine, link) == WAITING
    assert link in browser.get("/todo", params={"undated": "1"}).text
    assert link not in browser.get("/todo", params={"undated": "0"}).text
    assert link not in browser.get("/todo", params={"status": "overdue"}).text
    items = browser.get("/api/v1/todo", params={"kind": "change_request_step"}).json()["items"]
    assert [(i["status"], i["undated"], i["due_on"]) for i in items] == [
        ("due", True, ARRIVED_ON.isoformat())
    ]
    for undated, n in (("true", 1), ("false", 0)):
        query = {"kind": "change_request_step", "undated": undated}
        assert browser.get("/api/v1/todo", params=query).json()["total"] == n

    # The designation page says the same.
    page = browser.get(f"/designations/{designation_id}").text
    assert WAITING in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))

    # The digest (read from the index) announces it as newly waiting (「无规定办理期限」, once
    # by its key), never as overdue on the days after.
    if indexed:
        with site.uow() as u:
            for day in (ARRIVED_ON, AS_OF, AS_OF + timedelta(days=6)):
                said = [s for o, s in announcements(u, day, ReminderPolicy()) if o.link == link]
                assert said == [ARRIVED], (day, said)
