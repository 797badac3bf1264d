"""The calendar page: a month of the union's occasions, and the user's own ICS address: shown
once when made, replaced or stopped without touching anyone else's, stopped by an admin's
deactivation, password reset or move, and by the user's own password change."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from lifecycle.accounts.model import CalendarFeed
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
from tests.integration.web.test_form_replays import NOTICE, key_of

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


FEED_URL = re.compile(
    r'id="feed-url" type="text" readonly value="(http://testserver/calendar/[^"]+\.ics)"'
)


def _form(page: str, action: str) -> dict[str, str]:
    """What the page's form posting to ``action`` sends: its CSRF token and one-time key."""
    return {"csrf_token": csrf_of(page, action), "form_key": key_of(page, action)}


def _make_address(browser) -> str:
    """Make or replace the user's address on the page; the path it answers on (shown once)."""
    page = browser.get("/calendar").text
    made = browser.post("/calendar/feed", data=_form(page, "/calendar/feed"))
    assert made.status_code == 200
    assert made.headers["cache-control"] == "no-store"
    assert "完整地址只显示这一次" in made.text
    assert 'data-copy="feed-url"' in made.text
    found = FEED_URL.search(made.text)
    assert found is not None, made.text
    return found.group(1).removeprefix("http://testserver")


def test_each_user_makes_their_own_address_shown_once_and_replacing_it_stops_only_theirs(site):
    district, finance = site.login("district"), site.login("finance")
    page = district.get("/calendar").text
    assert "生成订阅地址" in page
    assert "原先全工会共用的订阅地址已停用" in page  # the union's old address is gone
    mine, theirs = _make_address(district), _make_address(finance)
    assert mine != theirs
    assert district.get(mine).status_code == 200
    assert finance.get(theirs).status_code == 200
    again = district.get("/calendar").text
    assert 'id="feed-url"' not in again  # the address itself is not kept, so not shown again
    assert mine not in again
    assert "您的订阅地址生成于 2026年" in again
    renewed = _make_address(finance)
    assert site.client().get(theirs).status_code == 404
    assert site.client().get(renewed).status_code == 200
    assert site.client().get(mine).status_code == 200  # the officer's subscription goes on
    # Replaced through the API by the same browser session: the page's address stops.
    token = csrf_of(district.get("/calendar").text)
    rotated = district.post("/api/v1/me/calendar-feed", headers={"X-CSRF-Token": token})
    assert rotated.status_code == 200
    assert site.client().get(mine).status_code == 404
    assert (
        site.client().get(rotated.json()["url"].removeprefix("http://testserver")).status_code
        == 200
    )
    # Stopped on the page without a new one.
    page = finance.get("/calendar").text
    stopped = finance.post(
        "/calendar/feed/stop", data={"csrf_token": csrf_of(page, "/calendar/feed/stop")}
    )
    assert stopped.status_code == 303
    after = finance.get(stopped.headers["location"]).text
    assert "订阅地址已停用" in after
    # Their own address is what ended, not the union's shared one of old (tester admin63).
    assert "您原先的订阅地址已失效" in after
    assert "原先全工会共用的订阅地址已停用" not in after
    assert site.client().get(renewed).status_code == 404


_FEED = (CalendarFeed.id, CalendarFeed.token_hash, CalendarFeed.issued_at, CalendarFeed.revoked_at)


def _feeds(site) -> list[tuple[object, ...]]:
    """Every address row as stored (made, replaced, stopped)."""
    with site.uow() as u:
        return [tuple(r) for r in u.session.execute(select(*_FEED)).all()]


def test_the_address_page_refreshed_or_its_form_posted_again_keeps_the_address(site):
    district = site.login("district")
    page = district.get("/calendar").text
    sent = _form(page, "/calendar/feed")
    made = district.post("/calendar/feed", data=sent)
    found = FEED_URL.search(made.text)
    assert found is not None, made.text
    address = found.group(1).removeprefix("http://testserver")
    before = _feeds(site)
    # Refreshing the page that shows the address posts its form again: nothing is replaced.
    again = district.post("/calendar/feed", data=sent)
    assert again.status_code == 200
    assert NOTICE in again.text
    assert FEED_URL.search(again.text) is None
    assert _feeds(site) == before
    assert site.client().get(address).status_code == 200
    # The page's own 更换 and 停用 forms are one-time forms too.
    page = district.get("/calendar").text
    stop = _form(page, "/calendar/feed/stop")
    assert district.post("/calendar/feed/stop", data=stop).status_code == 303
    assert site.client().get(address).status_code == 404
    assert NOTICE in district.post("/calendar/feed/stop", data=stop).text
    renewed = district.post("/calendar/feed", data=_form(page, "/calendar/feed"))
    assert FEED_URL.search(renewed.text) is not None


def _user_id(site, who: str) -> int:
    with site.uow() as u:
        found = u.accounts.user_by_username(site.usernames[who])
        assert found is not None
        return found.id


def test_an_admins_deactivation_reset_or_move_and_an_own_password_change_stop_the_address(site):
    district, finance, unit = site.login("district"), site.login("finance"), site.login("unit")
    other = site.login("other")
    paths = {who: _make_address(b) for who, b in (("district", district), ("finance", finance))}
    paths["unit"], paths["other"] = _make_address(unit), _make_address(other)
    admin = site.login("admin")
    csrf = csrf_of(admin.get("/admin/users").text)

    off = admin.post(
        f"/admin/users/{_user_id(site, 'district')}/deactivate", data={"csrf_token": csrf}
    )
    assert off.status_code == 303
    assert site.client().get(paths["district"]).status_code == 404

    reset = admin.post(
        f"/admin/users/{_user_id(site, 'finance')}/password",
        data={
            "csrf_token": csrf,
            "password": "a-new-password-1",
            "confirm_password": "a-new-password-1",
        },
    )
    assert reset.status_code == 303
    assert site.client().get(paths["finance"]).status_code == 404

    page = unit.get("/account/password").text
    own = unit.post(
        "/account/password",
        data={
            "csrf_token": csrf_of(page, "/account/password"),
            "current_password": site.passwords["unit"],
            "new_password": "my-new-password-1",
            "confirm_password": "my-new-password-1",
        },
    )
    assert own.status_code == 303
    assert site.client().get(paths["unit"]).status_code == 404

    # 浦东's officer moved to Yangpu on the admin's form: the 浦东 address stops at once.
    other_id = _user_id(site, "other")
    form = admin.get(f"/admin/users/{other_id}").text
    version = re.search(r'name="expected_version" value="(\d+)"', form).group(1)
    moved = admin.post(
        f"/admin/users/{other_id}",
        data={
            "csrf_token": csrf,
            "email": "",
            "role": "district_officer",
            "union_id": str(site.tree.district.id),
            "expected_version": version,
        },
    )
    assert moved.status_code == 303, moved.text
    assert site.client().get(paths["other"]).status_code == 404


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
    assert "当日事项共 2 项 →" in cell
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
