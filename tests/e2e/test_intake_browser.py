"""The Yangpu naming route in a real browser [Y7]: every step by the role whose step it is.

District officer opens the call → unit contact fills and submits the form, then the unit union's
recommendation with 党政 consent → sector union 初审 → district review panel → 主席办公会议 names.
"""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from lifecycle.clock import today_shanghai
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.e2e.browser_support import CHROMIUM, ROOT, login, served_chromium

ARTIFACTS = ROOT / "test-artifacts" / "browser-intake"
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]


def _prepare(database_url: str) -> dict[str, object]:
    """A Yangpu tree, a team of four, and one user for each union that acts."""
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as u:
            tree = f.union_tree(u)
            shop = f.workshop(u, tree)
            users = {
                "district": f.user(u, Role.DISTRICT_OFFICER, tree.district.id, username="yp-dist"),
                "sector": f.user(u, Role.DISTRICT_OFFICER, tree.sector.id, username="yp-sector"),
                "unit": f.user(u, Role.UNIT_CONTACT, tree.unit.id, username="yp-unit"),
            }
            u.commit()
            return {
                "shop": shop.id,
                "leader": shop.leader.name,
                **{k: (p.username, pw) for k, (p, pw) in users.items()},
            }
    finally:
        engine.dispose()


def test_yangpu_route_from_call_to_named_title_in_the_browser(
    fresh_database_url, tmp_path, chromium
):
    backend = fresh_database_url.split(":", 1)[0].split("+", 1)[0]
    shots = ARTIFACTS / backend
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    data = _prepare(fresh_database_url)
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        _flow(browser, base, data, shots)
    assert len(list(shots.glob("*.png"))) == 6


def _as(browser, base: str, account: object):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    username, password = account  # type: ignore[misc]
    login(page, base, username, password)
    return context, page


def _decide(page, action: str, **fields: str) -> None:  # type: ignore[no-untyped-def]
    page.select_option("#f-action", action)
    for name, value in fields.items():
        page.fill(f"#f-{name}", value)
    page.get_by_role("button", name="提交办理意见").click()
    page.wait_for_url(re.compile(r"/intake/applications/\d+"))


def _open_waiting(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/intake")
    page.locator("section.card").first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/intake/applications/\d+$"))


def _flow(browser, base: str, data: dict[str, object], shots: Path) -> None:  # type: ignore[no-untyped-def]
    today = today_shanghai()
    # 1. The district union opens the call.
    ctx, page = _as(browser, base, data["district"])
    page.get_by_role("link", name="申报评审").click()
    page.select_option("#f-scheme", "yangpu-district")
    page.fill("#f-title", f"{today.year}年度杨浦区劳模（先进）、技师创新工作室申报")
    page.fill("#f-opens_on", (today - timedelta(days=10)).isoformat())
    page.fill("#f-deadline", (today + timedelta(days=20)).isoformat())
    page.fill("#f-target_count", "10")
    page.get_by_role("button", name="发布通知").click()
    page.wait_for_url(re.compile(r"/intake/calls/\d+$"))
    call_url = page.url
    page.screenshot(path=shots / "1-call.png", full_page=True)
    ctx.close()
    # 2. The unit contact fills the form, submits, then records the unit union's recommendation.
    ctx, page = _as(browser, base, data["unit"])
    page.goto(call_url)
    page.select_option("#f-workshop_id", str(data["shop"]))
    page.get_by_role("button", name="填写申报表").click()
    page.wait_for_url(re.compile(r"/intake/applications/\d+$"))
    app_url = page.url
    for name, value in {
        "studio_name": "张师傅数控攻关劳模创新工作室",
        "direction": "数控攻关",
        "unit_name": "上海某机械有限公司",
        "leader_position": "班组长",
        "leader_phone": "021-65000000",
        "team_summary": "成员四人，机械、电气专业，平均年龄三十八岁。",
        "projects.0.name": "数控刀具寿命攻关",
        "projects.0.year": str(today.year),
        "achievements.0.name": "刀具快换法",
        "achievements.0.achieved_on": (today - timedelta(days=60)).isoformat(),
        "venue_area": "80",
        "introduction": "工作室围绕数控加工开展技术攻关。" * 50,
    }.items():
        page.fill(f"[id='f-{name}']", value)
    page.select_option("#f-title_kind", "劳模")
    for box in (
        "projects.0.main_business",
        "achievements.0.benefit",
        "achievements.0.applied",
        "has_annual_work_plan",
        "has_venue",
        "has_equipment",
        "has_rules",
        "has_activity_plan",
    ):
        page.check(f"[id='f-{box}']")
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_url(app_url)
    assert page.locator("#status").inner_text() == "审核中"
    assert page.locator("#counts").inner_text().count("字") >= 2
    page.screenshot(path=shots / "2-submitted.png", full_page=True)
    _decide(page, "approve", consent="经公司党委会同意（刘书记签署）", opinion="同意推荐")
    assert "行业、街镇、直属工会初审" in page.locator("#stage").inner_text()
    ctx.close()
    # 3. The sector union's 初审.
    ctx, page = _as(browser, base, data["sector"])
    _open_waiting(page, base)
    page.screenshot(path=shots / "3-sector.png", full_page=True)
    _decide(page, "approve", opinion="初审通过")
    ctx.close()
    # 4. The district review panel, then the 主席办公会议 names it with its 文号.
    ctx, page = _as(browser, base, data["district"])
    _open_waiting(page, base)
    assert "区总工会评审小组评审" in page.locator("#stage").inner_text()
    _decide(page, "approve", opinion="评审通过")
    page.screenshot(path=shots / "4-panel.png", full_page=True)
    page.goto(call_url)
    page.fill("#f-document_ref", f"杨工〔{today.year}〕21号")
    page.fill("#f-signer", "区总工会主席办公会议")
    page.screenshot(path=shots / "5-decision.png", full_page=True)
    page.get_by_role("button", name="审定命名").click()
    page.wait_for_url(re.compile(r"/intake/calls/\d+"))
    page.get_by_role("link", name="命名记录").last.click()
    page.wait_for_url(re.compile(r"/designations/\d+$"))
    assert f"{data['leader']}数控攻关劳模创新工作室" in page.locator("h1").inner_text()
    page.screenshot(path=shots / "6-named.png", full_page=True)
    ctx.close()
