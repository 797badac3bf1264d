"""A refused 登记退休后继续领衔同意 in Chromium [Y13]: the browser shows the file field empty
again, so the page names the signed consent that was chosen and not kept; the unit contact
corrects the date, chooses the file again and the consent is recorded (tester unit54)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from lifecycle.clock import today_shanghai
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.leaders.model import ContinuationConsent
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
PDF = b"%PDF-1.4 consent"


def _prepare(database_url: str) -> tuple[int, tuple[str, str]]:
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            leader = f.person(u, name="冯老师", birth_date=date(1966, 1, 15), union_id=tree.unit.id)
            d = f.named_designation(u, tree, shop=lf.led_workshop(u, tree, leader))
            principal, password = f.user(u, Role.UNIT_CONTACT, tree.unit.id, username="consent")
            u.commit()
            return d.id, (principal.username, password)
    finally:
        engine.dispose()


def _consents(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            return int(u.session.scalar(select(func.count()).select_from(ContinuationConsent)))
    finally:
        engine.dispose()


def test_a_refused_consent_names_the_file_the_browser_emptied(
    fresh_database_url, tmp_path, chromium
):
    designation_id, account = _prepare(fresh_database_url)
    signed = tmp_path / "同意书.pdf"
    signed.write_bytes(PDF)
    today = today_shanghai()
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        login(page, base, *account)
        page.goto(f"{base}/designations/{designation_id}/leader/consent")
        page.fill("#f-leader_consented_on", (today + timedelta(days=1)).isoformat())
        page.fill("#f-leader_signer", "冯老师")
        page.fill("#f-unit_consented_on", today.isoformat())
        page.fill("#f-unit_signer", "单位工会主席")
        page.set_input_files("#f-file", str(signed))
        page.get_by_role("button", name="登记同意").click()
        page.wait_for_load_state()
        assert "本人同意日期不能晚于" in page.inner_text("main")
        assert page.locator("#f-leader_signer").input_value() == "冯老师"
        assert page.locator("#f-file").evaluate("e => e.files.length") == 0
        assert page.locator("#file-unsaved").inner_text() == (
            "所选文件「同意书.pdf」未上传（表单未提交成功），请重新选择。"
        )
        assert _consents(fresh_database_url) == 0
        page.fill("#f-leader_consented_on", today.isoformat())
        page.set_input_files("#f-file", str(signed))
        page.get_by_role("button", name="登记同意").click()
        page.wait_for_url(re.compile(rf"/designations/{designation_id}"))
        context.close()
    assert _consents(fresh_database_url) == 1
