"""Over /api/v1: a call is one round of the yearly rounds (reading P36i): its window spans at
most two years and, published today (2026-11-21), it is for 2027's round at the furthest."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

WINDOW = "受理期限不合理：1950年1月1日至2061年12月20日超过两年，申报每年一轮，受理期限最长两年"
AHEAD = "年度不合理：今天（2026年11月21日）只能发布2027年度及以前的通知，每年一轮"


def test_a_call_opened_in_1950_for_2061_is_refused_beside_its_year_and_window(api: Api) -> None:
    """Before: published, its window 1950-01-01 to 2061-12-20 taken as 2061's round."""
    district = api.callers[Role.DISTRICT_OFFICER].headers
    body = {
        "scheme": "yangpu-district",
        "year": 2061,
        "title": "2061年度杨浦区创新工作室申报",
        "opens_on": "1950-01-01",
        "deadline": "2061-12-20",
    }
    before = api.writes()
    refused = api.client.post("/api/v1/intake/calls", headers=district, json=body)
    assert refused.status_code == 422, refused.text
    problems = {(p["field"], p["code"], p["message"]) for p in refused.json()["error"]["problems"]}
    assert problems == {
        ("year", "out_of_range", AHEAD),
        ("deadline", "window_too_long", WINDOW),
    }
    assert api.writes() == before
    # A year's round, 2027's at the furthest, is published.
    body |= {"year": 2027, "opens_on": "2026-11-01", "deadline": "2027-10-31"}
    published = api.client.post("/api/v1/intake/calls", headers=district, json=body)
    assert published.status_code == 201, published.text


def test_a_craftsman_call_for_2061_is_refused_beside_its_year(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    body = {
        "year": 2061,
        "self_opens": "2061-06-12",
        "self_closes": "2061-07-15",
        "union_deadline": "2061-07-15",
    }
    before = api.writes()
    refused = api.client.post("/api/v1/craftsman-selections", headers=city, json=body)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"], problem["message"]) == (
        "year",
        "out_of_range",
        AHEAD,
    )
    assert api.writes() == before
