"""Implausible dates refused over the API with the field named, nothing written: a person born
too long ago or too recently, an expenditure or a ledger entry before the workshop was founded,
a workshop founded before any could be, a member leaving in the future (docs/RULES.md, 日期);
and the 工匠五力 evidence bounded like every other text."""

from __future__ import annotations

from datetime import date
from typing import Any

from lifecycle.craftsman_title.rules import EVIDENCE_MAX
from lifecycle.demo.spec import id_card_number
from lifecycle.vocab import Gender, Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api
from tests.integration.craftsman.api_forms import craftsman_form


def _refused(
    api: Api,
    path: str,
    body: dict[str, Any],
    field: str,
    words: str,
    role: Role = Role.DISTRICT_OFFICER,
) -> None:
    headers = api.callers[role].headers
    before = api.writes()
    answer = api.client.post(path, json=body, headers=headers)
    assert answer.status_code == 422, answer.text
    problems = {p["field"]: p["message"] for p in answer.json()["error"]["problems"]}
    assert words in problems[field], problems
    assert api.writes() == before


def _person(api: Api, born: date) -> dict[str, Any]:
    return {
        "name": "周师傅",
        "gender": "male",
        "birth_date": born.isoformat(),
        "id_card_number": id_card_number("310110", born, 71, Gender.MALE),
        "union_id": api.own.unit,
        "skill_level": "technician",
    }


def test_a_person_born_over_a_hundred_years_ago_or_under_sixteen_is_refused(api: Api) -> None:
    _refused(api, "/api/v1/persons", _person(api, date(1900, 1, 1)), "birth_date", "超过100周岁")
    young = _person(api, date(2014, 5, 1))
    _refused(api, "/api/v1/persons", young, "birth_date", "《中华人民共和国劳动法》第十五条")
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    adult = api.client.post("/api/v1/persons", json=_person(api, date(1960, 5, 1)), headers=headers)
    assert adult.status_code == 201, adult.text


def test_an_expenditure_before_the_workshop_was_founded_is_refused(api: Api) -> None:
    path = f"/api/v1/designations/{api.own.designation}/expenditures"
    body = {
        "spent_on": "1900-01-01",
        "amount_yuan": "300.00",
        "payee": "某书店",
        "category": "books",
        "description": "专业书籍",
    }
    _refused(api, path, body, "spent_on", "不能早于工作室成立日期", Role.UNIT_CONTACT)


def test_a_workshop_founded_before_1949_and_a_member_leaving_tomorrow_are_refused(
    api: Api,
) -> None:
    body = {
        "name": "周师傅创新工作室",
        "host_unit_name": "某公司",
        "host_unit_nature": "state_owned",
        "unit_union_id": api.own.unit,
        "founded_on": "1900-01-01",
        "leader_person_id": api.own.person,
    }
    _refused(api, "/api/v1/workshops", body, "founded_on", "不能早于1949年10月1日")
    path = f"/api/v1/workshops/{api.own.workshop}/members"
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    newcomer = api.client.post(
        "/api/v1/persons", json=_person(api, date(1985, 2, 2)), headers=headers
    ).json()["id"]
    member = {"person_id": newcomer, "joined_on": "2024-01-01", "left_on": "2099-01-01"}
    _refused(api, path, member, "left_on", "离开日期不能晚于")


def test_a_ledger_achievement_long_before_the_workshop_is_refused(api: Api) -> None:
    path = f"/api/v1/workshops/{api.own.workshop}/ledger/achievements"
    body = {"kind": "award", "title": "技术革新奖", "achieved_on": "1950-06-01"}
    _refused(api, path, body, "achieved_on", "不能早于工作室成立日期")


