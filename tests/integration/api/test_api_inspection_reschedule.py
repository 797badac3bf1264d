"""Over the API: 改期 of a scheduled inspection (date, place, inspectors) by the district that
may schedule it, audited with its reason; refused, nothing is written [Y12]."""

from __future__ import annotations

from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def _scheduled(api: Api) -> dict:
    # Named 2020-10-16: cycle 2 ended 2026-10-16 uninspected, so it is the one scheduled.
    with api.uow() as u:
        d = f.named_designation(
            u, api.tree, scheme="yangpu-district", naming_date=date(2020, 10, 16)
        )
        u.commit()
    body = {"kind": "cycle_end", "scheduled_on": "2026-11-25", "place": "现场", "inspectors": "王"}
    sent = api.client.post(
        f"/api/v1/designations/{d.id}/inspections",
        json=body,
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert sent.status_code == 201, sent.text
    return sent.json()


def _patch(api: Api, inspection_id: int, role: Role, **body):
    body.setdefault("reason", "领衔人出差")
    return api.client.patch(
        f"/api/v1/inspections/{inspection_id}", json=body, headers=api.callers[role].headers
    )


def test_the_district_moves_an_inspection_and_its_history_keeps_the_change(api: Api) -> None:
    scheduled = _scheduled(api)
    moved = _patch(
        api,
        scheduled["id"],
        Role.DISTRICT_OFFICER,
        scheduled_on="2026-12-10",
        place="二号车间",
        reason="领衔人出差",
        expected_version=scheduled["version"],
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert (body["scheduled_on"], body["place"], body["inspectors"]) == (
        "2026-12-10",
        "二号车间",
        "王",
    )
    assert (body["kind"], body["cycle_no"]) == ("cycle_end", 2)
    assert body["version"] == scheduled["version"] + 1
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    shown = api.client.get(f"/api/v1/inspections/{scheduled['id']}", headers=headers).json()
    assert shown["scheduled_on"] == "2026-12-10"
    audit = api.client.get(f"/api/v1/inspections/{scheduled['id']}/audit", headers=headers)
    assert audit.status_code == 200
    (update,) = [e for e in audit.json()["items"] if e["action"] == "update"]
    assert update["reason"] == "检查改期：领衔人出差"
    assert update["before"]["scheduled_on"] == "2026-11-25"
    assert update["after"]["scheduled_on"] == "2026-12-10"
    # The version the form was read at is stale now: 409, nothing written.
    before = api.writes()
    stale = _patch(
        api, scheduled["id"], Role.DISTRICT_OFFICER, place="三号车间",
        expected_version=scheduled["version"],
    )  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["error"]["field"] == "expected_version"
    assert api.writes() == before


def test_a_move_the_rules_refuse_is_refused_beside_its_fields_and_writes_nothing(api: Api) -> None:
    scheduled = _scheduled(api)
    before = api.writes()
    refused = _patch(
        api, scheduled["id"], Role.DISTRICT_OFFICER, scheduled_on="2020-01-01", inspectors=" "
    )
    assert refused.status_code == 422
    problems = {(p["field"], p["code"]) for p in refused.json()["error"]["problems"]}
    assert ("scheduled_on", "before_naming") in problems
    assert ("scheduled_on", "before_cycle_end") in problems  # cycle 2's last year: 2025-10-16
    assert ("inspectors", "required") in problems
    far = _patch(api, scheduled["id"], Role.DISTRICT_OFFICER, scheduled_on="2028-01-01")
    assert far.status_code == 422
    assert far.json()["error"]["problems"][0]["code"] == "too_far"
    assert api.writes() == before


def test_a_move_without_a_reason_is_refused_beside_it_and_writes_nothing(api: Api) -> None:
    """The reason is the move's record in the inspection's 修改记录: required [Y12]."""
    scheduled = _scheduled(api)
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    url = f"/api/v1/inspections/{scheduled['id']}"
    before = api.writes()
    for body in ({"place": "二号车间"}, {"place": "二号车间", "reason": ""}):
        refused = api.client.patch(url, json=body, headers=headers)
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert error["field"] == "reason"
        assert "改期原因" in error["message"]
    blank = _patch(api, scheduled["id"], Role.DISTRICT_OFFICER, place="二号车间", reason="  ")
    assert blank.status_code == 422
    assert blank.json()["error"]["field"] == "reason"
    assert blank.json()["error"]["message"] == "改期原因不能为空"
    assert api.writes() == before
    schema = api.client.get("/openapi.json").json()["components"]["schemas"]["RescheduleIn"]
    assert "reason" in schema["required"]


def test_no_other_district_no_unit_and_no_recorded_inspection_is_moved(api: Api) -> None:
    scheduled = _scheduled(api)
    before = api.writes()
    unit = _patch(api, scheduled["id"], Role.UNIT_CONTACT, scheduled_on="2026-12-10")
    assert unit.status_code == 403
    other = _patch(api, api.other.inspection, Role.DISTRICT_OFFICER, scheduled_on="2026-12-10")
    assert other.status_code == 404
    recorded = _patch(api, api.own.inspection, Role.DISTRICT_OFFICER, scheduled_on="2026-12-10")
    assert recorded.status_code == 409
    assert recorded.json()["error"]["code"] == "already_recorded"
    assert api.writes() == before


def test_withdrawing_and_moving_a_recorded_inspection_are_both_409_already_recorded(
    api: Api,
) -> None:
    """Both refusals are the record's state, not the input: 409 ``already_recorded`` with the
    Chinese reason, as the OpenAPI document declares for both routes."""
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    url = f"/api/v1/inspections/{api.own.inspection}"
    # Each names who recorded the result and when, as recording it again does (P51c).
    record = api.client.get(url, headers=headers).json()
    on = chinese_date(date.fromisoformat(record["recorded_on"]))
    assert record["recorded_by"]
    recorded = f"该次检查结果已由{record['recorded_by']}于{on}登记"
    withdrawn = api.client.post(f"{url}/withdrawal", json={"reason": "误"}, headers=headers)
    moved = api.client.patch(
        url, json={"scheduled_on": "2026-12-10", "reason": "改"}, headers=headers
    )
    answers = {"withdraw": withdrawn, "move": moved}
    assert {k: a.status_code for k, a in answers.items()} == {"withdraw": 409, "move": 409}
    errors = {k: a.json()["error"] for k, a in answers.items()}
    assert {k: (e["code"], e["field"]) for k, e in errors.items()} == {
        "withdraw": ("already_recorded", "inspection_id"),
        "move": ("already_recorded", "inspection_id"),
    }
    assert errors["withdraw"]["message"].startswith(recorded)
    assert errors["withdraw"]["message"].endswith("，不能撤销（结果不予改写）")
    assert errors["move"]["message"].startswith(recorded)
    assert errors["move"]["message"].endswith("，不能改期（结果不予改写）")
    assert api.writes() == before
    schema = api.client.get("/openapi.json").json()
    paths = schema["paths"]
    for path, method in (
        ("/api/v1/inspections/{inspection_id}/withdrawal", "post"),
        ("/api/v1/inspections/{inspection_id}", "patch"),
    ):
        declared = paths[path][method]["responses"]["409"]
        ref = declared["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/ErrorBody"), (path, declared)
