"""A 附件3 step posted after another officer decided it is refused naming who decided it, when
and how, on both backends (before: 「当前环节为：…，不能办理本单位工会意见」, as if the step
had not come yet) [C 三（六）]; nothing is written."""

from __future__ import annotations

from lifecycle.changes.model import ChangeMeasure
from lifecycle.vocab import Role
from tests import leader_factories as lf
from tests.integration.api.conftest import Api


def test_a_unit_opinion_posted_twice_names_the_first_signer_and_date(api: Api) -> None:
    with api.uow() as u:
        title = lf.titled(u, api.tree, scheme="shanghai-craftsman")
        request = lf.file_request(u, api.tree, title, measure=ChangeMeasure.EXIT_KEEPING_TITLE)
        u.commit()
        request_id = request.id
    url = f"/api/v1/change-requests/{request_id}/unit"
    headers = api.callers[Role.UNIT_CONTACT].headers
    body = {"decision": "approve", "decided_on": "2026-06-05", "opinion": "同意"}
    first = api.client.post(url, json=body | {"signer": "赵主席"}, headers=headers)
    assert first.status_code == 200, first.text
    before = api.writes()
    second = api.client.post(url, json=body | {"signer": "钱副主席"}, headers=headers)
    assert second.status_code == 409, second.text
    error = second.json()["error"]
    assert (error["code"], error["field"]) == ("step_already_done", "step")  # no version sent
    assert error["message"] == (
        f"本单位工会意见已由{api.tree.unit.name}（签署人：赵主席）于2026年6月5日办理（同意），"
        "当前状态为：待区局（产业）工会审核；您的意见未保存，请刷新后查看"
    )
    assert "当前环节为" not in error["message"]
    assert api.writes() == before
