"""A city title's 考核 and its 附件3 do not outlive the title, over the JSON API on both backends:
the city's 摘牌 on the 考核 [S9] closes an open 附件3 of the title (no step of it is worked on a
lost title any more), and a title the city delisted or let exit on 附件3 meanwhile [C 三（六）] is
neither kept nor delisted again on a 考核 still waiting for the city."""

from __future__ import annotations

from datetime import date

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def _h(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def _title(api: Api) -> int:
    with api.uow() as u:
        d = f.named_designation(
            u, api.tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5)
        )
        u.commit()
        return d.id


def _step(api: Api, designation_id: int, role: Role, step: str, passed: bool, on: str, **extra):
    body = {"year": 2026, "step": step, "passed": passed, "decided_on": on,
            "signer": "李主席", "opinion": "领衔劳模离职", **extra}  # fmt: skip
    return api.client.post(
        f"/api/v1/designations/{designation_id}/assessments", json=body, headers=_h(api, role)
    )


def _applied_for_revocation(api: Api, designation_id: int) -> None:
    """The unit and the district fail the title: a 摘牌 application waits for the city [S9]."""
    assert _step(api, designation_id, Role.UNIT_CONTACT, "unit", False, "2026-11-02").is_success
    district = _step(api, designation_id, Role.DISTRICT_OFFICER, "district", False, "2026-11-03")
    assert district.json()["outcome"] == "revocation_applied", district.text


def _file(api: Api, designation_id: int) -> int:
    filing = {"reason": "left", "reason_details": "领衔劳模离职", "measure": "revoke",
              "filed_on": "2026-11-01"}  # fmt: skip
    filed = api.client.post(
        f"/api/v1/designations/{designation_id}/change-requests",
        json=filing,
        headers=_h(api, Role.DISTRICT_OFFICER),
    )
    assert filed.status_code == 201, filed.text
    request_id: int = filed.json()["id"]
    return request_id


DECISION = {"decision": "approve", "signer": "签署人", "opinion": "同意"}


def test_the_citys_delisting_on_the_assessment_closes_the_titles_open_change_request(
    api: Api,
) -> None:
    designation_id = _title(api)
    # Filed first: once the 考核 applied for the 摘牌, no 附件3 is filed besides it [S9].
    request_id = _file(api, designation_id)
    _applied_for_revocation(api, designation_id)

    revoked = _step(api, designation_id, Role.CITY_OFFICER, "city", False, "2026-11-05",
                    decision_ref="沪工总〔2026〕9号", signer="市总工会周主席")  # fmt: skip
    assert revoked.status_code == 200, revoked.text

    city = _h(api, Role.CITY_OFFICER)
    request = api.client.get(f"/api/v1/change-requests/{request_id}", headers=city).json()
    assert request["status"] == "closed"
    steps = api.client.get(f"/api/v1/change-requests/{request_id}/steps", headers=city).json()
    last = steps[-1]
    assert (last["step"], last["action"], last["decided_on"], last["acting_union_id"]) == (
        "unit", "closed", "2026-11-05", api.tree.city.id,
    )  # fmt: skip
    # Signed as the city's decision names its signer [S9] (before: the entering account's name).
    assert last["signer"] == "市总工会周主席"
    assert last["opinion"] == (
        "2026年度考核不合格，市总工会决定摘牌（沪工总〔2026〕9号），本申请终止办理"
    )

    # Nobody works the closed request on the lost title any more.
    writes = api.writes()
    unit = api.client.post(
        f"/api/v1/change-requests/{request_id}/unit",
        json={**DECISION, "decided_on": "2026-11-06"},
        headers=_h(api, Role.UNIT_CONTACT),
    )
    assert unit.status_code == 422, unit.text
    assert unit.json()["error"]["code"] == "request_closed"
    assert "称号已摘牌，申请终止办理" in unit.json()["error"]["message"]
    assert api.writes() == writes


def test_a_title_delisted_on_change_request_meanwhile_is_not_kept_on_its_assessment(
    api: Api,
) -> None:
    designation_id = _title(api)
    # Filed first: once the 考核 applied for the 摘牌, no 附件3 is filed besides it [S9].
    request_id = _file(api, designation_id)
    _applied_for_revocation(api, designation_id)
    for step, role, on in (("unit", Role.UNIT_CONTACT, "2026-11-05"),
                           ("district", Role.DISTRICT_OFFICER, "2026-11-06")):  # fmt: skip
        done = api.client.post(
            f"/api/v1/change-requests/{request_id}/{step}",
            json={**DECISION, "decided_on": on},
            headers=_h(api, role),
        )
        assert done.status_code == 200, done.text
    decided = api.client.post(
        f"/api/v1/change-requests/{request_id}/city",
        json={**DECISION, "decided_on": "2026-11-07", "decision_ref": "沪工总〔2026〕8号"},
        headers=_h(api, Role.CITY_OFFICER),
    )
    assert decided.status_code == 200, decided.text

    writes = api.writes()
    kept = _step(api, designation_id, Role.CITY_OFFICER, "city", True, "2026-11-08")
    assert kept.status_code == 422, kept.text
    error = kept.json()["error"]
    assert (error["field"], error["code"]) == ("designation_id", "not_active")
    assert error["message"] == "该工作室已摘牌，不在管理序列中"
    assert api.writes() == writes
    assessments = api.client.get(
        f"/api/v1/designations/{designation_id}/assessments", headers=_h(api, Role.CITY_OFFICER)
    ).json()["items"]
    # The 附件3's 摘牌 closed the 考核's application (before: left 「已申请摘牌，待市总工会决定」).
    assert [(a["year"], a["outcome"]) for a in assessments] == [(2026, "closed")]


