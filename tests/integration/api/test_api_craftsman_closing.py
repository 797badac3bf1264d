"""Over /api/v1: the filer withdraws a 上海工匠 application; the district closes one left past
the unions' deadline through its qualification decision (reading G9)."""

from __future__ import annotations

from typing import Any

from lifecycle.craftsman_title.rules import Channel
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import local_craftsman
from tests.integration.craftsman.lapsed import lapsed_applications

BASE = "/api/v1/craftsman-selections"
LAPSE = "逾期未报送：2025年7月15日前未完成资格审查和网上申报"


def _headers(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


def _todo(api: Api, role: Role, app_id: int) -> list[dict[str, Any]]:
    page = api.client.get(
        "/api/v1/todo", headers=_headers(api, role), params={"mine": "true", "limit": 500}
    )
    assert page.status_code == 200, page.text
    link = f"/craftsman-selections/applications/{app_id}"
    return [o for o in page.json()["items"] if o["link"] == link]


def test_the_filing_unit_withdraws_and_no_other_union_may(api: Api) -> None:
    c = api.client
    unit, district = _headers(api, Role.UNIT_CONTACT), _headers(api, Role.DISTRICT_OFFICER)
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "撤回师傅").id
        u.commit()
    filed = c.post(
        f"{BASE}/{api.own.craftsman_selection}/applications",
        headers=unit,
        json=craftsman_form(person_id),
    )
    assert filed.status_code == 201, filed.text
    app_id = filed.json()["id"]
    # A self-application's 资格审查 is the city's [G] 三（一） (reading G13).
    assert len(_todo(api, Role.CITY_OFFICER, app_id)) == 1
    url = f"{BASE}/applications/{app_id}/withdraw"
    body = {"decided_on": "2026-11-20", "signer": "赵主席", "reason": "申报人调往外省工作"}
    before = api.writes()
    # The city whose stage it is, and the district, may not withdraw it: 403, nothing written.
    for role in (Role.DISTRICT_OFFICER, Role.CITY_OFFICER):
        refused = c.post(url, headers=_headers(api, role), json=body)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "not_authorised"
        assert "报送单位" in refused.json()["error"]["message"]
    blank = c.post(url, headers=unit, json=body | {"reason": "", "decided_on": "2026-13-01"})
    assert blank.status_code == 422
    assert {"reason", "decided_on"} <= {p["field"] for p in blank.json()["error"]["problems"]}
    for day in ("2026-11-22", "2026-11-09"):  # after today; before the application
        early = c.post(url, headers=unit, json=body | {"decided_on": day})
        assert early.status_code == 422, early.text
        assert early.json()["error"]["field"] == "decided_on"
    assert api.writes() == before
    done = c.post(url, headers=unit, json=body)
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["status_label"]) == ("withdrawn", "已撤回")
    (record,) = c.get(f"{BASE}/applications/{app_id}/stages", headers=district).json()
    assert record["withdrawn"] is True
    assert (record["opinion"], record["signer"], record["decided_on"]) == (
        "申报人调往外省工作", "赵主席", "2026-11-20",
    )  # fmt: skip
    assert record["deciding_union_id"] == api.tree.unit.id
    assert _todo(api, Role.CITY_OFFICER, app_id) == []
    after = api.writes()
    again = c.post(url, headers=unit, json=body)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "not_withdrawable"
    decide = c.post(
        f"{BASE}/applications/{app_id}/stages",
        headers=_headers(api, Role.CITY_OFFICER),
        json={"stage": "qualification", "passed": False, "opinion": "不同意", "signer": "王",
              "decided_on": "2026-11-21"},
    )  # fmt: skip
    assert decide.status_code == 409
    assert decide.json()["error"]["message"] == "该申报已办结（已撤回），不能再记录审核决定"
    assert api.writes() == after
    # Another district neither sees nor withdraws it.
    other = c.post(
        f"{BASE}/applications/{api.other.craftsman_application}/withdraw", headers=unit, json=body
    )
    assert other.status_code == 404


