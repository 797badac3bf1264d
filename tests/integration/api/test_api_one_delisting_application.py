"""One 摘牌 application for one 上海市劳模创新工作室, over the JSON API on both backends ([S9]
第九条): while the 考核's 摘牌 application waits for the city no 附件3 (which for this scheme
can only ask for 摘牌) is filed or resubmitted besides it; the city's 摘牌 on a 附件3 (or on
another year's 考核) closes the 考核 still waiting, as its 摘牌 on the 考核 closes an open
附件3; a continuation consent is refused in each city scheme's own words."""

from __future__ import annotations

from datetime import date

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.change_decisions import DECISION, approved_through_the_city
from tests.integration.api.conftest import Api


def _h(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def _title(api: Api, scheme: str = "shanghai-model-worker") -> int:
    with api.uow() as u:
        d = f.named_designation(u, api.tree, scheme=scheme, naming_date=date(2024, 7, 5))
        u.commit()
        return d.id


def _step(api: Api, d_id: int, role: Role, step: str, passed: bool, on: str, year: int = 2026,
          **extra: str):  # fmt: skip
    body = {"year": year, "step": step, "passed": passed, "decided_on": on,
            "signer": "李主席", "opinion": "领衔劳模离职", **extra}  # fmt: skip
    return api.client.post(
        f"/api/v1/designations/{d_id}/assessments", json=body, headers=_h(api, role)
    )


def _apply(api: Api, d_id: int, year: int = 2026) -> None:
    """The unit and the district fail the title: the 摘牌 application waits for the city."""
    unit = _step(api, d_id, Role.UNIT_CONTACT, "unit", False, f"{year}-11-02", year)
    assert unit.status_code == 200, unit.text
    district = _step(api, d_id, Role.DISTRICT_OFFICER, "district", False, f"{year}-11-03", year)
    assert district.json()["outcome"] == "revocation_applied", district.text


FILING = {"reason": "left", "reason_details": "领衔劳模离职", "measure": "revoke"}


def _file(api: Api, d_id: int, on: str):
    return api.client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json={**FILING, "filed_on": on},
        headers=_h(api, Role.DISTRICT_OFFICER),
    )


def _assessments(api: Api, d_id: int) -> list[tuple[int, str, str]]:
    found = api.client.get(
        f"/api/v1/designations/{d_id}/assessments", headers=_h(api, Role.CITY_OFFICER)
    ).json()["items"]
    return [(a["year"], a["outcome"], a["outcome_label"]) for a in found]


APPLIED = (
    "该工作室2026年度考核已由区局（产业）工会于2026年11月3日向上海市总工会申请摘牌，"
    "待上海市总工会决定，不能就同一称号再提出管理变更申请（附件3）"
    "（《上海市“劳模创新工作室”管理办法（修订）》第九条）"
)


def test_no_change_request_is_filed_while_the_assessments_delisting_application_waits(
    api: Api,
) -> None:
    d_id = _title(api)
    _apply(api, d_id)
    writes = api.writes()
    refused = _file(api, d_id, "2026-11-04")
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["field"], error["code"]) == ("designation_id", "delisting_applied")
    assert error["message"].startswith(APPLIED)
    assert api.writes() == writes
    # The city keeps the title: a 附件3 may be filed again.
    kept = _step(api, d_id, Role.CITY_OFFICER, "city", True, "2026-11-05")
    assert kept.json()["outcome"] == "kept", kept.text
    assert _file(api, d_id, "2026-11-06").status_code == 201


def test_a_returned_change_request_is_not_resubmitted_beside_the_assessments_application(
    api: Api,
) -> None:
    d_id = _title(api)
    filed = _file(api, d_id, "2026-11-01")
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]
    for role, step, body in (
        (Role.UNIT_CONTACT, "unit", DECISION),
        (Role.DISTRICT_OFFICER, "district", {**DECISION, "decision": "send_back"}),
    ):
        done = api.client.post(
            f"/api/v1/change-requests/{request_id}/{step}",
            json={**body, "decided_on": "2026-11-01"},
            headers=_h(api, role),
        )
        assert done.status_code == 200, done.text
    _apply(api, d_id)
    writes = api.writes()
    again = api.client.post(
        f"/api/v1/change-requests/{request_id}/resubmit",
        json={**FILING, "resubmitted_on": "2026-11-04", "signer": "单位联系人"},
        headers=_h(api, Role.UNIT_CONTACT),
    )
    assert again.status_code == 422, again.text
    assert again.json()["error"]["code"] == "delisting_applied"
    assert api.writes() == writes


def test_the_citys_delisting_on_a_change_request_closes_the_waiting_assessment(api: Api) -> None:
    d_id = _title(api)
    filed = _file(api, d_id, "2026-11-01")
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]
    _apply(api, d_id)  # the district fails the title while its 附件3 is under way
    approved_through_the_city(api, request_id)
    assert _assessments(api, d_id) == [(2026, "closed", "称号已摘牌，考核终止办理")]
    # Nothing of it waits for anyone: not the city's 待办, nor a step on the lost title.
    todo = api.client.get(
        "/api/v1/todo", params={"kind": "annual_assessment"}, headers=_h(api, Role.CITY_OFFICER)
    ).json()["items"]
    assert d_id not in {o["designation_id"] for o in todo}
    writes = api.writes()
    kept = _step(api, d_id, Role.CITY_OFFICER, "city", True, "2026-11-08")
    assert kept.status_code == 422, kept.text
    error = kept.json()["error"]
    assert (error["field"], error["code"]) == ("designation_id", "not_active")
    assert api.writes() == writes


def test_the_citys_delisting_on_one_years_assessment_closes_another_years_application(
    api: Api,
) -> None:
    d_id = _title(api)
    _apply(api, d_id, 2025)
    _apply(api, d_id, 2026)
    revoked = _step(api, d_id, Role.CITY_OFFICER, "city", False, "2026-11-06",
                    decision_ref="沪工总〔2026〕9号")  # fmt: skip
    assert revoked.json()["outcome"] == "revoked", revoked.text
    assert [(y, o) for y, o, _ in _assessments(api, d_id)] == [(2025, "closed"), (2026, "revoked")]


CONSENT = {"leader_consented_on": "2026-11-01", "leader_signer": "领衔人",
           "unit_consented_on": "2026-11-02", "unit_signer": "单位"}  # fmt: skip


def _consent(api: Api, d_id: int):
    return api.client.post(
        f"/api/v1/designations/{d_id}/continuation-consents",
        data=CONSENT,
        files={"file": ("consent.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        headers=_h(api, Role.DISTRICT_OFFICER),
    )


def test_a_continuation_consent_is_refused_in_each_city_schemes_own_words(api: Api) -> None:
    model_worker = _consent(api, _title(api))
    assert model_worker.status_code == 422, model_worker.text
    said = model_worker.json()["error"]["message"]
    assert said.startswith("上海市劳模创新工作室不适用退休后继续领衔：")
    assert "向上海市总工会申请摘牌（《上海市“劳模创新工作室”管理办法（修订）》第九条）" in said
    assert "管理变更处理" not in said
    assert "领衔人变更" not in said
    craftsman = _consent(api, _title(api, "shanghai-craftsman")).json()["error"]["message"]
    assert "采取领衔人变更、退出管理序列等措施" in craftsman
    assert "三（六）" in craftsman
