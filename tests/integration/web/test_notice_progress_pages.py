"""The 整改通知 page says how the notice stands: its re-inspections, the step that remains for the
reader's union, and how it ended (the 撤牌 decision's 文号 and date) [Y12]; the inspection's
修改记录 words its dates as the page does."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.clock import chinese_date
from tests import factories as f
from tests.integration.web.conftest import csrf_of
from tests.integration.web.inspection_pages import scheduled_by_page
from tests.integration.web.test_flow_pages import _failed_yangpu


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _reports(html: str) -> str:
    found = re.search(r'<section class="card" id="reports">(.*?)</section>', html, re.S)
    assert found is not None
    return _text(found.group(1))


def _progress(html: str) -> str:
    found = re.search(r'<section class="card" id="progress">(.*?)</section>', html, re.S)
    assert found is not None
    return _text(found.group(1))


def test_an_open_notice_offers_its_re_inspection_and_lists_it_once_held(site):
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    url = f"/notices/{notice_id}"
    schedule = f'href="/designations/{site.designation.id}/inspections/new"'
    district = site.login("district")
    page = district.get(url)
    progress = _progress(page.text)
    assert "尚未安排整改复查" in progress
    assert "复查合格即恢复命名" in progress
    assert schedule in page.text
    assert "逾期撤牌确认" not in page.text
    # The failed inspection's page says the deadline is provisional, as the notice does.
    with site.uow() as u:
        notice = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert notice is not None
        assert notice.deadline_provisional
        failed_url, deadline = f"/inspections/{notice.inspection_id}", notice.deadline
    failed = _text(district.get(failed_url).text)
    assert f"整改期限为{chinese_date(deadline)}（节假日安排未公布，暂定）。" in failed
    # The unit reads the notice but is offered no step of the district's.
    unit = site.login("unit").get(url)
    assert unit.status_code == 200
    assert schedule not in unit.text

    inspection_url = scheduled_by_page(district, site.designation.id)
    page = district.get(url)
    assert "尚未登记结果" in _progress(page.text)
    assert f'href="{inspection_url}"' in page.text
    assert schedule not in page.text  # one is scheduled and waits for its result

    recording = district.get(inspection_url)
    data = {
        "csrf_token": csrf_of(recording.text),
        "recorded_on": "2026-11-21",
        "expected_version": "1",
        "summary": "团队仍不足三人",
    }
    for code in ("leader", "team", "projects", "achievements", "venue"):
        data[f"result__{code}"] = "fail" if code == "team" else "pass"
    data["notes__team"] = "仍不足三人"
    assert district.post(f"{inspection_url}/outcome", data=data).status_code == 303
    progress = _progress(district.get(url).text)
    assert "2026年11月21日 2026年11月21日 不合格" in progress
    # Its 修改记录 names the dates as the page does: 安排于 / 检查于 (reading 48c), 登记人.
    inspection_id = inspection_url.rsplit("/", 1)[1]
    history = _text(district.get(f"/history/inspection/{inspection_id}").text)
    assert "检查日期 （空） 2026年11月21日" in history
    assert "登记人 （空）" in history
    assert "总体意见 （空） 团队仍不足三人" in history
    assert "安排检查日期 2026年11月21日" in history
    assert "记录日期" not in history


def test_an_overdue_notice_offers_revocation_and_a_revoked_one_names_its_decision(site):
    notice_id = _failed_yangpu(site)  # issued 2026-04-01: its deadline passed long ago
    url = f"/notices/{notice_id}"
    unit = _progress(site.login("unit").get(url).text)
    assert "已届满，未经整改复查合格：待" in unit
    assert "确认撤牌（《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条）" in unit
    district = site.login("district")
    page = district.get(url)
    assert f'href="{url}/revocation"' in page.text
    assert f'href="/designations/{site.designation.id}/inspections/new"' not in page.text
    assert "届满前报送" in _reports(page.text)  # open: the addressee's report is still asked for
    assert "尚未报送整改情况报告。" in _reports(page.text)

    form = district.get(f"{url}/revocation")
    confirmed = district.post(
        f"{url}/revocation",
        data={
            "csrf_token": csrf_of(form.text),
            "decided_on": "2026-11-20",
            "decision_ref": "杨工〔2026〕20号",
        },
    )
    assert confirmed.status_code == 303, confirmed.text
    page = district.get(url)
    progress = _progress(page.text)
    assert "2026年11月20日撤牌，不再保留工作室称号（撤牌决定文号 杨工〔2026〕20号）" in progress
    assert f'href="{url}/revocation"' not in page.text
    # The report section no longer asks for a report due before the deadline (tester district54).
    reports = _reports(page.text)
    assert "该整改通知已于2026年11月20日办结（已撤牌），不再报送整改情况报告。" in reports
    assert "办结前未报送整改情况报告。" in reports
    assert "届满前报送" not in reports
    assert "尚未报送" not in reports
