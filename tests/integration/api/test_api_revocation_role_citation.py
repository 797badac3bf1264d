"""The city officer confirming a Yangpu title's 撤牌 over the API is refused by the role check,
and the refusal cites the article saying who confirms it [Y12], as the use case's refusal of a
lower union does (before: 「市总工会干部无权办理此事项，须由区局（产业）工会干部办理」,
no article)."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

Y12 = "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条）"


def test_the_citys_revocation_refusal_cites_the_article(api: Api) -> None:
    city = api.callers[Role.CITY_OFFICER].headers
    before = api.writes()
    refused = api.client.post(
        f"/api/v1/notices/{api.own.notice}/revocation",
        headers=city,
        json={"decided_on": "2026-11-10", "decision_ref": "沪工〔2026〕30号"},
    )
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["message"] == (
        f"市总工会干部无权办理此事项，须由区局（产业）工会干部办理{Y12}"
    )
    assert api.writes() == before
    # Only this use case cites: another role refusal of the city's stays as it was.
    other = api.client.post(
        f"/api/v1/designations/{api.own.designation}/expenditures", headers=city, json={}
    )
    assert other.status_code == 403
    assert "第十二条" not in other.json()["error"]["message"]
