"""Over /api/v1: a 上海工匠 application waits in the 待办 of the union whose stage it is [G]."""

from __future__ import annotations

from datetime import date

from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import sweep
from lifecycle.vocab import Role
from notifications.messages import DEFAULT_ACTION, render_payload
from tests.integration.api.conftest import NOW, Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import local_craftsman, open_call

BASE = "/api/v1/craftsman-selections"


def test_a_self_applicants_qualification_and_the_review_are_the_citys_items(api: Api) -> None:
    c = api.client
    city = api.callers[Role.CITY_OFFICER].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    contact = api.callers[Role.UNIT_CONTACT].headers
    finance = api.callers[Role.FINANCE].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "待办师傅").id
        u.commit()
    sel = api.own.craftsman_selection
    filed = c.post(f"{BASE}/{sel}/applications", headers=contact, json=craftsman_form(person_id))
    assert filed.status_code == 201, filed.text
    app_id = filed.json()["id"]
    link = f"/craftsman-selections/applications/{app_id}"
    (listed,) = [s for s in c.get(BASE, headers=city).json()["items"] if s["id"] == sel]
    deadline = listed["union_deadline"]

    def mine(headers: dict[str, str]) -> list[dict[str, object]]:
        page = c.get("/api/v1/todo", headers=headers, params={"mine": "true", "limit": 500})
        assert page.status_code == 200, page.text
        return [o for o in page.json()["items"] if o["link"] == link]

    # A self-applicant's 资格审查 is the city's 申报办公室's [G 三（一）]: no union submits it by
    # the unions' date [G 五（四）], so it has no date of its own (reading G13).
    (item,) = mine(city)
    assert item["kind"] == "craftsman_step"
    assert item["union_id"] == api.tree.city.id
    assert item["due_on"] != deadline
    assert item["title"] == "待资格审查（无规定办理期限）"
    assert "待办师傅" in item["subject"]
    assert mine(district) == mine(contact) == mine(finance) == []
    decided = c.post(
        f"{BASE}/applications/{app_id}/stages",
        headers=city,
        json={
            "stage": "qualification",
            "passed": True,
            "opinion": "同意",
            "signer": "审核人",
            "decided_on": "2026-11-12",
            "interview_passed": True,
            "district_opinion": "同意推荐",
            "district_opinion_on": "2026-11-11",
        },
    )
    assert decided.status_code == 200, decided.text
    # 专家复审 is the city's, with no date of its own; the qualification's item is gone.
    (item,) = mine(city)
    assert item["union_id"] == api.tree.city.id
    assert item["title"] == "待专家复审（无规定办理期限）"
    assert item["status"] == "due"
    assert mine(district) == []


def test_the_digest_says_what_the_qualification_asks_citing_the_years_notice(api: Api) -> None:
    """DOMAIN §6: a 上海工匠 application waiting for the district's 资格审查 is mailed with that
    stage's own 办理要求, citing the clause of the notice of the call's year [G 三（一）]: a unit
    recommendation's (a self-applicant's check is the city's, undated: reading G13)."""
    contact = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "提醒师傅").id
        open_call(u, api.tree)  # the district ran its own selection [G] 五（二）
        u.commit()
    sel = api.own.craftsman_selection
    filed = api.client.post(
        f"{BASE}/{sel}/applications",
        headers=contact,
        json=craftsman_form(person_id, channel="unit"),
    )
    assert filed.status_code == 201, filed.text
    link = f"/craftsman-selections/applications/{filed.json()['id']}"
    (listed,) = [s for s in api.client.get(BASE, headers=contact).json()["items"] if s["id"] == sel]
    year, due = listed["year"], date.fromisoformat(listed["union_deadline"])
    with api.uow() as u:  # the step is mailed on its deadline day (a lead day of every kind)
        result = sweep(u, due, policy=ReminderPolicy(), now=NOW)
        u.commit()
    found = [(d, i) for d in result.digests for i in d.items if i["link"] == link]
    assert found
    for digest, item in found:
        payload = {"as_of": due.isoformat(), "name": digest.recipient_name, "items": [item]}
        text = render_payload("reminder_digest", payload, "http://x").text
        assert DEFAULT_ACTION not in text
        assert (
            "办理要求：请完成“上海工匠”申报的资格审查（区局（产业）工会资格审核；社团推荐须书面确认；"
            "个人自荐由上海工匠培养选树申报办公室资格审核、海选面试，并征求区局（产业）工会意见），"
            "在申报页面录入本环节结论"
            f"（《关于开展{year}年度“上海工匠”培养选树工作的通知》三（一））。"
        ) in text
