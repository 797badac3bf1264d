"""A person recorded 离职 or 已故 takes up no leading role, over the JSON API on both backends:
neither as a 附件3's new leader, a Yangpu direct change's, nor a new workshop's — refused beside
the field with who left and when, nothing written [Y3][S3][C 三（六）]; only the cut-over import,
which records history, keeps naming such a leader (``recording_history``). A 附件3 decided with
no event recorded records one known to the service on the decision's day [C]."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.changes.model import ChangeMeasure, ChangeStep
from lifecycle.changes.service import approve_step
from lifecycle.errors import DomainError
from lifecycle.vocab import EmploymentStatus, Role, UnitNature
from lifecycle.workshops.service import NewWorkshop, create_workshop
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api


def _left(api: Api) -> tuple[int, int]:
    """周工匠, who led a craftsman title and left on 2026-03-01; and another title (钱工匠's)."""
    with api.uow() as u:
        gone = f.person(u, name="周工匠", honours=lf.CRAFTSMAN, union_id=api.tree.unit.id)
        first = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=gone)
        other = f.person(u, name="钱工匠", honours=lf.CRAFTSMAN, union_id=api.tree.unit.id)
        second = lf.titled(u, api.tree, scheme="shanghai-craftsman", leader=other)
        u.commit()
        shop_id, gone_id, second_id = first.workshop_id, gone.id, second.id
    event = api.client.post(
        f"/api/v1/workshops/{shop_id}/leader-events",
        json={"kind": "departure", "occurred_on": "2026-03-01", "source": "单位工会书面报告"},
        headers=api.callers[Role.UNIT_CONTACT].headers,
    )
    assert event.status_code == 201, event.text
    return gone_id, second_id


def test_a_change_request_may_not_name_a_leader_who_left(api: Api) -> None:
    gone_id, d_id = _left(api)
    unit = api.callers[Role.UNIT_CONTACT].headers
    body = {"reason": "other", "reason_details": "领衔工匠调任管理岗位",
            "measure": "leader_change", "filed_on": "2026-06-05",
            "new_leader_person_id": gone_id}  # fmt: skip
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/designations/{d_id}/change-requests", json=body, headers=unit
    )
    assert refused.status_code == 422, refused.text
    problems = refused.json()["error"]["problems"]
    assert len(problems) == 1, problems
    (problem,) = problems
    assert (problem["field"], problem["code"]) == ("new_leader_person_id", "leader_gone")
    assert problem["message"] == "新领衔人：周工匠已于2026年3月1日离职，不能担任领衔人"
    assert api.writes() == before


def test_a_new_workshop_may_not_be_led_by_someone_who_left(api: Api) -> None:
    gone_id, _ = _left(api)
    district = api.callers[Role.DISTRICT_OFFICER].headers
    body = {"name": "周工匠数控创新工作室", "host_unit_name": "某公司",
            "host_unit_nature": "state_owned", "unit_union_id": api.tree.unit.id,
            "founded_on": "2026-01-01", "leader_person_id": gone_id}  # fmt: skip
    before = api.writes()
    refused = api.client.post("/api/v1/workshops", json=body, headers=district)
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("leader_person_id", "leader_gone")
    assert problem["message"] == "带头人：周工匠已于2026年3月1日离职，不能担任带头人"
    assert api.writes() == before


def test_the_cut_over_import_keeps_naming_past_leaders_explicitly(api: Api) -> None:
    """The exception is a named parameter of the use case, not a default (RULES.md)."""
    gone_id, _ = _left(api)
    cmd = NewWorkshop(name="周工匠历史工作室", host_unit_name="某公司",
                      host_unit_nature=UnitNature.STATE_OWNED, unit_union_id=api.tree.unit.id,
                      founded_on=date(2019, 1, 1), leader_person_id=gone_id)  # fmt: skip
    with api.uow() as u:
        with pytest.raises(DomainError) as refused:
            create_workshop(u, cmd, as_of=f.AS_OF, scope=f.SYSTEM_SCOPE)
        assert refused.value.problems[0].code == "leader_gone"
        kept = create_workshop(u, cmd, as_of=f.AS_OF, scope=f.SYSTEM_SCOPE, recording_history=True)
        assert kept.leader_person_id == gone_id


def test_a_yangpu_change_may_not_name_someone_recorded_deceased(api: Api) -> None:
    with api.uow() as u:
        d = lf.titled(u, api.tree, scheme="yangpu-district")
        dead = f.person(u, name="孙师傅", union_id=api.tree.unit.id)
        dead.employment_status = EmploymentStatus.DECEASED  # no event: leads nothing
        u.commit()
        d_id, dead_id = d.id, dead.id
    district = api.callers[Role.DISTRICT_OFFICER].headers
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/designations/{d_id}/leader-change",
        json={"new_leader_person_id": dead_id, "effective_on": "2026-06-01", "reason": "调整"},
        headers=district,
    )
    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("new_leader_person_id", "leader_gone")
    assert problem["message"] == "新带头人：孙师傅在人员信息中为已故，不能担任带头人"
    assert api.writes() == before


def test_the_event_a_city_decision_records_is_known_on_the_decision_day(api: Api) -> None:
    with api.uow() as u:
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman")
        request = lf.file_request(u, api.tree, d, measure=ChangeMeasure.EXIT_KEEPING_TITLE)
        for step, union, on in (
            (ChangeStep.UNIT, api.tree.unit, date(2026, 6, 10)),
            (ChangeStep.DISTRICT, api.tree.district, date(2026, 6, 12)),
            (ChangeStep.CITY, api.tree.city, date(2026, 7, 1)),
        ):
            approve_step(
                u, lf.decision(request, step, union.id, on=on), actor=f.acting(union),
                as_of=f.AS_OF, scope=f.SYSTEM_SCOPE,
            )  # fmt: skip
        u.commit()
        shop_id = d.workshop_id
    unit = api.callers[Role.UNIT_CONTACT].headers
    events = api.client.get(f"/api/v1/workshops/{shop_id}/leader-events", headers=unit).json()[
        "items"
    ]
    (event,) = events
    assert (event["kind"], event["occurred_on"]) == ("retirement", "2026-06-01")  # as filed
    assert event["recorded_on"] == "2026-07-01"  # learnt by the service at the decision
