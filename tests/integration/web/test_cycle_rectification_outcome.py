"""The designation page's 管理周期 table says how a failed cycle-end inspection's 整改 stands
beside its 不合格 [Y12]: the notice while open, 复查合格 and the day the title was restored, or
撤牌 and its day; each with a link to the notice. Before, 不合格 alone stayed beside a cycle whose
title had been restored."""

from __future__ import annotations

import re
from datetime import date

from tests import factories as f
from tests.integration.web.conftest import csrf_of
from tests.integration.web.inspection_pages import scheduled_by_page
from tests.integration.web.test_flow_pages import _failed_yangpu


def _cycle_one(html: str) -> str:
    table = re.search(r'<h2 id="cycles">.*?</table>', html, re.S)
    assert table is not None
    row = re.search(r"<tr><td>第1个管理周期.*?</tr>", table.group(0), re.S)
    assert row is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(0))).strip()


def _number(site, notice_id: int) -> str:
    with site.uow() as u:
        notice = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert notice is not None
        return notice.number


def test_a_failed_cycle_says_its_notice_is_open_then_that_the_title_was_restored(site):
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    number = _number(site, notice_id)
    detail = f"/designations/{site.designation.id}"
    district = site.login("district")
    page = district.get(detail)
    assert f"不合格 已发整改通知 {number} ，整改中" in _cycle_one(page.text)
    assert f'href="/notices/{notice_id}"' in page.text
    url = scheduled_by_page(district, site.designation.id)
    data = {
        "csrf_token": csrf_of(district.get(url).text),
        "recorded_on": "2026-11-21",
        "expected_version": "1",
    }
    for code in ("leader", "team", "projects", "achievements", "venue"):
        data[f"result__{code}"] = "pass"
    assert district.post(f"{url}/outcome", data=data).status_code == 303
    row = _cycle_one(site.login("unit").get(detail).text)
    assert f"不合格 整改复查合格，2026年11月21日恢复命名（ {number} ）" in row


def test_a_failed_cycle_not_rectified_says_the_title_was_revoked_and_when(site):
    notice_id = _failed_yangpu(site)
    number = _number(site, notice_id)
    district = site.login("district")
    url = f"/notices/{notice_id}/revocation"
    page = district.get(url)
    data = {"csrf_token": csrf_of(page.text, url), "decided_on": "2026-11-20"}
    data["decision_ref"] = "杨工〔2026〕20号"
    assert district.post(url, data=data).status_code == 303
    row = _cycle_one(district.get(f"/designations/{site.designation.id}").text)
    assert f"不合格 逾期未有效整改，2026年11月20日撤牌（ {number} ）" in row
