"""The leader flow in Chromium on the real service: a Shanghai craftsman leader dies; the unit
contact records it and files 附件3 choosing the new leader by search; the district officer
reviews; the city officer decides; the designation shows the new leader [C 三（六）]."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from lifecycle.clock import today_shanghai
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.persons.service import HonourInput
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Gender, Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.e2e.browser_support import ARTIFACTS, CHROMIUM, login, served_chromium

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
CRAFTSMAN = (HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)


def _prepare(database_url: str) -> tuple[int, dict[str, tuple[str, str]]]:
    """A craftsman title, a successor holding 上海工匠 and one user per acting union."""
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as u:
            tree = f.union_tree(u)
            old = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=tree.unit.id)
            d = lf.titled(u, tree, scheme="shanghai-craftsman", leader=old)
            f.person(u, name="吴新匠", gender=Gender.FEMALE, birth_date=date(1982, 7, 9),
                     honours=CRAFTSMAN, union_id=tree.unit.id)  # fmt: skip
            f.person(u, name="吴其他", honours=(), union_id=tree.other_district.id)
            accounts = {}
            for who, role, union in (
                ("unit", Role.UNIT_CONTACT, tree.unit),
                ("district", Role.DISTRICT_OFFICER, tree.district),
                ("city", Role.CITY_OFFICER, tree.city),
            ):
                principal, password = f.user(u, role, union.id, username=f"leader-{who}")
                accounts[who] = (principal.username, password)
            u.commit()
            return d.id, accounts
    finally:
        engine.dispose()


def test_leader_dies_and_three_unions_change_the_leader_in_the_browser(
    fresh_database_url, tmp_path, chromium
):
    backend = fresh_database_url.split(":", 1)[0].split("+", 1)[0]
    shots = ARTIFACTS / f"leaders-{backend}"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    designation_id, accounts = _prepare(fresh_database_url)
    died = today_shanghai() - timedelta(days=10)
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        request_id = _unit_files(browser, base, accounts["unit"], designation_id, died, shots)
        _decide(browser, base, accounts["unit"], request_id, shots / "4-unit.png")
        _decide(browser, base, accounts["district"], request_id, shots / "5-district.png")
        _decide(browser, base, accounts["city"], request_id, shots / "6-city.png",
                ref="沪工创〔2026〕9号")  # fmt: skip
        _check_result(browser, base, accounts["city"], designation_id, shots)
    assert len(list(shots.glob("*.png"))) == 7


def _unit_files(browser, base, account, designation_id, died, shots: Path) -> int:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, base, *account)
    page.goto(f"{base}/designations/{designation_id}")
    page.get_by_role("link", name="登记领衔人情况").click()
    page.select_option("#f-kind", "death")
    page.fill("#f-occurred_on", died.isoformat())
    page.fill("#f-source", "单位工会书面报告")
    page.screenshot(path=shots / "1-event.png", full_page=True)
    page.get_by_role("button", name="登记").click()
    page.wait_for_url(re.compile(rf"/designations/{designation_id}"))
    assert "请所在单位工会报送管理变更申请（附件3）" in page.content()
    page.get_by_role("link", name="据此报送管理变更申请（附件3）").click()
    page.wait_for_url(re.compile(r"/changes/new\?event=\d+"))
    assert page.locator("#f-reason").input_value() == "deceased"
    page.select_option("#f-measure", "leader_change")
    # Search as you type: only people in scope; the other district's 吴其他 is not offered.
    page.fill("#f-new_leader_person_id_q", "吴")
    option = page.locator(".picker-option", has_text="吴新匠")
    option.wait_for()
    assert page.locator(".picker-option", has_text="吴其他").count() == 0
    assert "上海工匠" in option.inner_text()
    option.locator("input").check()
    page.screenshot(path=shots / "2-filing.png", full_page=True)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/changes/\d+$"))
    page.screenshot(path=shots / "3-request.png", full_page=True)
    request_id = int(page.url.rsplit("/", 1)[1])
    context.close()
    return request_id


def _decide(browser, base, account, request_id: int, shot: Path, ref: str | None = None) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, base, *account)
    page.goto(f"{base}/changes/{request_id}")
    page.select_option("#f-action", "approve")
    page.fill("#f-decided_on", today_shanghai().isoformat())
    page.fill("#f-signer", "签署人")
    page.fill("#f-opinion", "同意")
    if ref:
        page.fill("#f-decision_ref", ref)
    page.screenshot(path=shot, full_page=True)
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(re.compile(rf"/changes/{request_id}$"))
    context.close()


def _check_result(browser, base, account, designation_id: int, shots: Path) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, base, *account)
    page.goto(f"{base}/designations/{designation_id}")
    text = page.content()
    assert "领衔人：" in text
    assert "领衔人变更：周工匠 → 吴新匠" in text
    assert "沪工创〔2026〕9号" in text
    leader = page.locator("#leader + section")
    assert "现任领衔人：吴新匠" in leader.inner_text()
    assert "已故" in leader.inner_text()
    page.screenshot(path=shots / "7-designation.png", full_page=True)
    context.close()
