"""A 劳模 title's 附件3 names its city step by 上海市总工会 [S9] in the API's refusals too, not by
the craftsman notice's 市创建命名办公室 [C 三（六）]."""

from __future__ import annotations

from lifecycle.changes.model import ChangeMeasure
from lifecycle.vocab import Role
from tests import leader_factories as lf
from tests.integration.api.conftest import Api


def test_a_city_decision_out_of_turn_names_the_model_worker_step_by_its_body(api: Api) -> None:
    with api.uow() as u:
        title = lf.titled(u, api.tree, scheme="shanghai-model-worker")
        request = lf.file_request(u, api.tree, title, measure=ChangeMeasure.REVOKE)
        u.commit()
        request_id = request.id
    before = api.writes()
    early = api.client.post(
        f"/api/v1/change-requests/{request_id}/city",
        json={"decision": "approve", "decided_on": "2026-06-20", "signer": "王", "opinion": "同意"},
        headers=api.callers[Role.CITY_OFFICER].headers,
    )
    assert early.status_code == 422, early.text
    message = early.json()["error"]["message"]
    assert message == "当前环节为：待本单位工会签署意见，不能办理上海市总工会审定"
    assert api.writes() == before
