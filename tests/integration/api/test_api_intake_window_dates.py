"""Over /api/v1: an application submitted before its call opens or after its deadline is refused
beside the call's dates, written as Chinese text writes a date (2026年12月1日), not 2026-12-01
([Y7]; 「…前」 includes the day)."""

from __future__ import annotations

from datetime import datetime

from lifecycle.clock import SHANGHAI
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api
from tests.integration.api.intake_calls import drafted


def test_a_submission_outside_the_window_names_the_calls_dates_in_chinese(api: Api) -> None:
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    call = {"scheme": "yangpu-district", "year": 2027, "title": "2027年度杨浦区创新工作室申报"}
    # Today is 2026-11-21: the call opens on 12-01.
    published = c.post(
        "/api/v1/intake/calls",
        headers=district,
        json=call | {"opens_on": "2026-12-01", "deadline": "2026-12-20"},
    )
    assert published.status_code == 201, published.text
    app_id = drafted(api, published.json()["id"], shop_id)
    submit = f"/api/v1/intake/applications/{app_id}/submit"
    early = c.post(submit, headers=unit, json={})
    assert early.status_code == 422, early.text
    assert [(p["code"], p["message"]) for p in early.json()["error"]["problems"]] == [
        ("call_not_open", "申报尚未开始，受理自2026年12月1日起")
    ]
    # The day after the deadline (Asia/Shanghai).
    late_day = datetime(2026, 12, 21, 9, 0, tzinfo=SHANGHAI)
    api.client.app.state.clock = lambda: late_day  # type: ignore[attr-defined]
    late = c.post(submit, headers=unit, json={})
    assert late.status_code == 422, late.text
    assert [(p["code"], p["message"]) for p in late.json()["error"]["problems"]] == [
        (
            "deadline_passed",
            "申报已截止：截止日期为2026年12月20日（含当日，北京时间），提交日期为2026年12月21日",
        )
    ]
