"""上海工匠 is 上海市总工会's call, for Shanghai's workers [G] 一: another city's union (乐山) is
refused every route of it (403 ``other_city``: opens no year, files none of its own workers), and
no Shanghai application is routed to a district of another city (where that city's officers would
read it)."""

from __future__ import annotations

from api.v1.access import RULES, route_key
from lifecycle.accounts.service import issue_token
from lifecycle.craftsman_title import local_selection
from lifecycle.craftsman_title import service as svc
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import association, member

BASE = "/api/v1/craftsman-selections"
WHY = (
    "“上海工匠”培养选树由上海市总工会组织，面向上海市各行各业职工"
    "（《关于开展2024年度“上海工匠”培养选树工作的通知》一）；"
    "本工会及所属工会的职工不参加，本工会也不能开启年度选树"
)
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
    assert (error["code"], error["message"]) == ("other_city", WHY)
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
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(sel, body.id, participants=30, local_craftsmen=2),
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
    assert own.json()["error"]["code"] == "other_city"
    assert api.writes() == before
    with api.uow() as u:
        assert len(svc.repo(u).applications(sel, EVERYTHING)) == filed_before
    filed = api.client.post(
        url, headers=headers, json=recommend | {"district_union_id": api.tree.district.id}
    )
    assert filed.status_code == 201, filed.text


def test_every_selection_route_refuses_another_citys_caller_saying_why(api: Api) -> None:
    """Each 上海工匠 route, read or write, answers a Leshan officer 403 ``other_city`` with the
    call page's explanation, before its body is checked; the OpenAPI document declares the 403."""
    _, leshan = _leshan(api, Role.CITY_OFFICER)
    schema = api.client.get("/openapi.json").json()["paths"]
    ids = {
        "selection_id": api.own.craftsman_selection,
        "craftsman_application_id": api.own.craftsman_application,
        "union_id": api.tree.district.id,
    }
    routes = [
        (method.upper(), path)
        for path, operations in schema.items()
        if path.startswith(BASE)
        for method in operations
    ]
    # Every route the access registry knows under the selection is documented and asked here.
    registered = {key for key in RULES if key.split(" ")[1].startswith(BASE)}
    assert {route_key(m, p) for m, p in routes} == registered
    before = api.writes()
    for method, path in routes:
        assert "403" in schema[path][method.lower()]["responses"], path
        answer = api.client.request(method, path.format(**ids), headers=leshan, json={})
        assert answer.status_code == 403, (method, path, answer.text)
        error = answer.json()["error"]
        assert (error["code"], error["message"]) == ("other_city", WHY), (method, path)
    assert api.writes() == before
    shanghai = api.client.get(BASE, headers=api.callers[Role.UNIT_CONTACT].headers)
    assert shanghai.status_code == 200, shanghai.text