def test_the_district_closes_applications_left_past_the_deadline(api: Api) -> None:
    c = api.client
    city, district = _headers(api, Role.CITY_OFFICER), _headers(api, Role.DISTRICT_OFFICER)
    with api.uow() as u:
        waiting, joining = lapsed_applications(u, api.tree)
        u.commit()
    # Both are the district's to close: the one awaiting 入会 too, once the deadline is past.
    for app_id in (waiting, joining):
        (item,) = _todo(api, Role.DISTRICT_OFFICER, app_id)
        assert (item["due_on"], item["status"]) == ("2025-07-15", "overdue")
    close = {
        "stage": "qualification",
        "passed": False,
        "opinion": LAPSE,
        "signer": "王干事",
        "decided_on": "2026-11-21",
    }
    before = api.writes()
    wrong = c.post(f"{BASE}/applications/{joining}/stages", headers=city, json=close)
    assert wrong.status_code == 403
    passing = c.post(
        f"{BASE}/applications/{joining}/stages", headers=district, json=close | {"passed": True}
    )
    assert passing.status_code == 409
    assert passing.json()["error"]["code"] == "awaiting_membership"
    # Nor is a late 入会 taken: it could no longer reach the city in time [G 五（四）].
    unit = _headers(api, Role.UNIT_CONTACT)
    joined = c.post(f"{BASE}/applications/{joining}/membership", headers=unit)
    assert joined.status_code == 409, joined.text
    assert joined.json()["error"]["code"] == "lapsed"
    assert joined.json()["error"]["message"] == (
        "区局（产业）工会及社团完成网上申报的截止日期（2025年7月15日）已过，"
        "本申报已无法按期报送，不再受理入会；请由区总工会作“不予推荐”办理"
        "（《关于开展2025年度“上海工匠”培养选树工作的通知》五（四））"
    )
    no_reason = c.post(
        f"{BASE}/applications/{waiting}/stages", headers=district, json=close | {"opinion": " "}
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["field"] == "opinion"
    assert api.writes() == before
    for app_id in (waiting, joining):
        done = c.post(f"{BASE}/applications/{app_id}/stages", headers=district, json=close)
        assert done.status_code == 200, done.text
        assert done.json()["status"] == "not_selected"
        (record,) = c.get(f"{BASE}/applications/{app_id}/stages", headers=city).json()
        assert (record["stage"], record["passed"], record["withdrawn"]) == (
            "qualification", False, False,
        )  # fmt: skip
        assert record["opinion"] == LAPSE
        assert _todo(api, Role.DISTRICT_OFFICER, app_id) == []
    again = c.post(f"{BASE}/applications/{waiting}/stages", headers=district, json=close)
    assert again.status_code == 409


def test_an_application_awaiting_membership_before_the_deadline_is_not_closed(api: Api) -> None:
    c = api.client
    unit, district = _headers(api, Role.UNIT_CONTACT), _headers(api, Role.DISTRICT_OFFICER)
    with api.uow() as u:
        person = local_craftsman(u, api.tree, "入会中师傅")
        person.is_union_member = False
        person_id = person.id
        u.commit()
    filed = c.post(
        f"{BASE}/{api.own.craftsman_selection}/applications",
        headers=unit,
        json=craftsman_form(person_id),
    )
    assert filed.json()["status"] == "awaiting_membership"
    app_id = filed.json()["id"]
    assert _todo(api, Role.DISTRICT_OFFICER, app_id) == []  # the applicant's move, not a union's
    before = api.writes()
    early = c.post(
        f"{BASE}/applications/{app_id}/stages",
        headers=district,
        json={"stage": "qualification", "passed": False, "opinion": "逾期", "signer": "王",
              "decided_on": "2026-11-21"},
    )  # fmt: skip
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "wrong_stage"
    assert api.writes() == before


def test_a_lapsed_application_cannot_pass_the_qualification_check(api: Api) -> None:
    # Filed 2025-07-01 for the 2025 call, still awaiting the district's 资格审查 on 2026-11-21:
    # the unions' deadline (2025-07-15) is long past, so it may only be closed (reading G10).
    c = api.client
    district = _headers(api, Role.DISTRICT_OFFICER)
    with api.uow() as u:
        waiting, _ = lapsed_applications(u, api.tree)
        u.commit()
    url = f"{BASE}/applications/{waiting}/stages"
    body = {"stage": "qualification", "passed": True, "opinion": "同意推荐", "signer": "王干事"}
    before = api.writes()
    # Dated today or back before the deadline: the online submission is judged today.
    for day in ("2026-11-21", "2025-07-14"):
        passing = c.post(url, headers=district, json=body | {"decided_on": day})
        assert passing.status_code == 409, passing.text
        error = passing.json()["error"]
        assert (error["code"], error["field"]) == ("lapsed", "passed")
        assert error["message"] == (
            "区局（产业）工会及社团完成网上申报的截止日期（2025年7月15日）已过，"
            "本申报已不能通过资格审查，只能作“不予推荐”办理"
            "（《关于开展2025年度“上海工匠”培养选树工作的通知》五（四））"
        )
    # A later stage named instead says where the application stands.
    ahead = c.post(url, headers=district, json=body | {"stage": "expert_review",
                                                        "decided_on": "2026-11-21"})  # fmt: skip
    assert ahead.status_code == 409
    assert ahead.json()["error"]["message"] == "该申报当前在资格审查环节，不能记录专家复审"
    assert api.writes() == before
    shown = c.get(f"{BASE}/applications/{waiting}", headers=district).json()
    assert shown["status"] == "qualification"
    assert c.get(f"{BASE}/applications/{waiting}/stages", headers=district).json() == []
    closed = c.post(
        url, headers=district, json=body | {"passed": False, "opinion": LAPSE,
                                            "decided_on": "2026-11-21"},
    )  # fmt: skip
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "not_selected"


def test_a_lapsed_self_application_awaiting_membership_is_closed_by_the_city(api: Api) -> None:
    """A self-applicant's 资格审查 is the city's (reading G13): past the unions' deadline, a
    self-application still 待入会 takes no 入会 and the refusal names the city as the union that
    closes it, not the district (before: 「请由区总工会作“不予推荐”办理」)."""
    with api.uow() as u:
        _, joining = lapsed_applications(u, api.tree, joining_channel=Channel.SELF)
        u.commit()
    before = api.writes()
    joined = api.client.post(
        f"{BASE}/applications/{joining}/membership", headers=_headers(api, Role.UNIT_CONTACT)
    )
    assert joined.status_code == 409, joined.text
    assert joined.json()["error"]["code"] == "lapsed"
    assert (
        "不再受理入会；请由市总工会（上海工匠培养选树申报办公室）作“不予推荐”办理"
        in (joined.json()["error"]["message"])
    )
    assert api.writes() == before
