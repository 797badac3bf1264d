"""API: excellence support only through an approved application [Y15], amounts with commas only
between thousands, a partial matching payment judged at the due date [S10]."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import Api


def test_an_excellence_grant_after_the_application_was_rejected_is_refused(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    rejected = api.client.post(
        f"/api/v1/excellence-applications/{api.own.application}/decision",
        headers=finance,
        json={"decision": "reject", "decided_on": "2026-11-20", "reason": "效益不突出"},
    )
    assert rejected.status_code == 200, rejected.text
    path = f"/api/v1/designations/{api.own.designation}/grants"
    grant = {
        "kind": "excellence",
        "achievement_id": api.own.achievement,
        "approval_ref": "杨工〔2026〕30号",
        "approved_on": "2026-11-20",
        "amount_yuan": "5000",
    }
    refused = api.client.post(path, headers=finance, json=grant)
    assert refused.status_code == 422, refused.text  # before: 201
    error = refused.json()["error"]
    assert (error["code"], error["field"]) == ("excellence_needs_application", "kind")
    assert "不予扶持" in error["message"]
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第十五条" in error["message"]
    grants = api.client.get(path, headers=finance).json()["items"]
    assert [g["kind"] for g in grants] == ["one_off"]


def test_an_excellence_grant_while_the_application_is_pending_is_refused_too(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    refused = api.client.post(
        f"/api/v1/designations/{api.own.designation}/grants",
        headers=finance,
        json={
            "kind": "excellence",
            "achievement_id": api.own.achievement,
            "approval_ref": "杨工〔2026〕30号",
            "approved_on": "2026-11-20",
            "amount_yuan": "5000",
        },
    )
    assert refused.status_code == 422
    assert "尚待审定" in refused.json()["error"]["message"]
    approved = api.client.post(
        f"/api/v1/excellence-applications/{api.own.application}/decision",
        headers=finance,
        json={
            "decision": "approve",
            "decided_on": "2026-11-20",
            "decision_ref": "杨工〔2026〕30号",
            "amount_yuan": "5,000.00",
        },
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["grant_id"] is not None


def test_amounts_take_commas_only_between_thousands_and_say_when_too_large(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    with api.uow() as u:
        title = f.named_designation(u, api.tree)  # Yangpu: the one-off is 10,000 yuan [Y14]
        u.commit()
    path = f"/api/v1/designations/{title.id}/grants"
    grant = {"kind": "one_off", "approval_ref": "杨工〔2026〕3号", "approved_on": "2026-11-02"}
    for typed, code in (("1,0,0,0,0", "invalid_amount"), ("1234567890123", "amount_too_large")):
        refused = api.client.post(path, headers=finance, json={**grant, "amount_yuan": typed})
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert (error["field"], error["code"]) == ("amount_yuan", code)
    spent = api.client.post(
        f"/api/v1/designations/{title.id}/expenditures",
        headers=api.callers[Role.UNIT_CONTACT].headers,
        json={
            "spent_on": "2026-11-02",
            "amount_yuan": "1,0,0",
            "payee": "书店",
            "category": "books",
            "description": "书籍",
        },
    )
    assert spent.status_code == 422, spent.text
    assert spent.json()["error"]["code"] == "invalid_amount"
    assert "千位分隔符" in spent.json()["error"]["message"]
    # Commas between thousands and a third decimal: the decimals are named, not the commas.
    refused = api.client.post(path, headers=finance, json={**grant, "amount_yuan": "9,999.995"})
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert (error["field"], error["code"]) == ("amount_yuan", "invalid_amount")
    assert error["message"] == "金额格式不正确：请填写元，最多两位小数（如 10000.00）"
    ok = api.client.post(path, headers=finance, json={**grant, "amount_yuan": "10,000"})
    assert ok.status_code == 201, ok.text
    assert ok.json()["amount_fen"] == 1_000_000


def test_a_partial_matching_payment_before_the_due_date_is_not_yet_a_finding(api: Api) -> None:
    """City grant paid 2026-10-12, 10,000 of the 20,000 matching paid 2026-10-20: the district
    has until 2027-01-10 to reach 1:1 [S10], as when nothing was paid at all."""
    finance = api.callers[Role.FINANCE].headers  # the district's: pays the matching [S10]
    city_finance = api.finance_of(api.tree.city)  # pays the city grant [S10]
    with api.uow() as u:
        title = f.named_designation(u, api.tree, scheme="shanghai-model-worker")
        u.commit()
    path = f"/api/v1/designations/{title.id}/grants"
    for payer, body in (
        (
            city_finance,
            {"kind": "one_off", "approval_ref": "沪工〔2026〕8号", "approved_on": "2026-10-12"},
        ),
        (
            finance,
            {"kind": "matching", "approval_ref": "杨工〔2026〕9号", "approved_on": "2026-10-20"},
        ),
    ):
        paid = {**body, "paid_on": body["approved_on"]}
        if body["kind"] == "matching":
            paid["amount_yuan"] = "10,000"
        assert api.client.post(path, headers=payer, json=paid).status_code == 201
    findings = api.client.get(f"/api/v1/designations/{title.id}/findings", headers=finance)
    assert findings.status_code == 200
    assert [x["kind"] for x in findings.json()["items"]] == []  # before: matching_short at once


def test_a_resolved_finding_leaves_the_ledger_lines_of_the_json_ledger(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    ledger = f"/api/v1/designations/{api.own.designation}/fund-ledger"
    before = api.client.get(ledger, headers=finance).json()
    assert "支出类别属禁止用途" in [
        x for line in before["lines"]["items"] for x in line["findings"]
    ]
    resolved = api.client.post(
        f"/api/v1/findings/{api.own.finding}/resolution",
        headers=finance,
        json={
            "outcome": "refunded",
            "note": "差旅费已退回",
            "resolved_on": "2026-11-21",
            "refund_yuan": "1,200.00",
            "refunded_on": "2026-11-20",
            "refund_ref": "转账-88",
        },
    )
    assert resolved.status_code == 201, resolved.text
    after = api.client.get(ledger, headers=finance).json()
    assert "支出类别属禁止用途" not in [
        x for line in after["lines"]["items"] for x in line["findings"]
    ]
    assert any(x["id"] == api.own.finding and x["outcome"] for x in after["findings"]["items"])


def test_overspending_findings_each_carry_their_own_part_adding_up_to_the_deficit(api: Api) -> None:
    """3,679.50 left, then 4,000.00 (no receipt), 0.10 and 0.20 spent: overspent parts 320.50,
    0.10 and 0.20, the deficit of 320.80 (before: 320.50, 320.60, 320.80, the deficit thrice)."""
    finance = api.callers[Role.FINANCE].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        title = f.named_designation(u, api.tree)
        u.commit()
    grant = {
        "kind": "one_off",
        "approval_ref": "杨工〔2026〕3号",
        "approved_on": "2026-10-12",
        "paid_on": "2026-10-12",
    }
    path = f"/api/v1/designations/{title.id}"
    assert api.client.post(f"{path}/grants", headers=finance, json=grant).status_code == 201
    spending = (("6,320.50", "FP-1"), ("4,000.00", None), ("0.10", "FP-3"), ("0.20", "FP-4"))
    for amount, receipt in spending:
        spent = api.client.post(
            f"{path}/expenditures",
            headers=unit,
            json={
                "spent_on": "2026-11-20",
                "amount_yuan": amount,
                "payee": "书店",
                "category": "books",
                "description": "书籍",
                "receipt_ref": receipt,
            },
        )
        assert spent.status_code == 201, spent.text
    findings = api.client.get(f"{path}/findings", headers=finance).json()["items"]
    overspent = [(x["amount_fen"], x["resolution"]) for x in findings if x["kind"] == "overspent"]
    assert overspent == [(32_050, None), (10, None), (20, None)]
    ledger = api.client.get(f"{path}/fund-ledger", headers=finance).json()
    assert ledger["balance_fen"] == -32_080 == -sum(fen for fen, _ in overspent)


def test_late_matching_is_stated_as_late_and_the_finding_it_closed_as_closed_by_the_system(
    api: Api,
) -> None:
    """City grant paid 2026-08-07, nothing by the due date 2026-11-05: 配套逾期未到位. 19,999.99
    paid on 2026-11-20 closes it (系统自动关闭, closed_by_audit, no person named) and leaves a
    shortfall of 0.01 stating that nothing had arrived by 11-05 [S10]."""
    finance = api.callers[Role.FINANCE].headers
    with api.uow() as u:
        title = f.named_designation(u, api.tree, scheme="shanghai-craftsman")
        u.commit()
    path = f"/api/v1/designations/{title.id}"
    city = {"kind": "one_off", "approval_ref": "沪工〔2026〕5号", "approved_on": "2026-08-07"}
    city["paid_on"] = city["approved_on"]
    city_finance = api.finance_of(api.tree.city)  # the city pays the city grant [S10]
    assert api.client.post(f"{path}/grants", headers=city_finance, json=city).status_code == 201
    audit = api.client.post(f"/api/v1/unions/{api.tree.district.id}/funding-audit", headers=finance)
    assert audit.status_code == 200, audit.text
    matching = {
        "kind": "matching",
        "approval_ref": "浦工〔2026〕9号",
        "approved_on": "2026-11-18",
        "paid_on": "2026-11-20",
        "amount_yuan": "19,999.99",
    }
    assert api.client.post(f"{path}/grants", headers=finance, json=matching).status_code == 201

    findings = {
        x["kind"]: x for x in api.client.get(f"{path}/findings", headers=finance).json()["items"]
    }
    assert set(findings) == {"matching_missing", "matching_short"}
    closed = findings["matching_missing"]["resolution"]
    assert (closed["by_audit"], closed["resolved_by"], closed["resolved_by_user_id"]) == (
        True,
        "系统自动关闭",
        None,
    )
    short = findings["matching_short"]
    assert short["resolution"] is None
    assert (
        "截至该日到位 0.00 元，此后2026年11月20日到位 19,999.99 元，仍差 0.01 元"
        in short["message"]
    )
    ledger = api.client.get(f"{path}/fund-ledger", headers=finance).json()
    shown = {
        x["kind"]: (x["closed_by_audit"], x["outcome_label"], x["resolved_by"])
        for x in ledger["findings"]["items"]
    }
    assert shown == {
        "matching_missing": (True, "系统自动关闭", "系统自动关闭"),
        "matching_short": (False, None, None),
    }


def test_a_craftsman_titles_missing_matching_cites_its_own_notice_a_model_workers_s10(
    api: Api,
) -> None:
    """The same 1:1 matching rule: a 上海市工匠创新工作室 owes it by [C 三（一）] (经费资助
    参照市劳模创新工作室), so its finding cites the notice; a 上海市劳模创新工作室's cites
    [S10]. The API's finding cites the article in words, as the page does (no bare rule id)."""
    finance = api.callers[Role.FINANCE].headers
    city_finance = api.finance_of(api.tree.city)
    cited = {}
    for scheme in ("shanghai-craftsman", "shanghai-model-worker"):
        with api.uow() as u:
            title = f.named_designation(u, api.tree, scheme=scheme)
            u.commit()
        path = f"/api/v1/designations/{title.id}"
        city = {"kind": "one_off", "approval_ref": "沪工〔2026〕5号", "approved_on": "2026-08-07"}
        city["paid_on"] = city["approved_on"]
        assert api.client.post(f"{path}/grants", headers=city_finance, json=city).status_code == 201
        audit = f"/api/v1/unions/{api.tree.district.id}/funding-audit"
        assert api.client.post(audit, headers=finance).status_code == 200
        findings = api.client.get(f"{path}/findings", headers=finance).json()["items"]
        [missing] = [x["message"] for x in findings if x["kind"] == "matching_missing"]
        ledger = api.client.get(f"{path}/fund-ledger", headers=finance).json()
        listed = ledger["findings"]["items"]
        [shown] = [x["message"] for x in listed if x["kind"] == "matching_missing"]
        assert shown == missing
        cited[scheme] = missing
    craftsman, model_worker = cited["shanghai-craftsman"], cited["shanghai-model-worker"]
    assert craftsman.endswith(
        "仍未到位（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（一））"
    )
    assert model_worker.endswith("仍未到位（《上海市“劳模创新工作室”管理办法（修订）》第十条）")
    assert "[" not in craftsman + model_worker  # no bare rule id reaches the reader


