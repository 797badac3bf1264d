"""A 上海市劳模创新工作室 whose leader left: once its unit's and district's unions applied for 摘牌
on the year's 考核, the 待办 stops asking them for a 管理变更申请（附件3） about the same leader,
over the JSON API on both backends. 「对…领衔劳模已故、离职、退休等不能继续发挥示范引领作用的劳模
创新工作室，须向上海市总工会申请摘牌」 ([S9] 第九条) is that application; the city decides it.
Before, both unions were still told 「请…报送管理变更申请（附件3）」 while their 摘牌 application
waited for the city, so a second 摘牌 application of the same title was asked for. The city's
保留 decides the title stays: the leader still cannot lead, so the 附件3 is owed again."""

from __future__ import annotations

from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api

MODEL_WORKER = (f.HonourInput(Honour.NATIONAL_MODEL_WORKER, 2015),)


def test_a_delisting_applied_on_the_assessment_settles_the_change_request_owed(
    api: Api,
) -> None:
    with api.uow() as u:
        leader = f.person(u, name="钱劳模", honours=MODEL_WORKER, union_id=api.tree.unit.id)
        d = lf.titled(u, api.tree, scheme="shanghai-model-worker", leader=leader)
        u.commit()
        d_id, shop_id = d.id, d.workshop_id
    client = api.client
    headers = {role: api.callers[role].headers for role in Role if role in api.callers}
    district = headers[Role.DISTRICT_OFFICER]

    def owed() -> list[tuple[int, str]]:
        items = client.get(
            "/api/v1/occasions",
            params={"union_id": api.tree.district.id, "kind": "change_request_due"},
            headers=district,
        ).json()["items"]
        return sorted((o["union_id"], o["status"]) for o in items if o["designation_id"] == d_id)

    def todo(role: Role) -> set[int]:
        items = client.get(
            "/api/v1/todo", params={"kind": "change_request_due"}, headers=headers[role]
        ).json()["items"]
        return {o["designation_id"] for o in items}

    def step(role: Role, name: str, passed: bool, on: str, **extra: str) -> dict[str, object]:
        body = {"year": 2026, "step": name, "passed": passed, "decided_on": on,
                "signer": "李主席", "opinion": "领衔劳模离职", **extra}  # fmt: skip
        done = client.post(
            f"/api/v1/designations/{d_id}/assessments", json=body, headers=headers[role]
        )
        assert done.status_code == 200, done.text
        answer: dict[str, object] = done.json()
        return answer

    event = client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
        headers=headers[Role.UNIT_CONTACT],
    )
    assert event.status_code == 201, event.text
    asked = sorted([(api.tree.district.id, "overdue"), (api.tree.unit.id, "overdue")])
    assert owed() == asked
    assert d_id in todo(Role.DISTRICT_OFFICER)

    step(Role.UNIT_CONTACT, "unit", False, "2026-11-02")
    assert owed() == asked  # the unit's fail is not yet the application to the city
    applied = step(Role.DISTRICT_OFFICER, "district", False, "2026-11-03")
    assert applied["outcome"] == "revocation_applied"
    assert owed() == []
    assert d_id not in todo(Role.DISTRICT_OFFICER)
    assert d_id not in todo(Role.UNIT_CONTACT)

    kept = step(Role.CITY_OFFICER, "city", True, "2026-11-05")
    assert kept["outcome"] == "kept"
    assert owed() == asked
    assert d_id in todo(Role.DISTRICT_OFFICER)
