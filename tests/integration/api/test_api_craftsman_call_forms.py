"""Over /api/v1: a year's 上海工匠 call whose unions' deadline falls before the self window closes
is refused on ``union_deadline`` [G] 二（三）、五（四） (reading G10); a 瞒报、虚报 finding dated
after today is refused on ``found_on`` [G] 五（三） (reading G11); nothing written."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

BASE = "/api/v1/craftsman-selections"
CALL = {
    "year": 2027,
    "self_opens": "2027-06-12",
    "self_closes": "2027-07-15",
    "union_deadline": "2027-07-15",
}
TOO_EARLY = (
    "区局（产业）工会及社团申报截止日期不能早于个人自荐截止日期（2027年7月15日）："
    "尚未入会的自荐申报人须在此前完成入会"
)


def test_a_unions_deadline_before_the_self_window_closes_is_refused(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    before = api.writes()
    refused = api.client.post(BASE, headers=city, json=CALL | {"union_deadline": "2027-07-10"})
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"], problem["message"]) == (
        "union_deadline", "before_self_closes", TOO_EARLY,
    )  # fmt: skip
    # Every bad date at once: the self window closing in another year is named too.
    both = api.client.post(
        BASE,
        headers=city,
        json=CALL | {"self_closes": "2028-07-15", "union_deadline": "2027-07-10"},
    )
    assert both.status_code == 422
    named = {(p["field"], p["code"]) for p in both.json()["error"]["problems"]}
    assert named == {("union_deadline", "before_self_closes"), ("self_closes", "wrong_year")}
    assert api.writes() == before
    with api.uow() as u:
        assert svc.repo(u).selection_of_year(2027) is None
    # The notice's own dates: both on 07-15, the same last day (reading G10).
    opened = api.client.post(BASE, headers=city, json=CALL)
    assert opened.status_code == 201, opened.text
    assert opened.json()["union_deadline"] == "2027-07-15"


def test_a_finding_dated_after_today_is_refused_and_nothing_disqualified(api: Api) -> None:
    # The 3 years and 「当即取消参评资格」 count from the finding: not from a day still to come.
    city = api.callers[Role.CITY_OFFICER].headers
    app_id = api.own.craftsman_application
    shown = api.client.get(f"{BASE}/applications/{app_id}", headers=city).json()
    body = {"found_on": "2026-11-22", "reason": "业绩材料虚报", "person_id": shown["person_id"]}
    before = api.writes()
    refused = api.client.post(f"{BASE}/false-declarations", headers=city, json=body)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"], problem["message"]) == (
        "found_on", "date_in_future", "认定日期不能晚于2026年11月21日",
    )  # fmt: skip
    assert api.writes() == before
    assert (
        api.client.get(f"{BASE}/applications/{app_id}", headers=city).json()["status"]
        == (shown["status"])
    )
    done = api.client.post(
        f"{BASE}/false-declarations", headers=city, json=body | {"found_on": "2026-11-21"}
    )
    assert done.status_code == 201, done.text
    assert done.json()["barred_until"] == "2029-11-20"
    assert api.client.get(f"{BASE}/applications/{app_id}", headers=city).json()["status"] == (
        "disqualified"
    )


def test_a_finding_dated_before_any_selection_is_refused(api: Api) -> None:
    # 1026 for 2026 would record a bar long over and still disqualify today's application.
    city = api.callers[Role.CITY_OFFICER].headers
    app_id = api.own.craftsman_application
    shown = api.client.get(f"{BASE}/applications/{app_id}", headers=city).json()
    body = {"found_on": "1950-01-01", "reason": "业绩材料虚报", "person_id": shown["person_id"]}
    before = api.writes()
    refused = api.client.post(f"{BASE}/false-declarations", headers=city, json=body)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"], problem["message"]) == (
        "found_on", "date_too_early", "认定日期不能早于2015年1月1日（最早的选树年度）",
    )  # fmt: skip
    assert api.writes() == before
    status = api.client.get(f"{BASE}/applications/{app_id}", headers=city).json()["status"]
    assert status == shown["status"]
