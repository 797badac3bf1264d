"""A new team applies through the pages alone, in Chromium on the real service [Y7]: the unit
contact registers the leader (a wrong ID number refused beside its field, what was typed kept)
and three members, then the workshop, choosing them by search, and applies to the district's
open call with it. Screenshots: ``team-registration/<backend>/`` under the test's folder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from lifecycle.clock import today_shanghai
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo.spec import id_card_number
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.model import Application, ApplicationStatus
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Gender, Role
from lifecycle.workshops.model import Workshop
from tests import factories as f
from tests.e2e.browser_support import CHROMIUM, login, served_chromium
from tests.intake_factories import OFFICER

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
BORN = date(1979, 5, 20)
LEADER = "赵建华"
MEMBERS = ("成员甲", "成员乙", "成员丙")
SHOP = "赵建华数控攻关技师创新工作室"


@dataclass(frozen=True)
class Plan:
    call_id: int
    unit_id: int
    account: tuple[str, str]


def _plan(database_url: str, today: date) -> Plan:
    """A Yangpu tree with the district's call open today, and the unit's contact: no team yet."""
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            call = open_call(
                u,
                NewCall(
                    "yangpu-district",
                    today.year,
                    f"{today.year}年度杨浦区劳模（先进）、技师创新工作室申报",
                    today - timedelta(days=10),
                    today + timedelta(days=20),
                    target_count=10,
                ),
                naming_union_id=tree.district.id,
                actor=OFFICER,
                scope=Scope.subtree(tree.district.path),
                as_of=today,
            )
            principal, password = f.user(u, Role.UNIT_CONTACT, tree.unit.id, username="yp-new")
            plan = Plan(call.id, tree.unit.id, (principal.username, password))
            u.commit()
            return plan
    finally:
        engine.dispose()


def _register_person(page, base: str, name: str, serial: int) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/persons")
    page.get_by_role("link", name="登记人员").click()
    page.wait_for_url(f"{base}/persons/new")
    page.fill("#f-name", name)
    page.select_option("#f-gender", "male")
    page.fill("#f-birth_date", BORN.isoformat())
    page.fill("#f-id_card_number", id_card_number("310110", BORN, serial, Gender.MALE))
    page.fill("#f-employer", "上海某机械有限公司")
    page.select_option("#f-skill_level", label="高级工")
    page.get_by_role("button", name="登记人员").click()
    page.wait_for_url(re.compile(r"/persons/\d+$"))
    assert page.locator("h1").inner_text() == name


def test_a_unit_contact_registers_a_team_and_applies_with_it(
    fresh_database_url, tmp_path, chromium
):
    backend = fresh_database_url.split(":", 1)[0].split("+", 1)[0]
    shots = tmp_path / "team-registration" / backend
    shots.mkdir(parents=True)
    today = today_shanghai()
    plan = _plan(fresh_database_url, today)
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, *plan.account)
        # 1. The leader, from the persons list; a wrong check digit first.
        page.get_by_role("link", name="人员", exact=True).click()
        page.get_by_role("link", name="登记人员").click()
        number = id_card_number("310110", BORN, 1, Gender.MALE)
        page.fill("#f-name", LEADER)
        page.select_option("#f-gender", "male")
        page.fill("#f-birth_date", BORN.isoformat())
        page.fill("#f-id_card_number", number[:-1] + ("0" if number[-1] != "0" else "1"))
        page.fill("#f-employer", "上海某机械有限公司")
        page.select_option("#f-skill_level", label="技师")
        page.select_option("#f-honour_0", label="市级先进个人")
        page.fill("#f-honour_0_year", str(today.year - 3))
        page.get_by_role("button", name="登记人员").click()
        assert "身份证号码校验位不正确" in page.locator("#id_card_number-error").inner_text()
        assert page.input_value("#f-employer") == "上海某机械有限公司"
        assert page.input_value("#f-honour_0_year") == str(today.year - 3)
        page.screenshot(path=shots / "1-refused.png", full_page=True)
        page.fill("#f-id_card_number", number)
        page.get_by_role("button", name="登记人员").click()
        page.wait_for_url(re.compile(r"/persons/\d+$"))
        assert page.locator("h1").inner_text() == LEADER
        assert number not in page.content()
        # 2. Three members.
        for i, name in enumerate(MEMBERS):
            _register_person(page, base, name, 10 + i)
        # 3. The workshop, from the workshops list: leader and members chosen by search.
        page.get_by_role("link", name="工作室", exact=True).click()
        page.get_by_role("link", name="登记工作室").click()
        page.wait_for_url(f"{base}/workshops/new")
        page.fill("#f-name", SHOP)
        page.fill("#f-host_unit_name", "上海某机械有限公司")
        page.select_option("#f-host_unit_nature", label="国有企业")
        page.fill("#f-founded_on", (today - timedelta(days=400)).isoformat())
        page.fill("#f-leader_person_id_q", LEADER)
        leader = page.locator("[data-person-picker=leader_person_id] .picker-option")
        leader.filter(has_text=LEADER).locator("input").check()
        page.fill("#f-member_ids_q", "成员")
        members = page.locator("[data-person-picker=member_ids] .picker-option")
        for name in MEMBERS:
            members.filter(has_text=name).locator("input").check()
        page.fill("#f-innovation_direction", "数控攻关")
        page.fill("#f-venue_area_sqm", "80")
        page.screenshot(path=shots / "2-workshop.png", full_page=True)
        page.get_by_role("button", name="登记工作室").click()
        page.wait_for_url(re.compile(r"/workshops/\d+\?registered=1$"))
        assert page.locator("h1").inner_text() == SHOP
        assert "现有 3 人" in page.locator("#members").inner_text()
        page.screenshot(path=shots / "3-registered.png", full_page=True)
        # 4. The application to the open call, with the new workshop.
        page.get_by_role("link", name="申报评审").first.click()
        page.get_by_role("link", name=f"{today.year}年度杨浦区").first.click()
        page.wait_for_url(f"{base}/intake/calls/{plan.call_id}")
        page.select_option("#f-workshop_id", label=SHOP)
        page.get_by_role("button", name="填写申报表").click()
        page.wait_for_url(re.compile(r"/intake/applications/\d+$"))
        for name, value in {
            "studio_name": SHOP,
            "direction": "数控攻关",
            "unit_name": "上海某机械有限公司",
            "leader_position": "班组长",
            "leader_phone": "021-65000000",
            "team_summary": "成员三人，机械、电气专业，平均年龄四十岁。",
            "projects.0.name": "数控刀具寿命攻关",
            "projects.0.year": str(today.year),
            "achievements.0.name": "刀具快换法",
            "achievements.0.achieved_on": (today - timedelta(days=60)).isoformat(),
            "venue_area": "80",
            "introduction": "工作室围绕数控加工开展技术攻关。" * 50,
        }.items():
            page.fill(f"[id='f-{name}']", value)
        page.select_option("#f-title_kind", "技师")
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
        page.wait_for_url(re.compile(r"/intake/applications/\d+$"))
        assert page.locator("#status").inner_text() == "审核中", page.content()
        page.screenshot(path=shots / "4-applied.png", full_page=True)
        context.close()
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            shop = u.session.query(Workshop).filter_by(name=SHOP).one()
            assert shop.unit_union_id == plan.unit_id
            assert sorted(m.person.name for m in shop.members) == sorted(MEMBERS)
            (applied,) = u.session.query(Application).filter_by(workshop_id=shop.id).all()
            assert (applied.call_id, applied.status) == (plan.call_id, ApplicationStatus.IN_REVIEW)
    finally:
        engine.dispose()
    assert sorted(p.stem for p in shots.glob("*.png")) == [
        "1-refused", "2-workshop", "3-registered", "4-applied",
    ]  # fmt: skip
