"""A district's matching shortfall is one item in its finance's 我的待办 (reading finance56b):
while the matching is unmet, the overdue 区级配套资金到位 duty carries it, naming the audit finding
about the same shortfall (配套资金低于1:1), which is still listed and answered on /finance; once
the matching is met, the duty is done and the audit closes the finding (no longer holding).
Read from the occasion index and from the generators alike [S10]."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from lifecycle.occasions import index
from lifecycle.vocab import Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.api.conftest import Api


def _mine(api: Api, designation_id: int) -> list[dict[str, Any]]:
    """The district finance's 我的待办 items of one title."""
    answer = api.client.get(
        "/api/v1/todo",
        params={"mine": "true", "limit": 500},
        headers=api.callers[Role.FINANCE].headers,
    )
    assert answer.status_code == 200, answer.text
    return [i for i in answer.json()["items"] if i["designation_id"] == designation_id]


def _rebuild(api: Api, indexed: bool) -> None:
    if indexed:
        with api.uow() as u:
            index.build(u, f.AS_OF, datetime(2026, 11, 21, 1, tzinfo=UTC))
            u.commit()


@pytest.mark.parametrize("indexed", [True, False], ids=["index", "generators"])
def test_a_matching_shortfall_is_one_todo_item_for_the_district_finance(
    api: Api, indexed: bool
) -> None:
    with api.uow() as u:
        d = lf.titled(u, api.tree, scheme="shanghai-model-worker", naming_date=date(2024, 4, 28))
        u.commit()
    city, finance = api.finance_of(api.tree.city), api.callers[Role.FINANCE].headers
    grants = f"/api/v1/designations/{d.id}/grants"
    paid = {"approval_ref": "沪工〔2026〕5号", "approved_on": "2026-01-10", "paid_on": "2026-01-10"}
    answer = api.client.post(grants, headers=city, json={"kind": "one_off"} | paid)
    assert answer.status_code == 201, answer.text
    half = {"kind": "matching", "approval_ref": "杨工〔2026〕9号", "amount_yuan": "10000"}
    half |= {"approved_on": "2026-02-01", "paid_on": "2026-02-01"}
    answer = api.client.post(grants, headers=finance, json=half)
    assert answer.status_code == 201, answer.text
    _rebuild(api, indexed)

    findings = api.client.get(f"/api/v1/designations/{d.id}/findings", headers=finance)
    [short] = [i for i in findings.json()["items"] if i["kind"] == "matching_short"]
    assert short["resolution"] is None  # found and open, answered on /finance
    [duty] = _mine(api, d.id)  # one item, not the duty and the finding of one shortfall
    assert (duty["kind"], duty["status"], duty["due_on"]) == (
        "matching_funds",
        "overdue",
        "2026-04-10",
    )
    assert "应配套 20,000.00 元，已到位 10,000.00 元；审计发现：配套资金低于1:1" in duty["title"]

    rest = half | {"approval_ref": "杨工〔2026〕15号", "approved_on": "2026-11-20"}
    answer = api.client.post(grants, headers=finance, json=rest | {"paid_on": "2026-11-20"})
    assert answer.status_code == 201, answer.text
    _rebuild(api, indexed)
    assert _mine(api, d.id) == []  # met: the duty done, the finding closed by the audit
    findings = api.client.get(f"/api/v1/designations/{d.id}/findings", headers=finance)
    [closed] = [i for i in findings.json()["items"] if i["id"] == short["id"]]
    assert closed["resolution"] is not None
