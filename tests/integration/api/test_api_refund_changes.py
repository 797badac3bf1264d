"""API: a refund recorded with a finding resolved 已退回 is corrected or voided by the finance
staff answering the finding, with a reason (33r): the first values stay in its changes, the
fund ledger, the finance list and the union summary count it as it stands, a voided one
nowhere; a bad correction is refused naming the field, a stale version or another union's
finance refused, nothing written."""

from __future__ import annotations

from typing import Any

from lifecycle.funding.model import FundingRefund
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

REFUND = {"refund_yuan": "1,000.00", "refunded_on": "2026-11-20", "refund_ref": "转账凭证-0088"}


def _refunded(api: Api) -> dict[str, Any]:
    finance = api.callers[Role.FINANCE].headers
    answer = api.client.post(
        f"/api/v1/findings/{api.own.finding}/resolution",
        headers=finance,
        json={"outcome": "refunded", "note": "差旅费退回", "resolved_on": "2026-11-21"} | REFUND,
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _money(api: Api) -> tuple[int, int, int]:
    """Received on the ledger, on the finance list's row, and by the title's scheme in the
    unit union's summary."""
    finance = api.callers[Role.FINANCE].headers
    ledger = api.client.get(
        f"/api/v1/designations/{api.own.designation}/fund-ledger", headers=finance
    ).json()
    summary = api.client.get(
        f"/api/v1/unions/{api.tree.unit.id}/funding-summary", headers=finance
    ).json()
    by_scheme = {s["scheme_code"]: s["received_fen"] for s in summary["by_scheme"]}
    with api.uow() as u:
        returned = sum(r.amount_fen for r in u.funding.refunds_of(api.own.designation)
                       if not r.voided)  # fmt: skip
    assert ledger["refunded_fen"] == returned
    return ledger["received_fen"], ledger["refunded_fen"], by_scheme[api.own.scheme]


def test_a_refund_is_corrected_with_a_reason_and_counted_as_it_stands(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    resolved = _refunded(api)
    refund_id, version = resolved["refund_id"], resolved["refund_version"]
    assert version == 1
    received, refunded, by_scheme = _money(api)
    path = f"/api/v1/refunds/{refund_id}/correction"
    before = api.writes()
    refused = api.client.post(path, headers=finance, json={"reason": "", "refund_yuan": "1,200.01"})
    assert refused.status_code == 422
    problems = {p["field"]: p["code"] for p in refused.json()["error"]["problems"]}
    assert problems == {"reason": "required", "refund_yuan": "refund_exceeds_finding"}
    same = api.client.post(
        path, headers=finance, json={"reason": "核对", "refund_ref": "转账凭证-0088"}
    )
    assert same.status_code == 422
    assert [p["code"] for p in same.json()["error"]["problems"]] == ["no_change"]
    stale = api.client.post(
        path, headers=finance, json={"reason": "核对", "refund_yuan": "800", "expected_version": 2}
    )
    assert stale.status_code == 409
    assert api.writes() == before
    done = api.client.post(
        path,
        headers=finance,
        json={"reason": "金额录入有误，实退 800 元", "refund_yuan": "800.00",
              "refund_ref": "转账凭证-0089", "expected_version": 1},
    )  # fmt: skip
    assert done.status_code == 200, done.text
    refund = done.json()["refund"]
    assert (refund["amount_fen"], refund["reference"], refund["version"]) == (
        80_000, "转账凭证-0089", 2
    )  # fmt: skip
    (change,) = refund["changes"]
    assert (change["kind"], change["reason"], change["changed_on"]) == (
        "correction", "金额录入有误，实退 800 元", "2026-11-21"
    )  # fmt: skip
    assert change["changed_by"]
    assert _money(api) == (received + 20_000, refunded - 20_000, by_scheme + 20_000)
    findings = api.client.get(
        f"/api/v1/designations/{api.own.designation}/findings", headers=finance
    ).json()["items"]
    (shown,) = [f["resolution"] for f in findings if f["id"] == api.own.finding]
    assert (shown["refund_fen"], shown["refund_ref"], shown["refund_version"]) == (
        80_000, "转账凭证-0089", 2
    )  # fmt: skip
    with api.uow() as u:  # the refund as first recorded stays, the change beside it
        (recorded,) = u.funding.refund_changes(refund_id)
        assert recorded.version == 2
        first = u.session.get(FundingRefund, refund_id)
        assert first is not None
        assert (first.amount_fen, first.reference) == (100_000, "转账凭证-0088")


def test_a_voided_refund_counts_nowhere_and_cannot_be_changed_again(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    resolved = _refunded(api)
    refund_id = resolved["refund_id"]
    received, _, by_scheme = _money(api)
    path = f"/api/v1/refunds/{refund_id}/void"
    empty = api.client.post(path, headers=finance, json={"reason": " "})
    assert empty.status_code == 422
    assert [p["field"] for p in empty.json()["error"]["problems"]] == ["reason"]
    done = api.client.post(
        path, headers=finance, json={"reason": "重复登记", "expected_version": 1}
    )
    assert done.status_code == 200, done.text
    assert done.json()["refund"]["voided_on"] == "2026-11-21"
    assert _money(api) == (received + 100_000, 0, by_scheme + 100_000)
    before = api.writes()
    again = api.client.post(path, headers=finance, json={"reason": "再次作废"})
    assert again.status_code == 422
    assert [p["code"] for p in again.json()["error"]["problems"]] == ["voided"]
    assert api.writes() == before
    shown = api.client.get(f"/api/v1/refunds/{refund_id}", headers=finance).json()
    assert [c["kind"] for c in shown["changes"]] == ["void"]


def test_only_the_finance_answering_the_finding_changes_its_refund(api: Api) -> None:
    resolved = _refunded(api)
    headers = api.finance_of(api.tree.city)  # the district paid: the city's finance does not
    before = api.writes()
    answer = api.client.post(
        f"/api/v1/refunds/{resolved['refund_id']}/void",
        headers=headers,
        json={"reason": "代为作废"},
    )
    assert answer.status_code == 403
    assert api.writes() == before
