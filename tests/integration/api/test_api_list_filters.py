"""A list's filters as an integrator's sync sends them: a date window whose end lies before its
start is refused beside its end (as /occasions refuses it), not answered with an empty list; a
``designation_id`` filter naming a title out of sight is refused beside it (as ``under`` is);
``named_year`` with a date bound is refused rather than silently overriding it."""

from __future__ import annotations

import pytest

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

WINDOWS = [
    ("/api/v1/designations", "named_from", "named_to", "命名截止日期不能早于命名起始日期"),
    ("/api/v1/inspections", "scheduled_from", "scheduled_to", "检查截止日期不能早于检查起始日期"),
    ("/api/v1/notices", "issued_from", "issued_to", "下发截止日期不能早于下发起始日期"),
    ("/api/v1/todo", "from", "to", "截止日期不能早于起始日期"),
    # Before: /occasions said 「日期区间不正确（最长3年）」 of a reversed window.
    ("/api/v1/occasions", "from", "to", "截止日期不能早于起始日期"),
    ("/api/v1/me/reminders", "sweep_from", "sweep_to", "提醒截止日期不能早于提醒起始日期"),
    ("/api/v1/me/reminders", "due_from", "due_to", "到期截止日期不能早于到期起始日期"),
    ("/api/v1/outbox", "created_from", "created_to", "生成截止日期不能早于生成起始日期"),
]


@pytest.mark.parametrize("case", range(len(WINDOWS)))
def test_a_reversed_date_window_is_refused_beside_its_end(api: Api, case: int) -> None:
    path, start, end, message = WINDOWS[case]
    role = Role.ADMIN if path.endswith("outbox") else Role.DISTRICT_OFFICER
    headers = api.callers[role].headers
    refused = api.client.get(f"{path}?{start}=2026-03-01&{end}=2026-02-28", headers=headers)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"], error["message"]) == ("invalid_window", end, message)
    one_day = api.client.get(f"{path}?{start}=2026-03-01&{end}=2026-03-01", headers=headers)
    assert one_day.status_code == 200, one_day.text


def test_the_todo_list_refuses_a_date_outside_the_supported_range(api: Api) -> None:
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    refused = api.client.get("/api/v1/todo?from=0001-01-01", headers=headers)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == "from"


@pytest.mark.parametrize("path", ["/api/v1/inspections", "/api/v1/notices"])
def test_a_designation_filter_out_of_sight_is_refused_as_not_found(api: Api, path: str) -> None:
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    own = api.client.get(f"{path}?designation_id={api.own.designation}", headers=headers)
    assert own.status_code == 200, own.text
    assert own.json()["total"] >= 1
    for other in (api.other.designation, 999_999):
        refused = api.client.get(f"{path}?designation_id={other}", headers=headers)
        assert refused.status_code == 404, refused.text
        error = refused.json()["error"]
        assert (error["code"], error["field"]) == ("not_found", "designation_id")
        assert error["message"] == "命名记录不存在或不在可见范围内"


def test_a_naming_year_with_a_date_bound_is_refused_not_overridden(api: Api) -> None:
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    refused = api.client.get(
        "/api/v1/designations?named_year=2024&named_from=2025-01-01", headers=headers
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("conflicting_filters", "named_year")
    assert "命名年度" in error["message"]


def test_the_todo_list_due_by_a_past_day_lists_what_is_overdue_before_the_index_is_built(
    api: Api,
) -> None:
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    everything = api.client.get("/api/v1/todo?limit=500", headers=headers).json()["items"]
    overdue = sorted(o["due_on"] for o in everything if o["due_on"] and o["due_on"] < "2026-11-21")
    assert overdue, "the world has an occasion overdue on its day"
    by_then = api.client.get(f"/api/v1/todo?to={overdue[-1]}&limit=500", headers=headers)
    assert by_then.status_code == 200, by_then.text
    due = sorted(o["due_on"] for o in by_then.json()["items"] if o["due_on"])
    assert due == overdue


def test_a_reversed_window_in_a_body_is_refused_with_the_same_code(api: Api) -> None:
    """A call opened with its 自荐 window the wrong way round: ``invalid_window`` as the lists say
    it (before: ``window_reversed``, a code of its own)."""
    city = api.callers[Role.CITY_OFFICER].headers
    before = api.writes()
    body = {
        "year": 2027,
        "self_opens": "2027-06-12",
        "self_closes": "2027-06-01",
        "union_deadline": "2027-07-31",
    }
    refused = api.client.post("/api/v1/craftsman-selections", headers=city, json=body)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("self_closes", "invalid_window")
    assert api.writes() == before
    # Too long a window on /occasions is refused too, saying so.
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    long = api.client.get("/api/v1/occasions?from=2026-01-01&to=2030-01-01", headers=headers)
    error = long.json()["error"]
    assert (long.status_code, error["code"], error["message"]) == (
        422,
        "invalid_window",
        "日期区间最长3年",
    )
