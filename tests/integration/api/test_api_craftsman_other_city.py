"""上海工匠 is 上海市总工会's call, for Shanghai's workers [G] 一: another city's union (乐山) opens
no year of it, files none of its own workers into it, and no Shanghai application is routed to a
district of another city (where that city's officers would read it)."""

from __future__ import annotations

from lifecycle.accounts.service import issue_token
from lifecycle.craftsman_title import service as svc
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import association, member

BASE = "/api/v1/craftsman-selections"
YEAR_2027 = {
    "year": 2027,
    "self_opens": "2027-06-12",
    "self_closes": "2027-07-15",
    "union_deadline": "2027-07-15",
}


def _leshan(api: Api, role: Role) -> tuple[f.Tree, dict[str, str]]:
    """The Leshan tree and the headers of a user of ``role`` at its city (or unit) union."""
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        where = leshan.unit if role is Role.UNIT_CONTACT else leshan.city
        principal, _ = f.user(u, role, where.id)
        token = issue_token(u, principal, "乐山", NOW).plaintext
        u.commit()
    return leshan, {"Authorization": f"Bearer {token}"}


def test_another_citys_officer_opens_no_year_and_shanghai_still_can(api: Api) -> None:
    _, leshan = _leshan(api, Role.CITY_OFFICER)
    before = api.writes()
    refused = api.client.post(BASE, headers=leshan, json=YEAR_2027)
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["code"] == "not_authorised"
    assert "“上海工匠”年度选树由上海市总工会开启" in error["message"]
    assert api.writes() == before
    with api.uow() as u:
        assert svc.repo(u).selection_of_year(2027) is None
    opened = api.client.post(BASE, headers=api.callers[Role.CITY_OFFICER].headers, json=YEAR_2027)
    assert opened.status_code == 201, opened.text


def test_no_application_goes_to_another_citys_district_nor_comes_from_its_workers(
    api: Api,
) -> None:
    sel = api.own.craftsman_selection
    leshan, unit = _leshan(api, Role.UNIT_CONTACT)
    with api.uow() as u:
        body = association(u, api.tree, "上海市数控协会")
        svc.record_local_selection(
            u,
            svc.RecordLocal(sel, body.id, participants=30, local_craftsmen=2),
            recording_union_id=api.tree.city.id,
            scope=EVERYTHING,
        )
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, body.id)
        token = issue_token(u, principal, "社团", NOW).plaintext
        mine = member(u, body, "协会师傅").id
        worker = f.person(u, name="乐山师傅", honours=(), union_id=leshan.unit.id).id
        u.commit()
    url = f"{BASE}/{sel}/applications"
    headers = {"Authorization": f"Bearer {token}"}
    recommend = craftsman_form(mine, channel="association")
    before = api.writes()
    with api.uow() as u:
        filed_before = len(svc.repo(u).applications(sel, EVERYTHING))
    elsewhere = api.client.post(
        url, headers=headers, json=recommend | {"district_union_id": leshan.district.id}
    )
    assert elsewhere.status_code == 422, elsewhere.text
    problems = elsewhere.json()["error"]["problems"]
    assert [(p["field"], p["message"]) for p in problems] == [
        ("district_union_id", "应为上海市总工会所属的区局（产业）工会")
    ]
    own = api.client.post(url, headers=unit, json=craftsman_form(worker))
    assert own.status_code == 403, own.text
    assert own.json()["error"]["field"] == "person_id"
    assert "“上海工匠”面向上海市总工会所属各行各业的职工" in own.json()["error"]["message"]
    assert api.writes() == before
    with api.uow() as u:
        assert len(svc.repo(u).applications(sel, EVERYTHING)) == filed_before
    filed = api.client.post(
        url, headers=headers, json=recommend | {"district_union_id": api.tree.district.id}
    )
    assert filed.status_code == 201, filed.text
