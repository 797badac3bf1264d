"""Who files a 附件3 over the JSON API, on both backends: the unit's union or its district union,
as on the pages and in the use case; the district union is the one the notice tells to report
[C 三（六）] 「各区局（产业）工会…应及时向市工匠创新工作室创建命名办公室报告（附件3）」."""

from __future__ import annotations

from datetime import UTC, datetime

from lifecycle.accounts.service import issue_token
from lifecycle.vocab import Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api


def _h(api: Api, role: Role) -> dict[str, str]:
    return api.callers[role].headers


FILING = {
    "reason": "other",
    "reason_details": "领衔工匠长期外派，不能继续发挥示范引领作用",
    "measure": "exit_keeping_title",
    "filed_on": "2026-11-02",
}


def test_the_district_union_files_resubmits_and_withdraws_a_change_request_over_the_api(
    api: Api,
) -> None:
    with api.uow() as u:
        d = lf.titled(u, api.tree, scheme="shanghai-craftsman")
        u.commit()
        d_id = d.id
    client, district = api.client, _h(api, Role.DISTRICT_OFFICER)

    # Finance files nothing: refused naming both roles that may, nothing written.
    writes = api.writes()
    refused = client.post(
        f"/api/v1/designations/{d_id}/change-requests", json=FILING, headers=_h(api, Role.FINANCE)
    )
    assert refused.status_code == 403
    assert "须由区局（产业）工会干部或基层单位联系人办理" in refused.json()["error"]["message"]
    assert api.writes() == writes

    url = f"/api/v1/designations/{d_id}/change-requests"
    filed = client.post(url, json=FILING, headers=district)
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]
    assert filed.json()["status"] == "pending_unit"
    steps = client.get(f"/api/v1/change-requests/{request_id}/steps", headers=district).json()
    assert [(s["step"], s["action"], s["acting_union_id"]) for s in steps] == [
        ("unit", "filed", api.tree.district.id)
    ]
    # The unit union's opinion stays the unit union's, whoever filed.
    decision = {"decision": "approve", "signer": "签署人", "opinion": "同意"}
    writes = api.writes()
    not_theirs = client.post(
        f"/api/v1/change-requests/{request_id}/unit",
        json={**decision, "decided_on": "2026-11-03"},
        headers=district,
    )
    assert not_theirs.status_code == 403
    assert api.writes() == writes
    unit = client.post(
        f"/api/v1/change-requests/{request_id}/unit",
        json={**decision, "decided_on": "2026-11-03"},
        headers=_h(api, Role.UNIT_CONTACT),
    )
    assert unit.status_code == 200, unit.text
    back = client.post(
        f"/api/v1/change-requests/{request_id}/district",
        json={**decision, "decision": "send_back", "decided_on": "2026-11-04",
              "opinion": "请补充外派期限"},
        headers=district,
    )  # fmt: skip
    assert back.status_code == 200, back.text
    assert back.json()["status"] == "returned"

    # The district union amends what it filed and sends it again, then withdraws it.
    again = client.post(
        f"/api/v1/change-requests/{request_id}/resubmit",
        json={**{k: v for k, v in FILING.items() if k != "filed_on"},
              "reason_details": "领衔工匠外派三年，不能继续发挥示范引领作用",
              "resubmitted_on": "2026-11-05", "signer": "区总工会经办人"},
        headers=district,
    )  # fmt: skip
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "pending_unit"
    assert again.json()["round"] == 2
    withdrawn = client.post(
        f"/api/v1/change-requests/{request_id}/withdraw",
        json={"withdrawn_on": "2026-11-06", "signer": "区总工会经办人",
              "reason": "领衔工匠提前回岗"},
        headers=district,
    )  # fmt: skip
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "withdrawn"


def test_a_street_union_filing_is_refused_citing_the_titles_own_article(api: Api) -> None:
    """A street union's officer may not file: the refusal names who files and the article of the
    title's scheme, 《…工匠创新工作室…通知》三（六） or 《…劳模创新工作室…管理办法》第九条, by
    title and article (before: no article named), and writes nothing."""
    with api.uow() as u:
        craftsman = lf.titled(u, api.tree, scheme="shanghai-craftsman").id
        model_worker = lf.titled(u, api.tree, scheme="shanghai-model-worker").id
        street, _ = f.user(u, Role.DISTRICT_OFFICER, api.tree.sector.id)
        token = issue_token(u, street, "测试", datetime(2026, 11, 21, 9, tzinfo=UTC)).plaintext
        u.commit()
    headers = {"Authorization": f"Bearer {token}"}
    who = "管理变更申请应由工作室所在单位工会或所属区局（产业）工会提出"
    for d_id, article in (
        (craftsman, "（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六））"),
        (model_worker, "（《上海市“劳模创新工作室”管理办法（修订）》第九条）"),
    ):
        writes = api.writes()
        filing = FILING | {"measure": "revoke"}
        refused = api.client.post(
            f"/api/v1/designations/{d_id}/change-requests", json=filing, headers=headers
        )
        assert refused.status_code == 403, refused.text
        error = refused.json()["error"]
        assert (error["code"], error["field"]) == ("not_your_step", "acting_union_id")
        assert error["message"] == who + article
        assert api.writes() == writes
    # A step of a filed request, by a union whose step it is not, names the same article.
    filed = api.client.post(
        f"/api/v1/designations/{craftsman}/change-requests",
        json=FILING,
        headers=_h(api, Role.DISTRICT_OFFICER),
    )
    assert filed.status_code == 201, filed.text
    step = {"decision": "approve", "decided_on": "2026-11-03", "signer": "单位", "opinion": "同意"}
    request = f"/api/v1/change-requests/{filed.json()['id']}"
    unit = api.client.post(f"{request}/unit", json=step, headers=_h(api, Role.UNIT_CONTACT))
    assert unit.status_code == 200, unit.text
    refused = api.client.post(f"{request}/district", json=step, headers=headers)
    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["message"] == (
        "区局（产业）工会审核应由杨浦区总工会办理"
        "（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六）），"
        "当前工会无权办理此环节"
    )
