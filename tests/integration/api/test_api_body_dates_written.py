"""A date in any request body only as 「YYYY-MM-DD」 text: a number (which pydantic would read as
seconds since 1970, so 0 was taken as 1970-01-01) or a date with a time is refused beside its
field, in Chinese, nothing written (docs/RULES.md, 日期 IN3)."""

from __future__ import annotations

from typing import Any

import pytest

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def _achievement(on: object) -> dict[str, Any]:
    return {"kind": "award", "title": "技术革新奖", "achieved_on": on}


@pytest.mark.parametrize("sent", [0, 1795305600, 20261101.0, True, "2026-11-01T00:00:00"])
def test_a_body_date_sent_as_a_number_or_with_a_time_is_refused(api: Api, sent: object) -> None:
    path = f"/api/v1/workshops/{api.own.workshop}/ledger/achievements"
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    answer = api.client.post(path, json=_achievement(sent), headers=headers)
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["field"] == "achieved_on"
    problems = {p["field"]: p for p in error["problems"]}
    assert problems["achieved_on"]["message"] == "应为日期（YYYY-MM-DD）"
    assert problems["achieved_on"]["code"] == "date_parsing"
    assert "应为日期（YYYY-MM-DD）" in error["message"]
    assert api.writes() == before


def test_an_optional_body_date_sent_as_a_number_is_refused_and_null_still_taken(api: Api) -> None:
    path = f"/api/v1/inspections/{api.own.inspection}"
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    answer = api.client.patch(path, json={"scheduled_on": 0, "reason": "改期"}, headers=headers)
    assert answer.status_code == 422, answer.text
    problems = {p["field"]: p["message"] for p in answer.json()["error"]["problems"]}
    assert problems == {"scheduled_on": "应为日期（YYYY-MM-DD）"}
    assert api.writes() == before
    # Null (kept as it is) passes the body: the answer is the use case's, not the field's.
    kept = api.client.patch(
        path, json={"scheduled_on": None, "place": "新地点", "reason": "改期"}, headers=headers
    )
    assert kept.json()["error"]["code"] == "already_recorded", kept.text


def test_a_body_date_written_yyyy_mm_dd_is_still_taken(api: Api) -> None:
    path = f"/api/v1/workshops/{api.own.workshop}/ledger/achievements"
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    answer = api.client.post(path, json=_achievement("2026-11-01"), headers=headers)
    assert answer.status_code == 201, answer.text
    assert answer.json()["achieved_on"] == "2026-11-01"
