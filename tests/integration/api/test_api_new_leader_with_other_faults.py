"""A proposed new leader who fails the leader rule is named with every other bad field at once, on
both backends: filing a 附件3, resubmitting it, and the district's direct change of a Yangpu
title [S3][C 一（一）][Y3] — before, the leader was refused only once the rest had been put right
(a second round for the user). Alone, the refusal keeps its rule id; nothing is written."""

from __future__ import annotations

from datetime import date

from lifecycle.changes.model import ChangeMeasure, ChangeStep
from lifecycle.changes.service import SendBack, approve_step, send_back
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Honour, Role, SkillLevel
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api

CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)
NEW = "new_leader_person_id"


def _fields(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    return sorted({p["field"] for p in response.json()["error"]["problems"]})


def _unqualified(api: Api) -> int:
    """Neither 上海工匠 nor 劳模/先进 nor 技师: fails [C 一（一）] and [Y3] alike."""
    with api.uow() as u:
        plain = f.person(u, name="钱普通", honours=(), skill_level=SkillLevel.SENIOR_WORKER,
                         union_id=api.tree.unit.id)  # fmt: skip
        u.commit()
        return plain.id


def test_filing_and_resubmitting_name_a_failing_new_leader_with_a_bad_date(api: Api) -> None:
    with api.uow() as u:  # a craftsman title named 2023-03-15
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman")
        u.commit()
        d_id = d.id
    plain = _unqualified(api)
    unit = api.callers[Role.UNIT_CONTACT].headers
    body = {"reason": "left", "reason_details": "领衔工匠调离", "measure": "leader_change",
            "new_leader_person_id": plain}  # fmt: skip
    before = api.writes()
    both = api.client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json=body | {"filed_on": "2023-03-14"},
        headers=unit,
    )
    assert _fields(both) == ["filed_on", NEW]
    said = both.json()["error"]["message"]
    assert "填报日期不能早于该工作室的命名日期" in said
    assert "新领衔人钱普通不符合上海市工匠创新工作室领衔人条件" in said
    alone = api.client.post(
        f"/api/v1/designations/{d_id}/change-requests",
        json=body | {"filed_on": "2026-06-01"},
        headers=unit,
    )
    assert _fields(alone) == [NEW]
    assert alone.json()["error"]["rule"] == "leader_shanghai_craftsman"
    assert api.writes() == before
    with api.uow() as u:  # filed, agreed by the unit, sent back by the district on 12 June
        d = u.designations.get(d_id, EVERYTHING)
        assert d is not None
        request = lf.file_request(u, api.tree, d, measure=ChangeMeasure.EXIT_KEEPING_TITLE)
        approve_step(
            u, lf.decision(request, ChangeStep.UNIT, api.tree.unit.id),
            actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING,
        )  # fmt: skip
        back = SendBack(request.id, ChangeStep.DISTRICT, api.tree.district.id,
                        date(2026, 6, 12), "王部长", "请改为变更领衔人")  # fmt: skip
        send_back(u, back, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        request_id = request.id
    amended = {"signer": "赵主席", "reason": "left", "reason_details": "领衔工匠调离",
               "measure": "leader_change", "new_leader_person_id": plain}  # fmt: skip
    before = api.writes()
    again = api.client.post(
        f"/api/v1/change-requests/{request_id}/resubmit",
        json=amended | {"resubmitted_on": "2026-06-11"},
        headers=unit,
    )
    assert _fields(again) == [NEW, "resubmitted_on"]
    assert api.writes() == before


def test_the_districts_leader_change_names_a_failing_leader_with_a_bad_date(api: Api) -> None:
    with api.uow() as u:  # a Yangpu title named 2023-03-15
        d = f.named_designation(u, api.tree)
        u.commit()
        d_id = d.id
    plain = _unqualified(api)
    district = api.callers[Role.DISTRICT_OFFICER].headers
    body = {"new_leader_person_id": plain, "reason": "原带头人调离"}
    before = api.writes()
    both = api.client.post(
        f"/api/v1/designations/{d_id}/leader-change",
        json=body | {"effective_on": "2023-03-14"},
        headers=district,
    )
    assert _fields(both) == ["effective_on", NEW]
    assert "新带头人钱普通不符合杨浦区" in both.json()["error"]["message"]
    alone = api.client.post(
        f"/api/v1/designations/{d_id}/leader-change",
        json=body | {"effective_on": "2026-06-01"},
        headers=district,
    )
    assert _fields(alone) == [NEW]
    assert alone.json()["error"]["code"] == "leader_rule_failed"
    assert alone.json()["error"]["rule"] is not None
    assert api.writes() == before
