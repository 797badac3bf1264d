"""Over /api/v1: a year's 上海工匠 call whose unions' deadline has passed takes no application and
is refused on ``union_deadline``, with every other bad date, nothing written; one opened after
its self window says it takes recommendations only [G] 二（三）、五（四） (reading G12)."""

from __future__ import annotations

from datetime import datetime

from lifecycle.clock import SHANGHAI
from lifecycle.craftsman_title import service as svc
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

BASE = "/api/v1/craftsman-selections"
# Today is 2026-11-21: the notice's dates of 2025 are all past.
PAST = {
    "year": 2025,
    "self_opens": "2025-06-12",
    "self_closes": "2025-07-15",
    "union_deadline": "2025-07-15",
}
CLOSED = (
    "区局（产业）工会及社团申报截止日期（2025年7月15日）已过，个人自荐和推荐申报均已截止，"
    "不能开启已截止的年度选树；截止日期应不早于今天（2026年11月21日）"
)


def test_a_call_whose_unions_deadline_has_passed_is_refused_and_nothing_opened(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    before = api.writes()
    refused = api.client.post(BASE, headers=city, json=PAST)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"], problem["message"]) == (
        "union_deadline", "deadline_passed", CLOSED,
    )  # fmt: skip
    # Every bad date at once: a self window typed the wrong way round is named beside it too.
    both = api.client.post(BASE, headers=city, json=PAST | {"self_closes": "2025-06-01"})
    assert both.status_code == 422
    named = {(p["field"], p["code"]) for p in both.json()["error"]["problems"]}
    assert named == {("self_closes", "invalid_window"), ("union_deadline", "deadline_passed")}
    assert api.writes() == before
    with api.uow() as u:
        assert svc.repo(u).selection_of_year(2025) is None


def test_a_call_opened_after_its_self_window_takes_recommendations_and_says_so(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    notice = {"year": 2027, "self_opens": "2027-06-12", "self_closes": "2027-07-15"}
    # Opened on 2027-07-31, the unions' last day (「…前」 includes the day): still open.
    on_the_day = datetime(2027, 7, 31, 10, 0, tzinfo=SHANGHAI)
    api.client.app.state.clock = lambda: on_the_day  # type: ignore[attr-defined]
    opened = api.client.post(BASE, headers=city, json=notice | {"union_deadline": "2027-07-31"})
    assert opened.status_code == 201, opened.text
    assert opened.json()["warnings"] == [
        "个人自荐申报时间（2027年6月12日至2027年7月15日）已过，不再受理个人自荐；"
        "区局（产业）工会及社团推荐申报受理至2027年7月31日"
    ]
    with api.uow() as u:
        stored = svc.repo(u).selection_of_year(2027)
        assert stored is not None
        assert stored.union_deadline.isoformat() == "2027-07-31"
    ahead = {"year": 2028, "self_opens": "2028-06-12", "self_closes": "2028-07-15"}
    on_time = api.client.post(BASE, headers=city, json=ahead | {"union_deadline": "2028-07-15"})
    assert on_time.status_code == 201, on_time.text
    assert on_time.json()["warnings"] == []
