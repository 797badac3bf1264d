"""Who enters which honour by hand: 上海工匠 is granted by the city's selection, so only an
officer of 上海市总工会 enters one, and only of a year whose selection was not run in the service
(a title granted before it); the others record the rest."""

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
    assert "此前获得的称号由上海市总工会的市总工会干部登记" in message
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
    assert set(_problems(registered)) == {"honours.1.honour"}
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
    """With the document it was granted by [G] 四, kept with it; without one it is refused
    beside 授予依据, nothing written (before: entered with no trace of its grant)."""
    headers = api.callers[Role.CITY_OFFICER].headers
    honours = f"/api/v1/persons/{api.own.person}/honours"
    before = api.writes()
    for typed in (None, "  ", "文" * 101):
        refused = api.client.post(
            honours,
            headers=headers,
            json={"honour": "shanghai_craftsman", "year": 2019, "reference": typed},
        )
        assert refused.status_code == 422, refused.text
        assert set(_problems(refused)) == {"reference"}
    assert _problems(refused)["reference"] == "授予依据不能超过100个字符"
    assert api.writes() == before
    missing = api.client.post(
        honours, headers=headers, json={"honour": "shanghai_craftsman", "year": 2019}
    )
    assert _problems(missing)["reference"] == (
        "请填写“上海工匠”称号的授予依据：上海市总工会的命名文件文号或公示名单"
        "（《关于开展2024年度“上海工匠”培养选树工作的通知》三（五）、四）"
    )
    added = api.client.post(
        honours,
        headers=headers,
        json={"honour": "shanghai_craftsman", "year": 2019, "reference": " 沪工总〔2019〕88号 "},
    )
    assert added.status_code == 201, added.text
    assert added.json()["reference"] == "沪工总〔2019〕88号"
    held = api.client.get(f"/api/v1/persons/{api.own.person}", headers=headers).json()["honours"]
    assert {"honour": "shanghai_craftsman", "year": 2019, "reference": "沪工总〔2019〕88号"} in [
        {k: h[k] for k in ("honour", "year", "reference")} for h in held
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
    assert _problems(refused)["honours.0.honour"].startswith(GRANTED)
    member["honours"] = [{"honour": "district_craftsman", "year": 2023}]
    assert api.client.post(url, headers=headers, json=member).status_code == 201


def test_a_year_whose_selection_runs_in_the_service_is_not_entered_by_hand(api: Api) -> None:
    """The api world's 2026 selection is on record: its titles come from the selection after
    the 市总审定 and 公示 [G] 三（四）（五）; a city officer typing one is refused (before:
    kept)."""
    headers = api.callers[Role.CITY_OFFICER].headers
    honours = f"/api/v1/persons/{api.own.person}/honours"
    before = api.writes()
    refused = api.client.post(
        honours, headers=headers, json={"honour": "shanghai_craftsman", "year": 2026}
    )
    assert refused.status_code == 422, refused.text
    assert _problems(refused)["honour"] == (
        "2026年度“上海工匠”选树在本系统进行：称号经市总审定、社会公示后由上海市总工会授予，"
        "由选树记录自动登记（《关于开展2026年度“上海工匠”培养选树工作的通知》三（四）、（五），"
        "四、选树命名），不能手工登记；手工登记仅限本系统启用前获得的称号"
    )
    assert api.writes() == before
    typed = {"honour": "shanghai_craftsman", "year": 2023, "reference": "沪工总〔2023〕52号"}
    earlier = api.client.post(honours, headers=headers, json=typed)
    assert earlier.status_code == 201, earlier.text


def test_another_citys_officer_enters_no_shanghai_craftsman(api: Api) -> None:
    """乐山市总工会's officer is a 市总工会干部 too, but 上海工匠 is 上海市总工会's title [G] 四:
    refused for a worker of their own tree (before: kept), other honours entered."""
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        principal, _ = f.user(u, Role.CITY_OFFICER, leshan.city.id)
        token = issue_token(u, principal, "乐山", NOW).plaintext
        worker = f.person(u, name="乐山师傅", honours=(), union_id=leshan.unit.id)
        u.commit()
        worker_id = worker.id
    headers = {"Authorization": f"Bearer {token}"}
    honours = f"/api/v1/persons/{worker_id}/honours"
    before = api.writes()
    refused = api.client.post(
        honours, headers=headers, json={"honour": "shanghai_craftsman", "year": 2019}
    )
    assert refused.status_code == 422, refused.text
    message = _problems(refused)["honour"]
    assert message.startswith(GRANTED)
    assert "由上海市总工会的市总工会干部登记" in message
    assert api.writes() == before
    other = api.client.post(
        honours, headers=headers, json={"honour": "city_model_worker", "year": 2019}
    )
    assert other.status_code == 201, other.text
