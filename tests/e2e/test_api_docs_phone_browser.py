"""The API reference (/docs) in Chromium: on a 375 px phone the page fits the screen (its long
paths wrap; only the field tables may scroll), and on a desktop the field names stay whole; the
sections and operations read in Chinese at either width."""

from __future__ import annotations

import pytest

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.e2e.browser_support import CHROMIUM, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
STEP = "post-api-v1-designations--designation-id--assessments"


def _account(database_url: str) -> tuple[str, str]:
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            principal, password = f.user(u, Role.UNIT_CONTACT, tree.unit.id, username="docs-unit")
            u.commit()
            return principal.username, password
    finally:
        engine.dispose()


def test_the_reference_fits_a_phone_and_reads_in_chinese(fresh_database_url, tmp_path, chromium):
    """Before: at 375 px the operations' paths (「POST /api/v1/workshops/{workshop_id}/members/
    {member_id}/leaving」) widened the page to 549 px; the summaries read 「Decide」「Pending」."""
    account = _account(fresh_database_url)
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        for width in (375, 1280):
            context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800})
            page = context.new_page()
            login(page, base, *account)
            page.goto(f"{base}/docs")
            page.click(f"#{STEP} summary")
            assert "登记年度考核环节" in page.inner_text(f"#{STEP} summary")
            assert "调用权限：" in page.inner_text(f"#{STEP}")
            assert page.inner_text("#tag-designations h2") == "命名记录"
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"the reference is {scroll} px wide at {width} px"
            if width == 1280:  # a field name is not broken inside the table
                cell = page.locator(f"#{STEP} td code").first
                assert cell.evaluate("e => e.getClientRects().length") == 1
            context.close()
