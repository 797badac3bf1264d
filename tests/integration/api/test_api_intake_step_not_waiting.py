"""A review step posted on an application that does not wait at that stage says why: not yet
submitted, or waiting at another stage (before: one 「该申报当前不在此审核环节，请刷新后查看」 for
all, tester district64). Nothing is recorded."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api
from tests.integration.api.intake_calls import drafted, yangpu_2027_call


def test_a_step_on_a_draft_or_at_another_stage_says_why_and_records_nothing(api: Api) -> None:
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    app_id = drafted(api, yangpu_2027_call(api), shop_id)
    url = f"/api/v1/intake/applications/{app_id}"
    step = {"stage": "unit", "action": "approve", "decided_on": "2026-11-21", "signer": "签"}
    step["consent"] = "党政联席会议同意"

    draft = c.post(f"{url}/steps", headers=unit, json=step)
    assert draft.status_code == 409, draft.text
    error = draft.json()["error"]
    assert (error["field"], error["message"]) == (
        "stage",
        "该申报尚未提交，单位提交后方可办理审核",
    )
    assert c.get(url, headers=unit).json()["application"]["status"] == "draft"

    assert c.post(f"{url}/submit", headers=unit, json={}).is_success
    early = c.post(f"{url}/steps", headers=district, json={**step, "stage": "panel"})
    assert early.status_code == 409, early.text
    waiting = "「单位工会推荐（经本单位党政同意）」"
    said = f"该申报当前在{waiting}环节，不在此审核环节，请刷新后查看"
    assert early.json()["error"]["message"] == said
    detail = c.get(url, headers=unit).json()["application"]
    assert (detail["status"], detail["stage"]) == ("in_review", "unit")
