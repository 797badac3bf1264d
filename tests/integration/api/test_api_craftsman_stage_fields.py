"""Over /api/v1: a 上海工匠 stage decision refuses answers its stage has no place for (a 公示期 on
资格审查 or 专家复审, 诚信审核 before 市总审定, 海选面试 after the qualification), naming each,
nothing written — they were kept and the page showed 「公示 … 至 None」 on 专家复审 [G] 三
(reading G11)."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

BASE = "/api/v1/craftsman-selections"


def test_a_stage_refuses_answers_it_has_no_place_for(api: Api) -> None:
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    city = api.callers[Role.CITY_OFFICER].headers
    app_id = api.own.craftsman_application  # a self-application at the qualification check
    url = f"{BASE}/applications/{app_id}/stages"
    # A self-applicant's check is the city's, with the district's opinion [G] 三（一）.
    qualify = {"stage": "qualification", "passed": True, "opinion": "符合申报资格",
               "signer": "王干事", "decided_on": "2026-11-21",
               "interview_passed": True, "district_opinion": "同意推荐",
               "district_opinion_on": "2026-11-20"}  # fmt: skip
    before = api.writes()
    stray = c.post(
        url,
        headers=city,
        json=qualify | {"notice_from": "2026-11-21", "notice_to": "2026-11-30",
                        "objections": "无", "credit_check_passed": True},
    )  # fmt: skip
    assert stray.status_code == 422, stray.text
    named = {(p["field"], p["code"]): p["message"] for p in stray.json()["error"]["problems"]}
    assert named == {
        ("notice_from", "not_this_stage"): "资格审查没有公示期，请勿填写公示日期",
        ("notice_to", "not_this_stage"): "资格审查没有公示期，请勿填写公示日期",
        ("objections", "not_this_stage"): "资格审查没有公示期，请勿填写公示异议",
        ("credit_check_passed", "not_this_stage"): "诚信审核在市总审定时记录，资格审查请勿填写",
    }
    assert api.writes() == before
    assert c.post(url, headers=district, json=qualify).status_code == 403  # not the district's
    passed = c.post(url, headers=city, json=qualify)
    assert passed.status_code == 200, passed.text
    assert passed.json()["status"] == "expert_review"
    after = api.writes()
    review = {"stage": "expert_review", "passed": True, "opinion": "同意", "signer": "市总",
              "decided_on": "2026-11-21"}  # fmt: skip
    for extra, field in (
        ({"interview_passed": True}, "interview_passed"),
        ({"notice_from": "2026-12-10"}, "notice_from"),
        ({"district_opinion": "同意"}, "district_opinion"),
    ):
        refused = c.post(url, headers=city, json=review | extra)
        assert refused.status_code == 422, refused.text
        assert [p["field"] for p in refused.json()["error"]["problems"]] == [field]
    assert api.writes() == after
    done = c.post(url, headers=city, json=review)
    assert done.status_code == 200, done.text
    records = c.get(f"{BASE}/applications/{app_id}/stages", headers=city).json()
    assert [(r["stage"], r["notice_from"], r["credit_check_passed"]) for r in records] == [
        ("qualification", None, None),
        ("expert_review", None, None),
    ]
