"""Over the API: a result dated before its inspection's arranged day [Y12]. Before that day has
come the inspection has not been held (「检查尚未进行」); once it has, the date contradicts the
schedule and the refusal says to move the inspection first. Nothing is written either way."""

from __future__ import annotations

from datetime import date

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import CRITERIA, Api


def _scheduled(api: Api, on: str) -> int:
    with api.uow() as u:
        designation_id = f.named_designation(u, api.tree, naming_date=date(2020, 10, 16)).id
        u.commit()
    sent = api.client.post(
        f"/api/v1/designations/{designation_id}/inspections",
        json={"kind": "cycle_end", "scheduled_on": on, "place": "现场", "inspectors": "王干事"},
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert sent.status_code == 201, sent.text
    inspection_id: int = sent.json()["id"]
    return inspection_id


def _record(api: Api, inspection_id: int, on: str) -> dict[str, object]:
    outcomes = [{"criterion_code": c, "passed": True, "notes": ""} for c in CRITERIA]
    answer = api.client.post(
        f"/api/v1/inspections/{inspection_id}/outcome",
        json={"recorded_on": on, "outcomes": outcomes, "expected_version": 1},
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert answer.status_code == 422, answer.text
    error: dict[str, object] = answer.json()["error"]
    stored = api.client.get(
        f"/api/v1/inspections/{inspection_id}",
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    ).json()
    assert (stored["result"], stored["recorded_on"], stored["version"]) == (None, None, 1)
    return error


def test_a_result_dated_before_a_passed_arranged_day_says_to_move_the_inspection_first(
    api: Api,
) -> None:
    error = _record(api, _scheduled(api, "2026-11-20"), "2026-11-19")  # the clock: 2026-11-21
    assert (error["code"], error["field"]) == ("not_yet_held", "recorded_on")
    assert error["message"] == (
        "检查日期不能早于安排的检查日期（2026年11月20日）；"
        "检查如已提前进行，请先将检查改期到实际检查日期，再登记结果"
    )


def test_a_result_for_an_inspection_arranged_ahead_says_it_is_not_yet_held(api: Api) -> None:
    error = _record(api, _scheduled(api, "2026-11-25"), "2026-11-21")
    assert (error["code"], error["field"]) == ("not_yet_held", "recorded_on")
    assert error["message"] == "检查尚未进行（安排在2026年11月25日），不能登记结果"