def test_the_citys_delisting_is_not_dated_before_the_open_requests_last_step(api: Api) -> None:
    """The 摘牌 closes the open 附件3 on its date: a date before the request's last step would
    put the closing entry before a step it ends; refused naming that step, nothing written."""
    designation_id = _title(api)
    request_id = _file(api, designation_id)
    _applied_for_revocation(api, designation_id)
    worked = api.client.post(
        f"/api/v1/change-requests/{request_id}/unit",
        json={**DECISION, "decided_on": "2026-11-06"},
        headers=_h(api, Role.UNIT_CONTACT),
    )
    assert worked.status_code == 200, worked.text

    writes = api.writes()
    early = _step(api, designation_id, Role.CITY_OFFICER, "city", False, "2026-11-05",
                  decision_ref="沪工总〔2026〕9号")  # fmt: skip
    assert early.status_code == 422, early.text
    error = early.json()["error"]
    assert (error["field"], error["code"]) == ("decided_on", "before_open_request")
    assert error["message"] == (
        f"摘牌日期不能早于本称号管理变更申请第{request_id}号的上一环节（2026年11月6日）："
        "摘牌即终止该申请"
    )
    assert api.writes() == writes

    revoked = _step(api, designation_id, Role.CITY_OFFICER, "city", False, "2026-11-06",
                    decision_ref="沪工总〔2026〕9号")  # fmt: skip
    assert revoked.status_code == 200, revoked.text
    city = _h(api, Role.CITY_OFFICER)
    steps = api.client.get(f"/api/v1/change-requests/{request_id}/steps", headers=city).json()
    assert [(s["action"], s["decided_on"]) for s in steps[-2:]] == [
        ("approved", "2026-11-06"),
        ("closed", "2026-11-06"),
    ]


def test_the_citys_delisting_on_the_request_is_not_dated_before_the_assessments_last_step(
    api: Api,
) -> None:
    """The 附件3's 摘牌 closes a 考核 year still waiting: a date before that year's last step
    would leave a step on a title already lost; refused naming the step, nothing written."""
    designation_id = _title(api)
    request_id = _file(api, designation_id)
    assert _step(api, designation_id, Role.UNIT_CONTACT, "unit", False, "2026-11-02").is_success
    district = _step(api, designation_id, Role.DISTRICT_OFFICER, "district", False, "2026-11-10")
    assert district.status_code == 200, district.text
    for step, role, on in (("unit", Role.UNIT_CONTACT, "2026-11-03"),
                           ("district", Role.DISTRICT_OFFICER, "2026-11-04")):  # fmt: skip
        done = api.client.post(
            f"/api/v1/change-requests/{request_id}/{step}",
            json={**DECISION, "decided_on": on},
            headers=_h(api, role),
        )
        assert done.status_code == 200, done.text

    writes = api.writes()
    city = _h(api, Role.CITY_OFFICER)
    decision = {**DECISION, "decision_ref": "沪工总〔2026〕8号"}
    early = api.client.post(
        f"/api/v1/change-requests/{request_id}/city",
        json={**decision, "decided_on": "2026-11-05"},
        headers=city,
    )
    assert early.status_code == 422, early.text
    error = early.json()["error"]
    assert (error["field"], error["code"]) == ("decided_on", "before_assessment_step")
    assert error["message"] == (
        "摘牌日期不能早于本称号2026年度考核的上一环节（区局（产业）工会申请摘牌 2026年11月10日）："
        "摘牌即终止该年度考核"
    )
    assert api.writes() == writes

    decided = api.client.post(
        f"/api/v1/change-requests/{request_id}/city",
        json={**decision, "decided_on": "2026-11-10"},
        headers=city,
    )
    assert decided.status_code == 200, decided.text
    assessments = api.client.get(
        f"/api/v1/designations/{designation_id}/assessments", headers=city
    ).json()["items"]
    assert [(a["year"], a["outcome"]) for a in assessments] == [(2026, "closed")]
