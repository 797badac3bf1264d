"""On the pages, absurd values are named beside their field by the field's own rule (readings
IN1–IN4), with what was typed kept and nothing written: a year of any length by its year rule
(never an integer column's 2147483647, never a 500), an area written 1e3 as no number, a phone
that cannot be dialled, digits int() cannot read (²) as no number."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from lifecycle.craftsman_title.model import CraftsmanSelection
from lifecycle.funding.model import ExcellenceApplication
from lifecycle.ledgers.model import AchievementKind, Project
from lifecycle.ledgers.service import NewAchievement, record_achievement
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import UnionContact
from lifecycle.workshops.model import Workshop
from tests import factories as f
from tests.factories import AS_OF
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_intake_form_refusals import _draft, _submit

HUGE = ("99999999999", "9" * 25)  # past an integer column; past any integer a database binds


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="error" id="([^"]+)-error">([^<]*)</div>', html))


def _count(site: Site, model: type) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_project_year_of_any_length_is_named_by_the_projects_years(site: Site) -> None:
    """Before: 「项目年度不能大于2147483647」; now the years a project of this workshop may have,
    alone (in the use case) or beside another bad field (on the form)."""
    with site.uow() as u:
        shop = u.workshops.get(site.designation.workshop_id, EVERYTHING)
        assert shop is not None
        founded = shop.founded_on.year
    message = f"项目年度应在{founded}年至{AS_OF.year + 1}年之间"
    unit = site.login("unit")
    new = f"/designations/{site.designation.id}/ledger/project"
    page = unit.get(f"{new}/new").text
    typed = {"csrf_token": csrf_of(page, new), "title": "数控课题", "work_plan": "计划"}
    before = _count(site, Project)
    for year in (*HUGE, "2101", str(founded - 1)):
        for data in (typed, typed | {"title": ""}):
            refused = unit.post(new, data=data | {"year": year})
            assert refused.status_code == 422, year
            errors = _errors(refused.text)
            assert errors["year"] == message, (year, data["title"])
            assert f'value="{year}"' in refused.text
    assert _errors(refused.text)["title"] == "项目名称不能为空"
    assert _count(site, Project) == before
    taken = unit.post(new, data=typed | {"year": str(AS_OF.year + 1)})
    assert taken.status_code == 303, taken.text


def test_an_excellence_application_year_of_any_length_is_named_by_its_years(site: Site) -> None:
    with site.uow() as u:
        achievement = record_achievement(
            u,
            NewAchievement(
                site.designation.workshop_id, AchievementKind.UTILITY_PATENT, "夹具改进",
                date(2026, 11, 2),
            ),
            actor=f.OFFICER, as_of=AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        u.commit()
    unit = site.login("unit")
    page = unit.get(f"/finance/designations/{site.designation.id}").text
    url = f"/finance/designations/{site.designation.id}/applications"
    typed = {"achievement_id": str(achievement.id), "filed_on": "2026-11-20", "summary": "效益"}
    for year in (*HUGE, "1999"):
        for data in (typed, typed | {"summary": ""}):
            refused = unit.post(url, data={"csrf_token": csrf_of(page), **data, "year": year})
            assert refused.status_code == 422
            assert "备案年度应在2000年至2026年之间" in refused.text, year
            assert "2147483647" not in refused.text
    assert _count(site, ExcellenceApplication) == 0


def test_the_selections_year_and_a_local_selections_since_year_of_any_length(site: Site) -> None:
    """上海工匠: a year's call from 2015 to 2100 (before: none bound on the page, 2150 opened);
    开展年份 from 1950 to the selection's year."""
    city = site.login("city")
    page = city.get("/craftsman-selections").text
    typed = {"self_opens": "2150-06-12", "self_closes": "2150-07-15"}
    typed |= {"union_deadline": "2150-07-15", "csrf_token": csrf_of(page, "/craftsman-selections")}
    before = _count(site, CraftsmanSelection)
    for year in (*HUGE, "2150", "2014"):
        refused = city.post("/craftsman-selections", data=typed | {"year": year})
        assert refused.status_code == 422, year
        assert _errors(refused.text)["year"] == "年度应在2015年至2100年之间"
        assert "日期应在" not in refused.text  # no date is said to lie in such a year
    assert _count(site, CraftsmanSelection) == before
    dated = {
        "self_opens": "2026-11-02",
        "self_closes": "2026-11-30",
        "union_deadline": "2026-11-30",
    }
    opened = city.post("/craftsman-selections", data=typed | dated | {"year": "2026"})
    assert opened.status_code == 303, opened.text
    local = f"{opened.headers['location']}/local-selections"
    district = site.login("district")
    page = district.get(opened.headers["location"]).text
    sent = {"participants": "80", "local_craftsmen": "6", "csrf_token": csrf_of(page, local)}
    for since in (*HUGE, "1949", "2027"):
        refused = district.post(local, data=sent | {"since_year": since})
        assert refused.status_code == 422, since
        assert _errors(refused.text)["since_year"] == "开展年份应在1950年至2026年之间"
    for count in (*HUGE, "1000001"):
        refused = district.post(local, data=sent | {"participants": count})
        assert _errors(refused.text)["participants"] == "活动参与人数不能大于1000000", count


