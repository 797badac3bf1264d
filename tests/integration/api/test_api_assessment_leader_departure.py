"""The 考核 of a 上海市劳模创新工作室 whose 领衔劳模 has left, over the JSON API on both backends
([S9] 第九条): each year's 考核 carries the leader's departure and where its 附件3 stands
(owed, open) as ``leader_departure``; the unit's 合格 is not refused; once the city decided the
附件3 (摘牌) or with a leader who leads, the field is null."""

from __future__ import annotations

from datetime import date

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.change_decisions import approved_through_the_city
from tests.integration.api.conftest import Api

ARTICLE = "《上海市“劳模创新工作室”管理办法（修订）》第九条"


def _h(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def _title(api: Api) -> tuple[int, int, str]:
    with api.uow() as u:
        d = f.named_designation(
            u, api.tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5)
        )
        u.commit()
        return d.id, d.workshop_id, d.workshop.leader.name


def _left(api: Api, shop_id: int) -> None:
    event = api.client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": "2026-09-01", "source": "单位工会书面报告"},
        headers=_h(api, Role.UNIT_CONTACT),
    )
    assert event.status_code == 201, event.text


def _unit_passes(api: Api, d_id: int):
    body = {"year": 2026, "step": "unit", "passed": True, "decided_on": "2026-11-02",
            "signer": "李主席", "opinion": "团队运行正常"}  # fmt: skip
    return api.client.post(
        f"/api/v1/designations/{d_id}/assessments", json=body, headers=_h(api, Role.UNIT_CONTACT)
    )


def _read(api: Api, d_id: int, role: Role = Role.DISTRICT_OFFICER) -> list[dict]:
    answer = api.client.get(f"/api/v1/designations/{d_id}/assessments", headers=_h(api, role))
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def test_a_unit_pass_on_a_title_whose_leader_left_says_the_change_request_is_owed(
    api: Api,
) -> None:
    d_id, shop_id, name = _title(api)
    _left(api, shop_id)
    passed = _unit_passes(api, d_id)
    assert passed.status_code == 200, passed.text  # not refused: [S9] does not make it wait
    gone = passed.json()["leader_departure"]
    assert gone["leader_name"] == name
    assert (gone["employment_status"], gone["departed_on"]) == ("left", "2026-09-01")
    assert (gone["change_request"], gone["change_request_id"]) == ("owed", None)
    assert gone["event_recorded"] is True
    assert gone["message"].startswith(f"领衔人{name}已于2026年9月1日离职，不能继续领衔；")
    assert "管理变更申请（附件3）尚未报送" in gone["message"]
    assert ARTICLE in gone["message"]
    # The district and the city read the same on the year's 考核.
    for role in (Role.DISTRICT_OFFICER, Role.CITY_OFFICER):
        [row] = _read(api, d_id, role)
        assert row["leader_departure"] == gone


def test_an_open_change_request_is_named_and_the_citys_decision_clears_the_fact(
    api: Api,
) -> None:
    d_id, shop_id, _ = _title(api)
    _left(api, shop_id)
    filed = api.client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json={"reason": "left", "reason_details": "领衔劳模离职", "measure": "revoke",
              "filed_on": "2026-10-08"},
        headers=_h(api, Role.DISTRICT_OFFICER),
    )  # fmt: skip
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]
    passed = _unit_passes(api, d_id)
    assert passed.status_code == 200, passed.text
    gone = passed.json()["leader_departure"]
    assert (gone["change_request"], gone["change_request_id"]) == ("open", request_id)
    assert f"管理变更申请（附件3）第{request_id}号尚未办结" in gone["message"]
    # The city decides the 附件3 (摘牌): nothing is owed or open any more.
    approved_through_the_city(api, request_id)
    [row] = _read(api, d_id)
    assert row["outcome"] == "closed"
    assert row["leader_departure"] is None


def test_a_title_whose_leader_leads_carries_no_departure(api: Api) -> None:
    d_id, _, _ = _title(api)
    passed = _unit_passes(api, d_id)
    assert passed.status_code == 200, passed.text
    assert passed.json()["leader_departure"] is None
    [row] = _read(api, d_id)
    assert row["leader_departure"] is None


def test_the_assessments_own_delisting_application_stands_for_the_change_request(
    api: Api,
) -> None:
    d_id, shop_id, _ = _title(api)
    _left(api, shop_id)
    for role, step, on in ((Role.UNIT_CONTACT, "unit", "2026-11-02"),
                           (Role.DISTRICT_OFFICER, "district", "2026-11-03")):  # fmt: skip
        body = {"year": 2026, "step": step, "passed": False, "decided_on": on,
                "signer": "李主席", "opinion": "领衔劳模离职"}  # fmt: skip
        failed = api.client.post(
            f"/api/v1/designations/{d_id}/assessments", json=body, headers=_h(api, role)
        )
        assert failed.status_code == 200, failed.text
    assert failed.json()["outcome"] == "revocation_applied"
    [row] = _read(api, d_id, Role.CITY_OFFICER)
    gone = row["leader_departure"]
    assert (gone["change_request"], gone["change_request_id"]) == ("delisting_applied", None)
    assert "本工作室年度考核已向上海市总工会申请摘牌，待市总工会决定" in gone["message"]
