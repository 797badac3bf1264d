"""Over the API: cycle-end inspections only of begun, uninspected cycles, withdrawn by the
district [Y12]; 考核 steps dated in order, after the naming and within the year [S9]."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lifecycle.audit.model import AuditEntry
from lifecycle.clock import chinese_date
from lifecycle.inspections.model import INSPECTION_RESULT_LABELS, InspectionResult
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def _title(api: Api, scheme: str, named: date) -> int:
    with api.uow() as u:
        d = f.named_designation(u, api.tree, scheme=scheme, naming_date=named)
        u.commit()
        return d.id


def _schedule(api: Api, designation_id: int, role: Role = Role.DISTRICT_OFFICER, **extra):
    body = {
        "kind": "cycle_end",
        "scheduled_on": "2026-11-25",
        "place": "现场",
        "inspectors": "王干事",
        **extra,
    }
    return api.client.post(
        f"/api/v1/designations/{designation_id}/inspections",
        json=body,
        headers=api.callers[role].headers,
    )


def test_a_cycle_not_begun_is_refused_and_a_wrong_schedule_is_withdrawn(api: Api) -> None:
    # Named 2020-10-16: cycles 1 and 2 ended uninspected (2023-10-16, 2026-10-16); cycle 3 has
    # begun; 9 has not.
    designation_id = _title(api, "yangpu-district", date(2020, 10, 16))
    refused = _schedule(api, designation_id, cycle_no=9)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["field"] == "cycle_no"
    assert error["code"] == "cycle_not_open"
    assert "第9个管理周期尚未开始或已检查" in error["message"]

    # Cycle 3 (2026-10-16 to 2029-10-16) has begun, but its 周期末 is its last year: not now.
    early = _schedule(api, designation_id, cycle_no=3)
    assert early.status_code == 422
    error = early.json()["error"]
    assert (error["field"], error["code"]) == ("scheduled_on", "before_cycle_end")
    assert "周期末检查不能早于2028年10月16日" in error["message"]
    assert "第十二条" in error["message"]

    wrong = _schedule(api, designation_id, cycle_no=1)
    assert wrong.status_code == 201
    inspection = wrong.json()
    assert inspection["cycle_no"] == 1
    blocked = _schedule(api, designation_id, cycle_no=2)
    assert blocked.status_code == 422
    assert blocked.json()["error"]["code"] == "already_scheduled"

    url = f"/api/v1/inspections/{inspection['id']}/withdrawal"
    body = {"reason": "周期选错", "expected_version": inspection["version"]}
    finance = api.client.post(url, json=body, headers=api.callers[Role.FINANCE].headers)
    assert finance.status_code == 403
    stale = api.client.post(
        url,
        json={**body, "expected_version": inspection["version"] + 1},
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert stale.status_code == 409
    done = api.client.post(url, json=body, headers=api.callers[Role.DISTRICT_OFFICER].headers)
    assert done.status_code == 204
    gone = api.client.get(
        f"/api/v1/inspections/{inspection['id']}",
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert gone.status_code == 404
    with api.uow() as u:
        deleted = u.session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "inspections",
                AuditEntry.entity_id == str(inspection["id"]),
                AuditEntry.action == "delete",
            )
        ).one()
        assert deleted.reason == "撤销已安排的检查：周期选错"
        assert deleted.before is not None
        assert deleted.before["cycle_no"] == 1

    # Without a number the cycle whose end is nearest is meant: the overdue cycle 2.
    right = _schedule(api, designation_id)
    assert right.status_code == 201
    assert right.json()["cycle_no"] == 2


def test_a_recorded_inspection_is_not_withdrawn_and_another_district_sees_none(api: Api) -> None:
    url = f"/api/v1/inspections/{api.own.inspection}/withdrawal"
    own = api.client.post(
        url, json={"reason": "误"}, headers=api.callers[Role.DISTRICT_OFFICER].headers
    )
    assert own.status_code == 409  # the record's state, as 改期 answers it
    error = own.json()["error"]
    assert (error["code"], error["field"]) == ("already_recorded", "inspection_id")
    # It names who recorded the result and when, as recording it again does (P51c).
    record = api.client.get(
        f"/api/v1/inspections/{api.own.inspection}",
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    ).json()
    on = chinese_date(date.fromisoformat(record["recorded_on"]))
    assert error["message"] == (
        f"该次检查结果已由{record['recorded_by']}于{on}登记"
        f"（{INSPECTION_RESULT_LABELS[InspectionResult(record['result'])]}），"
        "不能撤销（结果不予改写）"
    )
    other = api.client.post(
        f"/api/v1/inspections/{api.other.inspection}/withdrawal",
        json={"reason": "误"},
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert other.status_code == 404


def test_a_shanghai_title_has_no_inspection_step(api: Api) -> None:
    designation_id = _title(api, "shanghai-model-worker", date(2024, 7, 5))
    refused = _schedule(api, designation_id)
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert (error["field"], error["code"]) == ("scheme", "no_such_step")


def _step(api: Api, designation_id: int, role: Role, step: str, passed: bool, on: str, **extra):
    body = {
        "year": 2026,
        "step": step,
        "passed": passed,
        "decided_on": on,
        "signer": "李主席",
        "opinion": "按第三条逐项考核",
        **extra,
    }
    return api.client.post(
        f"/api/v1/designations/{designation_id}/assessments",
        json=body,
        headers=api.callers[role].headers,
    )


def test_assessment_steps_are_refused_before_the_year_the_naming_or_the_previous_step(
    api: Api,
) -> None:
    designation_id = _title(api, "shanghai-model-worker", date(2024, 7, 5))
    unit, district, city = Role.UNIT_CONTACT, Role.DISTRICT_OFFICER, Role.CITY_OFFICER

    before_year = _step(api, designation_id, unit, "unit", False, "2023-01-01")
    assert before_year.status_code == 422
    error = before_year.json()["error"]
    assert (error["field"], error["code"]) == ("decided_on", "before_previous")
    assert "2026年度考核于年度期末进行，日期不能早于2026年10月1日" in error["message"]
    assert _step(api, designation_id, unit, "unit", False, "2026-11-10").status_code == 200

    early = _step(api, designation_id, district, "district", True, "2026-11-05")
    assert early.status_code == 422
    assert "日期不能早于上一环节（单位工会考核 2026年11月10日）" in early.json()["error"]["message"]
    applied = _step(api, designation_id, district, "district", False, "2026-11-12")
    assert applied.status_code == 200
    assert applied.json()["outcome"] == "revocation_applied"

    ref = {"decision_ref": "沪工〔2026〕9号"}
    decided_early = _step(api, designation_id, city, "city", False, "2026-11-11", **ref)
    assert decided_early.status_code == 422
    assert decided_early.json()["error"]["field"] == "decided_on"
    revoked = _step(api, designation_id, city, "city", False, "2026-11-12", **ref)
    assert revoked.status_code == 200
    assert revoked.json()["outcome"] == "revoked"


def test_the_naming_date_bounds_the_first_years_steps(api: Api) -> None:
    designation_id = _title(api, "shanghai-model-worker", date(2026, 10, 12))
    refused = _step(api, designation_id, Role.UNIT_CONTACT, "unit", True, "2026-10-05")
    assert refused.status_code == 422
    assert "日期不能早于命名日期（2026年10月12日）" in refused.json()["error"]["message"]
