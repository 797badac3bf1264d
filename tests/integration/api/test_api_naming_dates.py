"""The city's naming decisions over the JSON API on both backends: a date before the title's last
status change is refused beside the field the body carries (``decided_on`` of 受理, ``naming_date``
of 审定命名), written in Chinese and naming that change [S7][C 二（五）]."""

from __future__ import annotations

from datetime import date

from lifecycle.designations.naming import NewApplication, submit_application
from lifecycle.persons.service import HonourInput
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api

MODEL_WORKER = (HonourInput(Honour.SHANGHAI_MODEL_WORKER, 2015),)


def _application(api: Api) -> int:
    with api.uow() as u:
        leader = f.person(u, honours=MODEL_WORKER, union_id=api.tree.unit.id)
        shop = lf.led_workshop(u, api.tree, leader)
        applied = submit_application(
            u,
            NewApplication(shop.id, "shanghai-model-worker", shop.name, date(2026, 9, 1)),
            actor=f.acting(api.tree.unit),
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        u.commit()
        return applied.id


def test_a_naming_decision_dated_before_the_last_change_is_refused_beside_its_own_field(
    api: Api,
) -> None:
    designation_id = _application(api)
    city = api.callers[Role.CITY_OFFICER].headers
    url = f"/api/v1/designations/{designation_id}"

    writes = api.writes()
    early = api.client.post(
        f"{url}/review", json={"decided_on": "2026-08-31", "reason": "受理"}, headers=city
    )
    assert early.status_code == 422, early.text
    error = early.json()["error"]
    assert (error["field"], error["code"]) == ("decided_on", "before_last_change")
    assert error["message"] == "日期不能早于上一次状态变更（2026年9月1日变为「已申报」）"
    assert api.writes() == writes

    reviewed = api.client.post(
        f"{url}/review", json={"decided_on": "2026-10-01", "reason": "受理"}, headers=city
    )
    assert reviewed.status_code == 200, reviewed.text
    naming = {"title": "李劳模劳模创新工作室", "number": "沪劳创 2026-901",
              "naming_date": "2026-09-30", "decision_ref": "沪工〔2026〕9号"}  # fmt: skip
    named_early = api.client.post(f"{url}/naming", json=naming, headers=city)
    assert named_early.status_code == 422, named_early.text
    error = named_early.json()["error"]
    assert (error["field"], error["code"]) == ("naming_date", "before_last_change")
    assert error["message"] == "命名日期不能早于上一次状态变更（2026年10月1日变为「评审中」）"
