"""In Chromium: the unit contact records a ledger activity and an expenditure, presses Back and
submits again. Pages are ``no-store``, so Back fetches the form again with a new one-time key;
the forms say ``autocomplete="off"``, so Chromium does not refill what was typed: the form comes
back as new, and submitting it as it is is refused beside its fields. Each entry is recorded
once; what was typed into a refused form stays in it."""

from __future__ import annotations

from pathlib import Path

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
TITLE = "返回重提技能比武"
PAYEE = "返回重提书城"
ACTIVITY = "form[action$='/ledger/activity'] button[type=submit]"
SPEND = "form[action$='/expenditures'] button[type=submit]"


def _unit_designation(database_url: str) -> int:
    """The demo, and the first designation within the unit contact's union."""
    engine = make_engine(database_url)
    try:
        factory = make_session_factory(engine)
        with UnitOfWork(factory) as uow:
            found = uow.accounts.user_by_username("unit")
            assert found is not None
            union = uow.unions.get(found.union_id, EVERYTHING)
            assert union is not None
            return uow.designations.find(Scope.subtree(union.path))[0].id
    finally:
        engine.dispose()


def test_back_and_submit_again_records_a_ledger_entry_and_an_expenditure_once(
    demo_today: DemoCopy, tmp_path: Path, chromium: Chromium
) -> None:
    d = _unit_designation(demo_today.url)
    with served_chromium(chromium, demo_today.url, tmp_path) as (browser, base):
        page = browser.new_context().new_page()
        login(page, base, "unit", DEMO_PASSWORD)

        # 台账: an activity, recorded; Back shows the form new, not refilled.
        form = f"{base}/designations/{d}/ledger/activity/new"
        page.goto(form)
        page.fill("#f-title", TITLE)
        page.fill("#f-participants", "18")
        page.click(ACTIVITY)
        page.wait_for_url(f"{base}/designations/{d}#ledgers")
        assert page.content().count(TITLE) == 1
        page.go_back()
        page.wait_for_url(form)
        assert page.input_value("#f-title") == ""
        assert page.input_value("#f-participants") == ""
        page.fill("#f-participants", "20")
        page.click(ACTIVITY)
        page.wait_for_load_state("load")
        assert page.locator("#title-error").count() == 1  # refused beside the blank name
        assert page.input_value("#f-participants") == "20"  # what was typed stays
        page.goto(f"{base}/designations/{d}")
        assert page.content().count(TITLE) == 1

        # 支出 on the fund ledger page: the same.
        ledger = f"{base}/finance/designations/{d}"
        page.goto(ledger)
        page.click("#spend summary")
        page.select_option("#spend-category", "books")
        page.fill("#spend-amount_yuan", "356.80")
        page.fill("#spend-payee", PAYEE)
        page.fill("#spend-description", "数控技术参考书")
        page.fill("#spend-receipt_ref", "FP-BACK-1")
        page.click(SPEND)
        page.wait_for_load_state("load")
        assert page.locator("#expenditures tbody tr", has_text=PAYEE).count() == 1  # one 支出
        page.go_back()
        page.wait_for_url(ledger)
        page.click("#spend summary")
        assert page.input_value("#spend-payee") == ""
        assert page.input_value("#spend-amount_yuan") == ""
        page.fill("#spend-receipt_ref", "FP-BACK-2")
        page.click(SPEND)
        page.wait_for_load_state("load")
        assert "提交未成功" in page.content()
        assert page.input_value("#spend-receipt_ref") == "FP-BACK-2"
        page.goto(ledger)
        assert page.locator("#expenditures tbody tr", has_text=PAYEE).count() == 1  # one 支出
