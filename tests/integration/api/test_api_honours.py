"""Who enters which honour by hand: 上海工匠 is granted by the city's selection, so only a city
officer enters one (a title granted before the service); the others record the rest."""

from __future__ import annotations

from typing import Any

from lifecycle.accounts.service import issue_token
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api
from tests.integration.craftsman.helpers import association

GRANTED = "“上海工匠”称号由市总工会经年度选树授予"


def _problems(answer: Any) -> dict[str, str]:
    return {p["field"]: p["message"] for p in answer.json()["error"]["problems"]}


def test_a_district_officer_cannot_enter_shanghai_craftsman_but_enters_other_honours(
    api: Api,
) -> None:
    headers = api.callers[Role.DISTRICT_OFFICER].headers
    honours = f"/api/v1/persons/{api.own.person}/honours"
    before = api.writes()
    refused = api.client.post(
        honours, headers=headers, json={"honour": "shanghai_craftsman", "year": 2024}
    )
    assert refused.status_code == 422, refused.text
    message = _problems(refused)["honour"]
    assert message.startswith(GRANTED)
    assert "《关于开展2024年度“上海工匠”培养选树工作的通知》四、选树命名" in message
    assert "由市总工会干部登记" in message
    person = {
        "name": "李师傅",
        "gender": "male",
        "birth_date": "1980-01-01",
        "union_id": api.tree.unit.id,
        "honours": [
            {"honour": "district_craftsman", "year": 2020},
            {"honour": "shanghai_craftsman", "year": 2024},
        ],
    }
    registered = api.client.post("/api/v1/persons", headers=headers, json=person)
    assert registered.status_code == 422, registered.text
    assert set(_problems(registered)) == {"honours[1].honour"}
    assert api.writes() == before  # nothing written, neither the person nor an honour
    # Honours awarded outside the service are entered from their certificates.
    for honour in ("district_craftsman", "shanghai_model_worker", "national_may_day_medal"):
        added = api.client.post(honours, headers=headers, json={"honour": honour, "year": 2021})
        assert added.status_code == 201, added.text
    person["honours"] = person["honours"][:1]  # type: ignore[index]
    assert api.client.post("/api/v1/persons", headers=headers, json=person).status_code == 201


def test_a_city_officer_enters_a_shanghai_craftsman_title_granted_before_the_service(
    api: Api,
) -> None:
    headers = api.callers[Role.CITY_OFFICER].headers
    honours = f"/api/v1/persons/{api.own.person}/honours"
    added = api.client.post(
        honours, headers=headers, json={"honour": "shanghai_craftsman", "year": 2019}
    )
    assert added.status_code == 201, added.text
    held = api.client.get(f"/api/v1/persons/{api.own.person}", headers=headers).json()["honours"]
    assert {"honour": "shanghai_craftsman", "year": 2019} in [
        {k: h[k] for k in ("honour", "year")} for h in held
    ]


def test_an_association_registers_a_member_with_a_local_title_but_not_shanghai_craftsman(
    api: Api,
) -> None:
    with api.uow() as u:
        body = association(u, api.tree, "上海市仪表协会")
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, body.id)
        token = issue_token(u, principal, "社团", NOW).plaintext
        u.commit()
    headers = {"Authorization": f"Bearer {token}"}
    member = {
        "name": "仪表师傅",
        "gender": "male",
        "birth_date": "1982-02-02",
        "honours": [{"honour": "shanghai_craftsman", "year": 2023}],
    }
    url = f"/api/v1/associations/{body.id}/members"
    refused = api.client.post(url, headers=headers, json=member)
    assert refused.status_code == 422, refused.text
    assert _problems(refused)["honours[0].honour"].startswith(GRANTED)
    member["honours"] = [{"honour": "district_craftsman", "year": 2023}]
    assert api.client.post(url, headers=headers, json=member).status_code == 201
