"""The fund ledger as JSON (an auditor's script): each line names the grant or expenditure it
records, so a line can be tied to its record (and to the change it may need), and says whether
and why that record was corrected [Y16][S10]."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def test_each_ledger_line_names_its_record_and_its_correction(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    finance = api.callers[Role.FINANCE].headers
    base = f"/api/v1/designations/{api.own.designation}"
    spent = api.client.get(f"{base}/expenditures", headers=unit).json()["items"]
    grants = api.client.get(f"{base}/grants", headers=finance).json()["items"]
    paid = {g["id"] for g in grants if g["paid_on"] and not g["voided"]}
    assert spent
    assert paid
    corrected = api.client.post(
        f"/api/v1/expenditures/{spent[0]['id']}/correction",
        headers=unit,
        json={"reason": "收款方录错", "payee": "某更正后的收款方", "expected_version": 1},
    )
    assert corrected.status_code == 200, corrected.text

    lines = api.client.get(f"{base}/fund-ledger", headers=finance).json()["lines"]["items"]
    received = [x for x in lines if x["direction"] == "received"]
    spending = [x for x in lines if x["direction"] == "spent"]
    assert {x["grant_id"] for x in received} == paid
    assert all(x["expenditure_id"] is None for x in received)
    assert {x["expenditure_id"] for x in spending} == {e["id"] for e in spent if not e["voided"]}
    assert all(x["grant_id"] is None for x in spending)
    line = next(x for x in spending if x["expenditure_id"] == spent[0]["id"])
    assert (line["counterparty"], line["correction_reason"]) == ("某更正后的收款方", "收款方录错")
    assert line["corrected_by"]


def test_the_documented_directions_are_the_three_a_line_has(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()["components"]["schemas"]["LedgerLineOut"]
    assert schema["properties"]["direction"]["enum"] == ["received", "spent", "refunded"]
