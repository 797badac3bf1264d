"""Correcting a team's registration over JSON: fields left out keep their value, the rules of
registering apply with the founding before every member and title, nothing is written half-way,
the audit log keeps why, and an application form then restates the corrected register."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def _url(api: Api, world: str = "own") -> str:
    return f"/api/v1/workshops/{getattr(api, world).workshop}"


def test_a_corrected_nature_and_founding_are_kept_with_why_and_the_rest_unchanged(
    api: Api,
) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    url = _url(api)
    before = api.client.get(url, headers=officer).json()
    assert before["host_unit_nature"] != "non_public"
    body = {
        "host_unit_nature": "non_public",
        "founded_on": "2019-06-01",
        "address": "  杨浦区军工路100号  ",
        "reason": "单位改制，按营业执照更正",
    }
    answer = api.client.patch(url, headers=officer, json=body)
    assert answer.status_code == 200, answer.text
    after = answer.json()
    assert (after["host_unit_nature"], after["founded_on"], after["address"]) == (
        "non_public",
        "2019-06-01",
        "杨浦区军工路100号",
    )
    unchanged = ("name", "host_unit_name", "unit_union_id", "leader_person_id", "specialty")
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}
    audit = api.client.get(f"{url}/audit", headers=officer).json()["items"]
    update = [e for e in audit if e["action"] == "update"][-1]
    assert update["reason"] == "单位改制，按营业执照更正"
    assert update["before"]["host_unit_nature"] == before["host_unit_nature"]
    assert update["after"]["host_unit_nature"] == "non_public"
    # The unit contact who registers teams in the union corrects it too; null clears a text.
    unit = api.callers[Role.UNIT_CONTACT].headers
    cleared = api.client.patch(url, headers=unit, json={"address": None, "reason": "地址搬迁"})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["address"] is None


def test_a_refused_correction_names_every_bad_field_and_writes_nothing(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    url = _url(api)
    before = api.client.get(url, headers=officer).json()
    writes = api.writes()
    # Founded after its members joined (2020-01-01) and after its naming (2023-03-15), a blank
    # name, no reason: all named at once.
    answer = api.client.patch(
        url, headers=officer, json={"founded_on": "2024-01-01", "name": " ", "reason": " "}
    )
    assert answer.status_code == 422
    problems = {(p["field"], p["code"]): p["message"] for p in answer.json()["error"]["problems"]}
    assert problems == {
        ("name", "required"): "工作室名称不能为空",
        ("founded_on", "after_members"): "成立日期不能晚于成员最早的加入日期（2020年1月1日）",
        ("founded_on", "after_naming"): "成立日期不能晚于工作室获得命名的日期（2023年3月15日）",
        ("reason", "required"): "更正原因不能为空",
    }
    for body, field in (
        ({"founded_on": "2099-01-01"}, "founded_on"),
        ({"host_unit_nature": "guild"}, "host_unit_nature"),
        ({"venue_area_sqm": -1}, "venue_area_sqm"),
        ({"name": None}, "name"),
        ({"leader_person_id": api.own.person}, "leader_person_id"),
        ({"unit_union_id": api.own.unit}, "unit_union_id"),
    ):
        refused = api.client.patch(url, headers=officer, json={"reason": "核对"} | body)
        assert refused.status_code == 422, (body, refused.text)
        fields = {p["field"] for p in refused.json()["error"]["problems"]}
        assert any(name.endswith(field) for name in fields), (body, fields)
    assert api.writes() == writes
    assert api.client.get(url, headers=officer).json() == before


def test_another_district_is_answered_as_missing_and_finance_may_not_correct(api: Api) -> None:
    body = {"specialty": "数控加工", "reason": "核对"}
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    theirs = api.client.patch(_url(api, "other"), headers=officer, json=body)
    assert theirs.status_code == 404
    finance = api.callers[Role.FINANCE].headers
    assert api.client.patch(_url(api), headers=finance, json=body).status_code == 403


def test_a_correction_from_a_stale_reading_is_refused_and_undoes_nothing(api: Api) -> None:
    """Two officers read the team; the second correction, sent from the older reading, would undo
    the first without a word: 409, nothing written. A client that sends no version is not
    checked."""
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    url = _url(api)
    read = api.client.get(url, headers=officer).json()
    first = api.client.patch(
        url,
        headers=unit,
        json={
            "address": "杨浦区军工路100号",
            "reason": "地址搬迁",
            "expected_version": read["version"],
        },
    )
    assert first.status_code == 200, first.text
    assert first.json()["version"] == read["version"] + 1
    writes = api.writes()
    stale = api.client.patch(
        url,
        headers=officer,
        json={"address": "杨浦区长阳路1号", "reason": "核对", "expected_version": read["version"]},
    )
    assert stale.status_code == 409, stale.text
    error = stale.json()["error"]
    assert (error["field"], error["message"]) == (
        "expected_version",
        "该工作室的登记已在您打开后被修改，请刷新后重试",
    )
    assert api.writes() == writes
    assert api.client.get(url, headers=officer).json()["address"] == "杨浦区军工路100号"
    fresh = api.client.patch(
        url,
        headers=officer,
        json={
            "address": "杨浦区长阳路1号",
            "reason": "核对",
            "expected_version": read["version"] + 1,
        },
    )
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["address"] == "杨浦区长阳路1号"


def test_a_name_another_team_of_the_unit_bears_is_refused_and_registering_it_stays_refused(
    api: Api,
) -> None:
    """One unit's teams are told apart by name: a correction to a sibling's name is refused as
    registering it is (before, it was taken, and registering that name again was a 500)."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    url = _url(api)
    own = api.client.get(url, headers=unit).json()
    sibling = {
        "name": "另一个数控攻关技师创新工作室",
        "host_unit_name": own["host_unit_name"],
        "host_unit_nature": own["host_unit_nature"],
        "unit_union_id": own["unit_union_id"],
        "founded_on": own["founded_on"],
        "leader_person_id": own["leader_person_id"],
    }
    made = api.client.post("/api/v1/workshops", headers=unit, json=sibling)
    assert made.status_code == 201, made.text
    writes = api.writes()
    body = {"name": sibling["name"], "reason": "更名"}
    refused = api.client.patch(url, headers=unit, json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["problems"] == [
        {"field": "name", "code": "duplicate", "message": "该单位已有同名工作室"}
    ]
    assert api.writes() == writes
    again = api.client.post("/api/v1/workshops", headers=unit, json=sibling)
    assert again.status_code == 422, again.text
    assert again.json()["error"]["problems"][0]["field"] == "name"
    # Its own name, sent back unchanged with another correction, is no duplicate.
    kept = api.client.patch(url, headers=unit, json={"name": own["name"], "reason": "核对"})
    assert kept.status_code == 200, kept.text
