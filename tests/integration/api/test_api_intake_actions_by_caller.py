"""An application's ``actions`` are what the caller may record on it: its union's step, with a
role the steps route admits. Before: ``GET /api/v1/intake/applications/{id}`` offered the stage's
actions to whoever read it (the district officer and finance saw 同意/退回 at the unit's step,
then were refused with ``not_your_step`` when they took one; the district's finance staff
saw them at the district's own step, which their role may not record)."""

from __future__ import annotations

from lifecycle.accounts.service import issue_token
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api
from tests.integration.api.intake_calls import drafted, yangpu_2027_call


def _bearer(api: Api, role: Role, union_id: int) -> dict[str, str]:
    with api.uow() as u:
        principal, _ = f.user(u, role, union_id)
        token = issue_token(u, principal, "申报", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def test_only_the_union_whose_step_it_is_is_offered_the_actions(api: Api) -> None:
    c = api.client
    callers = {role: api.callers[role].headers for role in api.callers}
    unit = callers[Role.UNIT_CONTACT]
    sector = _bearer(api, Role.DISTRICT_OFFICER, api.tree.sector.id)
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    app_id = drafted(api, yangpu_2027_call(api), shop_id)
    link = f"/api/v1/intake/applications/{app_id}"
    assert c.get(link, headers=unit).json()["actions"] == []  # a draft: submitted, not stepped
    assert c.post(f"{link}/submit", headers=unit, json={}).status_code == 200

    def actions(headers: dict[str, str]) -> list[str]:
        got = c.get(link, headers=headers)
        assert got.status_code == 200, got.text
        offered: list[str] = got.json()["actions"]
        return offered

    # The unit's own step: the unit contact is offered it, nobody else reading the application.
    assert actions(unit) == ["approve", "return", "reject"]
    for role, headers in callers.items():
        if role is not Role.UNIT_CONTACT:
            assert actions(headers) == [], role
    # What was offered is what the steps route takes; what was not offered, it refuses.
    step = {"stage": "unit", "action": "approve", "decided_on": "2026-11-21", "signer": "签"}
    district = callers[Role.DISTRICT_OFFICER]
    refused = c.post(f"{link}/steps", headers=district, json=step)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "not_your_step")
    done = c.post(f"{link}/steps", headers=unit, json={**step, "consent": "党政联席会议同意"})
    assert done.status_code == 200, done.text
    # The answer to the step is the unit's too: its step is done, nothing more is offered.
    assert done.json()["actions"] == []
    # The sector union's step: its officer is offered it, the unit no more.
    sector_step = actions(sector)
    assert (sector_step[0], sector_step[-2:]) == ("approve", ["return", "reject"])
    assert actions(unit) == []
    done = c.post(f"{link}/steps", headers=sector, json={**step, "stage": "sector"})
    assert done.status_code == 200, done.text
    # The district's 评审: its officer is offered it; its finance staff, of the same union but
    # whose role may not record a step, are not.
    assert actions(district) == ["approve", "return", "reject"]
    assert actions(callers[Role.FINANCE]) == []


def test_the_reference_says_whose_actions_they_are(api: Api) -> None:
    models = api.client.get("/openapi.json").json()["components"]["schemas"]
    actions = models["ApplicationDetail"]["properties"]["actions"]["description"]
    assert "仅当轮到调用者所在工会办理" in actions
    warnings = models["ChangeRequestOut"]["properties"]["warnings"]["description"]
    assert warnings.startswith("提示：拟任新领衔人")
