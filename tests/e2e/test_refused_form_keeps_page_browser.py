"""In Chromium on the demo: the unit union's contact, on page 2 of a team's members, records a
member leaving on a day before they joined; the refusal comes back on page 2 of the members (not
the first), the reason beside 离开日期 and the member and date as typed, and the form posts back
to page 2 again; put right, it lands on page 2 of the members too [Y10][S8]."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from lifecycle.accounts.model import User
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.uow import UnitOfWork
from lifecycle.workshops.model import Workshop
from tests.demo_copies import DemoCopy
from tests.e2e.browser_support import CHROMIUM, Chromium, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]


def _team(database_url: str) -> tuple[int, int]:
    """A team of the unit contact's union with two members or more: its id and member count."""
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as uow:
            unit = uow.session.scalars(select(User).where(User.username == "unit")).one()
            teams = uow.session.scalars(
                select(Workshop).where(Workshop.unit_union_id == unit.union_id)
            ).all()
            shop = max(teams, key=lambda w: len(w.members))
            assert len(shop.members) >= 2
            return shop.id, len(shop.members)
    finally:
        engine.dispose()


def test_a_refused_leaving_sent_from_page_two_comes_back_on_page_two(
    demo_today: DemoCopy, tmp_path: Path, chromium: Chromium, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop, members = _team(demo_today.url)
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 1)  # the service runs in this process
    with served_chromium(chromium, demo_today.url, tmp_path) as (browser, base):
        page = browser.new_context(locale="zh-CN").new_page()
        login(page, base, "unit", DEMO_PASSWORD)
        page.goto(f"{base}/workshops/{shop}")
        page.locator("#members nav.pager").get_by_role("link", name="下一页").click()
        page.wait_for_url(f"{base}/workshops/{shop}?members_page=2#members")
        on_two = page.locator("#members tbody tr").first.inner_text()
        assert f"共 {members} 条，第 2–2 条" in page.locator("#members").inner_text()
        choice = page.locator("select[name=member_id] option").nth(1).get_attribute("value")
        assert choice
        page.select_option("select[name=member_id]", choice)
        page.fill("input[name=leaving_on]", "2000-01-01")
        page.get_by_role("button", name="登记", exact=True).click()
        page.wait_for_load_state()
        assert page.url.startswith(f"{base}/workshops/{shop}/leaving?members_page=2")
        shown = page.locator("#members").inner_text()
        assert "离开日期不能早于加入日期" in shown
        assert f"共 {members} 条，第 2–2 条" in shown  # page 2, as the user was on it
        assert page.locator("#members tbody tr").first.inner_text() == on_two
        assert page.input_value("input[name=leaving_on]") == "2000-01-01"
        assert page.input_value("select[name=member_id]") == choice
        action = page.locator("form", has=page.locator("select[name=member_id]"))
        assert action.get_attribute("action") == f"/workshops/{shop}/leaving?members_page=2"
        # Put right and sent again: done, the browser lands on page 2 of the members, at the
        # members (before: on the first page).
        page.fill("input[name=leaving_on]", demo_today.as_of.isoformat())
        page.get_by_role("button", name="登记", exact=True).click()
        page.wait_for_url(f"{base}/workshops/{shop}?members_page=2#members")
        assert f"共 {members} 条，第 2–2 条" in page.locator("#members").inner_text()
