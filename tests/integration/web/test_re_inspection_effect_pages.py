"""A 整改复查's page says what its result does: a fail issues no second 整改通知, the notice it
checks stays open until its deadline, then 撤牌; a pass closes it [Y12]. Before, the re-inspection's
form read 「任一项目不合格即为不合格，系统将按规定出具书面整改通知并限期整改」 as a cycle-end
inspection's does, and its failed result said nothing of what follows."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.clock import chinese_date
from tests import factories as f
from tests.integration.web.conftest import csrf_of
from tests.integration.web.inspection_pages import scheduled_by_page
from tests.integration.web.test_flow_pages import _failed_yangpu

Y12 = "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条）"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_failed_re_inspection_says_the_notice_stays_open_and_issues_none(site):
    notice_id = _failed_yangpu(site, date(2026, 11, 20))
    with site.uow() as u:
        notice = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert notice is not None
        number, deadline = notice.number, chinese_date(notice.deadline)
    d = site.designation
    district = site.login("district")
    url = scheduled_by_page(district, d.id)
    page = district.get(url)
    said = _text(page.text)
    assert (
        f"全部项目合格即整改合格，整改通知{number}办结，恢复命名；任一项目不合格的，不另发整改通知，"
        f"原整改通知继续有效：整改期限（{deadline}）内可再次安排整改复查，届满仍未复查合格的，"
        f"逾期做撤牌处理{Y12}。"
    ) in said
    assert "系统将按规定出具书面整改通知" not in said

    data = {"csrf_token": csrf_of(page.text, f"{url}/outcome"), "recorded_on": "2026-11-21"}
    data["expected_version"] = "1"
    for code in ("leader", "team", "projects", "achievements", "venue"):
        data[f"result__{code}"] = "fail" if code == "team" else "pass"
    data["notes__team"] = "仍不足三人"
    assert district.post(f"{url}/outcome", data=data).status_code == 303
    result = district.get(url)
    assert (
        f"整改复查不合格，不另发整改通知：整改通知 {number} 继续有效，整改期限（{deadline}）内"
        f"可再次安排整改复查，届满仍未复查合格的，逾期做撤牌处理{Y12}。"
    ) in _text(result.text)
    assert f'href="/notices/{notice_id}"' in result.text
    with site.uow() as u:
        assert [n.id for n in u.notices.for_designation(d.id)] == [notice_id]
        still = u.notices.get(notice_id, f.SYSTEM_SCOPE)
        assert still is not None
        assert still.status == "open"


def test_a_cycle_end_inspection_still_says_a_fail_issues_a_notice(site):
    d = site.designation
    district = site.login("district")
    url = scheduled_by_page(
        district, d.id, kind="cycle_end", scheduled_on="2026-11-20", cycle_no="1"
    )
    said = _text(district.get(url).text)
    assert f"任一项目不合格即为不合格，系统将按规定出具书面整改通知并限期整改{Y12}。" in said
    assert "不另发整改通知" not in said
