"""API: 乐山's reward is not the workshop's only money — the unit keeps its own 专项经费
[L 建设标准（四）] — so spending beyond the reward [L 三] is no `overspent` finding."""

from __future__ import annotations

from lifecycle.accounts.service import issue_token
from lifecycle.schemes.leshan_city import CODE as LESHAN
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api


def test_leshan_spending_beyond_the_reward_is_the_units_own_money_not_a_finding(api: Api) -> None:
    with api.uow() as u:
        leshan = f.leshan_tree(u)
        title = f.named_designation(u, leshan, scheme=LESHAN)
        payer, _ = f.user(u, Role.FINANCE, leshan.city.id)
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
    findings = api.client.get(f"{path}/findings", headers=finance).json()
    assert [x["kind"] for x in findings] == []  # before: overspent 3,000.00


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
    findings = api.client.get(f"{path}/findings", headers=finance).json()
    assert [(x["kind"], x["amount_fen"]) for x in findings] == [("overspent", 300_000)]
