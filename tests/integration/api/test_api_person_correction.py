"""A district officer corrects a person's record over JSON: fields left out keep their value, the
rules of registering apply, nothing is written half-way, and the audit log keeps the change."""

from __future__ import annotations

from datetime import date, timedelta

from lifecycle.demo.spec import id_card_number
from lifecycle.occasions.model import OccasionKind
from lifecycle.vocab import Gender, Role
from tests import factories as f
from tests.integration.api.conftest import Api

BORN = date(1966, 5, 10)  # reaches the legal retirement age within the occasions' horizon


def _officer(api: Api) -> dict[str, str]:
    return api.callers[Role.DISTRICT_OFFICER].headers


def test_a_corrected_birth_date_moves_the_leaders_retirement_and_is_audited(api: Api) -> None:
    person, headers = api.own.person, _officer(api)
    url = f"/api/v1/persons/{person}"
    before = api.client.get(url, headers=headers).json()
    occasions = f"/api/v1/designations/{api.own.designation}/occasions"

    def retirements() -> list[str]:
        found = api.client.get(occasions, headers=headers).json()["items"]
        return [o["due_on"] for o in found if o["kind"] == OccasionKind.LEADER_RETIREMENT]

    assert retirements() == []  # born 1975: far beyond the horizon
    number = id_card_number("310110", BORN, 7, Gender.MALE)
    body = {"birth_date": BORN.isoformat(), "id_card_number": number, "reason": "按身份证原件更正"}
    answer = api.client.patch(url, headers=headers, json=body)
    assert answer.status_code == 200, answer.text
    after = answer.json()
    assert after["birth_date"] == BORN.isoformat()
    assert after["id_card_masked"] == number[:4] + "*" * 10 + number[-4:]
    # Left out, kept: the name, the honours, the union.
    assert (after["name"], after["honours"], after["union_id"]) == (
        before["name"],
        before["honours"],
        before["union_id"],
    )
    assert after["legal_retirement_date"] != before["legal_retirement_date"]
    # Warned 90 and 30 days ahead of the corrected legal retirement date.
    retires = date.fromisoformat(after["legal_retirement_date"])
    assert retirements() == [(retires - timedelta(days=d)).isoformat() for d in (90, 30)]
    audit = api.client.get(f"{url}/audit", headers=headers).json()["items"]
    update = [e for e in audit if e["action"] == "update"][-1]
    assert update["after"]["birth_date"] == BORN.isoformat()
    assert update["reason"] == "按身份证原件更正"  # why, kept with the change
    assert number not in str(audit)  # the ID number never reaches the log unmasked


def test_a_refused_correction_names_the_field_and_writes_nothing(api: Api) -> None:
    person, headers = api.own.person, _officer(api)
    url = f"/api/v1/persons/{person}"
    with api.uow() as u:
        numbered = u.persons.get(person, f.SYSTEM_SCOPE)
        assert numbered is not None
        numbered.id_card_number = id_card_number("310110", date(1975, 6, 1), 3, Gender.MALE)
        u.commit()
    before = api.client.get(url, headers=headers).json()
    valid = id_card_number("310110", BORN, 7, Gender.MALE)
    wrong = valid[:17] + ("1" if valid[17] == "0" else "0")
    cases = [
        # The checksum is wrong: the valid birth date sent with it is not written either.
        ({"birth_date": BORN.isoformat(), "id_card_number": wrong}, "id_card_number"),
        # A birth date the recorded ID number contradicts (the number is named, as on entry).
        ({"birth_date": "1975-06-02", "name": "张更正"}, "id_card_number"),
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"gender": "female", "retirement_group": "male"}, "retirement_group"),
        ({"birth_date": "2027-01-01"}, "birth_date"),
        # Retiring, leaving and death are leader events (附件3), not corrections.
        ({"employment_status": "retired"}, "employment_status"),
        # Why the record is corrected is required, and not blank.
        ({"employer": "某某公司", "reason": "  "}, "reason"),
        ({"employer": "某某公司", "reason": None}, "reason"),
    ]
    for body, field in cases:
        answer = api.client.patch(url, headers=headers, json={"reason": "核对更正"} | body)
        assert answer.status_code == 422, (body, answer.text)
        error = answer.json()["error"]
        fields = {p["field"] for p in error.get("problems", [])} | {error.get("field")}
        assert any(name is not None and name.endswith(field) for name in fields), (body, error)
        assert api.client.get(url, headers=headers).json() == before
    reason = {"reason": "核对更正"}
    nulled = api.client.patch(url, headers=headers, json={"name": None} | reason).json()["error"]
    assert nulled["problems"][0]["message"] == "不能为空；不修改的字段请省略"
    unsaid = api.client.patch(url, headers=headers, json={"employer": "某某公司"})
    assert unsaid.status_code == 422
    assert unsaid.json()["error"]["problems"][0]["field"].endswith("reason")
    blank = api.client.patch(url, headers=headers, json={"employer": "某某公司", "reason": ""})
    assert blank.json()["error"]["problems"][0]["message"] == "更正原因不能为空"
    body = {"employment_status": "retired"} | reason
    status = api.client.patch(url, headers=headers, json=body)
    assert status.json()["error"]["problems"][0]["message"] == "不接受此字段"


