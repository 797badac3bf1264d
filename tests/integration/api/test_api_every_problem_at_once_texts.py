"""A body refused for a type error also names its e-mail addresses, phone numbers and required
texts sent as spaces only, in the same 422: before, those were the use case's to name, in a
second answer once the type error was fixed. Each is named by the use case's own check, so a
body pydantic takes whole is answered with the same message."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api
from tests.integration.craftsman.api_forms import craftsman_form

NOT_AN_EMAIL = "电子邮箱格式不正确"
NOT_A_PHONE = "应为11位手机号码（如13812345678）或带区号的固定电话（如021-65431234）"


def _every(got: Any, expected: dict[str, str]) -> dict[str, str]:
    """The answer is one 422 naming each expected field (and no other) with its message, and
    its sentence names every one of them; the problems by field."""
    assert got.status_code == 422, got.text
    error = got.json()["error"]
    problems = {p["field"]: p["message"] for p in error["problems"]}
    assert set(problems) == set(expected), got.text
    for field, message in expected.items():
        assert message in problems[field], (field, got.text)
        assert problems[field] in error["message"] or field in ("", None), got.text
    return problems


def _same_later(got: Any, first: dict[str, str], fields: tuple[str, ...]) -> None:
    """A body well typed is refused by the use case with the same words for ``fields``."""
    assert got.status_code == 422, got.text
    later = {p["field"]: p["message"] for p in got.json()["error"]["problems"]}
    for field in fields:
        assert later.get(field) == first[field], (field, got.text)


def test_a_contact_names_its_blank_name_bad_email_and_phone_beside_a_type_error(api: Api) -> None:
    admin = api.callers[Role.ADMIN].headers
    url = f"/api/v1/unions/{api.own.unit}/contacts"
    before = api.writes()
    body = {"name": "   ", "email": "li@unit", "role": "boss", "phone": "12345"}
    first = _every(
        api.client.post(url, headers=admin, json=body),
        {
            "role": "不在可选值中",
            "name": "联系人姓名不能为空",
            "email": NOT_AN_EMAIL,
            "phone": "联系电话" + NOT_A_PHONE,
        },
    )
    fields = ("name", "email", "phone")
    _same_later(api.client.post(url, headers=admin, json=body | {"role": "officer"}), first, fields)
    # A required address of spaces only is no address, as the use case reads it.
    _every(
        api.client.post(url, headers=admin, json=body | {"name": "李干事", "email": "    "}),
        {"role": "不在可选值中", "email": NOT_AN_EMAIL, "phone": "联系电话" + NOT_A_PHONE},
    )
    correction = f"{url}/{api.own.contact}"
    changed = {"name": " ", "email": "zhao@", "phone": "分机801", "expected_version": "x"}
    first = _every(
        api.client.patch(correction, headers=admin, json=changed),
        {
            "expected_version": "应为整数",
            "name": "联系人姓名不能为空",
            "email": NOT_AN_EMAIL,
            "phone": "联系电话" + NOT_A_PHONE,
        },
    )
    del changed["expected_version"]
    _same_later(api.client.patch(correction, headers=admin, json=changed), first, fields)
    assert api.writes() == before


def test_a_user_names_a_blank_name_and_a_bad_email_beside_a_type_error(api: Api) -> None:
    admin = api.callers[Role.ADMIN].headers
    before = api.writes()
    new = {
        "username": "blankname",
        "display_name": "  ",
        "password": "a-long-password-2026",
        "role": "boss",
        "union_id": api.own.unit,
        "email": "wang@@unit.cn",
    }
    first = _every(
        api.client.post("/api/v1/users", headers=admin, json=new),
        {"role": "不在可选值中", "display_name": "姓名不能为空", "email": NOT_AN_EMAIL},
    )
    later = new | {"role": "unit_contact"}
    fields = ("display_name", "email")
    _same_later(api.client.post("/api/v1/users", headers=admin, json=later), first, fields)
    edit = f"/api/v1/users/{api.own.user}"
    change = {"display_name": "\u3000", "email": "wang at unit.cn", "union_id": "x"}
    first = _every(
        api.client.patch(edit, headers=admin, json=change),
        {"union_id": "应为整数", "display_name": "姓名不能为空", "email": NOT_AN_EMAIL},
    )
    del change["union_id"]
    _same_later(api.client.patch(edit, headers=admin, json=change), first, fields)
    assert api.writes() == before


def test_a_craftsman_application_names_a_bad_phone_beside_a_type_error(api: Api) -> None:
    """附件1's 联系电话 (reading P36d) beside a 申报渠道 not in the list."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    url = f"/api/v1/craftsman-selections/{api.own.craftsman_selection}/applications"
    before = api.writes()
    form = craftsman_form(api.own.person, channel="by_post", applicant_phone="138-1234")
    _every(
        api.client.post(url, headers=unit, json=form),
        {"channel": "不在可选值中", "applicant_phone": "申报人联系电话" + NOT_A_PHONE},
    )
    assert api.writes() == before