def test_a_tampered_assessment_year_is_said_above_the_form_not_a_500(site: Site) -> None:
    """The 考核 form's year is hidden; 99999 made a date of it and failed (500)."""
    with site.uow() as u:
        d = f.named_designation(
            u, site.tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5),
            shop=f.workshop(u, site.tree),
        )  # fmt: skip
        u.commit()
    unit = site.login("unit")
    action = f"/designations/{d.id}/assessments"
    page = unit.get(f"{action}/new?year=2026").text
    sent = {
        "csrf_token": csrf_of(page, action),
        "step": "unit",
        "passed": "yes",
        "decided_on": "2026-11-20",
        "signer": "王",
        "opinion": "合格",
    }
    for year in ("99999", *HUGE):
        refused = unit.post(action, data=sent | {"year": year})
        assert refused.status_code == 422, year
        alert = re.search(r'<div class="alert" role="alert">(.*?)</div>', refused.text, re.S)
        assert alert is not None
        assert "考核年度应在2024年至2026年之间" in alert.group(1), year
    with site.uow() as u:
        assert u.assessments.for_designation(d.id) == []


def _leader(site: Site) -> int:
    with site.uow() as u:
        shop = u.workshops.get(site.designation.workshop_id, EVERYTHING)
        assert shop is not None
        return shop.leader_person_id


def test_a_venue_area_is_a_plain_number_of_square_metres(site: Site) -> None:
    """Before, 1e3 was taken as 1000 (float); an area is written as a union officer writes one,
    not negative, at most 1000000 and to the hundredth."""
    unit = site.login("unit")
    page = unit.get("/workshops/new").text
    form = {
        "csrf_token": csrf_of(page, "/workshops"),
        "name": "面积创新工作室",
        "unit_union_id": str(site.tree.unit.id),
        "host_unit_name": "上海某机械有限公司",
        "host_unit_nature": "state_owned",
        "founded_on": "2024-03-01",
        "leader_person_id": str(_leader(site)),
        "members_joined_on": "",
    }
    before = _count(site, Workshop)
    for typed, message in (
        ("1e3", "场所面积应为数字，如 120 或 85.5"),
        ("1_000", "场所面积应为数字，如 120 或 85.5"),
        ("约100", "场所面积应为数字，如 120 或 85.5"),
        ("-5", "场所面积不能为负数"),
        ("1" * 40, "场所面积不能大于1000000平方米"),
        ("85.555", "场所面积最多保留两位小数（平方米）"),
    ):
        for data in (form, form | {"name": ""}):
            refused = unit.post("/workshops", data=data | {"venue_area_sqm": typed})
            assert refused.status_code == 422, typed
            assert _errors(refused.text)["venue_area_sqm"] == message, typed
            assert f'value="{typed}"' in refused.text
    assert _count(site, Workshop) == before
    taken = unit.post("/workshops", data=form | {"venue_area_sqm": "１２０．５"})
    assert taken.status_code == 303, taken.text
    with site.uow() as u:
        stored = u.session.scalars(select(Workshop).where(Workshop.name == "面积创新工作室")).one()
        assert stored.venue_area_sqm == 120.5


