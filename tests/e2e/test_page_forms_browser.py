"""In Chromium, what only a browser shows on everyday forms: the 全选 box of 批量办理 works under
the pages' CSP (no inline handler); a refused form's alert links each field to correct and takes
the focus, so a form far down a page (支出 on the fund ledger) is scrolled into view; the
上海工匠 lists fit a phone's width (a wide table scrolls within its own box)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from tests.demo_copies import DemoCopy
from tests.e2e.browser_support import CHROMIUM, Chromium, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
SPEND = "form[action$='/expenditures'] button[type=submit]"


def _unit_designation(database_url: str) -> int:
    """The first designation within the unit contact's union."""
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as uow:
            found = uow.accounts.user_by_username("unit")
            assert found is not None
            union = uow.unions.get(found.union_id, EVERYTHING)
            assert union is not None
            return uow.designations.find(Scope.subtree(union.path))[0].id
    finally:
        engine.dispose()


def _watch_console(page: Any) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    return errors


def test_select_all_ticks_every_workshop_and_a_refusal_links_its_fields(
    demo_today: DemoCopy, tmp_path: Path, chromium: Chromium
) -> None:
    with served_chromium(chromium, demo_today.url, tmp_path) as (browser, base):
        page = browser.new_context().new_page()
        blocked = _watch_console(page)
        login(page, base, "yangpu", DEMO_PASSWORD)
        page.goto(f"{base}/adoption/bulk")
        boxes = page.locator("input[name=designation_id]")
        assert boxes.count() > 1
        page.check("input[data-select-all]")
        assert page.locator("input[name=designation_id]:checked").count() == boxes.count()
        page.uncheck("input[data-select-all]")
        assert page.locator("input[name=designation_id]:checked").count() == 0
        assert blocked == []

        # 发送提醒 with neither text nor date: the alert lists both, each a link to its field,
        # and has the focus; the ticked workshops stay ticked.
        page.check("input[data-select-all]")
        page.click("button[value=remind]")
        page.wait_for_load_state("load")
        alert = page.locator("main .alert[role=alert]")
        assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
        links = alert.locator("ul.error-links a")
        assert links.count() == 2
        assert "提醒内容不能为空" in links.nth(0).inner_text()
        assert links.nth(1).inner_text().startswith("办理期限：")
        links.nth(1).click()
        assert page.evaluate("document.activeElement.name") == "due_on"
        assert page.locator("input[name=designation_id]:checked").count() == boxes.count()
        assert blocked == []


def test_a_refused_expenditure_far_down_the_ledger_is_scrolled_to(
    demo_today: DemoCopy, tmp_path: Path, chromium: Chromium
) -> None:
    d = _unit_designation(demo_today.url)
    with served_chromium(chromium, demo_today.url, tmp_path) as (browser, base):
        page = browser.new_context(viewport={"width": 1100, "height": 700}).new_page()
        login(page, base, "unit", DEMO_PASSWORD)
        page.goto(f"{base}/finance/designations/{d}")
        page.click("#spend summary")
        page.fill("#spend-receipt_ref", "FP-FOCUS-1")
        page.click(SPEND)
        page.wait_for_load_state("load")
        alert = page.locator("form[action$='/expenditures'] .alert[role=alert]")
        assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
        box = alert.bounding_box()
        assert box is not None
        assert 0 <= box["y"] < 700  # in view, not left below the fold
        texts = alert.locator("ul.error-links a").all_inner_texts()
        assert "收款方不能为空" in texts
        assert "金额不能为空" in texts
        alert.locator("ul.error-links a", has_text="收款方").click()
        assert page.evaluate("document.activeElement.id") == "spend-payee"
        assert page.input_value("#spend-receipt_ref") == "FP-FOCUS-1"


def test_craftsman_selection_lists_fit_a_phone(
    demo_today: DemoCopy, tmp_path: Path, chromium: Chromium
) -> None:
    with served_chromium(chromium, demo_today.url, tmp_path) as (browser, base):
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        login(page, base, "yangpu", DEMO_PASSWORD)
        page.goto(f"{base}/craftsman-selections")
        pages = [f"{base}/craftsman-selections"]
        pages += [
            f"{base}{href}"
            for href in page.eval_on_selector_all(
                "main a[href^='/craftsman-selections/']",
                "links => links.map(a => a.getAttribute('href'))",
            )[:3]
        ]
        assert len(pages) > 1
        for url in pages:
            page.goto(url)
            wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wider <= 0, f"{url} is {wider}px wider than the phone"
