"""The calendar page: a month of the union's occasions, and the ICS address to copy and rotate."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.occasions import index
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import NOW, csrf_of

CRITERIA = ("leader", "team", "projects", "achievements", "venue")


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


def test_each_entry_names_its_workshop_and_the_count_says_what_it_counts(site):
    d = site.designation
    with site.uow() as u:
        schedule_inspection(
            u,
            ScheduleInspection(
                d.id, InspectionKind.CYCLE_END, date(2026, 12, 31), "工作室现场", "王干事"
            ),
            actor=f.acting(site.tree.district),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        index.build(u, f.AS_OF, NOW)
        u.commit()
        subject = f"{d.title}（{d.number}）"
    page = site.login("district").get("/calendar", params={"month": "2026-12"}).text
    cell = page.split('<div class="day">31</div>')[1].split("</td>")[0]
    # The inspection scheduled that day and the two filings due, each with the title it concerns.
    assert re.search(r"已安排<a [^>]*>周期末实地检查</a> " + re.escape(subject), cell)
    for label in ("工作室年度自查备案", "单位工会年度评估备案"):
        assert re.search(rf">{label}</a> " + re.escape(subject), cell)
    # The link counts the occasions due (the inspection is not one of them) and says so.
    assert "到期事项共 2 项 →" in cell
    assert "检查 1 次" in page
    # Once its result is recorded the entry says so: no longer 「已安排」.
    with site.uow() as u:
        planned = u.inspections.pending(d.id)[0]
        passing = tuple(CriterionInput(c, True, "") for c in CRITERIA)
        record_outcome(
            u,
            RecordOutcome(planned.id, date(2026, 12, 31), passing),
            actor=f.acting(site.tree.district),
            as_of=date(2026, 12, 31),
            scope=EVERYTHING,
        )
        u.commit()
    page = site.login("district").get("/calendar", params={"month": "2026-12"}).text
    cell = page.split('<div class="day">31</div>')[1].split("</td>")[0]
    assert re.search(r"已检查<a [^>]*>周期末实地检查</a>（合格） " + re.escape(subject), cell)
    assert "已安排" not in cell
    # Past the index's horizon the month says how far the occasions reach, not "not built".
    far = site.login("district").get("/calendar", params={"month": "2030-01"}).text
    assert "到期事项目前排到" in far
    assert "索引尚未建立" not in far


def test_a_month_out_of_range_is_ignored_and_the_ends_have_no_link_beyond(site):
    browser = site.login("district")
    for month in ("9999-12", "0001-01", "1900-01", "2100-01", "2026-13"):
        page = browser.get("/calendar", params={"month": month})
        assert page.status_code == 200, month
        assert f"月份「{month}」无效" in page.text
        assert "已忽略" in page.text
        assert "2026年11月" in page.text  # this month instead
    first = browser.get("/calendar", params={"month": "2000-01"}).text
    assert "2000年1月" in first
    assert "1999年12月" not in first
    assert 'rel="prev"' not in first
    last = browser.get("/calendar", params={"month": "2099-12"}).text
    assert "2100年1月" not in last
    assert 'rel="next"' not in last
