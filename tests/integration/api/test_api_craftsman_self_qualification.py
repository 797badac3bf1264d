"""Over /api/v1: a self-applicant's 资格审查 is the city's 上海工匠培养选树申报办公室's (资格审核、
海选面试), recorded with the district union's opinion it solicited; the district is refused it;
a unit recommendation stays the district's [G] 三（一） (reading G13)."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import local_craftsman, open_call

BASE = "/api/v1/craftsman-selections"
ARTICLE = "《关于开展2026年度“上海工匠”培养选树工作的通知》三（一）"


def _file(api: Api, name: str, **changes: object) -> int:
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, name).id
        assert open_call(u, api.tree).id == api.own.craftsman_selection  # the district ran its own
        u.commit()
    sel = api.own.craftsman_selection
    body = craftsman_form(person_id, **changes)
    filed = api.client.post(f"{BASE}/{sel}/applications", headers=contact, json=body)
    assert filed.status_code == 201, filed.text
    return int(filed.json()["id"])


def _items(api: Api, role: Role, app_id: int) -> list[dict[str, object]]:
    headers = api.callers[role].headers
    page = api.client.get("/api/v1/todo", headers=headers, params={"mine": "true", "limit": 500})
    assert page.status_code == 200, page.text
    link = f"/craftsman-selections/applications/{app_id}"
    return [o for o in page.json()["items"] if o["link"] == link]


def test_the_city_qualifies_a_self_applicant_with_the_districts_opinion(api: Api) -> None:
    c = api.client
    city = api.callers[Role.CITY_OFFICER].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    app_id = _file(api, "自荐师傅")
    url = f"{BASE}/applications/{app_id}/stages"
    # The 待办 item is the city's, with no date of its own; the district has none.
    (item,) = _items(api, Role.CITY_OFFICER, app_id)
    assert item["kind"] == "craftsman_step"
    assert item["union_id"] == api.tree.city.id
    assert item["title"] == "待资格审查（无规定办理期限）"
    assert item["status"] == "due"
    assert _items(api, Role.DISTRICT_OFFICER, app_id) == []
    qualify = {"stage": "qualification", "passed": True, "opinion": "符合申报资格，海选面试通过",
               "signer": "申报办公室", "decided_on": "2026-11-20",
               "interview_passed": True}  # fmt: skip
    opinion = {"district_opinion": "同意推荐", "district_opinion_on": "2026-11-18"}
    before = api.writes()
    # The district may not take it: told who does, citing the article.
    refused = c.post(url, headers=district, json=qualify | opinion)
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["code"] == "wrong_level"
    assert error["message"] == (
        "个人自荐的资格审查（资格审核、海选面试）由上海工匠培养选树申报办公室（市总工会）办理，"
        f"并征求申请人所在区局（产业）工会意见（{ARTICLE}）"
    )
    # The city passes it only with the district's opinion and its day, beside each field.
    missing = c.post(url, headers=city, json=qualify)
    assert missing.status_code == 422, missing.text
    named = {(p["field"], p["code"]): p["message"] for p in missing.json()["error"]["problems"]}
    assert named == {
        ("district_opinion", "required"): "个人自荐须征求其所在区局（产业）工会意见后方可进入"
        f"下阶段评选程序，请填写区局（产业）工会意见（{ARTICLE}）",
        ("district_opinion_on", "required"): f"请填写区局（产业）工会出具意见的日期（{ARTICLE}）",
    }
    late = c.post(url, headers=city, json=qualify | opinion | {"district_opinion_on": "2026-11-21"})
    assert late.status_code == 422, late.text
    (problem,) = late.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("district_opinion_on", "after_decision")
    assert "不能晚于审核日期（2026年11月20日）" in problem["message"]
    assert api.writes() == before
    done = c.post(url, headers=city, json=qualify | opinion)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "expert_review"
    (record,) = c.get(url, headers=city).json()
    assert record["deciding_union_id"] == api.tree.city.id
    assert record["interview_passed"] is True
    assert (record["district_opinion"], record["district_opinion_on"]) == opinion_values(opinion)
    (item,) = _items(api, Role.CITY_OFFICER, app_id)
    assert item["title"] == "待专家复审（无规定办理期限）"


def sel_of(api: Api) -> int:
    return api.own.craftsman_selection


def opinion_values(opinion: dict[str, str]) -> tuple[str, str]:
    return opinion["district_opinion"], opinion["district_opinion_on"]


def test_the_city_may_refuse_a_self_applicant_at_the_interview_without_an_opinion(
    api: Api,
) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    app_id = _file(api, "面试师傅")
    failed = {"stage": "qualification", "passed": False, "opinion": "海选面试未通过",
              "signer": "申报办公室", "decided_on": "2026-11-20",
              "interview_passed": False}  # fmt: skip
    done = api.client.post(f"{BASE}/applications/{app_id}/stages", headers=city, json=failed)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "not_selected"
    assert _items(api, Role.CITY_OFFICER, app_id) == []


def test_a_unit_recommendation_stays_the_districts_and_takes_no_opinion_field(api: Api) -> None:
    c = api.client
    city = api.callers[Role.CITY_OFFICER].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    app_id = _file(api, "推荐师傅", channel="unit")
    url = f"{BASE}/applications/{app_id}/stages"
    (item,) = _items(api, Role.DISTRICT_OFFICER, app_id)
    assert item["union_id"] == api.tree.district.id
    (call,) = [s for s in c.get(BASE, headers=city).json()["items"] if s["id"] == sel_of(api)]
    assert item["due_on"] == call["union_deadline"]  # the unions' deadline [G] 五（四）
    assert _items(api, Role.CITY_OFFICER, app_id) == []
    qualify = {"stage": "qualification", "passed": True, "opinion": "符合申报资格",
               "signer": "区总", "decided_on": "2026-11-20"}  # fmt: skip
    wrong = c.post(url, headers=city, json=qualify)
    assert wrong.status_code == 403
    assert (
        wrong.json()["error"]["message"] == f"资格审查由申请人所在区局（产业）工会办理（{ARTICLE}）"
    )
    stray = c.post(
        url,
        headers=district,
        json=qualify | {"district_opinion": "同意", "district_opinion_on": "2026-11-18"},
    )
    assert stray.status_code == 422, stray.text
    assert {(p["field"], p["code"]) for p in stray.json()["error"]["problems"]} == {
        ("district_opinion", "not_this_stage"),
        ("district_opinion_on", "not_this_stage"),
    }
    done = c.post(url, headers=district, json=qualify)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "expert_review"
