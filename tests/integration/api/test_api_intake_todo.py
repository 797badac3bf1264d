"""Over /api/v1: an application waiting for a union's step is in that union's 待办 and dashboard."""

from __future__ import annotations

from datetime import date

from lifecycle.accounts.service import issue_token
from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_factories import yangpu_form
from tests.integration.api.conftest import NOW, Api
from tests.integration.api.intake_calls import drafted, yangpu_2027_call

END = "2027-10-31"  # the dashboard's last day (12 months from November 2026)


def _bearer(api: Api, role: Role, union_id: int) -> dict[str, str]:
    with api.uow() as u:
        principal, _ = f.user(u, role, union_id)
        token = issue_token(u, principal, "待办", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def test_the_waiting_step_is_listed_counted_and_leaves_once_done(api: Api) -> None:
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    finance = api.callers[Role.FINANCE].headers
    sector = _bearer(api, Role.DISTRICT_OFFICER, api.tree.sector.id)
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    call = yangpu_2027_call(api)
    app_id = drafted(api, call, shop_id)
    assert c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={}).is_success
    link = f"/intake/applications/{app_id}"

    def mine(headers: dict[str, str]) -> list[dict[str, object]]:
        page = c.get("/api/v1/todo", headers=headers, params={"mine": "true", "limit": 500})
        assert page.status_code == 200, page.text
        return [o for o in page.json()["items"] if o["link"] == link]

    def step(headers: dict[str, str], stage: str, **more: object) -> None:
        body = {"stage": stage, "action": "approve", "decided_on": "2026-11-21", "signer": "签"}
        sent = c.post(f"/api/v1{link}/steps", headers=headers, json={**body, **more})
        assert sent.status_code == 200, sent.text

    # Submitted: the unit union's recommendation is its contact's step, nobody else's.
    (item,) = mine(unit)
    assert item["title"] == "待单位工会推荐（经本单位党政同意）（无规定办理期限）"
    assert item["kind"] == "application_step"
    assert item["designation_id"] is None
    assert item["union_id"] == api.tree.unit.id
    assert mine(sector) == mine(district) == mine(finance) == []
    step(unit, "unit", consent="党政联席会议同意")
    (item,) = mine(sector)
    assert item["title"] == "待行业、街镇、直属工会初审（无规定办理期限）"
    assert item["status"] == "due"
    assert mine(unit) == mine(district) == mine(finance) == []
    # The sector's dashboard counts it as its own step, and every tile leads to as many items.
    board = c.get(
        "/api/v1/dashboard", headers=sector, params={"union_id": api.tree.sector.id}
    ).json()
    assert link in [o["link"] for o in board["my_step"]]
    kinds = {k["kind"]: k["count"] for k in board["counts_by_kind"]}
    everything = c.get("/api/v1/todo", headers=sector, params={"to": END, "limit": 500}).json()
    assert sum(kinds.values()) == everything["total"]
    listed = c.get(
        "/api/v1/todo", headers=sector, params={"kind": "application_step", "to": END}
    ).json()
    # The step, and the world's own unsent draft of a unit below the sector (due on its call's
    # deadline): both the sector's subtree's, counted alike.
    assert kinds["application_step"] == listed["total"] == 2
    assert {o["title"].split("（")[0] for o in listed["items"]} == {
        "待行业、街镇、直属工会初审",
        "申报草稿待提交",
    }
    step(sector, "sector")
    assert mine(sector) == []
    (item,) = mine(district)
    assert item["title"] == "待区总工会评审小组评审（无规定办理期限）"
    assert item["union_id"] == api.tree.district.id
    assert mine(unit) == mine(finance) == []
    after = c.get(
        "/api/v1/dashboard", headers=sector, params={"union_id": api.tree.sector.id}
    ).json()
    assert link not in [o["link"] for o in after["my_step"]]
    assert after["my_step_total"] == board["my_step_total"] - 1
    # Without union_id, the caller's own union's dashboard and occasions.
    assert c.get("/api/v1/dashboard", headers=sector).json() == after
    own = c.get("/api/v1/occasions", headers=sector).json()
    given = c.get("/api/v1/occasions", headers=sector, params={"union_id": api.tree.sector.id})
    assert own == given.json()
    assert date.fromisoformat(item["due_on"]) == date(2026, 11, 21)  # waiting since the 初审


def test_the_dashboards_own_union_figure_opens_as_many_items_in_the_api_list(api: Api) -> None:
    # 「待本工会办理（全部岗位）」: the dashboard counts the steps its union must act on; the list
    # with acting=true (the page's /todo?acting=1) lists exactly those, not the whole subtree's.
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    sector = _bearer(api, Role.DISTRICT_OFFICER, api.tree.sector.id)
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    app_id = drafted(api, yangpu_2027_call(api), shop_id)
    assert c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={}).is_success
    body = {"stage": "unit", "action": "approve", "decided_on": "2026-11-21", "signer": "签"}
    sent = c.post(
        f"/api/v1/intake/applications/{app_id}/steps",
        headers=unit,
        json={**body, "consent": "党政联席会议同意"},
    )
    assert sent.status_code == 200, sent.text
    for headers, union_id in ((sector, api.tree.sector.id), (unit, api.tree.unit.id)):
        board = c.get("/api/v1/dashboard", headers=headers, params={"union_id": union_id}).json()
        params = {"acting": "true", "to": END, "limit": 500}
        listed = c.get("/api/v1/todo", headers=headers, params=params).json()
        assert listed["total"] == board["my_step_total"]
        assert {o["union_id"] for o in listed["items"]} <= {union_id}
        everything = c.get("/api/v1/todo", headers=headers, params={"to": END, "limit": 500})
        assert everything.json()["total"] >= listed["total"]
    mine = c.get("/api/v1/todo", headers=sector, params={"acting": "true", "to": END}).json()
    assert f"/intake/applications/{app_id}" in [o["link"] for o in mine["items"]]


def test_a_waiting_step_names_the_studio_its_form_gives_and_a_draft_without_one_its_team(
    api: Api,
) -> None:
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        named, unnamed = f.workshop(u, api.tree), f.workshop(u, api.tree)
        u.commit()
    call = yangpu_2027_call(api)
    submitted = drafted(api, call, named.id)
    assert c.post(
        f"/api/v1/intake/applications/{submitted}/submit", headers=unit, json={}
    ).is_success
    blank = c.post(
        f"/api/v1/intake/calls/{call}/applications",
        headers=unit,
        json={"workshop_id": unnamed.id, "form": {**yangpu_form(), "studio_name": ""}},
    )
    assert blank.status_code == 201, blank.text
    page = c.get("/api/v1/todo", headers=unit, params={"kind": "application_step", "to": END})
    assert page.status_code == 200, page.text
    subjects = {o["link"]: o["subject"] for o in page.json()["items"]}
    studio = yangpu_form()["studio_name"]
    assert (
        subjects[f"/intake/applications/{submitted}"] == f"{studio}（2027年度杨浦区创新工作室申报）"
    )
    assert subjects[f"/intake/applications/{blank.json()['id']}"] == (
        f"{unnamed.name}（2027年度杨浦区创新工作室申报）"
    )
