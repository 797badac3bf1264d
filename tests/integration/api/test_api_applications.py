"""API: excellence support [Y15] — the unit applies, finance records the district's decision."""

from __future__ import annotations

from lifecycle.citations import cite
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def test_the_unit_lists_its_application_and_finance_rejects_it_with_a_reason(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    finance = api.callers[Role.FINANCE].headers
    listed = api.client.get(
        f"/api/v1/designations/{api.own.designation}/excellence-applications", headers=contact
    )
    assert listed.status_code == 200, listed.text
    (application,) = listed.json()["items"]
    assert (application["id"], application["status"]) == (api.own.application, "pending")
    path = f"/api/v1/excellence-applications/{api.own.application}/decision"
    refused = api.client.post(
        path,
        headers=contact,
        json={"decision": "reject", "decided_on": "2026-11-15", "reason": "x"},
    )
    assert refused.status_code == 403
    missing = api.client.post(
        path, headers=finance, json={"decision": "approve", "decided_on": "2026-11-15"}
    )
    assert missing.status_code == 422
    fields = {p["field"] for p in missing.json()["error"]["problems"]}
    assert fields == {"decision_ref", "amount_yuan"}
    done = api.client.post(
        path,
        headers=finance,
        json={
            "decision": "reject",
            "decided_on": "2026-11-15",
            "reason": "效益不突出",
            "expected_version": 1,
        },
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "rejected"
    assert done.json()["decision_note"] == "效益不突出"
    again = api.client.post(
        f"/api/v1/designations/{api.own.designation}/excellence-applications",
        headers=contact,
        json={
            "achievement_id": api.own.achievement,
            "year": 2026,
            "filed_on": "2026-11-16",
            "summary": "再次申请",
        },
    )
    assert again.status_code == 422
    codes = {p["code"] for p in again.json()["error"]["problems"]}
    assert "duplicate_application" in codes
    # The refusal cites the rule it applies (「同一成果只能提出一次扶持申请」 [Y15]).
    (duplicate,) = [
        p for p in again.json()["error"]["problems"] if p["code"] == "duplicate_application"
    ]
    assert duplicate["field"] == "achievement_id"
    assert duplicate["message"] == cite("同一成果只能提出一次扶持申请（[Y15]）")
    elsewhere = api.client.get(
        f"/api/v1/designations/{api.other.designation}/excellence-applications", headers=contact
    )
    assert elsewhere.status_code == 404


def test_an_achievement_from_before_the_naming_is_not_put_forward_for_support(api: Api) -> None:
    """[Y15] support is for the named workshop's results (reading 35c): the title was named on
    2023-03-15, so an achievement of 2022 is refused on achievement_id and nothing is written."""
    contact = api.callers[Role.UNIT_CONTACT].headers
    recorded = api.client.post(
        f"/api/v1/workshops/{api.own.workshop}/ledger/achievements",
        headers=contact,
        json={"kind": "method", "title": "命名前的操作法", "achieved_on": "2022-05-01"},
    )
    assert recorded.status_code == 201, recorded.text
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/designations/{api.own.designation}/excellence-applications",
        headers=contact,
        json={
            "achievement_id": recorded.json()["id"],
            "year": 2026,
            "filed_on": "2026-11-16",
            "summary": "效益突出",
        },
    )
    assert refused.status_code == 422
    problems = refused.json()["error"]["problems"]
    (problem,) = [p for p in problems if p["field"] == "achievement_id"]
    assert problem["code"] == "before_naming"
    assert "2022年5月1日" in problem["message"]
    assert "2023年3月15日" in problem["message"]
    assert "第十五条" in problem["message"]
    assert api.writes() == before


def test_an_application_belongs_to_a_year_end_filing_after_the_naming_and_its_achievement(
    api: Api,
) -> None:
    """[Y15] applies 「在年底向区总工会备案时」: not at the filing of a year before the naming
    (2023-03-15), not dated before its year, not for an achievement made after the application
    or in a later year than the filing; each refused beside its field, nothing written."""
    contact = api.callers[Role.UNIT_CONTACT].headers
    recorded = api.client.post(
        f"/api/v1/workshops/{api.own.workshop}/ledger/achievements",
        headers=contact,
        json={"kind": "award", "title": "年底获奖", "achieved_on": "2026-11-10"},
    )
    assert recorded.status_code == 201, recorded.text
    path = f"/api/v1/designations/{api.own.designation}/excellence-applications"
    body = {"achievement_id": recorded.json()["id"], "summary": "效益突出"}
    before = api.writes()
    cases = [
        ({"year": 2022, "filed_on": "2026-11-12"}, "year", "before_naming_year", "2023年3月15日"),
        ({"year": 2026, "filed_on": "2025-12-20"}, "filed_on", "before_year", "不能早于备案年度"),
        (
            {"year": 2026, "filed_on": "2026-11-01"},
            "achievement_id",
            "not_of_the_filing",
            "晚于申请日期",
        ),
        (
            {"year": 2025, "filed_on": "2026-11-12"},
            "achievement_id",
            "not_of_the_filing",
            "不属于2025年度",
        ),
    ]
    for typed, field, code, words in cases:
        refused = api.client.post(path, headers=contact, json=body | typed)
        assert refused.status_code == 422, (typed, refused.text)
        problems = refused.json()["error"]["problems"]
        (problem,) = [p for p in problems if p["field"] == field]
        assert problem["code"] == code, typed
        assert words in problem["message"], problem["message"]
    assert api.writes() == before
