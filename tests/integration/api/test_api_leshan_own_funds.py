"""API and the fund ledger page: 乐山's reward is not the workshop's only money — the unit
keeps its own 专项经费 [L 建设标准（四）] — so spending beyond the reward [L 三] is no
`overspent` finding, and the page says so beside the negative balance."""

from __future__ import annotations

from lifecycle.accounts.service import issue_token
from lifecycle.schemes.leshan_city import CODE as LESHAN
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api
from tests.integration.web.conftest import log_in


def test_leshan_spending_beyond_the_reward_is_the_units_own_money_not_a_finding(api: Api) -> None:
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        title = f.named_designation(u, leshan, scheme=LESHAN)
        payer, password = f.user(u, Role.FINANCE, leshan.city.id)
        contact, _ = f.user(u, Role.UNIT_CONTACT, leshan.unit.id)
        tokens = [issue_token(u, who, "测试", NOW).plaintext for who in (payer, contact)]
        u.commit()
    finance, unit = ({"Authorization": f"Bearer {t}"} for t in tokens)
    path = f"/api/v1/designations/{title.id}"
    reward = {"kind": "one_off", "approval_ref": "乐工〔2026〕3号", "approved_on": "2026-10-12",
              "paid_on": "2026-10-12", "amount_yuan": "5,000.00"}  # fmt: skip
    assert api.client.post(f"{path}/grants", headers=finance, json=reward).status_code == 201
    spent = api.client.post(
        f"{path}/expenditures",
        headers=unit,
        json={"spent_on": "2026-11-20", "amount_yuan": "8,000.00", "payee": "仪器公司",
              "category": "equipment", "description": "检测仪器", "receipt_ref": "FP-1"},
    )  # fmt: skip
    assert spent.status_code == 201, spent.text
    ledger = api.client.get(f"{path}/fund-ledger", headers=finance).json()
    assert ledger["balance_fen"] == 500_000 - 800_000
    findings = api.client.get(f"{path}/findings", headers=finance).json()["items"]
    assert [x["kind"] for x in findings] == []  # before: overspent 3,000.00
    # The page says whose money the part beyond the reward is, citing the notice.
    page = log_in(api.client, payer.username, password).get(f"/finance/designations/{title.id}")
    note = page.text.split('id="own-funds">', 1)[1].split("</div>", 1)[0]
    assert note == (
        "超出奖励的支出由所在单位的专项经费承担（《关于推荐申报2020年乐山市劳模和工匠人才创新工作室"
        "的通知》建设标准（四）），不作为审计发现"
    )


def test_a_yangpu_title_spending_beyond_its_grant_is_still_a_finding(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        title = f.named_designation(u, api.tree)
        u.commit()
    path = f"/api/v1/designations/{title.id}"
    grant = {"kind": "one_off", "approval_ref": "杨工〔2026〕3号", "approved_on": "2026-10-12",
             "paid_on": "2026-10-12"}  # fmt: skip
    assert api.client.post(f"{path}/grants", headers=finance, json=grant).status_code == 201
    spent = api.client.post(
        f"{path}/expenditures",
        headers=unit,
        json={"spent_on": "2026-11-20", "amount_yuan": "13,000.00", "payee": "仪器公司",
              "category": "equipment", "description": "检测仪器", "receipt_ref": "FP-1"},
    )  # fmt: skip
    assert spent.status_code == 201, spent.text
    findings = api.client.get(f"{path}/findings", headers=finance).json()["items"]
    assert [(x["kind"], x["amount_fen"]) for x in findings] == [("overspent", 300_000)]