def test_a_decision_dated_before_the_application_names_the_day_it_was_filed(api: Api) -> None:
    """The 主席办公会议 cannot decide an application before it was filed [Y15]: the refusal says
    when it was (2026年10月9日), and nothing is decided."""
    finance = api.callers[Role.FINANCE].headers
    path = f"/api/v1/excellence-applications/{api.own.application}/decision"
    refused = api.client.post(
        path,
        headers=finance,
        json={"decision": "reject", "decided_on": "2026-10-01", "reason": "效益不突出"},
    )
    assert refused.status_code == 422, refused.text
    problems = {p["field"]: p["message"] for p in refused.json()["error"]["problems"]}
    assert problems == {"decided_on": "审定日期不能早于申请日期（2026年10月9日）"}
    listed = api.client.get(
        f"/api/v1/designations/{api.own.designation}/excellence-applications", headers=finance
    )
    assert [a["status"] for a in listed.json()["items"]] == ["pending"]


def test_an_implausible_amount_is_refused_naming_its_field_and_nothing_is_written(
    api: Api,
) -> None:
    """Reading F-PLAUSIBLE: a 99,999,999 元 matching and a 10,000,000 元 expenditure are refused
    422 `amount_implausible` on `amount_yuan`, saying the ceiling; 1,000,000.00 元 is taken.
    Before: both were recorded without a word."""
    with api.uow() as u:
        title = f.named_designation(u, api.tree, scheme="shanghai-model-worker")
        u.commit()
    finance = api.callers[Role.FINANCE].headers  # the district's: it pays the matching [S10]
    path = f"/api/v1/designations/{title.id}/grants"
    matching = {"kind": "matching", "approval_ref": "杨工〔2026〕9号", "approved_on": "2026-11-05"}
    spend = {
        "spent_on": "2026-11-02",
        "payee": "书店",
        "category": "books",
        "description": "书籍",
    }
    before = api.writes()
    for url, headers, body in (
        (path, finance, {**matching, "amount_yuan": "99,999,999"}),
        (path, finance, {**matching, "amount_yuan": "99999999.00"}),
        (
            f"/api/v1/designations/{title.id}/expenditures",
            api.callers[Role.UNIT_CONTACT].headers,
            {**spend, "amount_yuan": "10000000"},
        ),
    ):
        refused = api.client.post(url, headers=headers, json=body)
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert (error["field"], error["code"]) == ("amount_yuan", "amount_implausible"), error
        assert "（不超过 1,000,000.00 元），请核对是否多填了位数" in error["message"]
    assert api.writes() == before
    taken = api.client.post(path, headers=finance, json={**matching, "amount_yuan": "1000000"})
    assert taken.status_code == 201, taken.text
