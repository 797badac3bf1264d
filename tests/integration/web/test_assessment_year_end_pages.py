"""The 考核 of a year is held at its end 「每年期末」 [S9] (reading D1b): on the step page a date
before the year's last quarter is refused beside 日期 with what was typed kept, and before that
quarter the page says from when the step may be recorded instead of offering a form it would
refuse; a title named in October is assessed for its naming year (reading D1a)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time

from lifecycle.clock import SHANGHAI
from tests import factories as f
from tests.integration.web.conftest import csrf_of

ARTICLE = "《上海市“劳模创新工作室”管理办法（修订）》第九条"


def _title(site, naming_date: date) -> int:
    with site.uow() as u:
        d = f.named_designation(
            u, site.tree, scheme="shanghai-model-worker", naming_date=naming_date,
            shop=f.workshop(u, site.tree),
        )  # fmt: skip
        u.commit()
        return d.id


def _post(browser, designation_id: int, on: str, step: str = "unit", passed: str = "yes"):
    url = f"/designations/{designation_id}/assessments"
    page = browser.get(f"{url}/new?year=2026")
    version = re.search(r'name="expected_version" value="(\d*)"', page.text)
    data = {
        "csrf_token": csrf_of(page.text, url),
        "year": "2026",
        "step": step,
        "passed": passed,
        "decided_on": on,
        "signer": "赵主席",
        "opinion": "按第三条逐项考核，符合基本条件",
        "expected_version": version.group(1) if version else "",
    }
    return browser.post(url, data=data)


def _count(site, designation_id: int) -> int:
    with site.uow() as u:
        return len(u.assessments.for_designation(designation_id))


def test_a_step_dated_before_the_years_end_is_refused_beside_the_date_keeping_what_was_typed(site):
    designation_id = _title(site, date(2024, 7, 5))
    unit = site.login("unit")
    form = unit.get(f"/designations/{designation_id}/assessments/new?year=2026")
    assert "可填2026年10月1日至2026年11月21日之间的日期" in form.text
    early = _post(unit, designation_id, "2026-09-30")
    assert early.status_code == 422
    beside = re.search(r'<div class="error" id="decided_on-error">([^<]*)</div>', early.text)
    assert beside is not None, early.text
    assert beside.group(1) == (
        f"2026年度考核于年度期末进行，日期不能早于2026年10月1日（{ARTICLE}「每年期末」）"
    )
    assert 'value="2026-09-30"' in early.text
    assert 'value="赵主席"' in early.text
    assert "按第三条逐项考核，符合基本条件" in early.text
    assert 'name="passed" value="yes" checked' in early.text
    assert _count(site, designation_id) == 0
    assert _post(unit, designation_id, "2026-10-01").status_code == 303
    assert _count(site, designation_id) == 1


def test_before_the_years_end_the_page_says_from_when_the_step_may_be_recorded(site):
    designation_id = _title(site, date(2024, 7, 5))
    web = site.app_client.app.state.web
    june = datetime.combine(date(2026, 6, 15), time(10, 0), tzinfo=SHANGHAI)
    site.app_client.app.state.web = replace(web, clock=lambda: june)
    try:
        unit = site.login("unit")
        page = unit.get(f"/designations/{designation_id}/assessments/new?year=2026")
        assert page.status_code == 200
        assert "当前环节为<strong>单位工会考核</strong>" in page.text
        assert (
            f"2026年度考核于年度期末进行，日期不能早于2026年10月1日（{ARTICLE}「每年期末」）："
            "该环节自2026年10月1日起可登记。"
        ) in page.text
        assert '<form method="post" autocomplete="off" action="/designations/' not in page.text
        # The year before is at its end already: its form is offered.
        last_year = unit.get(f"/designations/{designation_id}/assessments/new?year=2025")
        assert f'action="/designations/{designation_id}/assessments"' in last_year.text
    finally:
        site.app_client.app.state.web = web


def test_a_title_named_in_october_is_assessed_for_its_naming_year_on_the_designation_page(site):
    designation_id = _title(site, date(2026, 10, 12))
    page = site.login("unit").get(f"/designations/{designation_id}").text
    assert "2026年度考核（待单位工会考核）" in page
    form = site.login("unit").get(f"/designations/{designation_id}/assessments/new").text
    assert "<h1>2026年度考核" in form  # the naming year is the first open year


def test_the_designation_page_words_each_step_as_the_step_form_does(site):
    """The district's fail is its application to the city for 摘牌 [S9]: the designation page
    says so, as the step form does, instead of a bare 不通过."""
    designation_id = _title(site, date(2026, 10, 12))
    assert _post(site.login("unit"), designation_id, "2026-11-10", passed="no").status_code == 303
    district = site.login("district")
    assert _post(district, designation_id, "2026-11-12", "district", "no").status_code == 303
    page = district.get(f"/designations/{designation_id}").text
    assert "2026年：已申请摘牌，待市总工会决定" in page
    assert "单位工会考核 2026年11月10日 不符合第三条基本条件（赵主席）" in page
    assert "区局（产业）工会考核 2026年11月12日 不合格，向上海市总工会申请摘牌（赵主席）" in page
    assert "不通过" not in page


def test_a_step_that_can_only_be_dated_today_says_so_not_a_range_from_today_to_today(site):
    """The unit union recorded its 考核 today, so the district union's step may only carry today
    (not before the step it follows, not after today) [S9]: the hint names that one day and
    why, instead of 「可填2026年11月21日至2026年11月21日之间的日期」."""
    designation_id = _title(site, date(2024, 7, 5))
    today = f.AS_OF.isoformat()
    assert _post(site.login("unit"), designation_id, today).status_code == 303
    form = site.login("district").get(f"/designations/{designation_id}/assessments/new?year=2026")
    assert form.status_code == 200
    assert (
        "只能填2026年11月21日：日期不能早于上一环节（单位工会考核 2026年11月21日），也不能晚于今天"
    ) in form.text
    assert "至2026年11月21日之间" not in form.text
