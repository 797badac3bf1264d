"""API: voiding the refund of a finding resolved 已退回 opens the finding again (reading 33v):
the money never came back, so the breach is open once more — the audit stores the key's next
occurrence, counted among the open findings of the finance list and the union summary, and
finance answers it again; the first finding and the voided refund stay as recorded."""

from __future__ import annotations

from typing import Any

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api

REFUND = {"refund_yuan": "1,000.00", "refunded_on": "2026-11-20", "refund_ref": "转账凭证-0088"}


def _open_counts(api: Api) -> tuple[int, list[int], list[int]]:
    """Open findings on the finance list's row of the title, in the unit union's summary, and
    the ids without a resolution on the title's findings."""
    finance = api.callers[Role.FINANCE].headers
    rows = api.client.get("/api/v1/finance/designations", headers=finance).json()["items"]
    (row,) = [r for r in rows if r["id"] == api.own.designation]
    summary = api.client.get(
        f"/api/v1/unions/{api.tree.unit.id}/funding-summary", headers=finance
    ).json()
    in_summary = [f["id"] for f in summary["open_findings"]]
    findings = _findings(api)
    return row["open_findings"], in_summary, [f["id"] for f in findings if not f["resolution"]]


def _findings(api: Api) -> list[dict[str, Any]]:
    finance = api.callers[Role.FINANCE].headers
    answer = api.client.get(f"/api/v1/designations/{api.own.designation}/findings", headers=finance)
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["items"]
    return found


def _resolve(api: Api, finding_id: int, body: dict[str, Any]) -> Any:
    return api.client.post(
        f"/api/v1/findings/{finding_id}/resolution",
        headers=api.callers[Role.FINANCE].headers,
        json={"note": "差旅费退回", "resolved_on": "2026-11-21"} | body,
    )


def test_voiding_the_refund_opens_the_finding_again_to_be_answered(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    first = api.own.finding
    count, in_summary, unresolved = _open_counts(api)
    assert first in in_summary
    assert first in unresolved
    resolved = _resolve(api, first, {"outcome": "refunded"} | REFUND)
    assert resolved.status_code == 201, resolved.text
    assert _open_counts(api) == (
        count - 1,
        [i for i in in_summary if i != first],
        [i for i in unresolved if i != first],
    )
    voided = api.client.post(
        f"/api/v1/refunds/{resolved.json()['refund_id']}/void",
        headers=finance,
        json={"reason": "误登，款项未退回", "expected_version": 1},
    )
    assert voided.status_code == 200, voided.text
    again = voided.json()["reopened_finding_id"]
    assert again is not None
    assert again != first
    assert voided.json()["findings_stored"] == 1
    count_after, in_summary_after, unresolved_after = _open_counts(api)
    assert count_after == count
    assert again in in_summary_after
    assert again in unresolved_after
    assert first not in unresolved_after
    by_id = {f["id"]: f for f in _findings(api)}
    old, new = by_id[first], by_id[again]
    # The first finding keeps its 已退回 and the voided refund (append-only history) …
    assert old["resolution"]["outcome"] == "refunded"
    assert old["resolution"]["refund_voided_on"] == "2026-11-21"
    # … and the same breach, with the same facts, is open again beside it.
    assert (new["kind"], new["expenditure_id"], new["amount_fen"], new["message"]) == (
        old["kind"], old["expenditure_id"], old["amount_fen"], old["message"]
    )  # fmt: skip
    assert new["found_on"] == "2026-11-21"
    # Finance answers it again; re-running the audit stores nothing more.
    explained = _resolve(api, again, {"outcome": "explained", "note": "经核实按规定处理"})
    assert explained.status_code == 201, explained.text
    rerun = api.client.post(f"/api/v1/unions/{api.tree.district.id}/funding-audit", headers=finance)
    assert rerun.status_code in (200, 201), rerun.text
    assert not [f for f in _findings(api) if not f["resolution"] and f["id"] in (first, again)]
    assert len(_findings(api)) == len(by_id)


def test_correcting_a_refund_leaves_its_finding_answered(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    resolved = _resolve(api, api.own.finding, {"outcome": "refunded"} | REFUND)
    count, _, _ = _open_counts(api)
    corrected = api.client.post(
        f"/api/v1/refunds/{resolved.json()['refund_id']}/correction",
        headers=finance,
        json={"reason": "金额录错", "refund_yuan": "900.00"},
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["reopened_finding_id"] is None
    assert _open_counts(api)[0] == count


def test_an_unknown_expenditure_category_is_named_as_the_form_names_it(api: Api) -> None:
    """The 支出类别 of an expenditure, recorded or corrected (before: the bare 「类别」)."""
    unit = api.callers[Role.UNIT_CONTACT].headers
    before = api.writes()
    recorded = api.client.post(
        f"/api/v1/designations/{api.own.designation}/expenditures",
        headers=unit,
        json={
            "spent_on": "2026-10-20", "amount_yuan": "400.00", "payee": "某书店",
            "category": "training", "description": "专业书籍", "receipt_ref": "FP-401",
        },
    )  # fmt: skip
    assert recorded.status_code == 422
    assert recorded.json()["error"]["message"].startswith("支出类别不在可选值中")
    listed = api.client.get(
        f"/api/v1/designations/{api.own.designation}/expenditures", headers=unit
    ).json()["items"]
    corrected = api.client.post(
        f"/api/v1/expenditures/{listed[0]['id']}/correction",
        headers=unit,
        json={"reason": "类别录错", "category": "training"},
    )
    assert corrected.status_code == 422
    assert corrected.json()["error"]["message"].startswith("支出类别不在可选值中")
    assert api.writes() == before
