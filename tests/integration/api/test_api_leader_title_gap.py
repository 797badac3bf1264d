"""A craftsman title recorded for a leader not on record as 上海工匠 [C 一（一）]: 201 with the gap
named, in the title's JSON and the city's 待办, until the honour is entered (reading I3)."""

from __future__ import annotations

from httpx import Response

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api

C_11 = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》一（一）"


def _record_title(api: Api, shop_id: int, year: int) -> Response:
    """The city records the team's 上海市工匠创新工作室 title, named on 1 November of ``year``."""
    body = {"workshop_id": shop_id, "scheme": "shanghai-craftsman", "title": "张师傅工匠创新工作室",
            "number": f"沪工匠创 {year}-031", "naming_date": f"{year}-11-01",
            "decision_ref": f"沪工〔{year}〕25号"}  # fmt: skip
    return api.client.post("/api/v1/designations/existing", headers=_city(api), json=body)


def _enter_title(api: Api, leader_id: int) -> Response:
    """The city enters the leader's 上海工匠 title [G 四]."""
    body = {"honour": "shanghai_craftsman", "year": 2023, "reference": "沪工总〔2023〕52号"}
    return api.client.post(f"/api/v1/persons/{leader_id}/honours", headers=_city(api), json=body)


def _city(api: Api) -> dict[str, str]:
    return dict(api.callers[Role.CITY_OFFICER].headers)


def test_the_gap_is_named_until_the_city_enters_the_leaders_title(api: Api) -> None:
    c = api.client
    city = api.callers[Role.CITY_OFFICER].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    with api.uow() as u:
        shop = f.workshop(u, api.tree)  # the leader holds 上海市劳动模范 only
        u.commit()
        shop_id, leader_id, leader = shop.id, shop.leader_person_id, shop.leader.name
    recorded = _record_title(api, shop_id, 2024)
    assert recorded.status_code == 201, recorded.text
    (warning,) = recorded.json()["warnings"]
    assert warning["code"] == "leader_title_missing"
    assert warning["message"].startswith(f"领衔人{leader}未登记“上海工匠”称号（{C_11}）")
    assert warning["union_id"] == api.tree.city.id
    d_id = recorded.json()["id"]
    # Every reader of the title sees it; the city's own 待办 lists it.
    shown = c.get(f"/api/v1/designations/{d_id}", headers=district).json()
    assert shown["warnings"] == [warning]
    todo = c.get(
        "/api/v1/todo", headers=city, params={"mine": "true", "kind": "leader_title_missing"}
    ).json()
    assert [(o["designation_id"], o["title"]) for o in todo["items"]] == [
        (d_id, warning["message"])
    ]
    # The city enters the leader's 上海工匠 title [G 四]: the gap is gone.
    added = _enter_title(api, leader_id)
    assert added.status_code == 201, added.text
    assert c.get(f"/api/v1/designations/{d_id}", headers=city).json()["warnings"] == []
    todo = c.get(
        "/api/v1/todo", headers=city, params={"mine": "true", "kind": "leader_title_missing"}
    ).json()
    assert todo["items"] == []


def test_a_title_whose_leader_holds_the_title_owes_no_gap_not_even_a_done_one(api: Api) -> None:
    """Before, every craftsman title whose leader held 上海工匠 listed a done item 「领衔人…未登记
    “上海工匠”称号…：请补登其称号」 in its occasions, as if its record had once lacked it."""
    c = api.client
    city = api.callers[Role.CITY_OFFICER].headers
    with api.uow() as u:
        shop = f.workshop(u, api.tree)
        u.commit()
        shop_id, leader_id = shop.id, shop.leader_person_id
    added = _enter_title(api, leader_id)
    assert added.status_code == 201, added.text
    recorded = _record_title(api, shop_id, 2026)
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["warnings"] == []
    d_id = recorded.json()["id"]
    listed = c.get(f"/api/v1/designations/{d_id}/occasions", headers=city)
    assert listed.status_code == 200, listed.text
    kinds = [o["kind"] for o in listed.json()["items"]]
    assert "leader_title_missing" not in kinds
    assert all("未登记" not in o["title"] for o in listed.json()["items"])
