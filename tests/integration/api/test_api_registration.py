"""Registering a new team over the API [Y7]: persons (leader, members) and a workshop with its
members, by the roles that record a team in their own union's subtree — a unit contact its own
union, district and city officers theirs — through the use cases the pages use."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lifecycle.accounts.service import issue_token
from lifecycle.demo.spec import id_card_number
from lifecycle.vocab import Gender, Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api

BORN = date(1981, 9, 3)
REGISTRARS = (Role.UNIT_CONTACT, Role.DISTRICT_OFFICER, Role.CITY_OFFICER)


def _person(union_id: int, serial: int, name: str = "吴师傅", **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "gender": "male",
        "birth_date": BORN.isoformat(),
        "id_card_number": id_card_number("310110", BORN, serial, Gender.MALE),
        "union_id": union_id,
        "skill_level": "technician",
        "honours": [{"honour": "city_advanced_individual", "year": 2020}],
    } | more


def _shop(union_id: int, leader: int, **more: Any) -> dict[str, Any]:
    return {
        "name": "吴师傅焊接攻关技师创新工作室",
        "host_unit_name": "上海某机械有限公司",
        "host_unit_nature": "state_owned",
        "unit_union_id": union_id,
        "founded_on": "2025-05-01",
        "leader_person_id": leader,
    } | more


@pytest.mark.parametrize("role", REGISTRARS)
def test_each_registrar_records_a_team_with_its_leader_and_members(api: Api, role: Role) -> None:
    headers = api.callers[role].headers
    unit = api.own.unit
    ids = []
    for i, name in enumerate(("吴师傅", "成员甲", "成员乙", "成员丙")):
        made = api.client.post("/api/v1/persons", json=_person(unit, 50 + i, name), headers=headers)
        assert made.status_code == 201, made.text
        assert made.json()["union_id"] == unit
        ids.append(made.json()["id"])
    leader, *members = ids
    body = _shop(
        unit, leader, members=[{"person_id": m, "joined_on": "2025-06-01"} for m in members]
    )
    created = api.client.post("/api/v1/workshops", json=body, headers=headers)
    assert created.status_code == 201, created.text
    shop = created.json()["id"]
    listed = api.client.get(f"/api/v1/workshops/{shop}/members", headers=headers).json()["items"]
    assert sorted(m["person_id"] for m in listed) == sorted(members)
    late = _person(unit, 60, "成员丁")
    newcomer = api.client.post("/api/v1/persons", json=late, headers=headers).json()["id"]
    joined = api.client.post(
        f"/api/v1/workshops/{shop}/members",
        json={"person_id": newcomer, "joined_on": "2026-01-05"},
        headers=headers,
    )
    assert joined.status_code == 201, joined.text


@pytest.mark.parametrize("role", [Role.FINANCE, Role.ADMIN])
def test_a_role_that_records_no_team_is_refused_naming_who_does(api: Api, role: Role) -> None:
    headers = api.callers[role].headers
    before = api.writes()
    for path, body in (
        ("/api/v1/persons", _person(api.own.unit, 70)),
        ("/api/v1/workshops", _shop(api.own.unit, api.own.person)),
    ):
        refused = api.client.post(path, json=body, headers=headers)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["message"].endswith(
            "无权办理此事项，须由市总工会干部、区局（产业）工会干部或基层单位联系人办理"
        )
    assert api.writes() == before


def test_a_unit_contact_registers_only_in_its_own_union(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    before = api.writes()
    above = api.client.post("/api/v1/persons", json=_person(api.tree.district.id, 71), headers=unit)
    assert above.status_code == 422  # unseen, as a missing union: beside the field (refs65)
    assert above.json()["error"]["field"] == "union_id"
    # A person of the district union is no one the unit can make its leader or member.
    district = api.callers[Role.DISTRICT_OFFICER].headers
    outsider = api.client.post(
        "/api/v1/persons", json=_person(api.tree.district.id, 72, "郑区里"), headers=district
    ).json()["id"]
    before = api.writes()
    hidden = api.client.post("/api/v1/workshops", json=_shop(api.own.unit, outsider), headers=unit)
    assert hidden.status_code == 422
    assert hidden.json()["error"]["field"] == "leader_person_id"
    assert hidden.json()["error"]["message"] == "带头人不存在或不在管辖范围内"
    elsewhere = api.client.post(
        "/api/v1/workshops", json=_shop(api.other.unit, api.own.person), headers=unit
    )
    assert elsewhere.status_code == 422
    assert elsewhere.json()["error"]["field"] == "unit_union_id"
    as_member = _shop(
        api.own.unit, api.own.person, members=[{"person_id": outsider, "joined_on": "2025-06-01"}]
    )
    refused = api.client.post("/api/v1/workshops", json=as_member, headers=unit)
    assert refused.status_code == 422
    problems = refused.json()["error"]["problems"]
    assert [(p["field"], p["message"]) for p in problems] == [
        ("members.0.person_id", "人员不存在或不在管辖范围内")
    ]
    assert api.writes() == before


def test_bad_input_is_named_by_field_all_at_once_and_nothing_is_written(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    valid = id_card_number("310110", BORN, 73, Gender.MALE)
    wrong = valid[:17] + ("1" if valid[17] == "0" else "0")
    before = api.writes()
    refused = api.client.post(
        "/api/v1/persons",
        json=_person(api.own.unit, 73, name="  ", id_card_number=wrong),
        headers=unit,
    )
    assert refused.status_code == 422, refused.text
    problems = {p["field"]: p["message"] for p in refused.json()["error"]["problems"]}
    assert problems == {"name": "姓名不能为空", "id_card_number": "身份证号码校验位不正确"}
    leader = api.own.person
    members = [
        {"person_id": leader, "joined_on": "2025-06-01"},
        {"person_id": api.own.person, "joined_on": "2024-01-01"},
    ]
    shop = api.client.post(
        "/api/v1/workshops",
        json=_shop(api.own.unit, leader, name=" ", members=members),
        headers=unit,
    )
    assert shop.status_code == 422, shop.text
    fields = [p["field"] for p in shop.json()["error"]["problems"]]
    assert fields == [
        "name",
        "members.0.person_id",
        "members.1.joined_on",
        "members.1.person_id",
    ]
    assert api.writes() == before


def test_an_id_number_held_outside_the_unit_says_who_registers_the_person(api: Api) -> None:
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    held = api.client.post(
        "/api/v1/persons", json=_person(api.tree.district.id, 74, "冯区里"), headers=district
    )
    assert held.status_code == 201, held.text
    before = api.writes()
    again = api.client.post("/api/v1/persons", json=_person(api.own.unit, 74), headers=unit)
    assert again.status_code == 422
    assert again.json()["error"]["problems"] == [
        {
            "field": "id_card_number",
            "code": "duplicate",
            "message": "该身份证号码已在本区登记，但不在您的管辖范围内，"
            "请联系区局（产业）工会干部办理",
        }
    ]
    assert api.writes() == before


def test_a_leshan_unit_is_told_to_ask_its_county_union(api: Api) -> None:
    """In 乐山 the one who reaches the record is the 县（市、区）总工会干部 [L 一]."""
    with api.uow() as u:
        tree = f.leshan_tree(u)
        district, _ = f.user(u, Role.DISTRICT_OFFICER, tree.district.id)
        unit, _ = f.user(u, Role.UNIT_CONTACT, tree.unit.id)
        tokens = [issue_token(u, p, "测试", NOW).plaintext for p in (district, unit)]
        u.commit()
    county, own = ({"Authorization": f"Bearer {t}"} for t in tokens)
    held = api.client.post(
        "/api/v1/persons", json=_person(tree.district.id, 75, "冯县里"), headers=county
    )
    assert held.status_code == 201, held.text
    again = api.client.post("/api/v1/persons", json=_person(tree.unit.id, 75), headers=own)
    assert again.status_code == 422
    assert again.json()["error"]["problems"] == [
        {
            "field": "id_card_number",
            "code": "duplicate",
            # 乐山's registry is its 县（市、区）总工会's: before, Shanghai's 「已在本区登记」.
            "message": "该身份证号码已在本县（市、区）登记，但不在您的管辖范围内，"
            "请联系县（市、区）总工会干部办理",
        }
    ]


def test_an_id_number_carrying_another_gender_is_refused_at_registration_and_correction(
    api: Api,
) -> None:
    """GB 11643: the 17th digit is odd for a man, even for a woman; a number that says otherwise
    than the 性别 typed beside it is refused beside the number, nothing written."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    woman = _person(api.own.unit, 75, "钱师傅", gender="female")  # a man's number
    refused = api.client.post("/api/v1/persons", json=woman, headers=unit)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["problems"] == [
        {
            "field": "id_card_number",
            "code": "invalid_id_card",
            "message": "身份证号码第17位表示性别为男，与所填性别不一致",
        }
    ]
    assert api.writes() == before
    man = api.client.post("/api/v1/persons", json=_person(api.own.unit, 75), headers=unit)
    assert man.status_code == 201, man.text
    url = f"/api/v1/persons/{man.json()['id']}"
    written = api.writes()
    # Correcting the gender alone leaves the man's number: refused beside it.
    only = api.client.patch(url, json={"gender": "female", "reason": "更正性别"}, headers=officer)
    assert only.status_code == 422, only.text
    assert [p["field"] for p in only.json()["error"]["problems"]] == ["id_card_number"]
    assert api.writes() == written
    hers = id_card_number("310110", BORN, 75, Gender.FEMALE)
    both = {"gender": "female", "id_card_number": hers, "reason": "按身份证原件更正"}
    corrected = api.client.patch(url, json=both, headers=officer)
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["gender"] == "female"


def test_the_persons_listing_finds_by_the_last_four_characters_of_the_id_number(
    api: Api,
) -> None:
    """``GET /api/v1/persons?name=`` finds as the persons page does: a part of the name, or the
    last 4 characters of the ID number that ``id_card_masked`` shows."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    made = api.client.post(
        "/api/v1/persons", json=_person(api.own.unit, 76, "褚师傅"), headers=unit
    )
    assert made.status_code == 201, made.text
    tail = made.json()["id_card_masked"][-4:]
    for typed in (tail, "褚师"):
        found = api.client.get("/api/v1/persons", params={"name": typed}, headers=unit).json()
        assert [p["name"] for p in found["items"]] == ["褚师傅"], typed
    number = id_card_number("310110", BORN, 76, Gender.MALE)
    longer = api.client.get("/api/v1/persons", params={"name": number[-6:]}, headers=unit)
    assert longer.json()["total"] == 0  # a name or 4 characters, not any run of digits
