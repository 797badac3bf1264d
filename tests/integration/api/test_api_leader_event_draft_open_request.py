"""The 附件3 draft from a leader event over the JSON API, on both backends: while a request of
the workshop's title is open the draft is not answered (a second request would be refused); the
answer names the open request to work on instead [C 三（六）]. Withdrawn, the draft is back."""

from __future__ import annotations

from datetime import date

from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api

CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)
STEP = {"year": 2026, "passed": False, "signer": "李主席", "opinion": "领衔劳模离职"}


def _h(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def test_no_draft_while_a_request_of_the_title_is_open(api: Api) -> None:
    with api.uow() as u:
        leader = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=api.tree.unit.id)
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=leader)
        u.commit()
        d_id, shop_id = d.id, d.workshop_id
    client, unit = api.client, _h(api, Role.UNIT_CONTACT)
    event = client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": "2026-10-08", "source": "单位工会书面报告"},
        headers=unit,
    )
    assert event.status_code == 201, event.text
    draft_url = f"/api/v1/leader-events/{event.json()['id']}/change-request-draft"
    draft = client.get(draft_url, headers=unit)
    assert draft.status_code == 200, draft.text
    filed = client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json={**draft.json(), "measure": "revoke", "filed_on": "2026-10-10"},
        headers=unit,
    )
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]

    for role in (Role.UNIT_CONTACT, Role.DISTRICT_OFFICER):
        again = client.get(draft_url, headers=_h(api, role))
        assert again.status_code == 422, again.text
        error = again.json()["error"]
        assert (error["code"], error["field"]) == ("already_open", "event_id")
        assert error["message"] == (
            f"该工作室已有未办结的管理变更申请（第{request_id}号），不能据此再起草，"
            "请在该申请上继续办理"
        )

    withdrawn = client.post(
        f"/api/v1/change-requests/{request_id}/withdraw",
        json={"withdrawn_on": "2026-10-12", "signer": "单位工会主席", "reason": "材料有误"},
        headers=unit,
    )
    assert withdrawn.status_code == 200, withdrawn.text
    back = client.get(draft_url, headers=unit)
    assert back.status_code == 200, back.text
    assert back.json()["reason"] == "left"
    assert "于2026年10月8日离职" in back.json()["reason_details"]


def test_no_draft_while_the_titles_assessment_applied_for_its_delisting(api: Api) -> None:
    """The 考核's 摘牌 application is the one application [S9] 第九条: the draft says so."""
    with api.uow() as u:
        d = f.named_designation(
            u, api.tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5)
        )
        u.commit()
        d_id, shop_id = d.id, d.workshop_id
    client, unit = api.client, _h(api, Role.UNIT_CONTACT)
    event = client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": "2026-10-08", "source": "单位工会书面报告"},
        headers=unit,
    )
    assert event.status_code == 201, event.text
    for role, step, on in ((Role.UNIT_CONTACT, "unit", "2026-11-02"),
                           (Role.DISTRICT_OFFICER, "district", "2026-11-03")):  # fmt: skip
        done = client.post(
            f"/api/v1/designations/{d_id}/assessments",
            json={**STEP, "step": step, "decided_on": on},
            headers=_h(api, role),
        )
        assert done.status_code == 200, done.text

    draft = client.get(
        f"/api/v1/leader-events/{event.json()['id']}/change-request-draft", headers=unit
    )
    assert draft.status_code == 422, draft.text
    error = draft.json()["error"]
    assert (error["code"], error["field"]) == ("delisting_applied", "event_id")
    assert error["message"].startswith(
        "该工作室2026年度考核已由区局（产业）工会于2026年11月3日向上海市总工会申请摘牌"
    )
    assert "不能就同一称号再提出管理变更申请（附件3）" in error["message"]


def test_a_former_leaders_event_is_neither_drafted_nor_cited_for_the_new_leader(api: Api) -> None:
    """After the city changed the leader on 附件3, the former leader's death is not the new
    leader's: no draft from it, and a request citing it is refused on 领衔人情况 — filed and
    decided, it would have recorded the new leader as dead [C 三（六）]."""
    with api.uow() as u:
        old = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=api.tree.unit.id)
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=old)
        new = f.person(u, name="吴新匠", honours=CRAFTSMAN, union_id=api.tree.unit.id)
        u.commit()
        d_id, shop_id, new_id = d.id, d.workshop_id, new.id
    client, unit = api.client, _h(api, Role.UNIT_CONTACT)
    event = client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "death", "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
        headers=unit,
    )
    assert event.status_code == 201, event.text
    draft_url = f"/api/v1/leader-events/{event.json()['id']}/change-request-draft"
    draft = client.get(draft_url, headers=unit).json()
    filed = client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json={**draft, "measure": "leader_change", "filed_on": "2026-06-05",
              "new_leader_person_id": new_id},
        headers=unit,
    )  # fmt: skip
    assert filed.status_code == 201, filed.text
    for role, step, on in ((Role.UNIT_CONTACT, "unit", "2026-06-06"),
                           (Role.DISTRICT_OFFICER, "district", "2026-06-10"),
                           (Role.CITY_OFFICER, "city", "2026-06-20")):  # fmt: skip
        done = client.post(
            f"/api/v1/change-requests/{filed.json()['id']}/{step}",
            json={"decision": "approve", "decided_on": on, "signer": "签署人", "opinion": "同意",
                  "decision_ref": "沪工创〔2026〕9号" if step == "city" else None},
            headers=_h(api, role),
        )  # fmt: skip
        assert done.status_code == 200, done.text

    refused = client.get(draft_url, headers=unit)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("former_leader", "event_id")
    former = (
        "所引用的2026年6月1日已故是前任领衔人周工匠的情况，"
        "管理变更申请（附件3）报告现任领衔人吴新匠的情况"
    )
    assert error["message"] == former

    writes = api.writes()
    cited = client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json={**draft, "measure": "revoke", "filed_on": "2026-07-01"},
        headers=unit,
    )
    assert cited.status_code == 422, cited.text
    problems = {p["field"]: p for p in cited.json()["error"]["problems"]}
    assert problems["leader_event_id"]["code"] == "former_leader"
    assert problems["leader_event_id"]["message"] == former
    assert api.writes() == writes
    person = client.get(f"/api/v1/persons/{new_id}", headers=unit).json()
    assert person["employment_status"] == "employed"


def test_no_draft_for_a_workshop_whose_titles_take_no_change_request(api: Api) -> None:
    """A Yangpu title's leader changes on its page, not on 附件3 [C 附件3][Y13]: the draft says
    so, as the filing would, instead of a form nobody may file."""
    with api.uow() as u:
        leader = f.person(u, name="卫师傅", union_id=api.tree.unit.id)
        d = lf.titled(u, api.tree, scheme="yangpu-district", leader=leader)
        u.commit()
        shop_id = d.workshop_id
    district = _h(api, Role.DISTRICT_OFFICER)
    event = api.client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": "2026-10-08", "source": "单位工会书面报告"},
        headers=district,
    )
    assert event.status_code == 201, event.text
    draft = api.client.get(
        f"/api/v1/leader-events/{event.json()['id']}/change-request-draft", headers=district
    )
    assert draft.status_code == 422, draft.text
    error = draft.json()["error"]
    assert (error["code"], error["field"]) == ("no_change_request_form", "event_id")
    assert "不适用管理变更申请表" in error["message"]
    assert "带头人变更请在该命名记录页的「变更带头人」中办理" in error["message"]
