"""The city's 审定 of a 附件3, posted by a district officer, is refused citing who decides
[C 三（六）], in the words the 撤牌 route's role refusal uses (both backends).

Before: 「区局（产业）工会干部无权办理此事项，须由市总工会干部办理」 without an article."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests import leader_factories as lf
from tests.integration.api.conftest import Api

C36 = "（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六））"


def test_a_district_officer_posting_the_citys_decision_hears_the_article(api: Api) -> None:
    with api.uow() as u:
        request = lf.awaiting_the_city(u, api.tree)
        u.commit()
        request_id = request.id
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/change-requests/{request_id}/city",
        json={
            "decision": "approve",
            "decided_on": "2026-06-20",
            "signer": "王",
            "opinion": "同意",
            "decision_ref": "沪工总〔2026〕8号",
        },
        headers=api.callers[Role.DISTRICT_OFFICER].headers,
    )
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["message"] == (
        f"区局（产业）工会干部无权办理此事项，须由市总工会干部办理{C36}"
    )
    assert api.writes() == before
    shown = api.client.get(
        f"/api/v1/change-requests/{request_id}", headers=api.callers[Role.CITY_OFFICER].headers
    )
    assert shown.json()["status"] == "pending_city"
