"""An association keeps its own member register in Chromium, on the real service [G] 二（二）:
its account registers a member (a wrong ID number is refused beside its field, what was typed
kept), corrects the record, and files the 申报审批表 for that member by 社团推荐 with part of the
income questionnaire — no officer involved. Screenshots: ``craftsman-members/<backend>/``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest

from lifecycle.clock import today_shanghai
from lifecycle.craftsman_title import local_selection
from lifecycle.craftsman_title import service as svc
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo.spec import id_card_number
from lifecycle.persons.model import Person
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Gender, Role
from tests import factories as f
from tests.e2e.browser_support import CHROMIUM, login, served_chromium
from tests.integration.craftsman.helpers import ADDRESS, PHONE, STATEMENT, association

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}"),
]
BORN = date(1986, 9, 3)
NUMBER = id_card_number("310110", BORN, 41, Gender.MALE)


@dataclass(frozen=True)
class Plan:
    selection_id: int
    year: int
    association_id: int
    district_id: int
    account: tuple[str, str]


def _plan(database_url: str, today: date) -> Plan:
    """This year's call, open ``today`` (the form is filed today); an association, no member."""
    year = today.year
    # 06-12..07-15 as in the notice, stretched to hold today: the form is filed today.
    opens, closes = min(today, date(year, 6, 12)), max(today, date(year, 7, 15))
    engine = make_engine(database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            sel = svc.open_selection(
                u,
                svc.OpenSelection(year, opens, closes, closes),
                scope=EVERYTHING,
                as_of=opens,
            )
            body = association(u, tree, "上海市焊接协会")
            local_selection.record_local_selection(
                u,
                local_selection.RecordLocal(sel.id, body.id, participants=40, local_craftsmen=3),
                recording_union_id=tree.city.id,
                scope=EVERYTHING,
            )
            principal, password = f.user(u, Role.ASSOCIATION_CONTACT, body.id, username="hj-assoc")
            plan = Plan(sel.id, year, body.id, tree.district.id, (principal.username, password))
            u.commit()
            return plan
    finally:
        engine.dispose()


def test_an_association_registers_its_member_and_files_for_them(
    fresh_database_url, tmp_path, chromium
):
    backend = fresh_database_url.split(":", 1)[0].split("+", 1)[0]
    shots = tmp_path / "craftsman-members" / backend
    shots.mkdir(parents=True)
    plan = _plan(fresh_database_url, today_shanghai())
    with served_chromium(chromium, fresh_database_url, tmp_path) as (browser, base):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, base, *plan.account)
        page.get_by_role("link", name="本社团会员").click()
        page.wait_for_url(f"{base}/association/members")
        page.fill("#f-name", "焊接师傅")
        page.select_option("#f-gender", "male")
        page.fill("#f-birth_date", BORN.isoformat())
        page.fill("#f-id_card_number", NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"))
        page.fill("#f-employer", "上海某重工有限公司")
        page.select_option("#f-skill_level", label="高级技师")
        page.fill("#f-local_title_year", str(plan.year - 1))
        page.get_by_role("button", name="登记会员").click()
        page.locator("#id_card_number-error").wait_for()
        assert page.input_value("#f-employer") == "上海某重工有限公司"
        assert page.locator("#members tbody").inner_text().strip() == "尚未登记会员。"
        page.screenshot(path=shots / "m1-refused.png", full_page=True)
        page.fill("#f-id_card_number", NUMBER)
        page.get_by_role("button", name="登记会员").click()
        page.wait_for_url(re.compile(r"/association/members\?added=\d+$"))
        row = page.locator("#members tbody tr").filter(has_text="焊接师傅")
        assert "*" in row.inner_text()
        assert NUMBER not in page.content()
        page.screenshot(path=shots / "m2-registered.png", full_page=True)
        # A correction of the record, by the same rules.
        row.get_by_role("link", name="更正").click()
        page.fill("#f-employer", "上海某焊接有限公司")
        page.get_by_role("button", name="保存更正").click()
        page.wait_for_url(f"{base}/association/members")
        assert "上海某焊接有限公司" in page.locator("#members").inner_text()
        # The 申报审批表 for the member just registered.
        page.goto(f"{base}/craftsman-selections/{plan.selection_id}/apply")
        page.select_option("#f-person_id", label="焊接师傅")
        page.select_option("#f-district_union_id", value=str(plan.district_id))
        page.select_option("#f-group", label="冶金、机械和电气")
        page.fill("#f-applied_on", today_shanghai().isoformat())
        page.check("input[name=chinese_nationality]")
        page.check("input[name=front_line]")
        page.fill("#f-applicant_phone", PHONE)
        page.fill("#f-home_address", ADDRESS)
        page.fill("#f-trade", "焊工")
        page.fill("#f-years_worked", "16")
        page.fill("[id='f-power_技能精湛']", "全国焊接技能大赛二等奖（单位盖章）")
        page.fill("#f-understanding", "精益求精，一丝不苟。")
        page.fill("#f-statement", STATEMENT)
        assert page.locator("#income-survey select, #income-survey input").count() == 9
        page.fill("#f-survey_monthly_income_yuan", "11800")
        page.select_option("#f-survey_public_welfare_willing", "是")
        page.screenshot(path=shots / "m3-form.png", full_page=True)
        page.get_by_role("button", name="提交申报").click()
        page.wait_for_url(re.compile(r"/craftsman-selections/applications/\d+$"))
        assert page.locator("#status").inner_text() == "待资格审查"
        assert page.locator("#channel").inner_text() == "社团推荐（上海市焊接协会）"
        assert page.locator("#survey").count() == 0  # the survey is the city's to read
        page.screenshot(path=shots / "m4-filed.png", full_page=True)
        context.close()
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            person = u.session.query(Person).filter_by(name="焊接师傅").one()
            assert (person.union_id, person.employer) == (plan.association_id, "上海某焊接有限公司")
            (app,) = svc.repo(u).applications(plan.selection_id, EVERYTHING)
            assert app.person_id == person.id
            assert app.income_survey == {
                "monthly_income_fen": 1_180_000,
                "public_welfare_willing": "是",
            }
    finally:
        engine.dispose()
    assert sorted(p.stem for p in shots.glob("*.png")) == [
        "m1-refused", "m2-registered", "m3-form", "m4-filed",
    ]  # fmt: skip
