"""A 社团 account over JSON: 社团推荐 of its own member, seen by its district, nothing else [G]."""

from __future__ import annotations

from lifecycle.accounts.service import issue_api_token
from lifecycle.craftsman_title import service as svc
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import PHONE, association, local_craftsman, member

BASE = "/api/v1/craftsman-selections"


def test_an_association_account_recommends_its_member_and_the_district_checks_it(
    api: Api,
) -> None:
    sel = api.own.craftsman_selection
    with api.uow() as u:
        body = association(u, api.tree, "上海市数控协会")
        svc.record_local_selection(
            u,
            svc.RecordLocal(sel, body.id, participants=30, local_craftsmen=2),
            recording_union_id=api.tree.city.id,
            scope=EVERYTHING,
        )
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, body.id)
        token = issue_api_token(u, principal, "社团", NOW)
        mine = member(u, body, "协会师傅").id
        stranger = local_craftsman(u, api.tree, "单位师傅").id
        u.commit()
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{BASE}/{sel}/applications"
    recommend = craftsman_form(mine, channel="association")
    missing = api.client.post(url, headers=headers, json=recommend)
    assert missing.status_code == 422
    assert {p["field"] for p in missing.json()["error"]["problems"]} == {"district_union_id"}
    filed = api.client.post(
        url, headers=headers, json=recommend | {"district_union_id": api.tree.district.id}
    )
    assert filed.status_code == 201, filed.text
    app = filed.json()
    assert (app["channel_label"], app["association_name"]) == ("社团推荐", "上海市数控协会")
    assert app["district_union_id"] == api.tree.district.id
    assert PHONE not in filed.text
    # Another channel, or a worker who is not its member, is not the association's to file.
    own_channel = api.client.post(
        url, headers=headers, json=craftsman_form(mine, channel="unit", group="catering")
    )
    assert own_channel.status_code == 422
    assert api.client.post(url, headers=headers, json=craftsman_form(stranger)).status_code == 404
    # The association lists its own; the member's district sees it too; the other does not.
    assert [a["id"] for a in api.client.get(url, headers=headers).json()] == [app["id"]]
    district = api.callers[Role.DISTRICT_OFFICER].headers
    assert app["id"] in {a["id"] for a in api.client.get(url, headers=district).json()}
    other = api.client.get(f"{BASE}/applications/{app['id']}", headers=_other(api))
    assert other.status_code == 404
    # It reviews nothing and reads no income survey; the district's opinion is the check.
    stage = f"{BASE}/applications/{app['id']}/stages"
    opinion = {
        "stage": "qualification",
        "passed": True,
        "opinion": "经征求意见，书面确认符合申报资格",
        "signer": "杨浦区总工会",
        "decided_on": "2024-07-20",
    }
    assert api.client.post(stage, headers=headers, json=opinion).status_code == 403
    survey = f"{BASE}/applications/{app['id']}/income-survey"
    assert api.client.get(survey, headers=headers).status_code == 403
    checked = api.client.post(stage, headers=district, json=opinion)
    assert checked.status_code == 200, checked.text
    assert checked.json()["status"] == "expert_review"
    # The association's own 统计表 (附件3) counts its recommendation.
    sheet = api.client.get(
        f"{BASE}/{sel}/unions/{app['union_id']}/statistics.xlsx", headers=headers
    )
    assert sheet.status_code == 200


def _other(api: Api) -> dict[str, str]:
    """A district officer of the other district."""
    with api.uow() as u:
        principal, _ = f.user(u, Role.DISTRICT_OFFICER, api.tree.other_district.id)
        token = issue_api_token(u, principal, "浦东", NOW)
        u.commit()
    return {"Authorization": f"Bearer {token}"}
