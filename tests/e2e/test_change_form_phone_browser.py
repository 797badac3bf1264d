"""The printable 附件3 in Chromium [C 三（六）]: on a 375 px phone it fits the screen (only its
table may scroll, the page does not); on a desktop and printed on A4 it keeps the 170 mm text
width of the A4 sheet (210 mm less 20 mm margins either side)."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.changes.model import ChangeMeasure
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests import leader_factories as lf
from tests.e2e.browser_support import CHROMIUM, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
A4_TEXT_WIDTH_PX = 170 / 25.4 * 96  # 170 mm at CSS's 96 px to the inch: 642.5 px


def _prepare(database_url: str) -> tuple[int, tuple[str, str]]:
    """A craftsman title's request to exit keeping the title, and the unit contact's login."""
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            d = lf.titled(u, tree, scheme="shanghai-craftsman", naming_date=date(2023, 3, 15))
            request = lf.file_request(u, tree, d, measure=ChangeMeasure.EXIT_KEEPING_TITLE)
            principal, password = f.user(u, Role.UNIT_CONTACT, tree.unit.id, username="form-unit")
            u.commit()
            return request.id, (principal.username, password)
    finally:
        engine.dispose()


def _widths(page) -> tuple[int, int, float]:  # type: ignore[no-untyped-def]
    return (
        page.evaluate("document.documentElement.scrollWidth"),
        page.evaluate("document.documentElement.clientWidth"),
        page.evaluate("document.querySelector('main.sheet table').getBoundingClientRect().width"),
    )


def test_the_printable_change_form_fits_a_phone_and_keeps_the_a4_width_in_print(
    fresh_database_url, tmp_path, chromium
):
    """Before: the sheet was 170 mm wide on every screen, 643 px on a 375 px phone."""
    request_id, account = _prepare(fresh_database_url)
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        phone = browser.new_context(
            locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True
        )
        page = phone.new_page()
        login(page, base, *account)
        page.goto(f"{base}/changes/{request_id}/form")
        assert "管理变更申请表" in page.inner_text("h1")
        scroll, client, sheet = _widths(page)
        assert client == 375
        assert scroll <= client, f"the form is {scroll} px wide on a {client} px phone"
        assert sheet <= client
        page.emulate_media(media="print")
        assert abs(_widths(page)[2] - A4_TEXT_WIDTH_PX) < 1
        desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = desk.new_page()
        login(page, base, *account)
        page.goto(f"{base}/changes/{request_id}/form")
        assert abs(_widths(page)[2] - A4_TEXT_WIDTH_PX) < 1
