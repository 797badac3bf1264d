"""A real browser on the real service: an officer records a failing inspection, finance sees 差旅.

Playwright drives Debian's Chromium (``/usr/bin/chromium``); nothing is downloaded. Screenshots
go to ``test-artifacts/browser/`` (git-ignored) so CI can keep them.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from lifecycle.actors import Actor
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role, UnionLevel
from tests.demo_copies import DemoCopy
from tests.e2e.browser_support import ARTIFACTS, CHROMIUM, Chromium, login, served_chromium
from tests.factories import user

UNIT = Actor(name="单位联系人（演示）")

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]


def _prepare(database_url: str, as_of: date) -> dict[str, tuple[str, str]]:
    """Demo data, a district officer and a finance user of 杨浦区总工会, one 差旅 expense [Y16]."""
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as uow:
            yangpu = next(
                u
                for u in uow.unions.find(level=UnionLevel.DISTRICT, scope=EVERYTHING)
                if u.name == "杨浦区总工会"
            )
            officer, officer_pw = user(uow, Role.DISTRICT_OFFICER, yangpu.id, username="yp-officer")
            finance, finance_pw = user(uow, Role.FINANCE, yangpu.id, username="yp-finance")
            named = [
                d
                for d in uow.designations.find(Scope.subtree(yangpu.path))
                if "锅炉节能" in d.title
            ]
            target = named[0]
            record_expenditure(
                uow,
                RecordExpenditure(
                    target.id,
                    as_of - timedelta(days=30),
                    "2,460.00",
                    "某航空公司",
                    ExpenditureCategory.TRAVEL,
                    "带头人赴外地参观交流差旅费",
                    "FP-0001",
                ),
                actor=UNIT,
                as_of=as_of,
                scope=EVERYTHING,
            )
            uow.commit()
    finally:
        engine.dispose()
    return {"officer": (officer.username, officer_pw), "finance": (finance.username, finance_pw)}


def test_officer_records_a_failing_inspection_and_finance_sees_the_travel_finding(
    demo_today: DemoCopy, tmp_path: Path, chromium: Chromium
):
    backend = demo_today.url.split(":", 1)[0].split("+", 1)[0]
    shots = ARTIFACTS / backend
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    accounts = _prepare(demo_today.url, demo_today.as_of)
    with served_chromium(chromium, demo_today.url, tmp_path) as (browser, base):
        _officer_flow(browser, base, accounts["officer"], shots)
        _finance_flow(browser, base, accounts["finance"], shots)
    assert sorted(p.name for p in shots.glob("*.png")) == [
        "1-dashboard.png",
        "2-designation.png",
        "3-schedule.png",
        "4-record.png",
        "5-notice.png",
        "6-finance.png",
        "7-phone-dashboard.png",
        "8-phone-notice.png",
    ]


def _officer_flow(browser, base: str, account: tuple[str, str], shots: Path) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, base, *account)
    assert page.locator("h1").inner_text().startswith("工作台")
    assert page.locator("svg.chart rect.bar").count() == 12
    page.screenshot(path=shots / "1-dashboard.png", full_page=True)
    # One click from the dashboard item to the designation page.
    page.get_by_role("link", name=re.compile("锅炉节能")).first.click()
    page.wait_for_url(re.compile(r"/designations/\d+"))
    page.screenshot(path=shots / "2-designation.png", full_page=True)
    page.get_by_role("link", name="安排检查").click()
    page.fill("#f-place", "上海某热电有限公司锅炉房")
    page.fill("#f-inspectors", "王干事、李干事")
    page.screenshot(path=shots / "3-schedule.png", full_page=True)
    page.get_by_role("button", name="安排检查").click()
    page.wait_for_url(re.compile(r"/inspections/\d+$"))
    for code in ("leader", "team", "achievements", "venue"):
        page.check(f"input[name='result__{code}'][value='pass']")
    page.check("input[name='result__projects'][value='fail']")
    page.fill("#f-notes__projects", "本年度未登记攻关项目，缺少年度工作计划")
    page.set_input_files(
        "#f-evidence__projects",
        files=[
            {
                "name": "现场照片.png",
                "mimeType": "image/png",
                "buffer": b"\x89PNG\r\n\x1a\n" + bytes(64),
            }
        ],
    )
    page.screenshot(path=shots / "4-record.png", full_page=True)
    page.get_by_role("button", name="提交检查结果").click()
    page.wait_for_url(re.compile(r"/notices/\d+$"))
    notice_url = page.url
    number = page.locator(".notice-number").inner_text()
    assert re.fullmatch(r"杨工创〔\d{4}〕\d+号", number), number
    page.screenshot(path=shots / "5-notice.png", full_page=True)
    pdf_href = page.get_by_role("link", name="下载 PDF").get_attribute("href")
    pdf = context.request.get(base + pdf_href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    (shots / "notice.pdf").write_bytes(pdf.body())
    page.goto(f"{notice_url}/print")
    sheet = page.locator(".sheet").bounding_box()
    assert sheet is not None
    assert 790 < sheet["width"] < 800  # 210 mm
    context.close()
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    small = phone.new_page()
    login(small, base, *account)
    small.screenshot(path=shots / "7-phone-dashboard.png", full_page=True)
    # The notice's print view reads on the phone at its width; on a desk it is an A4 sheet.
    small.goto(f"{notice_url}/print")
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    assert number in small.locator(".sheet").inner_text()
    small.screenshot(path=shots / "8-phone-notice.png", full_page=True)
    # A list keeps readable columns on the phone: it scrolls sideways inside its card, the
    # page does not (before: each column squeezed to two characters a line).
    small.goto(f"{base}/designations")
    table = small.locator(".table-wrap > table").first.bounding_box()
    assert table is not None
    assert table["width"] >= 36 * 16
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()


def _finance_flow(browser, base: str, account: tuple[str, str], shots: Path) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, base, *account)
    page.get_by_role("link", name="经费管理").click()
    page.wait_for_url(f"{base}/finance")
    finding = page.locator("#findings .finding").filter(has_text="差旅")
    assert finding.count() >= 1
    assert "锅炉节能" in finding.first.inner_text()
    # Finance audits its district now: the travel finding is found again, not twice.
    before = page.locator("#findings .finding").count()
    page.get_by_role("button", name="立即核查本工会范围").click()
    page.wait_for_url(re.compile(r"/finance\?audited=1"))
    assert "核查完成" in page.locator("#audit").inner_text()
    assert "其中新增 0 项" in page.locator("#audit").inner_text()
    assert page.locator("#findings .finding").count() == before
    page.screenshot(path=shots / "6-finance.png", full_page=True)
    context.close()
