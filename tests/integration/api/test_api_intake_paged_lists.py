"""Over /api/v1: a call's and a 上海工匠 year's applications are read a page at a time, and a
draft not yet submitted waits in its unit union's 待办 until the call's deadline."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api
from tests.integration.api.intake_calls import drafted, yangpu_2027_call
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import local_craftsman

BASE = "/api/v1/craftsman-selections"


def _pages(api: Api, url: str, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    """Every page of ``url`` by key, one item a page, each page's total checked."""
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        keyed = {"after": after} if after else {}
        page = api.client.get(url, headers=headers, params={"limit": 1, **params, **keyed})
        assert page.status_code == 200, page.text
        body = page.json()
        assert body["limit"] == 1
        assert len(body["items"]) <= 1
        seen += body["items"]
        after = body["next_after"]
        if after is None:
            return seen


def test_a_calls_applications_are_paged_with_their_total(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    call_id = yangpu_2027_call(api)
    with api.uow() as u:
        shops = [f.workshop(u, api.tree).id for _ in range(3)]
        u.commit()
    ids = [drafted(api, call_id, shop) for shop in shops]
    url = f"/api/v1/intake/calls/{call_id}/applications"
    first = api.client.get(url, headers=unit, params={"limit": 2}).json()
    assert [a["id"] for a in first["items"]] == ids[:2]
    assert (first["total"], first["offset"], first["next_after"]) == (3, 0, ids[1])
    rest = api.client.get(url, headers=unit, params={"limit": 2, "offset": 2}).json()
    assert [a["id"] for a in rest["items"]] == ids[2:]
    assert rest["next_after"] is None
    assert [a["id"] for a in _pages(api, url, unit)] == ids
    refused = api.client.get(url, headers=unit, params={"limit": 501})
    assert refused.status_code == 422


def test_a_craftsman_years_applications_are_paged_by_group(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    city = api.callers[Role.CITY_OFFICER].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "分页师傅").id
        u.commit()
    url = f"{BASE}/{api.own.craftsman_selection}/applications"
    filed = api.client.post(url, headers=contact, json=craftsman_form(person_id))
    assert filed.status_code == 201, filed.text
    ids = [a["id"] for a in _pages(api, url, city)]
    assert ids == sorted(set(ids))  # each once, in id order
    assert {api.own.craftsman_application, filed.json()["id"]} <= set(ids)
    first = api.client.get(url, headers=city, params={"limit": 1}).json()
    assert (first["total"], first["next_after"]) == (len(ids), ids[0])
    one_group = api.client.get(url, headers=city, params={"group": "catering"}).json()
    assert (one_group["items"], one_group["total"], one_group["next_after"]) == ([], 0, None)


def test_a_draft_waits_in_its_units_todo_until_submitted(api: Api) -> None:
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    call_id = yangpu_2027_call(api)  # deadline 2026-12-20, today 2026-11-21
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    app_id = drafted(api, call_id, shop_id)
    link = f"/intake/applications/{app_id}"

    def mine(headers: dict[str, str]) -> list[dict[str, Any]]:
        page = c.get("/api/v1/todo", headers=headers, params={"mine": "true", "limit": 500})
        assert page.status_code == 200, page.text
        return [o for o in page.json()["items"] if o["link"] == link]

    (item,) = mine(unit)
    assert item["kind"] == "application_step"
    assert item["union_id"] == api.tree.unit.id
    assert item["due_on"] == "2026-12-20"
    assert item["title"] == "申报草稿待提交（须于2026年12月20日前办理）"
    assert item["subject"].endswith("（2027年度杨浦区创新工作室申报）")
    assert mine(district) == []
    sent = c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={})
    assert sent.status_code == 200, sent.text
    (step,) = mine(unit)  # now the unit union's own recommendation step, no longer the draft
    assert step["title"].startswith("待单位工会推荐")
    assert step["key"] != item["key"]
