"""The unit union only agrees or withdraws a 附件3 request [C 三（六）]: a ``reject`` or
``send_back`` it posts is refused on the body's field ``decision`` (before: ``step``, a field the
caller never sent), on both backends; nothing is written."""

from __future__ import annotations

from lifecycle.changes.model import ChangeMeasure
from lifecycle.vocab import Role
from tests import leader_factories as lf
from tests.integration.api.conftest import Api


def test_a_unit_reject_or_send_back_is_refused_on_the_decision_it_sent(api: Api) -> None:
    with api.uow() as u:
        title = lf.titled(u, api.tree, scheme="shanghai-craftsman")
        request = lf.file_request(u, api.tree, title, measure=ChangeMeasure.EXIT_KEEPING_TITLE)
        u.commit()
        request_id = request.id
    url = f"/api/v1/change-requests/{request_id}/unit"
    headers = api.callers[Role.UNIT_CONTACT].headers
    body = {"decided_on": "2026-06-05", "signer": "赵主席", "opinion": "不同意"}
    before = api.writes()
    refused = {}
    for decision in ("reject", "send_back"):
        answer = api.client.post(url, json=body | {"decision": decision}, headers=headers)
        assert answer.status_code == 422, answer.text
        problems = answer.json()["error"]["problems"]
        refused[decision] = [(p["field"], p["code"], p["message"]) for p in problems]
    assert refused == {
        "reject": [("decision", "city_only", "只有市创建命名办公室可作出不同意的审定")],
        "send_back": [("decision", "cannot_send_back", "本单位工会可撤回申请，不能退回")],
    }
    assert api.writes() == before
