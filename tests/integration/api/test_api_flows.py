"""Through the JSON API: no generic status route; city titles are named by the city; [Y7]."""

from __future__ import annotations

from itertools import count

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

_n = count(1)


def _title(api: Api, scheme: str, **extra: object) -> dict[str, object]:
    return {
        "workshop_id": api.own.workshop,
        "scheme": scheme,
        "title": "接口登记的工作室",
        "number": f"接口-{next(_n)}",
        "naming_date": "2024-03-01",
        "decision_ref": "沪工〔2024〕3号",
        **extra,
    }


def test_the_generic_status_routes_are_gone(api: Api) -> None:
    officer = api.callers[Role.DISTRICT_OFFICER]
    moved = api.client.post(
        f"/api/v1/designations/{api.own.designation}/transitions",
        json={"target": "revoked", "reason": "直接摘牌", "effective_on": "2026-11-01"},
        headers=officer.headers,
    )
    assert moved.status_code in (404, 405)
    created = api.client.post(
        "/api/v1/designations", json=_title(api, "shanghai-craftsman"), headers=officer.headers
    )
    assert created.status_code == 405
    body = api.client.get(
        f"/api/v1/designations/{api.own.designation}", headers=officer.headers
    ).json()
    assert body["status"] == "rectifying"  # as the failed inspection left it


def test_a_district_officer_cannot_name_a_city_title_the_city_officer_can(api: Api) -> None:
    district = api.callers[Role.DISTRICT_OFFICER]
    before = api.writes()
    refused = api.client.post(
        "/api/v1/designations/existing",
        json=_title(api, "shanghai-model-worker"),
        headers=district.headers,
    )
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "not_authorised"
    assert "上海市总工会" in error["message"]
    assert "第七条" in error["message"]
    assert api.writes() == before
    city = api.callers[Role.CITY_OFFICER]
    named = api.client.post(
        "/api/v1/designations/existing",
        json=_title(api, "shanghai-model-worker"),
        headers=city.headers,
    )
    assert named.status_code == 201, named.text
    assert named.json()["naming_union_id"] != api.own.district


def test_a_workshop_once_named_under_yangpu_is_not_named_again_citing_y7(api: Api) -> None:
    district = api.callers[Role.DISTRICT_OFFICER]
    again = api.client.post(
        "/api/v1/designations/existing",
        json=_title(api, "yangpu-district", decision_ref="杨工〔2024〕3号"),
        headers=district.headers,
    )
    assert again.status_code == 422
    error = again.json()["error"]
    assert error["code"] == "already_named"
    assert "第七条" in error["message"]
