"""Over the API: a failed cycle-end inspection answers with the 整改通知 it issued [Y12]."""

from __future__ import annotations

from datetime import date

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import CRITERIA, Api


def test_the_failed_outcome_names_the_notice_it_issued(api: Api) -> None:
    with api.uow() as u:
        designation_id = f.named_designation(u, api.tree, naming_date=date(2020, 10, 16)).id
        u.commit()
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    scheduled = api.client.post(
        f"/api/v1/designations/{designation_id}/inspections",
        json={
            "kind": "cycle_end",
            "scheduled_on": "2026-11-20",
            "place": "现场",
            "inspectors": "王干事",
        },
        headers=officer,
    )
    assert scheduled.status_code == 201, scheduled.text
    inspection = scheduled.json()
    outcomes = [
        {"criterion_code": c, "passed": c != "achievements", "notes": "近两年无成果"}
        for c in CRITERIA
    ]
    recorded = api.client.post(
        f"/api/v1/inspections/{inspection['id']}/outcome",
        json={"recorded_on": "2026-11-21", "outcomes": outcomes, "expected_version": 1},
        headers=officer,
    )
    assert recorded.status_code == 200, recorded.text
    body = recorded.json()
    assert body["result"] == "fail"
    notices = api.client.get(
        "/api/v1/notices", params={"designation_id": designation_id}, headers=officer
    ).json()["items"]
    assert [n["inspection_id"] for n in notices] == [inspection["id"]]
    assert body["issued_notice_id"] == notices[0]["id"]
    again = api.client.get(f"/api/v1/inspections/{inspection['id']}", headers=officer).json()
    assert again["issued_notice_id"] == notices[0]["id"]


def test_a_failed_result_entered_late_dates_the_notice_the_day_it_is_issued(api: Api) -> None:
    """Reading 24: an inspection held on 1 October whose result is entered on 21 November gets
    a notice dated 21 November, so the addressee has the whole 30 working days [Y12 限期整改]."""
    with api.uow() as u:
        designation_id = f.named_designation(u, api.tree, naming_date=date(2020, 10, 16)).id
        u.commit()
    officer = api.callers[Role.DISTRICT_OFFICER].headers
    scheduled = api.client.post(
        f"/api/v1/designations/{designation_id}/inspections",
        json={
            "kind": "cycle_end",
            "scheduled_on": "2026-10-01",
            "place": "现场",
            "inspectors": "王干事",
        },
        headers=officer,
    )
    assert scheduled.status_code == 201, scheduled.text
    outcomes = [{"criterion_code": c, "passed": c != "team", "notes": "成员不足"} for c in CRITERIA]
    recorded = api.client.post(
        f"/api/v1/inspections/{scheduled.json()['id']}/outcome",
        json={"recorded_on": "2026-10-01", "outcomes": outcomes, "expected_version": 1},
        headers=officer,
    )
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["recorded_on"] == "2026-10-01"
    notices = api.client.get(
        "/api/v1/notices", params={"designation_id": designation_id}, headers=officer
    ).json()["items"]
    assert [(n["issued_on"], n["status"]) for n in notices] == [(f.AS_OF.isoformat(), "open")]
    # 30 working days from Saturday 2026-11-21: 29 weekdays to 31 December, 元旦 on Friday
    # 1 January, then Monday 4 January; 2027's arrangement is not published, so provisional.
    assert (notices[0]["deadline"], notices[0]["deadline_provisional"]) == ("2027-01-04", True)
