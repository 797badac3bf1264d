"""A person recorded 离职 or 已故 is not added to a team as a member now, over the JSON API on
both backends [Y2][Y3] 2 [L]: refused on ``person_id`` (code ``member_gone``) naming who and since
when, nothing written; a past period ending by then is still recorded (成员发展 [Y10][S8]), a
past period ending after a dated death is refused on ``left_on``; the cut-over import records
teams as they stood (``recording_history``)."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.errors import DomainError
from lifecycle.vocab import EmploymentStatus, Role
from lifecycle.workshops.service import NewMember, add_member
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api


def _world(api: Api) -> tuple[int, int, int]:
    """A team; 孙师傅, who led another title and died on 2026-03-01 (recorded); 吴离职, recorded
    离职 with no event: (the team's workshop id, 孙师傅's id, 吴离职's id)."""
    with api.uow() as u:
        team = lf.titled(u, api.tree, scheme="shanghai-craftsman")
        sun = f.person(u, name="孙师傅", honours=lf.CRAFTSMAN, union_id=api.tree.unit.id)
        led = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=sun)
        wu = f.person(u, name="吴离职", union_id=api.tree.unit.id)
        wu.employment_status = EmploymentStatus.LEFT
        u.commit()
        ids = team.workshop_id, sun.id, wu.id, led.workshop_id
    died = api.client.post(
        f"/api/v1/workshops/{ids[3]}/leader-events",
        json={"kind": "death", "occurred_on": "2026-03-01", "source": "单位工会书面报告"},
        headers=api.callers[Role.UNIT_CONTACT].headers,
    )
    assert died.status_code == 201, died.text
    return ids[0], ids[1], ids[2]


def _add(api: Api, shop_id: int, person_id: int, **more: str) -> object:
    body = {"person_id": person_id, "joined_on": "2024-01-01"} | more
    return api.client.post(
        f"/api/v1/workshops/{shop_id}/members",
        json=body,
        headers=api.callers[Role.UNIT_CONTACT].headers,
    )


def test_someone_who_died_or_left_is_not_added_as_a_member_now(api: Api) -> None:
    shop_id, sun_id, wu_id = _world(api)
    before = api.writes()
    for person_id, message in (
        (sun_id, "成员：孙师傅已于2026年3月1日去世，不能登记为现有成员；"
                 "曾是工作室成员的，请填写其离开日期登记"),
        (wu_id, "成员：吴离职在人员信息中为离职，不能登记为现有成员；"
                "曾是工作室成员的，请填写其离开日期登记"),
    ):  # fmt: skip
        refused = _add(api, shop_id, person_id)
        assert refused.status_code == 422, refused.text  # type: ignore[attr-defined]
        (problem,) = refused.json()["error"]["problems"]  # type: ignore[attr-defined]
        assert (problem["field"], problem["code"]) == ("person_id", "member_gone")
        assert problem["message"] == message
    late = _add(api, shop_id, sun_id, left_on="2026-05-01")
    assert late.status_code == 422  # type: ignore[attr-defined]
    (problem,) = late.json()["error"]["problems"]  # type: ignore[attr-defined]
    assert (problem["field"], problem["code"]) == ("left_on", "member_gone")
    assert problem["message"] == "离开日期不能晚于孙师傅去世的日期（2026年3月1日）"
    assert api.writes() == before
    past = _add(api, shop_id, sun_id, left_on="2026-02-28")  # his past membership: history
    assert past.status_code == 201, past.text  # type: ignore[attr-defined]


def test_a_new_workshop_names_no_member_recorded_gone(api: Api) -> None:
    _, sun_id, _ = _world(api)
    with api.uow() as u:
        leader_id = f.person(u, name="郑师傅", union_id=api.tree.unit.id).id
        u.commit()
    body = {"name": "新建数控创新工作室", "host_unit_name": "某公司",
            "host_unit_nature": "state_owned", "unit_union_id": api.tree.unit.id,
            "founded_on": "2025-01-01", "leader_person_id": leader_id,
            "members": [{"person_id": sun_id, "joined_on": "2025-01-01"}]}  # fmt: skip
    before = api.writes()
    refused = api.client.post(
        "/api/v1/workshops", json=body, headers=api.callers[Role.DISTRICT_OFFICER].headers
    )
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("members.0.person_id", "member_gone")
    assert api.writes() == before


def test_the_cut_over_import_records_members_since_gone_explicitly(api: Api) -> None:
    shop_id, _, wu_id = _world(api)
    cmd = NewMember(wu_id, date(2024, 1, 1))
    with api.uow() as u:
        with pytest.raises(DomainError) as refused:
            add_member(u, shop_id, cmd, as_of=f.AS_OF, scope=f.SYSTEM_SCOPE)
        assert refused.value.problems[0].code == "member_gone"
        kept = add_member(
            u, shop_id, cmd, as_of=f.AS_OF, scope=f.SYSTEM_SCOPE, recording_history=True
        )
        assert kept.person_id == wu_id


def test_a_leaving_date_after_the_members_death_is_refused_recorded_or_corrected(
    api: Api,
) -> None:
    """A past period of 孙师傅 (who died on 2026-03-01) is not moved past his death: neither
    recorded (登记离开) nor corrected (更正离开日期) to a later day, beside ``left_on``."""
    shop_id, sun_id, _ = _world(api)
    added = _add(api, shop_id, sun_id, left_on="2026-02-20")
    assert added.status_code == 201, added.text  # type: ignore[attr-defined]
    member_id = added.json()["id"]  # type: ignore[attr-defined]
    url = f"/api/v1/workshops/{shop_id}/members/{member_id}/leaving"
    unit = api.callers[Role.UNIT_CONTACT].headers
    before = api.writes()
    late = api.client.post(url, headers=unit, json={"left_on": "2026-04-01", "correct": True})
    assert late.status_code == 422, late.text
    (problem,) = late.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("left_on", "member_gone")
    assert problem["message"] == "离开日期不能晚于孙师傅去世的日期（2026年3月1日）"
    assert api.writes() == before
    fixed = api.client.post(url, headers=unit, json={"left_on": "2026-03-01", "correct": True})
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["left_on"] == "2026-03-01"