def test_craftsman_evidence_past_its_length_is_refused(api: Api) -> None:
    path = f"/api/v1/craftsman-selections/{api.own.craftsman_selection}/applications"
    long = craftsman_form(api.own.person, five_powers={"技能精湛": "证" * (EVIDENCE_MAX + 1)})
    headers = api.callers[Role.UNIT_CONTACT].headers
    before = api.writes()
    answer = api.client.post(path, json=long, headers=headers)
    assert answer.status_code == 422, answer.text
    assert any("five_powers" in p["field"] for p in answer.json()["error"]["problems"])
    assert api.writes() == before


def test_a_member_joining_before_birth_or_under_sixteen_is_refused(api: Api) -> None:
    path = f"/api/v1/workshops/{api.own.workshop}/members"
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    born = date(2009, 3, 1)
    young = api.client.post("/api/v1/persons", json=_person(api, born), headers=headers)
    assert young.status_code == 201, young.text
    member = {"person_id": young.json()["id"], "joined_on": "2005-05-01"}
    _refused(api, path, member, "joined_on", "不能早于该人员的出生日期（2009年3月1日）")
    member["joined_on"] = "2021-06-01"
    _refused(
        api, path, member, "joined_on", "加入时12岁，未满16周岁（《中华人民共和国劳动法》第十五条）"
    )
    member["joined_on"] = "2025-03-01"  # the sixteenth birthday
    joined = api.client.post(path, json=member, headers=headers)
    assert joined.status_code == 201, joined.text


def test_a_leader_under_sixteen_at_the_founding_or_the_takeover_is_refused(api: Api) -> None:
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    young = api.client.post("/api/v1/persons", json=_person(api, date(2009, 3, 1)), headers=headers)
    assert young.status_code == 201, young.text
    leader = young.json()["id"]
    body = {
        "name": "少年创新工作室",
        "host_unit_name": "某公司",
        "host_unit_nature": "state_owned",
        "unit_union_id": api.own.unit,
        "founded_on": "2005-05-01",
        "leader_person_id": leader,
    }
    _refused(
        api, "/api/v1/workshops", body, "leader_person_id", "早于该人员的出生日期（2009年3月1日）"
    )
    body["founded_on"] = "2021-06-01"
    _refused(
        api,
        "/api/v1/workshops",
        body,
        "leader_person_id",
        "工作室成立时12岁，未满16周岁（《中华人民共和国劳动法》第十五条）",
    )
    # A leader change: the new leader takes over at working age too.
    change = {
        "new_leader_person_id": leader,
        "effective_on": "2025-01-01",
        "reason": "原带头人退休",
    }
    path = f"/api/v1/designations/{api.own.designation}/leader-change"
    _refused(api, path, change, "new_leader_person_id", "接任时15岁，未满16周岁")
    body["founded_on"] = "2025-03-01"  # the sixteenth birthday
    founded = api.client.post("/api/v1/workshops", json=body, headers=headers)
    assert founded.status_code == 201, founded.text


def test_a_change_request_proposing_a_leader_under_sixteen_is_refused(api: Api) -> None:
    """附件3: the new leader takes over after the filing, so is of working age on its date."""
    with api.uow() as u:
        d_id = lf.titled(u, api.tree, scheme="shanghai-craftsman").id
        # Sixteen today (2026-11-21), fifteen on 2026-06-05.
        young = f.person(
            u,
            name="少年工匠",
            birth_date=date(2010, 8, 1),
            honours=(f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2025),),
            union_id=api.tree.unit.id,
        )
        u.commit()
        young_id = young.id
    body = {"reason": "retired", "reason_details": "领衔人退休", "measure": "leader_change",
            "filed_on": "2026-06-05", "new_leader_person_id": young_id}  # fmt: skip
    path = f"/api/v1/designations/{d_id}/change-requests"
    _refused(
        api, path, body, "new_leader_person_id", "申报时15岁，未满16周岁", role=Role.UNIT_CONTACT
    )
    later = api.client.post(
        path, json=body | {"filed_on": "2026-08-01"}, headers=api.callers[Role.UNIT_CONTACT].headers
    )
    assert later.status_code == 201, later.text
