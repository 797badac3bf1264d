"""A 乐山 title has no management change request: the form is the Shanghai craftsman notice's
附件3 [C 三（六）] (乐山's own 附件3 is its 申报材料 [L 四]), and its leader is changed on the
title's page by 乐山市总工会 (both backends)."""

from __future__ import annotations

from lifecycle.accounts.service import issue_token
from lifecycle.citations import TITLES
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import NOW, Api


def test_a_leshan_title_is_refused_a_change_request_in_its_own_words(api: Api) -> None:
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        model_worker = (f.HonourInput(Honour.CITY_MODEL_WORKER, 2016),)
        leader = f.person(u, name="乐山带头人", honours=model_worker, union_id=leshan.unit.id)
        title = f.named_designation(
            u, leshan, scheme="leshan-city", shop=lf.led_workshop(u, leshan, leader)
        )
        county, _ = f.user(u, Role.DISTRICT_OFFICER, leshan.district.id)
        token = issue_token(u, county, "乐山", NOW).plaintext
        u.commit()
        title_id = title.id
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/designations/{title_id}/change-requests",
        json={"reason": "retired", "reason_details": "带头人已退休", "measure": "leader_change",
              "filed_on": "2026-11-02"},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "no_change_request_form"
    assert error["message"] == (
        f"乐山市劳模和工匠人才创新工作室不适用管理变更申请表（{TITLES['C']}附件3），"
        "带头人变更请在该命名记录页的「变更带头人」中办理"
    )
    # Only that is said: no field of the Shanghai form, no 领衔人 (before: 「领衔人变更须填写
    # 新领衔人」 beside new_leader_person_id, and a bare 「附件3」 a 乐山 user reads as 申报材料).
    assert [p["field"] for p in error["problems"]] == ["designation_id"]
    assert "领衔人" not in refused.text
    assert api.writes() == before
