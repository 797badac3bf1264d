"""In Chromium on a phone (375 px): the unit contact's session ends while they type. Submitting
shows the login form saying the entry is not saved yet; after logging in again they are back on
the same form with what they typed (the 支出 form on the fund ledger opened again, the yearly
filing naming the file to choose again), nothing recorded until they submit; then it is."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from lifecycle.accounts.model import WebSession
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
PAYEE = "失效重登书城"
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


def _idle_since_yesterday(database_url: str) -> None:
    """Every open session last used long ago: the next request finds it ended (idle)."""
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as uow:
            for web_session in uow.session.scalars(select(WebSession)):
                web_session.last_seen_at = web_session.created_at - timedelta(days=1)
            uow.commit()
    finally:
        engine.dispose()


def _log_in_again(page: object, username: str) -> None:
    page.fill("#f-username", username)  # type: ignore[attr-defined]
    page.fill("#f-password", DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.click("form[action='/login'] button[type=submit]")  # type: ignore[attr-defined]


def test_a_form_submitted_after_the_session_ended_comes_back_filled_after_login(
    demo_today: DemoCopy, tmp_path: Path, chromium: Chromium
) -> None:
    d = _unit_designation(demo_today.url)
    with served_chromium(chromium, demo_today.url, tmp_path) as (browser, base):
        context = browser.new_context(viewport={"width": 375, "height": 740})
        page = context.new_page()
        login(page, base, "unit", DEMO_PASSWORD)
        ledger = f"{base}/finance/designations/{d}"
        page.goto(ledger)
        page.click("#spend summary")
        page.select_option("#spend-category", "books")
        page.fill("#spend-amount_yuan", "356.80")
        page.fill("#spend-payee", PAYEE)
        page.fill("#spend-description", "数控技术参考书")
        page.fill("#spend-receipt_ref", "FP-IDLE-1")
        _idle_since_yesterday(demo_today.url)
        page.click(SPEND)
        page.wait_for_load_state("load")
        assert page.locator("#session-ended").is_visible()
        assert "您刚才提交的内容尚未保存" in page.inner_text("#session-ended")
        assert PAYEE not in page.url
        assert "356" not in page.url
        _log_in_again(page, "unit")
        page.wait_for_url(ledger)
        page.wait_for_selector("#form-restored")
        assert "尚未提交" in page.inner_text("#form-restored")
        assert page.locator("#spend-payee").is_visible()  # the folded form is opened
        assert page.input_value("#spend-payee") == PAYEE
        assert page.input_value("#spend-amount_yuan") == "356.80"
        assert page.input_value("#spend-category") == "books"
        assert page.input_value("#spend-receipt_ref") == "FP-IDLE-1"
        assert page.locator("#expenditures tbody tr", has_text=PAYEE).count() == 0
        page.click(SPEND)
        page.wait_for_load_state("load")
        assert page.locator("#expenditures tbody tr", has_text=PAYEE).count() == 1
        # A page shown later is not filled again.
        page.goto(ledger)
        assert page.locator("#form-restored").count() == 0

        # The yearly filing with its file: the fields come back, the file is named to choose.
        filing = f"{base}/designations/{d}/filings/new"
        page.goto(filing)
        page.fill("#f-note", "失效前填写的自查说明")
        page.set_input_files(
            "#f-upload",
            files=[{"name": "自查报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}],
        )
        _idle_since_yesterday(demo_today.url)
        page.click("form[action$='/filings'] button[type=submit]")
        page.wait_for_load_state("load")
        assert "「自查报告.pdf」无法随登录保留" in page.inner_text("#session-ended")
        _log_in_again(page, "unit")
        page.wait_for_url(filing)
        page.wait_for_selector("#form-restored")
        assert "「自查报告.pdf」无法随登录保留，请重新选择" in page.inner_text("#form-restored")
        assert page.input_value("#f-note") == "失效前填写的自查说明"
        context.close()
