"""The officers' year in Chromium, on the real service: the Yangpu district officer schedules a
cycle inspection, records a failure (a numbered 整改通知 with its PDF), confirms 撤牌 of a title
whose 整改 deadline has passed [Y12] and records the district step of a Shanghai title's 考核;
the city officer decides 摘牌 on another [S9]. Only the browser acts; screenshots are kept under
the test's tmp dir (``officers-year/<backend>/``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from lifecycle.assessments.service import AssessmentStep, Step, record_step
from lifecycle.clock import today_shanghai
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DESIGNATION_STATUS_LABELS, DesignationStatus, Role
from tests import factories as f
from tests.e2e.browser_support import CHROMIUM, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
NAMED = DESIGNATION_STATUS_LABELS[DesignationStatus.NAMED]
CRITERIA = ("leader", "team", "projects", "achievements", "venue")


@dataclass(frozen=True)
class Plan:
    """The titles each officer acts on and the accounts they log in with."""

    inspect_id: int  # a named Yangpu title, due its cycle-end inspection
    overdue_notice_id: int  # an open 整改通知 whose deadline has passed
    overdue_number: str
    overdue_title_id: int
    district_step_id: int  # a Shanghai title whose unit step is recorded
    city_step_id: int  # a Shanghai title whose unit and (failed) district steps are recorded
    year: int
    district: tuple[str, str]
    city: tuple[str, str]


def _step(u, d, step: Step, passed: bool, on: date, actor) -> None:
    record_step(
        u,
        AssessmentStep(d.id, on.year, step, passed, on, "签署人", "考核意见（测试准备）"),
        actor=actor,
        as_of=on,
        scope=EVERYTHING,
    )


def _plan(database_url: str, today: date) -> Plan:
    engine = make_engine(database_url)
    try:
        factory = make_session_factory(engine)
        with UnitOfWork(factory) as u:
            tree = f.union_tree(u)
            inspect = f.named_designation(u, tree)
            overdue = f.named_designation(u, tree)
            # A failed cycle-end inspection long ago: its 整改 deadline has passed.
            held = today - timedelta(days=200)
            officer = f.district_officer(u, overdue)
            inspection = schedule_inspection(
                u,
                ScheduleInspection(
                    overdue.id, InspectionKind.CYCLE_END, held, "工作室现场", "王干事、李干事"
                ),
                actor=officer,
                as_of=held,
                scope=EVERYTHING,
            )
            record_outcome(
                u,
                RecordOutcome(
                    inspection.id,
                    held,
                    tuple(
                        CriterionInput(
                            c, c != "projects", "未登记攻关项目" if c == "projects" else ""
                        )
                        for c in CRITERIA
                    ),
                ),
                actor=officer,
                as_of=held,
                scope=EVERYTHING,
            )
            notice = u.notices.for_designation(overdue.id)[-1]
            assert notice.deadline < today, notice.deadline
            # Two Shanghai titles: one with its unit step, one awaiting the city's decision.
            # 「每年期末」 [S9]: a year's steps are dated from its last quarter (reading D1b);
            # before October this year's may not be recorded yet, so last year's are.
            on = today if today >= date(today.year, 10, 1) else date(today.year - 1, 12, 15)
            district_step = f.named_designation(u, tree, scheme="shanghai-model-worker")
            _step(u, district_step, Step.UNIT, True, on, f.unit_contact(u, district_step))
            city_step = f.named_designation(u, tree, scheme="shanghai-model-worker")
            _step(u, city_step, Step.UNIT, False, on, f.unit_contact(u, city_step))
            _step(u, city_step, Step.DISTRICT, False, on, f.district_officer(u, city_step))
            district, district_pw = f.user(
                u, Role.DISTRICT_OFFICER, tree.district.id, username="year-district"
            )
            city, city_pw = f.user(u, Role.CITY_OFFICER, tree.city.id, username="year-city")
            plan = Plan(
                inspect.id,
                notice.id,
                notice.number,
                overdue.id,
                district_step.id,
                city_step.id,
                on.year,
                (district.username, district_pw),
                (city.username, city_pw),
            )
            u.commit()
            return plan
    finally:
        engine.dispose()


def test_the_district_and_city_officers_year_in_the_browser(fresh_database_url, tmp_path, chromium):
    backend = fresh_database_url.split(":", 1)[0].split("+", 1)[0]
    shots = tmp_path / "officers-year" / backend
    shots.mkdir(parents=True)
    plan = _plan(fresh_database_url, today_shanghai())
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        _district_officer(browser, base, plan, shots)
        _city_officer(browser, base, plan, shots)
    assert sorted(p.stem for p in shots.glob("*.png")) == [
        "c1-city-step", "c2-delisted",
        "d1-schedule", "d2-record", "d3-notice", "d4-revocation", "d5-revoked",
        "d6-district-step", "d7-assessed",
    ]  # fmt: skip


def _context(browser):
    return browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})


def _status(page) -> str:
    return page.locator("#status .tag").first.inner_text()


def _district_officer(browser, base: str, plan: Plan, shots: Path) -> None:
    context = _context(browser)
    page = context.new_page()
    login(page, base, *plan.district)
    # The cycle-end inspection: scheduled, then recorded with one failed criterion [Y12].
    page.goto(f"{base}/designations/{plan.inspect_id}")
    assert _status(page) == NAMED
    page.get_by_role("link", name="安排检查").click()
    page.wait_for_url(re.compile(rf"/designations/{plan.inspect_id}/inspections/new$"))
    assert page.locator("#f-kind").input_value() == InspectionKind.CYCLE_END.value
    page.fill("#f-place", "上海某机械有限公司创新工作室")
    page.fill("#f-inspectors", "王干事、李干事")
    page.screenshot(path=shots / "d1-schedule.png", full_page=True)
    page.get_by_role("button", name="安排检查").click()
    page.wait_for_url(re.compile(r"/inspections/\d+$"))
    for code in ("leader", "team", "achievements", "venue"):
        page.check(f"input[name='result__{code}'][value='pass']")
    page.check("input[name='result__projects'][value='fail']")
    page.fill("#f-notes__projects", "本周期未登记攻关项目，缺少年度工作计划")
    page.screenshot(path=shots / "d2-record.png", full_page=True)
    page.get_by_role("button", name="提交检查结果").click()
    page.wait_for_url(re.compile(r"/notices/\d+$"))
    number = page.locator(".notice-number").inner_text()
    assert re.fullmatch(r"杨工创〔\d{4}〕\d+号", number), number
    assert number != plan.overdue_number
    page.screenshot(path=shots / "d3-notice.png", full_page=True)
    pdf_href = page.get_by_role("link", name="下载 PDF").get_attribute("href")
    assert pdf_href is not None
    pdf = context.request.get(base + pdf_href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    page.goto(f"{base}/designations/{plan.inspect_id}")
    assert _status(page) == "整改中"
    # 撤牌 of the title whose deadline passed, from its designation page, with the 文号.
    page.goto(f"{base}/designations/{plan.overdue_title_id}")
    page.get_by_role("link", name="逾期撤牌确认").click()
    page.wait_for_url(f"{base}/notices/{plan.overdue_notice_id}/revocation")
    assert plan.overdue_number in page.content()
    page.fill("#f-decision_ref", "杨工〔2026〕20号")
    page.screenshot(path=shots / "d4-revocation.png", full_page=True)
    page.get_by_role("button", name="确认撤牌").click()
    page.wait_for_url(re.compile(rf"/designations/{plan.overdue_title_id}#notices$"))
    assert _status(page) == "已撤牌"  # Yangpu's word [Y12]
    assert "杨工〔2026〕20号" in page.content()
    page.screenshot(path=shots / "d5-revoked.png", full_page=True)
    # The district step of a Shanghai title's 考核, after the unit step [S9].
    page.goto(f"{base}/designations/{plan.district_step_id}/assessments/new?year={plan.year}")
    page.check("input[name=passed][value=yes]")
    page.fill("#f-signer", "杨浦区总工会 王干事")
    page.fill("#f-opinion", "符合第三条基本条件，考核合格")
    page.screenshot(path=shots / "d6-district-step.png", full_page=True)
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(re.compile(rf"/designations/{plan.district_step_id}#assessments$"))
    assert _status(page) == NAMED
    page.goto(f"{base}/designations/{plan.district_step_id}/assessments/new?year={plan.year}")
    assert "该年度考核已办结" in page.content()
    assert page.locator("form[action$='/assessments']").count() == 0
    page.screenshot(path=shots / "d7-assessed.png", full_page=True)
    context.close()


def _city_officer(browser, base: str, plan: Plan, shots: Path) -> None:
    context = _context(browser)
    page = context.new_page()
    login(page, base, *plan.city)
    page.goto(f"{base}/designations/{plan.city_step_id}/assessments/new?year={plan.year}")
    page.check("input[name=passed][value=no]")
    page.fill("#f-signer", "上海市总工会 赵处长")
    page.fill("#f-opinion", "区局工会申请摘牌，经审定取消称号")
    page.fill("#f-decision_ref", "沪工〔2026〕31号")
    page.screenshot(path=shots / "c1-city-step.png", full_page=True)
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(re.compile(rf"/designations/{plan.city_step_id}#assessments$"))
    assert _status(page) == "已摘牌"  # the city's word [S9]
    assert "沪工〔2026〕31号" in page.locator("#history + section").inner_text()
    page.screenshot(path=shots / "c2-delisted.png", full_page=True)
    context.close()
