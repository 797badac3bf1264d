"""API: a finding resolved 已退回 records the money returned (amount, date, reference) [Y16]:
the fund ledger, its lines and the union's summary count it; a refund beyond the finding, one
missing its facts, one beside another outcome, or one for a finding about no money received is
refused naming the field, nothing written."""

from __future__ import annotations

from lifecycle.funding.refund_queries import StandingRefund
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

REFUND = {"refund_yuan": "1,000.00", "refunded_on": "2026-11-20", "refund_ref": "转账凭证-0088"}


def _resolve(api: Api, body: dict[str, str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    finance = api.callers[Role.FINANCE].headers
    answer = api.client.post(
        f"/api/v1/findings/{api.own.finding}/resolution",
        headers=finance,
        json={"outcome": "refunded", "note": "差旅费退回区总工会", "resolved_on": "2026-11-21"}
        | body,
    )
    return answer.status_code, answer.json()


def _refunds(api: Api) -> int:
    with api.uow() as u:
        return len(u.funding.refunds_of(api.own.designation))


def test_a_refund_is_refused_without_its_facts_or_beyond_what_the_finding_concerns(
    api: Api,
) -> None:
    before = api.writes()
    status, body = _resolve(api, {})
    assert status == 422
    problems = {p["field"]: p["code"] for p in body["error"]["problems"]}
    assert problems == {"refund_yuan": "required", "refunded_on": "required",
                        "refund_ref": "required"}  # fmt: skip
    status, body = _resolve(api, REFUND | {"refund_yuan": "1,200.01"})  # the travel: 1,200.00
    assert status == 422
    (problem,) = body["error"]["problems"]
    assert problem["field"] == "refund_yuan"
    assert problem["code"] == "refund_exceeds_finding"
    assert "退回金额不能超过该审计发现所涉金额（1,200.00 元）" in problem["message"]
    status, body = _resolve(api, REFUND | {"outcome": "explained"})
    assert status == 422
    assert [p["code"] for p in body["error"]["problems"]] == ["not_refunded"]
    assert api.writes() == before
    assert _refunds(api) == 0
    with api.uow() as u:
        assert u.funding.resolution_of(api.own.finding) is None


def test_a_refund_is_money_returned_counted_in_the_ledger_and_the_summary(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    ledger_path = f"/api/v1/designations/{api.own.designation}/fund-ledger"
    summary_path = f"/api/v1/unions/{api.tree.district.id}/funding-summary"
    before = api.client.get(ledger_path, headers=finance).json()
    summed = api.client.get(summary_path, headers=finance).json()
    status, body = _resolve(api, REFUND)
    assert status == 201, body
    assert (body["outcome"], body["refund_fen"], body["refunded_on"], body["refund_ref"]) == (
        "refunded", 100_000, "2026-11-20", "转账凭证-0088"
    )  # fmt: skip
    after = api.client.get(ledger_path, headers=finance).json()
    assert after["received_fen"] == before["received_fen"] - 100_000  # before: unchanged
    assert after["refunded_fen"] == 100_000
    assert after["spent_fen"] == before["spent_fen"]
    assert after["balance_fen"] == before["balance_fen"] - 100_000
    (line,) = [x for x in after["lines"]["items"] if x["direction"] == "refunded"]
    assert (line["on"], line["received_fen"], line["counterparty"], line["finding_id"]) == (
        "2026-11-20", -100_000, "转账凭证-0088", api.own.finding
    )  # fmt: skip
    assert line["balance_fen"] == after["balance_fen"]
    findings = after["findings"]["items"]
    assert [x["refund_fen"] for x in findings if x["id"] == api.own.finding] == [100_000]
    findings = api.client.get(
        f"/api/v1/designations/{api.own.designation}/findings", headers=finance
    ).json()["items"]
    (resolved,) = [x for x in findings if x["id"] == api.own.finding]
    assert resolved["resolution"]["refund_fen"] == 100_000
    totals = api.client.get(summary_path, headers=finance).json()
    assert totals["received_fen"] == summed["received_fen"] - 100_000
    with api.uow() as u:
        (refund,) = u.funding.refunds_of(api.own.designation)
        assert isinstance(refund, StandingRefund)
        assert refund.recorded_by


def test_a_finding_about_no_money_received_is_not_refunded(api: Api) -> None:
    """An overspent part was never the payer's money: 已退回 is refused on 处理结果."""
    finance = api.callers[Role.FINANCE].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    path = f"/api/v1/designations/{api.own.designation}"
    spent = api.client.post(
        f"{path}/expenditures",
        headers=unit,
        json={"spent_on": "2026-11-20", "amount_yuan": "9,000.00", "payee": "书店",
              "category": "books", "description": "书籍", "receipt_ref": "FP-9"},
    )  # fmt: skip
    assert spent.status_code == 201, spent.text
    findings = api.client.get(f"{path}/findings", headers=finance).json()["items"]
    over = next(x for x in findings if x["kind"] == "overspent" and x["resolution"] is None)
    answer = api.client.post(
        f"/api/v1/findings/{over['id']}/resolution",
        headers=finance,
        json={"outcome": "refunded", "note": "退回", "resolved_on": "2026-11-21"} | REFUND,
    )
    assert answer.status_code == 422
    (problem,) = answer.json()["error"]["problems"]
    assert (problem["field"], problem["code"]) == ("outcome", "nothing_to_refund")
    assert _refunds(api) == 0


def test_a_refund_on_a_grant_voided_later_stays_in_the_union_summary(api: Api) -> None:
    """The summary by scheme counts what was returned even when no paid grant of the scheme
    is left (the grant voided after the refund), as the ledger does (33r)."""
    finance = api.callers[Role.FINANCE].headers
    ledger_path = f"/api/v1/designations/{api.own.designation}/fund-ledger"
    summary_path = f"/api/v1/unions/{api.tree.unit.id}/funding-summary"
    status, body = _resolve(api, REFUND)
    assert status == 201, body
    voided = api.client.post(
        f"/api/v1/grants/{api.own.grant}/void", headers=finance, json={"reason": "文号重复登记"}
    )
    assert voided.status_code == 200, voided.text
    ledger = api.client.get(ledger_path, headers=finance).json()
    assert ledger["received_fen"] == -100_000  # nothing paid is left, the refund stays
    summary = api.client.get(summary_path, headers=finance).json()
    by_scheme = {s["scheme_code"]: s["received_fen"] for s in summary["by_scheme"]}
    assert by_scheme[api.own.scheme] == ledger["received_fen"]
    assert summary["received_fen"] == sum(by_scheme.values())