PHONE_MESSAGE = "联系电话应为11位手机号码（如13812345678）或带区号的固定电话（如021-65431234）"


def test_a_contacts_phone_is_a_mainland_mobile_or_landline(site: Site) -> None:
    browser = site.login("admin")
    page = browser.get("/admin/contacts").text
    typed = {
        "csrf_token": csrf_of(page, "/admin/contacts"),
        "union_id": str(site.tree.unit.id),
        "name": "李联系人",
        "email": "li@unit.example.cn",
        "role": "unit_contact",
    }
    before = _count(site, UnionContact)
    for phone in ("找车间王主任", "65431234", "12345678901", "021-6543"):
        for data in (typed, typed | {"email": "li-at-unit"}):
            refused = browser.post("/admin/contacts", data=data | {"phone": phone})
            assert refused.status_code == 422, phone
            assert _errors(refused.text)["phone"] == PHONE_MESSAGE, phone
            assert f'value="{phone}"' in refused.text
    assert _count(site, UnionContact) == before
    added = browser.post("/admin/contacts", data=typed | {"phone": "（021）6543-1234 转 801"})
    assert added.status_code == 303, added.text


def test_an_application_forms_leader_phone_is_a_number_one_can_dial(site: Site) -> None:
    url = _draft(site, "yangpu-district")
    refused = _submit(site, url, {"leader_phone": "找王主任", "do": "save"})
    assert refused.status_code == 422
    assert _errors(refused.text)["leader_phone"] == (
        "带头人联系方式应为11位手机号码（如13812345678）或带区号的固定电话（如021-65431234）"
    )
    assert 'value="找王主任"' in refused.text
    saved = _submit(site, url, {"leader_phone": "021-6543 1234", "do": "save"})
    assert saved.status_code in (200, 303), saved.text
    assert "leader_phone-error" not in saved.text


def test_digits_int_cannot_read_are_no_number_not_a_500(site: Site) -> None:
    """「²」 passes str.isdigit() but not int(): the registry's filters said 500, and so did a
    person's ID-card number holding it."""
    district = site.login("district")
    past_int = "9" * 5000  # int() refuses a text past 4300 digits
    for query in ("year=²", "union=²", "page=²", f"union={past_int}", f"year={past_int}"):
        listed = district.get(f"/designations?{query}")
        assert listed.status_code == 200, query[:20]
    unit = site.login("unit")
    action = f"/designations/{site.designation.id}/filings"
    form = unit.get(f"{action}/new").text
    sent = {"kind": "self_check", "filed_on": "2026-11-20", "csrf_token": csrf_of(form, action)}
    upload = {"upload": ("自查报告.pdf", b"%PDF-1.4\n% self-check\n", "application/pdf")}
    for year in ("²⁰²⁶", past_int):
        refused = unit.post(action, data=sent | {"year": year}, files=upload)
        assert refused.status_code == 422, year[:20]
        assert _errors(refused.text)["year"] == "备案年度应为整数"
    page = district.get("/persons/new").text
    sent = {
        "csrf_token": csrf_of(page, "/persons"),
        "name": "李四",
        "gender": "male",
        "birth_date": "1980-01-01",
        "employment_status": "employed",
        "skill_level": "none",
        "union_id": str(site.tree.unit.id),
        "id_card_number": "31011019800101²23X",
    }
    refused = district.post("/persons", data=sent)
    assert refused.status_code == 422
    assert _errors(refused.text)["id_card_number"] == "身份证号码应为18位（最后一位可为X）"


def test_a_tampered_table_row_names_no_row_nor_fails(site: Site) -> None:
    """``members.abc.name`` failed (500) and ``members.99999999.name`` built a hundred million
    empty rows before the form was read; a row number past any form's is no row."""
    url = _draft(site, "shanghai-craftsman")
    for name in ("members.abc.name", "members.99999999.name", "members.²."):
        saved = _submit(site, url, {name: "王一", "members.1.name": "李二", "do": "save"})
        assert saved.status_code in (200, 303), (name, saved.status_code)
    shown = site.login("unit").get(url).text
    assert 'value="李二"' in shown
    assert "王一" not in shown
