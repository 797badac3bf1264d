"""A 附件3's proposed new leader who leaves or dies after the filing is not made the leader, over
the JSON API on both backends [C 三（六）][S9]: the district's review and the city's decision are
refused beside ``new_leader_person_id`` with who left and since when, nothing written; the request
is still returned (district, city) or not agreed to (city)."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api


def _filed(api: Api) -> tuple[int, int, int]:
    """A craftsman title whose 附件3 names 钱工匠 (who leads another title) as new leader:
    (request id, the title's id, 钱工匠's workshop id)."""
    with api.uow() as u:
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman")
        qian = f.person(u, name="钱工匠", honours=lf.CRAFTSMAN, union_id=api.tree.unit.id)
        other = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=qian)
        request = lf.file_request(u, api.tree, d, new_leader=qian)
        u.commit()
        return request.id, d.id, other.workshop_id


def _step(api: Api, request_id: int, role: Role, step: str, **body: Any) -> Any:
    sent = {"decision": "approve", "decided_on": "2026-07-10", "signer": "王部长",
            "opinion": "同意"} | body  # fmt: skip
    return api.client.post(
        f"/api/v1/change-requests/{request_id}/{step}", json=sent, headers=api.callers[role].headers
    )


def _left(api: Api, shop_id: int, on: str) -> None:
    event = api.client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": on, "source": "单位工会书面报告"},
        headers=api.callers[Role.UNIT_CONTACT].headers,
    )
    assert event.status_code == 201, event.text


def _refused_beside_the_leader(answer: Any) -> None:
    assert answer.status_code == 422, answer.text
    (problem,) = answer.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("new_leader_person_id", "leader_gone")
    assert problem["message"] == "新领衔人：钱工匠已于2026年7月1日离职，不能担任领衔人"


def test_the_district_may_not_agree_to_a_new_leader_who_left_since_the_filing(api: Api) -> None:
    request_id, _, qian_shop = _filed(api)
    assert _step(api, request_id, Role.UNIT_CONTACT, "unit", decided_on="2026-06-05").is_success
    _left(api, qian_shop, "2026-07-01")
    before = api.writes()
    _refused_beside_the_leader(_step(api, request_id, Role.DISTRICT_OFFICER, "district"))
    assert api.writes() == before
    back = _step(api, request_id, Role.DISTRICT_OFFICER, "district", decision="send_back",
                 opinion="拟任领衔人已离职，请重新推荐")  # fmt: skip
    assert back.status_code == 200, back.text
    assert back.json()["status"] == "returned"


def test_the_city_may_not_apply_a_change_to_a_new_leader_who_left(api: Api) -> None:
    request_id, d_id, qian_shop = _filed(api)
    assert _step(api, request_id, Role.UNIT_CONTACT, "unit", decided_on="2026-06-05").is_success
    assert _step(
        api, request_id, Role.DISTRICT_OFFICER, "district", decided_on="2026-06-12"
    ).is_success
    _left(api, qian_shop, "2026-07-01")
    district = api.callers[Role.DISTRICT_OFFICER].headers
    leader_before = api.client.get(f"/api/v1/designations/{d_id}", headers=district).json()
    before = api.writes()
    _refused_beside_the_leader(_step(api, request_id, Role.CITY_OFFICER, "city"))
    assert api.writes() == before
    title = api.client.get(f"/api/v1/designations/{d_id}", headers=district).json()
    assert title == leader_before  # the leader is not changed
    no = _step(api, request_id, Role.CITY_OFFICER, "city", decision="reject",
               opinion="拟任领衔人已离职，不同意变更")  # fmt: skip
    assert no.status_code == 200, no.text
    assert no.json()["status"] == "rejected"


def test_the_unit_may_not_agree_to_a_new_leader_who_left_since_the_filing(api: Api) -> None:
    """The unit union's opinion checks the rule the district and the city check: the same
    refusal beside ``new_leader_person_id``, nothing written; the unit withdraws instead."""
    request_id, _, qian_shop = _filed(api)
    _left(api, qian_shop, "2026-07-01")
    before = api.writes()
    _refused_beside_the_leader(_step(api, request_id, Role.UNIT_CONTACT, "unit"))
    assert api.writes() == before
    shown = api.client.get(
        f"/api/v1/change-requests/{request_id}", headers=api.callers[Role.UNIT_CONTACT].headers
    )
    assert shown.json()["status"] == "pending_unit"