def test_an_id_number_held_by_another_person_of_the_registry_is_refused(api: Api) -> None:
    headers = _officer(api)
    number = id_card_number("310110", date(1980, 1, 1), 11, Gender.MALE)
    with api.uow() as u:
        other = f.person(u, name="王师傅", birth_date=date(1980, 1, 1), union_id=api.tree.unit.id)
        other.id_card_number = number
        mine = f.person(u, name="李师傅", birth_date=date(1980, 1, 1), union_id=api.tree.unit.id)
        u.commit()
        mine_id = mine.id
    body = {"id_card_number": number, "reason": "补录身份证号"}
    answer = api.client.patch(f"/api/v1/persons/{mine_id}", headers=headers, json=body)
    assert answer.status_code == 422
    (problem,) = answer.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("id_card_number", "duplicate")
    assert problem["message"] == "该身份证号码已在本区登记"


def test_the_other_district_and_a_unit_contact_cannot_correct(api: Api) -> None:
    body = {"employer": "某某公司", "reason": "单位更名"}
    theirs = api.client.patch(
        f"/api/v1/persons/{api.other.person}", headers=_officer(api), json=body
    )
    assert theirs.status_code == 404
    unit = api.callers[Role.UNIT_CONTACT].headers
    mine = api.client.patch(f"/api/v1/persons/{api.own.person}", headers=unit, json=body)
    assert mine.status_code == 403


def test_a_correction_sent_with_a_version_read_before_anothers_is_refused(api: Api) -> None:
    """Two clients read the record; the second to write would undo the first's change: 409
    naming ``expected_version``, the first's change kept, nothing written by the second."""
    person, headers = api.own.person, _officer(api)
    url = f"/api/v1/persons/{person}"
    read = api.client.get(url, headers=headers).json()
    first = {"employer": "杨浦机床厂", "reason": "单位核对", "expected_version": read["version"]}
    done = api.client.patch(url, headers=headers, json=first)
    assert done.status_code == 200, done.text
    assert done.json()["version"] == read["version"] + 1
    before, kept = api.writes(), done.json()
    second = {"education": "大学本科", "reason": "学历核对", "expected_version": read["version"]}
    stale = api.client.patch(url, headers=headers, json=second)
    assert stale.status_code == 409, stale.text
    error = stale.json()["error"]
    assert (error["code"], error["field"]) == ("conflict", "expected_version")
    assert error["message"] == "该人员信息已在您打开后被修改，请刷新后重试"
    assert api.writes() == before
    assert api.client.get(url, headers=headers).json() == kept  # 杨浦机床厂, no 学历
    # Sent with the version now read it is written; left out, a client of before is not checked.
    fresh = second | {"expected_version": kept["version"]}
    assert api.client.patch(url, headers=headers, json=fresh).status_code == 200
    unchecked = {"professional_title": "高级工程师", "reason": "职称核对"}
    answer = api.client.patch(url, headers=headers, json=unchecked)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["employer"], answer.json()["education"]) == ("杨浦机床厂", "大学本科")


def test_blank_optional_texts_are_stored_as_none_and_the_rest_trimmed(api: Api) -> None:
    """Employer, professional title and education: whitespace alone is none (as a blank
    receipt number is), else the text without its surrounding spaces; on entry and correction."""
    headers = _officer(api)
    body = {
        "name": "周师傅",
        "gender": "male",
        "birth_date": "1980-02-03",
        "union_id": api.tree.unit.id,
        "employer": "   ",
        "professional_title": "  高级工程师 ",
        "education": "\u3000",
    }
    created = api.client.post("/api/v1/persons", headers=headers, json=body)
    assert created.status_code == 201, created.text
    got = created.json()
    assert (got["employer"], got["professional_title"], got["education"]) == (
        None,
        "高级工程师",
        None,
    )
    url = f"/api/v1/persons/{got['id']}"
    fix = {"employer": " 杨浦机床厂 ", "professional_title": "  ", "reason": "核对"}
    corrected = api.client.patch(url, headers=headers, json=fix).json()
    assert (corrected["employer"], corrected["professional_title"]) == ("杨浦机床厂", None)
    with api.uow() as u:
        stored = u.persons.get(got["id"], f.SYSTEM_SCOPE)
        assert stored is not None
        assert (stored.employer, stored.professional_title, stored.education) == (
            "杨浦机床厂",
            None,
            None,
        )
