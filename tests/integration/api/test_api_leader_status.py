"""A workshop leader's employment status changes only through the leader event (reading P51b):
a 社团's correction of its member who leads a team neither sets 离职/已故 nor undoes a recorded
death; retiring, leaving and dying are recorded as leader events, which carry the 附件3 or the
change of leader they bring [Y3][Y13][S9][C 三（六）]."""

from __future__ import annotations

from typing import Any

from lifecycle.accounts.service import issue_token
from lifecycle.persons.model import Person
from lifecycle.vocab import EmploymentStatus, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import NOW, Api
from tests.integration.craftsman.helpers import association, member


def _leading_member(api: Api) -> tuple[dict[str, str], int, int, int, int]:
    """An association under the district, its account's headers, its member who leads a Yangpu
    title's team, and a member who leads none: (headers, association, leader, other, workshop)."""
    with api.uow() as u:
        body = association(u, api.tree, "杨浦区机械工程学会", parent_id=api.tree.district.id)
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, body.id)
        token = issue_token(u, principal, "社团", NOW).plaintext
        leader = member(u, body, "协会带头人")
        other = member(u, body, "协会会员")
        shop = lf.led_workshop(u, api.tree, leader)
        f.named_designation(u, api.tree, shop=shop)
        u.commit()
        ids = (body.id, leader.id, other.id, shop.id)
    return {"Authorization": f"Bearer {token}"}, *ids


def _record(**changes: Any) -> dict[str, Any]:
    """The whole record of a member as ``f.person`` registered it, with ``changes``."""
    return {
        "name": "协会带头人",
        "gender": "male",
        "birth_date": "1975-06-01",
        "skill_level": "senior_technician",
    } | changes


def _status(api: Api, person_id: int) -> EmploymentStatus:
    with api.uow() as u:
        person = u.session.get(Person, person_id)
        assert person is not None
        return person.employment_status


def test_a_leaders_status_is_not_set_on_the_member_record_and_a_death_is_kept(api: Api) -> None:
    headers, body, leader, other, shop = _leading_member(api)
    url = f"/api/v1/associations/{body}/members/{leader}"
    before = api.writes()
    for status in ("left", "deceased"):
        refused = api.client.put(url, json=_record(employment_status=status), headers=headers)
        assert refused.status_code == 422, refused.text
        [problem] = refused.json()["error"]["problems"]
        assert (problem["field"], problem["code"]) == ("employment_status", "leader_event_required")
        assert "协会带头人现为工作室带头人" in problem["message"]
        assert "请在工作室页面“登记带头人情况”中登记" in problem["message"]
    assert api.writes() == before
    assert _status(api, leader) is EmploymentStatus.EMPLOYED
    # The leader event records the death; the 社团's later correction leaves it recorded (before:
    # the left-out status read as 在职, undoing the death and the change it owes).
    died = api.client.post(
        f"/api/v1/workshops/{shop}/leader-events",
        json={"kind": "death", "occurred_on": "2026-11-10", "source": "单位工会书面报告"},
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert died.status_code == 201, died.text
    assert _status(api, leader) is EmploymentStatus.DECEASED
    corrected = api.client.put(url, json=_record(employer="上海某机械有限公司"), headers=headers)
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["employment_status"] == "deceased"
    assert _status(api, leader) is EmploymentStatus.DECEASED
    undone = api.client.put(url, json=_record(employment_status="employed"), headers=headers)
    assert undone.status_code == 422, undone.text
    assert undone.json()["error"]["problems"][0]["code"] == "leader_event_required"
    assert _status(api, leader) is EmploymentStatus.DECEASED
    # A member who leads no team: the status is the record's own data.
    plain = api.client.put(
        f"/api/v1/associations/{body}/members/{other}",
        json=_record(name="协会会员", employment_status="retired"),
        headers=headers,
    )
    assert plain.status_code == 200, plain.text
    assert _status(api, other) is EmploymentStatus.RETIRED
