"""Over the API, an inspection's refused fields are named as its forms name them [Y12]: 检查地点
(not 地点) when scheduling or moving it, 改期原因 and 撤销原因 (not 原因); nothing is written."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def test_schedule_move_and_withdrawal_refusals_use_the_forms_words(api: Api) -> None:
    district = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    scheduled = api.client.post(
        f"/api/v1/designations/{api.own.designation}/inspections",
        json={"kind": "cycle_end", "scheduled_on": "2026-11-20", "place": "", "inspectors": "王"},
        headers=district,
    )
    assert scheduled.status_code == 422, scheduled.text
    assert scheduled.json()["error"]["message"] == "检查地点不能为空"
    moved = api.client.patch(
        f"/api/v1/inspections/{api.own.inspection}",
        json={"place": "", "reason": "改" * 501},
        headers=district,
    )
    assert moved.status_code == 422, moved.text
    said = moved.json()["error"]["message"].split("；")
    assert said == ["检查地点不能为空", "改期原因不能超过500个字符"]
    withdrawn = api.client.post(
        f"/api/v1/inspections/{api.own.inspection}/withdrawal",
        json={"reason": ""},
        headers=district,
    )
    assert withdrawn.status_code == 422, withdrawn.text
    assert withdrawn.json()["error"]["message"] == "撤销原因不能为空"
    assert api.writes() == before