def test_required_texts_of_spaces_are_named_beside_a_type_error(api: Api) -> None:
    """A person's 姓名, a workshop's 工作室名称 and 所在单位, an expenditure's 收款方 and 用途说明,
    a ledger entry's name and a 考核 step's 签署人 and 考核意见, sent as spaces only."""
    before = api.writes()
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    person = {"name": " ", "gender": "m", "birth_date": "1980-01-01", "union_id": api.own.unit}
    _every(
        api.client.post("/api/v1/persons", headers=district, json=person),
        {"gender": "不在可选值中", "name": "姓名不能为空"},
    )
    workshop = {
        "name": "  ",
        "host_unit_name": "\t",
        "host_unit_nature": "state",
        "unit_union_id": api.own.unit,
        "founded_on": "2021-01-01",
        "leader_person_id": api.own.person,
    }
    _every(
        api.client.post("/api/v1/workshops", headers=unit, json=workshop),
        {
            "host_unit_nature": "不在可选值中",
            "name": "工作室名称不能为空",
            "host_unit_name": "所在单位不能为空",
        },
    )
    spend = {
        "spent_on": "2026-10-20",
        "amount_yuan": "120.00",
        "payee": " ",
        "category": "bookz",
        "description": "  ",
    }
    first = _every(
        api.client.post(
            f"/api/v1/designations/{api.own.designation}/expenditures", headers=unit, json=spend
        ),
        {"category": "不在可选值中", "payee": "收款方不能为空", "description": "用途说明不能为空"},
    )
    _same_later(
        api.client.post(
            f"/api/v1/designations/{api.own.designation}/expenditures",
            headers=unit,
            json=spend | {"category": "books"},
        ),
        first,
        ("payee", "description"),
    )
    ledger = f"/api/v1/workshops/{api.own.workshop}/ledger"
    for path, body, label in (
        ("projects", {"year": 2026, "title": " ", "recognised": "maybe"}, "项目名称"),
        ("activities", {"held_on": "2026-11-01", "title": " ", "recognised": "maybe"}, None),
        (
            "achievements",
            {"kind": "patent", "title": " ", "achieved_on": "2026-11-01"},
            "成果名称",
        ),
    ):
        if label is None:  # an activity takes no 'recognised': refused as a field not taken
            got = api.client.post(f"{ledger}/{path}", headers=unit, json=body)
            _every(got, {"recognised": "不接受", "title": "活动名称不能为空"})
            continue
        refused = "recognised" if "recognised" in body else "kind"
        got = api.client.post(f"{ledger}/{path}", headers=unit, json=body)
        _every(
            got,
            {
                refused: "应为 true 或 false" if refused == "recognised" else "不在可选值中",
                "title": f"{label}不能为空",
            },
        )
    step = {
        "year": 2026,
        "step": "street",
        "passed": True,
        "decided_on": "2026-11-01",
        "signer": " ",
        "opinion": " ",
    }
    _every(
        api.client.post(
            f"/api/v1/designations/{api.own.designation}/assessments", headers=unit, json=step
        ),
        {"step": "不在可选值中", "signer": "签署人不能为空", "opinion": "考核意见不能为空"},
    )
    assert api.writes() == before


def test_an_inspection_names_its_blank_place_and_inspectors_beside_a_type_error(api: Api) -> None:
    district = api.callers[Role.DISTRICT_OFFICER].headers
    url = f"/api/v1/designations/{api.own.designation}/inspections"
    before = api.writes()
    body = {"kind": "surprise", "scheduled_on": "2026-11-25", "place": " ", "inspectors": "  "}
    _every(
        api.client.post(url, headers=district, json=body),
        {"kind": "不在可选值中", "place": "检查地点不能为空", "inspectors": "检查人员不能为空"},
    )
    assert api.writes() == before


def test_a_nested_item_is_named_by_the_same_path_by_pydantic_and_by_the_use_case(
    api: Api,
) -> None:
    """A member of a new team is ``members.1.joined_on`` when pydantic refuses it and
    ``members.0.person_id`` when the use case does (before: ``members[0].person_id``)."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    before = api.writes()
    new = {
        "name": "成员创新工作室",
        "host_unit_name": "某公司",
        "host_unit_nature": "state_owned",
        "unit_union_id": api.own.unit,
        "founded_on": "2021-01-01",
        "leader_person_id": api.own.person,
        "members": [
            {"person_id": 2147483000, "joined_on": "2021-01-01"},
            {"person_id": api.own.person, "joined_on": "2026-02-30"},
        ],
    }
    _every(
        api.client.post("/api/v1/workshops", headers=unit, json=new),
        {"members.1.joined_on": "没有2026-02-30这一天"},
    )
    new["members"] = new["members"][:1]
    got = api.client.post("/api/v1/workshops", headers=unit, json=new)
    assert got.status_code == 422, got.text
    assert "members.0.person_id" in {p["field"] for p in got.json()["error"]["problems"]}
    assert api.writes() == before
