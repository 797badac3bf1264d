"""Over /api/v1: a 上海工匠 application waits in the 待办 of the union whose stage it is [G]."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import local_craftsman

BASE = "/api/v1/craftsman-selections"


def test_the_qualification_is_the_districts_item_and_the_review_the_citys(api: Api) -> None:
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
    (listed,) = [s for s in c.get(BASE, headers=city).json() if s["id"] == sel]
    deadline = listed["union_deadline"]

    def mine(headers: dict[str, str]) -> list[dict[str, object]]:
        page = c.get("/api/v1/todo", headers=headers, params={"mine": "true", "limit": 500})
        assert page.status_code == 200, page.text
        return [o for o in page.json()["items"] if o["link"] == link]

    # 资格审查 is the applicant's district union's, due by the unions' submission date [G 五（四）].
    (item,) = mine(district)
    assert item["kind"] == "craftsman_step"
    assert item["union_id"] == api.tree.district.id
    assert item["due_on"] == deadline
    assert item["title"].startswith("待资格审查")
    assert "待办师傅" in item["subject"]
    assert mine(city) == mine(contact) == mine(finance) == []
    decided = c.post(
        f"{BASE}/applications/{app_id}/stages",
        headers=district,
        json={
            "stage": "qualification",
            "passed": True,
            "opinion": "同意",
            "signer": "审核人",
            "decided_on": "2026-11-12",
            "interview_passed": True,
        },
    )
    assert decided.status_code == 200, decided.text
    # 专家复审 is the city's, with no date of its own; the district's item is gone.
    (item,) = mine(city)
    assert item["union_id"] == api.tree.city.id
    assert item["title"] == "待专家复审（无规定办理期限）"
    assert item["status"] == "due"
    assert mine(district) == []
