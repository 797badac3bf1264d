"""Over the API, absurd values are named by their fields' own rules (readings IN1–IN4): a year
of any length by the year rule of its field, 参加人数 by what one activity gathers, a venue's
area written as 1e3 as no number, a contact's phone that cannot be dialled; nothing is written."""

from __future__ import annotations

from datetime import date

from lifecycle.craftsman_title.model import CraftsmanSelection
from lifecycle.intake.model import Application
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api

PDF = b"%PDF-1.4\n% report\n"
HUGE = (99999999999, 10**30)  # past an integer column; past any integer a database binds


def _shanghai_title(api: Api) -> int:
    with api.uow() as u:
        d = f.named_designation(
            u, api.tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5)
        )
        u.commit()
        return d.id


def _refused(answer, field: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    problems = {p["field"]: p for p in error["problems"]}
    assert field in problems, error
    assert problems[field]["message"] in error["message"]
    return problems[field]


def test_a_year_of_any_length_is_named_by_its_fields_rule(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    city = api.callers[Role.CITY_OFFICER].headers
    assessed = _shanghai_title(api)
    with api.uow() as u:
        founded = u.workshops.get(api.own.workshop, EVERYTHING).founded_on.year
        selection = u.session.get(CraftsmanSelection, api.own.craftsman_selection)
        assert selection is not None
        selection_year = selection.year
    sel = f"/api/v1/craftsman-selections/{api.own.craftsman_selection}"
    # (who, route, body with the year in it, the field, the rule's message)
    cases = [
        (unit, f"/api/v1/designations/{assessed}/assessments",
         lambda y: {"json": {"year": y, "step": "unit", "passed": True,
                             "decided_on": "2026-11-01", "signer": "王", "opinion": "合格"}},
         "year", "考核年度应在2024年至2026年之间"),
        (unit, f"/api/v1/workshops/{api.own.workshop}/ledger/projects",
         lambda y: {"json": {"year": y, "title": "年度课题"}},
         "year", f"项目年度应在{founded}年至2027年之间"),
        (unit, f"/api/v1/designations/{api.own.designation}/excellence-applications",
         lambda y: {"json": {"achievement_id": api.own.achievement, "year": y,
                             "filed_on": "2026-11-10", "summary": "扶持申请"}},
         "year", "备案年度应在2000年至2026年之间"),
        (district, f"/api/v1/persons/{api.own.person}/honours",
         lambda y: {"json": {"honour": "national_may_day_medal", "year": y}},
         "year", "荣誉年份不能晚于2026年"),
        (district, "/api/v1/intake/calls",
         lambda y: {"json": {"scheme": "yangpu-district", "year": y, "title": "申报通知",
                             "opens_on": "2026-11-21", "deadline": "2026-12-31",
                             "naming_union_id": api.own.district}},
         "year", "年度应在2000年至2100年之间"),
        (city, "/api/v1/craftsman-selections",
         lambda y: {"json": {"year": y, "self_opens": "2027-06-12", "self_closes": "2027-07-15",
                             "union_deadline": "2027-07-15"}},
         "year", "年度应在2015年至2100年之间"),
        (district, f"{sel}/local-selections",
         lambda y: {"json": {"union_id": api.own.district, "participants": 10,
                             "local_craftsmen": 1, "since_year": y}},
         "since_year", f"开展年份应在1950年至{selection_year}年之间"),
        (unit, f"/api/v1/designations/{api.own.designation}/filings",
         lambda y: {"data": {"year": str(y), "kind": "self_check", "filed_on": "2026-11-01"},
                    "files": {"file": ("自查.pdf", PDF, "application/pdf")}},
         "year", None),
    ]  # fmt: skip
    before = api.writes()
    for headers, url, body, field, message in cases:
        for year in (*HUGE, 2101):
            problem = _refused(api.client.post(url, headers=headers, **body(year)), field)
            assert "2147483647" not in problem["message"], (url, year)
            if message is not None:
                assert problem["message"] == message, (url, year)
            else:  # the filing's years run from the title's naming year to this one
                assert problem["message"].startswith("备案年度应在"), problem
                assert problem["message"].endswith("年至2026年之间"), problem
    assert api.writes() == before


def test_a_head_count_past_what_one_activity_gathers_is_refused(api: Api) -> None:
    """参加人数 as the page bounds it (reading IN3), named in the page's words."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    url = f"/api/v1/workshops/{api.own.workshop}/ledger/activities"
    body = {"held_on": "2026-11-01", "title": "技术交流"}
    before = api.writes()
    for count in (10_001, 2_147_483_647, 10**30):
        answer = api.client.post(url, headers=unit, json=body | {"participants": count})
        assert _refused(answer, "participants")["message"] == "不能大于10000"
        assert answer.json()["error"]["message"] == "参加人数不能大于10000"
    assert api.writes() == before
    taken = api.client.post(url, headers=unit, json=body | {"participants": 10_000})
    assert taken.status_code == 201, taken.text
    assert taken.json()["participants"] == 10_000


def _workshop(api: Api, area: object) -> dict[str, object]:
    return {
        "name": f"面积创新工作室{area!s:.20}",
        "host_unit_name": "某公司",
        "host_unit_nature": "state_owned",
        "unit_union_id": api.own.unit,
        "founded_on": "2021-01-01",
        "leader_person_id": api.own.person,
        "venue_area_sqm": area,
    }


def test_a_venue_area_is_a_plain_number_of_square_metres(api: Api) -> None:
    """1e3 as text is no area a union officer writes; an area is not negative, at most 1000000
    and to the hundredth; a plain number, as JSON or as text, is taken."""
    district = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    for typed, code, message in (
        ("1e3", "not_plain_number", "场所面积应为数字，如 120 或 85.5"),
        ("1_000", "not_plain_number", "场所面积应为数字，如 120 或 85.5"),
        ("NaN", "not_plain_number", "场所面积应为数字，如 120 或 85.5"),
        (-5, "negative", "场所面积不能为负数"),
        (1_000_001, "too_large", "场所面积不能大于1000000平方米"),
        ("1" * 40, "too_large", "场所面积不能大于1000000平方米"),
        (85.555, "too_precise", "场所面积最多保留两位小数（平方米）"),
    ):
        answer = api.client.post("/api/v1/workshops", headers=district, json=_workshop(api, typed))
        problem = _refused(answer, "venue_area_sqm")
        assert (problem["code"], answer.json()["error"]["message"]) == (code, message), typed
    assert api.writes() == before
    for typed, stored in (("120.5", 120.5), (85.5, 85.5), (1e3, 1000.0)):
        taken = api.client.post("/api/v1/workshops", headers=district, json=_workshop(api, typed))
        assert taken.status_code == 201, taken.text
        assert taken.json()["venue_area_sqm"] == stored


def test_a_contacts_phone_is_a_mainland_mobile_or_landline(api: Api) -> None:
    admin = api.callers[Role.ADMIN].headers
    url = f"/api/v1/unions/{api.own.unit}/contacts"
    message = "联系电话应为11位手机号码（如13812345678）或带区号的固定电话（如021-65431234）"
    before = api.writes()
    for typed in ("找车间王主任", "12345", "65431234", "23812345678", "021-6543"):
        body = {
            "name": "钱干事",
            "email": "qian@unit.example.cn",
            "role": "officer",
            "phone": typed,
        }
        problem = _refused(api.client.post(url, headers=admin, json=body), "phone")
        assert (problem["code"], problem["message"]) == ("not_a_phone", message), typed
    correction = f"{url}/{api.own.contact}"
    problem = _refused(
        api.client.patch(correction, headers=admin, json={"phone": "分机801"}), "phone"
    )
    assert problem["message"] == message
    assert api.writes() == before
    for i, typed in enumerate(
        ("13812345678", "021-6543 1234", "(021)65431234转801", "0833-2133419")
    ):
        body = {
            "name": "钱干事",
            "email": f"qian{i}@unit.example.cn",
            "role": "officer",
            "phone": typed,
        }
        taken = api.client.post(url, headers=admin, json=body)
        assert taken.status_code == 201, taken.text
        assert taken.json()["phone"] == typed


def test_an_application_forms_leader_phone_is_a_number_one_can_dial(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    url = f"/api/v1/intake/applications/{api.own.intake}/form"
    with api.uow() as u:
        application = u.session.get(Application, api.own.intake)
        assert application is not None
        saved = dict(application.form or {})
    refused = api.client.put(url, headers=unit, json={"form": saved | {"leader_phone": "找王主任"}})
    problem = _refused(refused, "leader_phone")
    assert problem["code"] == "not_a_phone"
    assert problem["message"].endswith(
        "应为11位手机号码（如13812345678）或带区号的固定电话（如021-65431234）"
    )
    taken = api.client.put(
        url, headers=unit, json={"form": saved | {"leader_phone": "138 1234 5678"}}
    )
    assert taken.status_code == 200, taken.text


def test_an_id_past_any_record_is_said_to_name_no_record(api: Api) -> None:
    """A body's record id beyond the integer columns names no record: said so by field, not as
    「不能大于2147483647」, and nothing is written."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    before = api.writes()
    for person in (2_147_483_648, 10**30):
        answer = api.client.post(
            "/api/v1/workshops",
            headers=unit,
            json=_workshop(api, 80) | {"leader_person_id": person},
        )
        assert _refused(answer, "leader_person_id")["message"] == "没有该编号的记录"
    assert api.writes() == before
