"""Closing an application that can no longer move: 不予推荐 after the deadline by the
recommending union, 撤回 by the applying unit; either leaves every 待办
[C 二（二）][C 三（四）][L 四] (reading I5). Dated steps in the 日历 and the ICS feed; the
contacts' gap counts steps."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from lifecycle.files.storage import FileStorage
from lifecycle.intake.model import ApplicationStatus
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import sweep
from lifecycle.scope import Scope
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole
from tests.intake_closing import LAPSED_STEP, lapsed_recommendation, yangpu_in_review
from tests.intake_factories import (
    at,
)
from tests.integration.web.conftest import NOW, Site
from tests.integration.web.intake_site import unit_application
from tests.integration.web.test_calendar_page import _make_address
from tests.integration.web.test_contacts_list_page import _unheard
from tests.integration.web.test_intake_pages import _app, _post


def _lapsed(site: Site, storage: FileStorage) -> int:
    with site.uow() as u:
        app_id = lapsed_recommendation(u, site.tree, storage)
        u.commit()
        return app_id


def _mailed(site: Site, link: str) -> list[str]:
    """The titles of the digest items linking to ``link`` on 11-25, the day an item overdue since
    11-11 is mailed again (weekly), to whoever hears of them (nothing kept)."""
    day = date(2026, 11, 25)
    with site.uow() as u:
        result = sweep(u, day, policy=ReminderPolicy(), now=at(day))
    return [str(i["title"]) for d in result.digests for i in d.items if i["link"] == link]


def _mine(site: Site, who: str) -> str:
    page = site.login(who).get("/todo?mine=1")
    assert page.status_code == 200, page.text
    return page.text


def test_the_district_closes_a_recommendation_left_after_the_deadline(
    site: Site, tmp_path: Path
) -> None:
    app_id = _lapsed(site, FileStorage(tmp_path / "files"))
    url = f"/intake/applications/{app_id}"
    link = f'href="{url}"'
    assert LAPSED_STEP in _mine(site, "district")
    assert _mailed(site, url) == [LAPSED_STEP]
    district = site.login("district")
    assert link in district.get("/dashboard").text
    # The page says the batch can no longer carry it and offers 不予推荐, its reason filled in.
    page = district.get(url).text
    assert 'id="lapsed"' in page
    assert "申报截止日期（2026年11月10日）已过" in page
    assert '<option value="reject" selected>不予推荐</option>' in page
    assert "逾期未报送：截止日期2026年11月10日前未列入报送的推荐批次" in page
    # The call page offers no batch for it any more (reading I7), pointing to the same step.
    call_page = district.get(f"/intake/calls/{_app(site, app_id).call_id}").text
    assert f'action="{url}/batch"' not in call_page
    assert "申报截止日期（2026年11月10日）已过，不能再报送推荐批次" in call_page
    # Not another union's to close: the unit (whose step is done) sees no step form.
    assert f'action="{url}/steps"' not in site.login("unit").get(url).text
    data = {
        "stage": "recommend",
        "action": "reject",
        "decided_on": "2026-11-21",
        "signer": "区总工会 王干事",
        "opinion": "逾期未报送",
        "expected_version": str(_app(site, app_id).version),
    }
    assert _post(district, url, f"{url}/steps", data).status_code == 303
    closed = _app(site, app_id)
    assert closed.status is ApplicationStatus.REJECTED
    assert closed.stage is None
    page = district.get(url).text
    assert "不予推荐" in page
    assert "逾期未报送" in page
    assert "未通过" in page
    # Off every list: 我的待办, the dashboard.
    assert link not in _mine(site, "district")
    assert link not in district.get("/dashboard").text
    assert _mailed(site, url) == []


def test_a_reason_is_required_to_decline_a_recommendation(site: Site, tmp_path: Path) -> None:
    app_id = _lapsed(site, FileStorage(tmp_path / "files"))
    url = f"/intake/applications/{app_id}"
    data = {"stage": "recommend", "action": "reject", "decided_on": "2026-11-21",
            "signer": "王", "opinion": " "}  # fmt: skip
    refused = _post(site.login("district"), url, f"{url}/steps", data)
    assert refused.status_code == 422
    assert "不予推荐须写明理由" in refused.text
    assert "退回或不同意须写明理由" not in refused.text
    assert _app(site, app_id).status is ApplicationStatus.IN_REVIEW


def test_a_dated_step_is_in_the_calendar_and_feed_of_the_union_that_holds_it(
    site: Site, tmp_path: Path
) -> None:
    app_id = _lapsed(site, FileStorage(tmp_path / "files"))
    link = f'href="/intake/applications/{app_id}"'
    district = site.login("district")
    month = district.get("/calendar", params={"month": "2026-11"}).text
    assert link in month
    assert "待本工会办理的申报 1 件" in month
    cell = re.search(r'<div class="day">10</div>(.*?)</td>', month, re.S)
    assert cell is not None
    assert link in cell.group(1)
    feed = site.client().get(_make_address(district))
    assert feed.status_code == 200
    ics = feed.text.replace("\r\n ", "")  # unfold the long lines (RFC 5545 3.1)
    assert f"/intake/applications/{app_id}" in ics
    assert "DTSTART;VALUE=DATE:20261110" in ics
    assert "审查推荐" in ics
    # Not the step of finance (whose role does not act on it), nor of the unit, nor of the city.
    for who in ("finance", "unit", "city"):
        browser = site.login(who)
        assert link not in browser.get("/calendar", params={"month": "2026-11"}).text, who
        assert f"/intake/applications/{app_id}" not in site.client().get(
            _make_address(browser)
        ).text.replace("\r\n ", ""), who
    # An undated step (the city's reviews after the batch) has no day: not in the calendar.
    with site.uow() as u:
        other = unit_application(u, site, submitted=True)
        u.commit()
    unit_month = site.login("unit").get("/calendar", params={"month": "2026-11"}).text
    assert f'href="/intake/applications/{other.id}"' not in unit_month
    assert f'href="/intake/applications/{other.id}"' in _mine(site, "unit")


def test_the_contacts_gap_counts_application_steps(site: Site) -> None:
    # The street union has no contact: the 初审 waiting for it is owed and unheard; the district
    # officer hears of it instead. Withdrawn, it is owed no more.
    before = _unheard(site.login("district").get("/contacts").text)
    assert site.tree.sector.name not in [r[0] for r in before]
    app_id = _in_review(site)
    rows = _unheard(site.login("district").get("/contacts").text)
    assert [r for r in rows if r[0] == site.tree.sector.name] == [
        [site.tree.sector.name, "管理事项（无联系人）", "1", site.tree.district.name]
    ]
    url = f"/intake/applications/{app_id}"
    typed = {"reason": "不再申报", "withdraw_on": "2026-11-21", "withdraw_signer": "赵"}
    assert _post(site.login("unit"), url, f"{url}/withdraw", typed).status_code == 303
    after = _unheard(site.login("district").get("/contacts").text)
    assert site.tree.sector.name not in [r[0] for r in after]
    with site.uow() as u:  # and a contact of its own closes the gap too
        add_contact(
            u,
            NewContact(site.tree.sector.id, "吴干事", "wu@sector.example.cn", ContactRole.OFFICER),
            scope=Scope.everything(),
        )
        u.commit()


def _in_review(site: Site) -> int:
    with site.uow() as u:
        app_id = yangpu_in_review(u, site.tree)
        u.commit()
        return app_id


def test_the_applying_unit_withdraws_its_application_with_a_reason(site: Site) -> None:
    app_id = _in_review(site)
    url = f"/intake/applications/{app_id}"
    action = f"{url}/withdraw"
    unit = site.login("unit")
    page = unit.get(url).text
    assert 'id="withdraw"' in page
    # Another union may not withdraw it: no form, and a post is refused (403), nothing written.
    district = site.login("district")
    assert f'action="{action}"' not in district.get(url).text
    typed = {"reason": "领衔人调岗，本年度不再申报", "withdraw_on": "2026-11-21",
             "withdraw_signer": "区总"}  # fmt: skip
    refused = _post(district, url, action, typed)
    assert refused.status_code == 403
    assert "申报只能由申报单位" in refused.text
    assert _app(site, app_id).status is ApplicationStatus.IN_REVIEW
    # Without a reason: refused beside it, what was typed kept.
    empty = _post(unit, url, action, typed | {"reason": " ", "withdraw_signer": "赵主席"})
    assert empty.status_code == 422
    assert "撤回申报须写明理由" in empty.text
    assert 'value="赵主席"' in empty.text
    assert _app(site, app_id).status is ApplicationStatus.IN_REVIEW
    # The unit withdraws: closed, its reason in the history, off the district's lists.
    done = _post(unit, url, action, typed | {"withdraw_signer": "赵主席"})
    assert done.status_code == 303
    closed = _app(site, app_id)
    assert closed.status is ApplicationStatus.WITHDRAWN
    assert closed.stage is None
    page = unit.get(url).text
    assert "已撤回" in page
    assert "撤回申报" in page
    assert "领衔人调岗，本年度不再申报" in page
    assert 'id="withdraw"' not in page
    assert f'href="{url}"' not in district.get("/todo?to=2027-12-31").text
    # Once closed it cannot be withdrawn again: a page shown before it closed is answered as a
    # conflict with the application's state (409, as the API and the 上海工匠 page answer),
    # the refusal shown and what was typed kept on the page.
    again = _post(unit, url, action, typed | {"reason": "另一次撤回的理由"})
    assert again.status_code == 409
    assert "只有草稿、审核中或退回补充材料的申报可以撤回" in again.text
    assert 'id="withdraw-refused"' in again.text
    assert "另一次撤回的理由" in again.text
    assert _app(site, app_id).status is ApplicationStatus.WITHDRAWN


def test_a_draft_started_for_the_wrong_team_is_withdrawn_and_the_team_may_apply_again(
    site: Site,
) -> None:
    """A draft is not decided either: the applying unit withdraws it with a reason (reading I5),
    it closes as 已撤回 and the team may start another application to the call."""
    with site.uow() as u:
        draft = unit_application(u, site)
        u.commit()
        app_id, call_id, shop_id = draft.id, draft.call_id, draft.workshop_id
    url = f"/intake/applications/{app_id}"
    unit = site.login("unit")
    assert 'id="withdraw"' in unit.get(url).text
    # While the draft is open the call page does not offer the team a second time.
    assert f'<option value="{shop_id}"' not in unit.get(f"/intake/calls/{call_id}").text
    typed = {"reason": "选错了申报团队", "withdraw_on": "2026-11-21", "withdraw_signer": "赵主席"}
    done = _post(unit, url, f"{url}/withdraw", typed)
    assert done.status_code == 303, done.text
    assert _app(site, app_id).status is ApplicationStatus.WITHDRAWN
    page = unit.get(url).text
    assert "已撤回" in page
    assert "选错了申报团队" in page
    # The call page offers the team again.
    offered = unit.get(f"/intake/calls/{call_id}").text
    assert f'<option value="{shop_id}"' in offered


def test_a_step_left_waiting_for_over_a_year_stays_in_the_feed(site: Site, tmp_path: Path) -> None:
    """A dated step still waiting is still owed: the feed read more than a year after its day
    keeps it on its day, as it keeps a title's undone occasion."""
    app_id = _lapsed(site, FileStorage(tmp_path / "files"))
    address = _make_address(site.login("district"))
    later = NOW.replace(year=2028, month=1, day=15)
    app = create_app(site.app_client.app.state.settings, clock=lambda: later)
    with TestClient(app) as browser:
        app.state.session_factory = site.factory
        feed = browser.get(address)
    assert feed.status_code == 200, feed.text
    ics = feed.text.replace("\r\n ", "")  # unfold the long lines (RFC 5545 3.1)
    events = ics.split("BEGIN:VEVENT")[1:]
    event = next((e for e in events if f"/intake/applications/{app_id}" in e), None)
    assert event is not None, ics
    assert "DTSTART;VALUE=DATE:20261110" in event
    assert "逾期" in event
