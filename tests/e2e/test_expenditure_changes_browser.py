"""In Chromium on the demo: the unit union's contact corrects one expenditure's amount on the fund
ledger page and voids another recorded in error (reading 36a); both show in the 支出记录 table
and on their 修改记录 pages, and the district's finance sees the ledger's 支出 follow the
corrected amount and the 差旅 finding of the voided one close itself [Y10][Y16]."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo.funding import YANGPU_SPENDING
from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.funding.model import Expenditure
from lifecycle.uow import UnitOfWork
from tests.demo_copies import DemoCopy
from tests.e2e.browser_support import ARTIFACTS, CHROMIUM, Chromium, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
EQUIPMENT, TRAVEL = YANGPU_SPENDING[0][3], YANGPU_SPENDING[3][3]  # the demo's payees
CORRECTION = "发票金额为3,600.00元，登记时录错"
VOID = "误录：该机票由邀请单位承担，未从专款列支"


def _demo_expenditures(database_url: str) -> tuple[int, int, int]:
    """The demo title whose expenditures the unit contact records, its equipment and travel."""
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as uow:
            found = {
                e.payee: e
                for e in uow.session.scalars(
                    select(Expenditure).where(Expenditure.payee.in_((EQUIPMENT, TRAVEL)))
                )
            }
            return found[EQUIPMENT].designation_id, found[EQUIPMENT].id, found[TRAVEL].id
    finally:
        engine.dispose()


def _yuan(text: str) -> Decimal:
    return Decimal(text.replace("元", "").strip().replace(",", ""))


def _finance_sees(page: Any, base: str, d: int) -> tuple[Decimal, int]:
    """The title's 支出 on its ledger and the open 差旅 findings of the title on /finance."""
    page.goto(f"{base}/finance/designations/{d}")
    spent = _yuan(page.locator(".grid section.card").nth(1).locator(".stat").inner_text())
    page.goto(f"{base}/finance")
    travel = page.locator("#findings .finding").filter(has_text="差旅")
    return spent, travel.filter(has=page.locator(f'a[href="/finance/designations/{d}"]')).count()


def test_the_unit_contact_corrects_and_voids_expenditures_and_finance_sees_the_ledger_follow(
    demo_today: DemoCopy, tmp_path: Path, chromium: Chromium
) -> None:
    backend = demo_today.url.split(":", 1)[0].split("+", 1)[0]
    shots = ARTIFACTS / f"expenditure-{backend}"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    d, equipment, travel = _demo_expenditures(demo_today.url)
    with served_chromium(chromium, demo_today.url, tmp_path) as (browser, base):
        finance = browser.new_context(locale="zh-CN").new_page()
        login(finance, base, "finance", DEMO_PASSWORD)
        spent_before, open_travel = _finance_sees(finance, base, d)
        assert open_travel == 1  # the demo's 差旅 [Y16]

        unit = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = unit.new_page()
        login(page, base, "unit", DEMO_PASSWORD)
        ledger = f"{base}/finance/designations/{d}"
        page.goto(ledger)
        # 更正: the equipment's amount, 3,800.00 as recorded.
        name = f"spend-correct-{equipment}"
        page.click(f"details#{name} summary")
        assert page.input_value(f"#{name}-amount_yuan") == "3,800.00"
        page.fill(f"#{name}-amount_yuan", "3,600.00")
        page.fill(f"#{name}-reason", CORRECTION)
        page.locator(f"details#{name} form").first.get_by_role("button", name="保存更正").click()
        page.wait_for_url(f"{ledger}#expenditures")
        # 作废: the travel recorded in error.
        page.click(f"details#spend-correct-{travel} summary")
        page.fill(f"#spend-void-{travel}-reason", VOID)
        page.locator(f"form#spend-void-{travel}").get_by_role("button", name="作废此支出").click()
        page.wait_for_url(f"{ledger}#expenditures")

        corrected = page.locator(f"#expenditure-{equipment}").inner_text()
        assert "已更正" in corrected
        assert "3,600.00" in corrected
        assert CORRECTION in corrected
        voided = page.locator(f"#expenditure-{travel}").inner_text()
        assert "已作废" in voided
        assert VOID in voided
        assert TRAVEL not in page.locator("#ledger").inner_text()  # counted nowhere
        page.screenshot(path=shots / "1-ledger.png", full_page=True)

        # Each row's 修改记录: what was recorded, then the change with its version.
        page.locator(f"#expenditure-{equipment}").get_by_role(
            "link", name=re.compile("修改记录")
        ).click()
        page.wait_for_url(f"{base}/history/expenditure/{equipment}")
        entries = page.locator("section.history-entry")
        assert entries.count() == 2
        newest = entries.first.inner_text()
        assert "更正 · 版本 2" in newest
        assert f"更正原因：{CORRECTION}" in newest
        assert re.search(r"金额（元）\s+3,800\.00\s+3,600\.00", newest), newest
        assert "登记 · 版本 1" in entries.last.inner_text()
        page.screenshot(path=shots / "2-history.png", full_page=True)
        page.goto(f"{base}/history/expenditure/{travel}")
        newest = page.locator("section.history-entry").first.inner_text()
        assert "作废 · 版本 2" in newest
        assert f"作废原因：{VOID}" in newest
        unit.close()

        # Finance of the district: the ledger's 支出 follows; the 差旅 finding closed itself.
        spent_after, open_travel = _finance_sees(finance, base, d)
        assert spent_after == spent_before - Decimal("200.00") - Decimal("860.00")
        assert open_travel == 0
        finance.goto(f"{base}/finance/designations/{d}")
        assert "3,600.00" in finance.locator("#ledger").inner_text()
        assert TRAVEL not in finance.locator("#ledger").inner_text()
        closed = finance.locator("section#findings p", has=finance.locator(".tag.done"))
        assert any(VOID in text for text in closed.all_inner_texts())  # closed, with why
