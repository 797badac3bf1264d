"""In Chromium: an officer opens a person, then a workshop, logs out and presses Back. The
pages said ``Cache-Control: no-store``, so the browser keeps no copy: Back fetches the workshop
again and lands on the login page; the leader's name is not shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel
from tests.demo_copies import DemoCopy
from tests.e2e.browser_support import CHROMIUM, Chromium, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]


def _a_workshop(database_url: str) -> tuple[int, int, str]:
    """The demo, and one Yangpu workshop: (workshop id, its leader's id, the leader's name)."""
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as uow:
            districts = uow.unions.find(level=UnionLevel.DISTRICT, scope=EVERYTHING)
            yangpu = next(u for u in districts if u.name == "杨浦区总工会")
            designation = uow.designations.find(Scope.subtree(yangpu.path))[0]
            workshop = designation.workshop
            leader = uow.persons.get(workshop.leader_person_id, Scope.subtree(yangpu.path))
            assert leader is not None
            return workshop.id, leader.id, leader.name
    finally:
        engine.dispose()


def test_back_after_logout_shows_the_login_page_not_the_workshop(
    demo_today: DemoCopy, tmp_path: Path, chromium: Chromium
) -> None:
    workshop_id, leader_id, leader = _a_workshop(demo_today.url)
    with served_chromium(chromium, demo_today.url, tmp_path) as (browser, base):
        page = browser.new_context().new_page()
        login(page, base, "yangpu", DEMO_PASSWORD)
        page.goto(f"{base}/persons/{leader_id}")
        assert leader in page.content()
        opened = page.goto(f"{base}/workshops/{workshop_id}")
        assert opened is not None
        assert opened.headers["cache-control"] == "no-store"
        assert leader in page.content()
        page.click("form[action='/logout'] button")
        page.wait_for_url(re.compile(r".*/login.*"))
        page.go_back()
        page.wait_for_load_state("load")
        assert "/login" in page.url
        assert page.locator("#f-username").count() == 1
        assert leader not in page.content()
