"""Over /api/v1: 不予推荐 of an application left at the batch after the deadline, and the
applying unit's 撤回; closed, each leaves the 待办 and the dashboard [C 二（二）][C 三（四）]
(reading I5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lifecycle.accounts.service import issue_token
from lifecycle.files.storage import FileStorage
from lifecycle.intake.repository import IntakeRepository
from lifecycle.vocab import Role
from tests import factories as f
from tests.intake_closing import LAPSED_STEP, lapsed_recommendation, yangpu_in_review
from tests.intake_factories import yangpu_call
from tests.integration.api.conftest import NOW, Api


def _links(api: Api, headers: dict[str, str], **params: Any) -> list[str]:
    page = api.client.get("/api/v1/todo", headers=headers, params={"limit": 500, **params})
    assert page.status_code == 200, page.text
    return [o["link"] for o in page.json()["items"]]


def _board(api: Api, headers: dict[str, str], union_id: int) -> list[str]:
    board = api.client.get("/api/v1/dashboard", headers=headers, params={"union_id": union_id})
    assert board.status_code == 200, board.text
    body = board.json()
    return [o["link"] for o in [*body["overdue"], *body["my_step"]]]


def test_the_district_declines_a_lapsed_recommendation_over_the_api(
    api: Api, tmp_path: Path
) -> None:
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        app_id = lapsed_recommendation(u, api.tree, FileStorage(tmp_path / "files"))
        u.commit()
    link = f"/intake/applications/{app_id}"
    (item,) = [
        o
        for o in c.get("/api/v1/todo", headers=district, params={"mine": "true"}).json()["items"]
        if o["link"] == link
    ]
    assert item["title"] == LAPSED_STEP
    assert item["status"] == "overdue"
    assert link in _board(api, district, api.tree.district.id)
    detail = c.get(f"/api/v1{link}", headers=district).json()
    assert detail["actions"] == ["reject"]
    body = {"stage": "recommend", "action": "reject", "decided_on": "2026-11-21", "signer": "王"}
    # Without a reason: refused naming the field, nothing written.
    before = api.writes()
    refused = c.post(f"/api/v1{link}/steps", headers=district, json=body)
    assert refused.status_code == 422
    assert refused.json()["error"]["problems"][0]["field"] == "opinion"
    # Not the unit's step (its recommendation is done): refused naming whose step it is.
    other = c.post(f"/api/v1{link}/steps", headers=unit, json={**body, "opinion": "逾期"})
    assert other.status_code == 403
    assert other.json()["error"]["code"] == "not_your_step"
    assert api.writes() == before
    done = c.post(f"/api/v1{link}/steps", headers=district, json={**body, "opinion": "逾期未报送"})
    assert done.status_code == 200, done.text
    assert done.json()["application"]["status"] == "rejected"
    assert done.json()["actions"] == []
    last = c.get(f"/api/v1{link}/history", headers=district).json()["items"][-1]
    assert (last["stage"], last["action"], last["opinion"]) == ("recommend", "reject", "逾期未报送")
    assert link not in _links(api, district, mine="true")
    assert link not in _links(api, district, to="2027-10-31")
    assert link not in _board(api, district, api.tree.district.id)


def test_the_applying_unit_withdraws_over_the_api_and_no_other_union_may(api: Api) -> None:
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        app_id = yangpu_in_review(u, api.tree)
        principal, _ = f.user(u, Role.DISTRICT_OFFICER, api.tree.sector.id)
        sector = {"Authorization": f"Bearer {issue_token(u, principal, '初审', NOW).plaintext}"}
        u.commit()
    link = f"/intake/applications/{app_id}"
    assert link in _links(api, sector, mine="true")
    url = f"/api/v1{link}/withdraw"
    body = {"decided_on": "2026-11-21", "signer": "赵主席", "reason": "领衔人调岗"}
    before = api.writes()
    # The district, and the sector whose step it is, may not withdraw it (403, nothing written).
    for headers in (district, sector):
        refused = c.post(url, headers=headers, json=body)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "not_authorised"
    # Bad input is named field by field.
    blank = c.post(url, headers=unit, json={**body, "reason": "", "decided_on": "2026-13-01"})
    assert blank.status_code == 422
    fields = {p["field"] for p in blank.json()["error"]["problems"]}
    assert {"reason", "decided_on"} <= fields
    future = c.post(url, headers=unit, json={**body, "decided_on": "2026-12-01"})
    assert future.status_code == 422
    assert future.json()["error"]["field"] == "decided_on"
    assert api.writes() == before
    done = c.post(url, headers=unit, json=body)
    assert done.status_code == 200, done.text
    assert done.json()["application"]["status"] == "withdrawn"
    assert done.json()["waiting_union_id"] is None
    last = c.get(f"/api/v1{link}/history", headers=unit).json()["items"][-1]
    assert (last["action"], last["opinion"], last["signer"]) == ("withdraw", "领衔人调岗", "赵主席")
    assert link not in _links(api, sector, mine="true")
    assert link not in _links(api, district, to="2027-10-31")
    again = c.post(url, headers=unit, json=body)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "not_withdrawable"
    # Declared as its siblings' (the 上海工匠 撤回): a 409 with the error body.
    paths = c.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/intake/applications/{intake_id}/withdraw",
        "/api/v1/craftsman-selections/applications/{craftsman_application_id}/withdraw",
    ):
        declared = paths[path]["post"]["responses"]["409"]
        assert declared["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")


def test_a_withdrawal_is_not_dated_before_the_step_it_follows(api: Api) -> None:
    """The applying unit's 撤回 is dated on or after the application's last recorded step, as
    every step is (its history runs forward [Y7]): submitted 2026-11-10, recommended by the unit
    on 2026-11-15, a withdrawal dated 2026-11-12 is refused beside its date naming that step and
    its date in Chinese, nothing written (before: only the submission bounded it)."""
    from datetime import date

    from lifecycle.intake.routes import Action
    from lifecycle.intake.service import (
        NewApplication,
        StepDecision,
        decide_step,
        start_application,
        submit,
    )
    from lifecycle.scope import Scope
    from tests.intake_factories import APPLICANT, at, yangpu_form

    with api.uow() as u:
        call = IntakeRepository(u.session).find_call("yangpu-district", 2026, api.tree.district.id)
        call = call or yangpu_call(u, api.tree)
        unit_scope = Scope.subtree(api.tree.unit.path)
        app = start_application(
            u, NewApplication(call.id, f.workshop(u, api.tree).id, yangpu_form()),
            actor=APPLICANT, now=f.at_ten(date(2026, 11, 10)), scope=unit_scope,
            own_path=api.tree.unit.path,
        )  # fmt: skip
        submit(u, app.id, actor=APPLICANT, now=at(date(2026, 11, 10)), scope=unit_scope)
        step = StepDecision(
            app.id, "unit", Action.APPROVE, date(2026, 11, 15), "单位工会", "同意", "党委同意"
        )
        decide_step(
            u, step, acting_union_id=api.tree.unit.id, actor=APPLICANT,
            as_of=date(2026, 11, 15), scope=unit_scope,
        )  # fmt: skip
        u.commit()
        app_id = app.id
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    url = f"/api/v1/intake/applications/{app_id}/withdraw"
    body = {"decided_on": "2026-11-12", "signer": "赵主席", "reason": "领衔人调岗"}
    before = api.writes()
    early = c.post(url, headers=unit, json=body)
    assert early.status_code == 422, early.text
    (problem,) = early.json()["error"]["problems"]
    assert problem["field"] == "decided_on"
    assert problem["message"] == (
        "撤回日期不能早于「单位工会推荐（经本单位党政同意）」的办理日期（2026年11月15日）"
    )
    assert api.writes() == before
    done = c.post(url, headers=unit, json=body | {"decided_on": "2026-11-15"})
    assert done.status_code == 200, done.text
    assert done.json()["application"]["status"] == "withdrawn"
