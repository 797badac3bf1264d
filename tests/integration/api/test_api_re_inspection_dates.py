"""Over the API: a 整改复查 is of the 整改 its notice asked for, so it is dated from the notice's
issue to its deadline, when scheduled and when moved; refused beside 检查日期, nothing written
[Y12]."""

from __future__ import annotations

from datetime import date

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import CRITERIA, Api


def _rectifying(api: Api) -> int:
    """A title named 2020-10-16 whose cycle-end inspection, held 2026-10-01, failed: its notice
    is issued on the day the result is entered (2026-11-21, reading 24)."""
    with api.uow() as u:
        d = f.named_designation(
            u, api.tree, scheme="yangpu-district", naming_date=date(2020, 10, 16)
        )
        u.commit()
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    body = {"kind": "cycle_end", "scheduled_on": "2026-10-01", "place": "现场", "inspectors": "王"}
    scheduled = api.client.post(
        f"/api/v1/designations/{d.id}/inspections", json=body, headers=officer
    )
    assert scheduled.status_code == 201, scheduled.text
    outcomes = [{"criterion_code": c, "passed": c != "team", "notes": "成员不足"} for c in CRITERIA]
    recorded = api.client.post(
        f"/api/v1/inspections/{scheduled.json()['id']}/outcome",
        json={"recorded_on": "2026-10-01", "outcomes": outcomes, "expected_version": 1},
        headers=officer,
    )
    assert recorded.status_code == 200, recorded.text
    return d.id


def test_a_re_inspection_before_its_notice_was_issued_is_refused_beside_its_date(
    api: Api,
) -> None:
    designation_id = _rectifying(api)
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    notice = api.client.get(
        "/api/v1/notices", params={"designation_id": designation_id}, headers=officer
    ).json()["items"][0]
    assert notice["issued_on"] == f.AS_OF.isoformat() == "2026-11-21"
    before = api.writes()
    body = {"kind": "re_inspection", "scheduled_on": "2026-10-15", "place": "现场"}
    body["inspectors"] = "王"
    early = api.client.post(
        f"/api/v1/designations/{designation_id}/inspections", json=body, headers=officer
    )
    assert early.status_code == 422, early.text
    problems = early.json()["error"]["problems"]
    assert [(p["field"], p["code"]) for p in problems] == [("scheduled_on", "before_notice")]
    assert problems[0]["message"] == "复查日期不能早于整改通知的发文日期（2026年11月21日）"
    assert api.writes() == before

    # Scheduled within the period, then moved before the notice: refused the same way.
    body["scheduled_on"] = "2026-11-25"
    scheduled = api.client.post(
        f"/api/v1/designations/{designation_id}/inspections", json=body, headers=officer
    )
    assert scheduled.status_code == 201, scheduled.text
    before = api.writes()
    moved = api.client.patch(
        f"/api/v1/inspections/{scheduled.json()['id']}",
        json={"scheduled_on": "2026-11-20", "reason": "提前"},
        headers=officer,
    )
    assert moved.status_code == 422, moved.text
    assert [(p["field"], p["code"], p["message"]) for p in moved.json()["error"]["problems"]] == [
        ("scheduled_on", "before_notice", "复查日期不能早于整改通知的发文日期（2026年11月21日）")
    ]
    assert api.writes() == before
    on_issue_day = api.client.patch(
        f"/api/v1/inspections/{scheduled.json()['id']}",
        json={"scheduled_on": "2026-11-21", "reason": "提前"},
        headers=officer,
    )
    assert on_issue_day.status_code == 200, on_issue_day.text
