"""The 附件3 owed for a leader who is gone comes back when the city does not agree, over the JSON
API on both backends [C 三（六）]: a 不同意 decides nothing about the title, whose leader still
cannot lead, so the unit's and the district's unions are asked again, as after a withdrawal."""

from __future__ import annotations

from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api

CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)


def test_the_change_owed_is_asked_again_once_the_city_does_not_agree(api: Api) -> None:
    with api.uow() as u:
        old = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=api.tree.unit.id)
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=old)
        new = f.person(u, name="吴新匠", honours=CRAFTSMAN, union_id=api.tree.unit.id)
        u.commit()
        d_id, shop_id, new_id = d.id, d.workshop_id, new.id
    client = api.client
    unit, district = (
        api.callers[Role.UNIT_CONTACT].headers,
        api.callers[Role.DISTRICT_OFFICER].headers,
    )

    def owed() -> list[tuple[int, str]]:
        items = client.get(
            "/api/v1/occasions",
            params={"union_id": api.tree.district.id, "kind": "change_request_due"},
            headers=district,
        ).json()["items"]
        return sorted((o["union_id"], o["status"]) for o in items if o["designation_id"] == d_id)

    event = client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
        headers=unit,
    )
    assert event.status_code == 201, event.text
    asked = [(api.tree.district.id, "overdue"), (api.tree.unit.id, "overdue")]
    assert owed() == sorted(asked)
    filed = client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json={"reason": "left", "reason_details": "领衔工匠调往外省", "measure": "leader_change",
              "new_leader_person_id": new_id, "filed_on": "2026-06-05",
              "leader_event_id": event.json()["id"]},
        headers=unit,
    )  # fmt: skip
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]
    assert owed() == []
    for role, step, on, decision in (
        (Role.UNIT_CONTACT, "unit", "2026-06-06", "approve"),
        (Role.DISTRICT_OFFICER, "district", "2026-06-10", "approve"),
        (Role.CITY_OFFICER, "city", "2026-06-20", "reject"),
    ):
        done = client.post(
            f"/api/v1/change-requests/{request_id}/{step}",
            json={"decision": decision, "decided_on": on, "signer": "签署人",
                  "opinion": "同意" if decision == "approve" else "新领衔人人选不宜"},
            headers=api.callers[role].headers,
        )  # fmt: skip
        assert done.status_code == 200, done.text
    assert done.json()["status"] == "rejected"
    title = client.get(f"/api/v1/designations/{d_id}", headers=district).json()
    assert title["status"] == "named"
    assert owed() == sorted(asked)  # asked again: the leader still cannot lead
