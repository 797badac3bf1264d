"""附件3's 申请原因 with no leader event cited, over the JSON API on both backends: not other
than what the leader's record says ended their leading (离职、已故); refused beside reason,
nothing written [C 三（六）]."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api


def test_a_request_citing_no_event_may_not_say_retired_for_a_leader_who_left(api: Api) -> None:
    with api.uow() as u:
        old = f.person(u, name="周工匠", honours=lf.CRAFTSMAN, union_id=api.tree.unit.id)
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=old)
        u.commit()
        d_id, shop_id = d.id, d.workshop_id
    unit = api.callers[Role.UNIT_CONTACT].headers
    event = api.client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
        headers=unit,
    )
    assert event.status_code == 201, event.text
    body = {"reason": "retired", "reason_details": "领衔工匠已退休",
            "measure": "exit_keeping_title", "filed_on": "2026-06-05"}  # fmt: skip
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/designations/{d_id}/change-requests", json=body, headers=unit
    )
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("reason", "reason_not_record")
    assert problem["message"] == "申请原因（退休）与领衔人周工匠的登记情况（离职）不一致"
    assert api.writes() == before
    filed = api.client.post(
        f"/api/v1/designations/{d_id}/change-requests", json=body | {"reason": "left"}, headers=unit
    )
    assert filed.status_code == 201, filed.text
