"""Bad input on the pages: a refused person form names every bad field at once (the over-long
工作单位 too), implausible dates are refused beside their field (docs/RULES.md, 日期), the 工匠五力
evidence is bounded; nothing is written."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select

from lifecycle.craftsman_title.rules import EVIDENCE_MAX
from lifecycle.demo.spec import id_card_number
from lifecycle.funding.model import Expenditure
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Gender
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_craftsman_pages import _setup, _typed
from tests.integration.web.test_form_replays import _written


def _person_form(page: str, site: Site, born: str, **typed: str) -> dict[str, str]:
    day = date.fromisoformat(born) if born else date(1980, 1, 1)
    return {
        "csrf_token": csrf_of(page, "/persons"),
        "name": "孙师傅",
        "gender": "male",
        "birth_date": born,
        "id_card_number": id_card_number("310110", day, 33, Gender.MALE),
        "union_id": str(site.tree.unit.id),
        "employment_status": "employed",
        "skill_level": "technician",
    } | typed


def test_a_person_form_missing_fields_also_names_the_over_long_employer(site: Site) -> None:
    unit = site.login("unit")
    page = unit.get("/persons/new").text
    before = _written(site)
    sent = _person_form(page, site, "", gender="", employer="某" * 201, id_card_number="")
    refused = unit.post("/persons", data=sent)
    assert refused.status_code == 422
    for field, message in (
        ("gender", "请选择性别"),
        ("birth_date", "请填写出生日期"),
        ("employer", "工作单位不能超过200个字符"),
    ):
        assert f'id="{field}-error">{message}' in refused.text, field
    assert _written(site) == before


def test_a_person_born_in_1900_or_eight_years_ago_is_refused_beside_the_birth_date(
    site: Site,
) -> None:
    unit = site.login("unit")
    before = _written(site)
    for born, words in (
        ("1900-01-01", "超过100周岁"),
        ("2018-03-01", "未满16周岁（《中华人民共和国劳动法》第十五条）"),
    ):
        page = unit.get("/persons/new").text
        refused = unit.post("/persons", data=_person_form(page, site, born))
        assert refused.status_code == 422
        shown = refused.text.split('id="birth_date-error">', 1)[1].split("<", 1)[0]
        assert words in shown
    assert _written(site) == before


def _spending_form(site: Site, **typed: str) -> tuple[TestClient, str, dict[str, str]]:
    """The unit contact, the title's expenditure form's action and a form of ``typed`` fields
    over a plain book purchase."""
    unit = site.login("unit")
    action = f"/finance/designations/{site.designation.id}/expenditures"
    ledger = unit.get(f"/finance/designations/{site.designation.id}").text
    data = {"csrf_token": csrf_of(ledger, action), "category": "books", "spent_on": "2026-11-02",
            "amount_yuan": "12.00", "payee": "上海书城", "description": "参考书"}  # fmt: skip
    return unit, action, data | typed


def test_an_expenditure_dated_1900_is_refused_beside_its_date(site: Site) -> None:
    unit, action, data = _spending_form(site, spent_on="1900-01-01")
    before = _written(site)
    refused = unit.post(action, data=data)
    assert refused.status_code == 422
    beside = re.search(
        r'id="spend-spent_on"[^>]*>\s*<div class="error" id="[^"]+-error">([^<]*)<', refused.text
    )
    assert beside is not None
    assert beside.group(1) == "支出日期不能早于工作室成立日期（2020年1月1日）"
    assert _written(site) == before


def test_an_expenditure_with_a_control_character_is_refused_beside_its_field(site: Site) -> None:
    """A NUL or bell pasted into 收款方 (a page form posts what it is sent): refused beside the
    field with what was typed kept, nothing written. Before, SQLite stored it and PostgreSQL
    refused the statement: a page 「输入包含无法保存的字符或数值」 naming no field, the form
    lost."""
    unit, action, data = _spending_form(site, payee="上海\x00书城\x07")
    before = _written(site)
    refused = unit.post(action, data=data)
    assert refused.status_code == 422
    beside = re.search(
        r'id="spend-payee"[^>]*>\s*<div class="error" id="[^"]+-error">([^<]*)<', refused.text
    )
    assert beside is not None, refused.text
    assert beside.group(1) == "不能包含控制字符"
    assert 'value="12.00"' in refused.text  # what was typed is kept
    assert "参考书" in refused.text
    assert _written(site) == before
    data["payee"] = "上海书城"  # the same form corrected goes through
    assert unit.post(action, data=data).status_code == 303


def test_an_expenditure_typed_in_full_width_digits_is_recorded_as_typed(site: Site) -> None:
    """「１，０００．５０」 from a Chinese input method is 1,000.50 yuan, as a workshop's area in
    full-width digits already was; before, 金额 alone refused it as 「金额格式不正确」."""
    unit, action, data = _spending_form(site, amount_yuan="１，０００．５０", payee="全角书城")
    assert unit.post(action, data=data).status_code == 303
    with site.uow() as u:
        spent = u.session.scalars(select(Expenditure).where(Expenditure.payee == "全角书城")).one()
        assert spent.amount_fen == 100_050
    refused = unit.post(action, data=data | {"amount_yuan": "－５"})  # a full-width minus
    assert refused.status_code == 422
    assert "金额不能为负数" in refused.text


def test_craftsman_evidence_past_its_length_is_refused_on_the_page(site: Site) -> None:
    sel_id, person_id = _setup(site)
    unit = site.login("unit")
    action = f"/craftsman-selections/{sel_id}/apply"
    page = unit.get(action).text
    assert f'maxlength="{EVIDENCE_MAX}"' in page
    before = _written(site)
    typed = _typed(person_id) | {"power_技能精湛": "证" * (EVIDENCE_MAX + 1)}
    refused = unit.post(action, data=typed | {"csrf_token": csrf_of(page, action)})
    assert refused.status_code == 422
    assert f"工匠五力「技能精湛」的说明不能超过{EVIDENCE_MAX}个字符" in refused.text
    assert _written(site) == before


def test_a_member_joining_under_sixteen_is_refused_beside_the_join_date(site: Site) -> None:
    with site.uow() as u:
        young = f.person(u, name="周少年", birth_date=date(2009, 3, 1), union_id=site.tree.unit.id)
        u.commit()
    shop = site.designation.workshop_id
    action = f"/workshops/{shop}/members"
    unit = site.login("unit")
    before = _written(site)
    for joined, words in (
        ("2005-05-01", "加入日期不能早于该人员的出生日期（2009年3月1日）"),
        ("2021-06-01", "加入时12岁，未满16周岁（《中华人民共和国劳动法》第十五条）"),
    ):
        page = unit.get(f"/workshops/{shop}").text
        sent = {"csrf_token": csrf_of(page, action), "person_id": str(young.id),
                "joined_on": joined, "role": "学徒"}  # fmt: skip
        refused = unit.post(action, data=sent)
        assert refused.status_code == 422
        shown = refused.text.split('id="joined_on-error">', 1)[1].split("<", 1)[0]
        assert words in shown
        assert f'value="{joined}"' in refused.text
        assert 'value="学徒"' in refused.text
    assert _written(site) == before
    with site.uow() as u:
        workshop = u.workshops.get(shop, EVERYTHING)
        assert workshop is not None
        assert young.id not in {m.person_id for m in workshop.members}
