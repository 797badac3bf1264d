"""A form done on a page of a paged list (the fund ledger, a team's members, a notice's reports,
a title's leader events) brings the browser back to the page of the list the user was on and to
the part of the page the form is in — before: to the first page of every list (a refused form
already kept its page)."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_finance_expenditure_changes import _spend
from tests.integration.web.test_flow_pages import _failed_yangpu
from tests.integration.web.test_notice_report_pages import PDF, _sector_officer


def test_a_member_added_from_the_second_page_comes_back_to_it(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = site.designation.workshop_id
    with site.uow() as u:
        workshop = u.workshops.get(shop, EVERYTHING)
        assert workshop is not None
        staying = next(m.id for m in workshop.members if m.left_on is None)
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 2)
    unit = site.login("unit")
    second = unit.get(f"/workshops/{shop}?members_page=2").text
    action = f"/workshops/{shop}/leaving?members_page=2"
    assert f'action="{action}"' in second
    done = unit.post(
        action,
        data={"csrf_token": csrf_of(second, action), "member_id": str(staying),
              "leaving_on": "2026-11-01"},
    )  # fmt: skip
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"/workshops/{shop}?members_page=2#members"
    # From the first page: the first page, as before.
    first = unit.get(f"/workshops/{shop}").text
    again = unit.post(
        f"/workshops/{shop}/leaving",
        data={"csrf_token": csrf_of(first), "member_id": f"c{staying}",
              "leaving_on": "2026-11-02"},
    )  # fmt: skip
    assert again.headers["location"] == f"/workshops/{shop}#members", again.text


def test_a_report_sent_from_the_second_page_of_reports_comes_back_to_it(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    url = f"/notices/{notice_id}"
    sector = _sector_officer(site)
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 1)
    for n, asked in enumerate(("", "", "?reports_page=2"), start=1):
        page = sector.get(url + asked)
        assert f'action="{url}/reports{asked}"' in page.text
        sent = sector.post(
            f"{url}/reports{asked}",
            data={"csrf_token": csrf_of(page.text), "reported_on": "2026-11-21",
                  "description": f"第{n}次报告"},
            files={"file": (f"报告{n}.pdf", PDF, "application/pdf")},
        )  # fmt: skip
        assert sent.status_code == 303, sent.text
        assert sent.headers["location"] == f"{url}{asked}#reports"
    assert "共 3 条，第 2–2 条" in sector.get(f"{url}?reports_page=2").text


def test_the_ledger_keeps_the_pages_of_its_lists_after_a_correction(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    _spend(site)
    spent_id = _spend(site)
    monkeypatch.setattr("api.web.ledger_pages.PER_PAGE", 1)
    unit = site.login("unit")
    ledger = f"/finance/designations/{site.designation.id}"
    kept = "?page=2&spending_page=2"
    page = unit.get(ledger + kept)
    correct = f"/finance/expenditures/{spent_id}/correct{kept}"
    assert f'action="{correct.replace("&", "&amp;")}"' in page.text
    fields = {"expected_version": "1", "spent_on": "2026-10-09", "amount_yuan": "400.00",
              "payee": "某书店", "category": "books", "description": "专业书籍",
              "receipt_ref": "FP-1", "reason": "金额多录一个零"}  # fmt: skip
    done = unit.post(correct, data={"csrf_token": csrf_of(page.text), **fields})
    assert done.status_code == 303, done.text
    assert done.headers["location"] == f"{ledger}{kept}#expenditures"


def test_a_leader_event_recorded_from_the_second_page_of_events_comes_back_to_it(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    d_id = site.designation.id
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 1)
    unit = site.login("unit")
    for n, (kind, asked) in enumerate((("other", ""), ("departure", "?events_page=2")), start=1):
        title = unit.get(f"/designations/{d_id}{asked}").text
        link = f"/designations/{d_id}/leader/event{asked}"
        assert f'href="{link}"' in title
        form = unit.get(link).text
        assert f'action="{link}"' in form
        assert f'href="/designations/{d_id}{asked}#leader"' in form  # 返回命名记录 likewise
        done = unit.post(
            link,
            data={"csrf_token": csrf_of(form, link), "kind": kind,
                  "occurred_on": f"2026-06-0{n}", "source": f"单位工会第{n}次书面报告",
                  "details": "借调"},
        )  # fmt: skip
        assert done.status_code == 303, done.text
        assert done.headers["location"] == f"/designations/{d_id}{asked}#leader"
    second = unit.get(f"/designations/{d_id}?events_page=2").text
    assert "共 2 条" in second
