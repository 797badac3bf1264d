"""In Chromium on the real service: the district officer finds a leader's birth date and ID number
recorded wrong, follows the leader from the title's page and corrects them; a wrong checksum is
refused beside the field, what was typed stays, and the legal retirement date follows; the
record's 修改记录 then shows the correction with its old and new values."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from lifecycle.clock import chinese_date
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo.spec import id_card_number
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Gender, Role
from tests import factories as f
from tests.e2e.browser_support import ARTIFACTS, CHROMIUM, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
BORN = date(1966, 5, 10)


def _prepare(database_url: str) -> tuple[int, tuple[str, str]]:
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as u:
            tree = f.union_tree(u)
            d = f.named_designation(u, tree)
            principal, password = f.user(u, Role.DISTRICT_OFFICER, tree.district.id)
            u.commit()
            return d.id, (principal.username, password)
    finally:
        engine.dispose()


def test_the_district_officer_corrects_a_leaders_record_in_the_browser(
    fresh_database_url, tmp_path, chromium
):
    backend = fresh_database_url.split(":", 1)[0].split("+", 1)[0]
    shots = ARTIFACTS / f"person-{backend}"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    designation_id, account = _prepare(fresh_database_url)
    number = id_card_number("310110", BORN, 5, Gender.MALE)
    wrong = number[:17] + ("1" if number[17] == "0" else "0")
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, *account)
        page.goto(f"{base}/designations/{designation_id}")
        page.locator('a[href^="/persons/"]', has_text="张师傅").first.click()
        page.wait_for_url(re.compile(r"/persons/\d+$"))
        before = page.locator("section.card").first.inner_text()
        page.fill("#f-birth_date", BORN.isoformat())
        page.fill("#f-id_card_number", wrong)
        page.fill("#f-reason", "出生日期和身份证号按身份证原件更正")
        page.get_by_role("button", name="保存更正").click()
        refused = page.locator("#id_card_number-error")
        refused.wait_for()
        assert "身份证号码校验位不正确" in refused.inner_text()
        assert page.locator("#f-birth_date").input_value() == BORN.isoformat()
        page.screenshot(path=shots / "1-refused.png", full_page=True)
        page.fill("#f-id_card_number", number)
        page.get_by_role("button", name="保存更正").click()
        page.wait_for_url(re.compile(r"/persons/\d+\?corrected=1$"))
        after = page.locator("section.card").first.inner_text()
        assert "已保存更正" in page.content()
        assert "2026年10月10日" in after  # the legal retirement date follows
        assert after != before
        assert number not in page.content()
        page.screenshot(path=shots / "2-corrected.png", full_page=True)
        # Who changed what: the record's 修改记录, newest first, the ID number masked.
        page.get_by_role("link", name="修改记录").click()
        page.wait_for_url(re.compile(r"/history/person/\d+$"))
        newest = page.locator("section.history-entry").first.inner_text()
        assert "修改" in newest
        assert "原因：出生日期和身份证号按身份证原件更正" in newest
        assert "1975年6月1日" in newest
        assert chinese_date(BORN) in newest
        assert number[:4] + "*" * 10 + number[-4:] in newest
        assert number not in page.content()
        assert "新建" in page.locator("section.history-entry").last.inner_text()
        page.screenshot(path=shots / "3-history.png", full_page=True)
        context.close()
