"""API: the unit union corrects (更正) and voids (作废) an expenditure [Y10][Y16]."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def _findings(api: Api, headers: dict[str, str]) -> list[dict]:
    got = api.client.get(f"/api/v1/designations/{api.own.designation}/findings", headers=headers)
    assert got.status_code == 200, got.text
    return got.json()["items"]


def _travel(api: Api, headers: dict[str, str]) -> dict:
    """The world's travel expenditure (a forbidden use [Y16])."""
    listed = api.client.get(
        f"/api/v1/designations/{api.own.designation}/expenditures", headers=headers
    ).json()["items"]
    return next(e for e in listed if e["category"] == "travel")


def test_correcting_a_mistyped_amount_closes_the_overspend_finding(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    recorded = api.client.post(
        f"/api/v1/designations/{api.own.designation}/expenditures",
        headers=unit,
        json={
            "spent_on": "2026-10-20",
            "amount_yuan": "40,000.00",  # 400 meant: more than the 10,000 received
            "payee": "某书店",
            "category": "books",
            "description": "专业书籍",
            "receipt_ref": "FP-400",
        },
    )
    assert recorded.status_code == 201, recorded.text
    spent_id = recorded.json()["id"]
    overspent = [
        f for f in _findings(api, unit) if f["kind"] == "overspent" and f["resolution"] is None
    ]
    assert len(overspent) == 1

    corrected = api.client.post(
        f"/api/v1/expenditures/{spent_id}/correction",
        headers=unit,
        json={"reason": "金额多录一个零", "amount_yuan": "400.00", "expected_version": 1},
    )
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert body["expenditure"]["amount_fen"] == 40_000
    assert body["expenditure"]["recorded_amount_fen"] == 4_000_000
    assert body["expenditure"]["version"] == 2
    assert body["expenditure"]["correction_reason"] == "金额多录一个零"
    assert [c["kind"] for c in body["expenditure"]["changes"]] == ["correction"]
    assert overspent[0]["id"] in body["findings_closed"]
    closed = next(f for f in _findings(api, unit) if f["id"] == overspent[0]["id"])
    assert closed["resolution"]["by_audit"] is True
    assert closed["resolution"]["outcome"] == "explained"
    assert "金额多录一个零" in closed["resolution"]["note"]
    finance_list = api.client.get("/api/v1/finance/designations", headers=unit).json()
    (row,) = [r for r in finance_list["items"] if r["id"] == api.own.designation]
    assert row["spent_fen"] == 120_000 + 40_000  # the world's travel and the corrected books
    again = api.client.get(f"/api/v1/expenditures/{spent_id}", headers=unit).json()
    assert (again["amount_fen"], again["version"]) == (40_000, 2)


def test_correcting_the_category_closes_the_forbidden_use_finding(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    travel = _travel(api, unit)
    forbidden = [
        f for f in _findings(api, unit) if f["kind"] == "forbidden_category" and not f["resolution"]
    ]
    assert [f["expenditure_id"] for f in forbidden] == [travel["id"]]
    corrected = api.client.post(
        f"/api/v1/expenditures/{travel['id']}/correction",
        headers=unit,
        json={
            "reason": "实为培训交流费，类别选错",
            "category": "training_exchange",
            "expected_version": 1,
        },
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["expenditure"]["category"] == "training_exchange"
    assert forbidden[0]["id"] in corrected.json()["findings_closed"]


def test_a_voided_expenditure_counts_nowhere_and_the_exports_follow(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    travel = _travel(api, unit)
    ledger_url = f"/api/v1/designations/{api.own.designation}/fund-ledger"
    summary_url = f"/api/v1/unions/{api.own.district}/funding-summary"
    before = api.client.get(ledger_url, headers=district).json()
    assert before["spent_fen"] == 120_000
    summary = api.client.get(summary_url, headers=district).json()
    assert "travel" in {c["category"] for c in summary["by_category"]}

    voided = api.client.post(
        f"/api/v1/expenditures/{travel['id']}/void",
        headers=unit,
        json={"reason": "重复登记", "expected_version": 1},
    )
    assert voided.status_code == 200, voided.text
    assert voided.json()["expenditure"]["voided"] is True
    assert voided.json()["findings_closed"]  # the forbidden-use finding no longer holds

    after = api.client.get(ledger_url, headers=district).json()
    assert after["spent_fen"] == 0
    assert after["balance_fen"] == before["balance_fen"] + 120_000
    summary = api.client.get(summary_url, headers=district).json()
    assert "travel" not in {c["category"] for c in summary["by_category"]}
    assert summary["spent_fen"] == before["spent_fen"] - 120_000
    finance_list = api.client.get("/api/v1/finance/designations", headers=district).json()
    (row,) = [r for r in finance_list["items"] if r["id"] == api.own.designation]
    assert row["spent_fen"] == 0
    listed = api.client.get(
        f"/api/v1/designations/{api.own.designation}/expenditures", headers=district
    ).json()["items"]
    assert [(e["id"], e["voided"], e["void_reason"]) for e in listed] == [
        (travel["id"], True, "重复登记")
    ]
    sheet = load_workbook(
        BytesIO(api.client.get(ledger_url + "/xlsx", headers=district).content)
    ).worksheets[0]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "某旅行社" not in cells
    sheet = load_workbook(
        BytesIO(api.client.get(summary_url + "/xlsx", headers=district).content)
    ).worksheets[0]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert not any("差旅" in c for c in cells)
    twice = api.client.post(
        f"/api/v1/expenditures/{travel['id']}/void",
        headers=unit,
        json={"reason": "再次作废", "expected_version": 2},
    )
    assert twice.status_code == 422
    assert twice.json()["error"]["code"] == "voided"


def test_refusals_name_the_field_and_write_nothing(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    travel = _travel(api, unit)
    url = f"/api/v1/expenditures/{travel['id']}"
    cases = [
        (unit, "/correction", {"reason": "", "amount_yuan": "1.00"}, 422, "reason"),
        (unit, "/correction", {"reason": "改", "amount_yuan": "0"}, 422, "amount_yuan"),
        (unit, "/correction", {"reason": "改", "amount_yuan": "1.00", "expected_version": 5}, 409,
         "expected_version"),
        (unit, "/correction", {"reason": "改", "spent_on": "2027-01-01"}, 422, "spent_on"),
        (unit, "/void", {"reason": "   "}, 422, "reason"),
        (api.callers[Role.FINANCE].headers, "/void", {"reason": "作废"}, 403, None),
        (api.callers[Role.DISTRICT_OFFICER].headers, "/void", {"reason": "作废"}, 403, None),
    ]  # fmt: skip
    for headers, action, body, status, field in cases:
        before = api.writes()
        got = api.client.post(url + action, headers=headers, json=body)
        assert got.status_code == status, (action, body, got.text)
        if field is not None:
            error = got.json()["error"]
            fields = {error.get("field")} | {p["field"] for p in error.get("problems", [])}
            assert field in fields, got.text
        assert api.writes() == before
    # A stale version keeps its 409, in words true whoever changed the record since.
    stale = api.client.post(
        url + "/correction",
        headers=unit,
        json={"reason": "改", "amount_yuan": "1.00", "expected_version": 5},
    )
    assert stale.status_code == 409, stale.text
    assert stale.json()["error"]["message"] == "该支出记录已在您打开后被修改，请刷新后重试"
    # Every bad field of one body at once, each in Chinese.
    before = api.writes()
    got = api.client.post(
        url + "/correction", headers=unit, json={"reason": " ", "amount_yuan": "0", "payee": ""}
    )
    assert got.status_code == 422, got.text
    problems = {p["field"]: p["message"] for p in got.json()["error"]["problems"]}
    assert problems == {
        "reason": "更正原因不能为空",
        "amount_yuan": "金额必须大于零",
        "payee": "收款方不能为空",
    }
    assert api.writes() == before
    # Another district's expenditure: absent for this unit (404), nothing written.
    other_id = _other_travel(api)
    before = api.writes()
    got = api.client.post(
        f"/api/v1/expenditures/{other_id}/void", headers=unit, json={"reason": "作废"}
    )
    assert got.status_code == 404
    assert api.client.get(f"/api/v1/expenditures/{other_id}", headers=unit).status_code == 404
    assert api.writes() == before
    still = _travel(api, unit)
    assert (still["version"], still["voided"], still["amount_fen"]) == (1, False, 120_000)


def _other_travel(api: Api) -> int:
    with api.uow() as u:
        (spent,) = u.funding.expenditures_of(api.other.designation)
        return spent.id


def test_the_history_shows_the_recording_each_correction_and_the_void(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    travel = _travel(api, unit)
    url = f"/api/v1/expenditures/{travel['id']}"
    corrected = api.client.post(
        url + "/correction",
        headers=unit,
        json={"reason": "金额按发票更正", "amount_yuan": "1,100.00", "expected_version": 1},
    )
    assert corrected.status_code == 200, corrected.text
    voided = api.client.post(
        url + "/void", headers=unit, json={"reason": "重复登记", "expected_version": 2}
    )
    assert voided.status_code == 200, voided.text

    got = api.client.get(url + "/history", headers=api.callers[Role.FINANCE].headers)
    assert got.status_code == 200, got.text
    body = got.json()
    assert (body["expenditure_id"], body["voided"], body["version"]) == (travel["id"], True, 3)
    void, correction, recorded = body["entries"]
    assert [e["version"] for e in body["entries"]] == [3, 2, 1]
    assert (void["kind"], void["kind_label"], void["reason"]) == ("void", "作废", "重复登记")
    assert void["fields"] == [{"label": "状态", "before": "有效", "after": "已作废"}]
    assert (correction["kind_label"], correction["reason"]) == ("更正", "金额按发票更正")
    assert correction["fields"] == [
        {"label": "金额（元）", "before": "1,200.00", "after": "1,100.00"}
    ]  # only what the correction changed
    assert correction["by"] == void["by"] != ""
    assert recorded["kind"] == "recorded"
    assert {"label": "金额（元）", "before": "", "after": "1,200.00"} in recorded["fields"]
    assert {"label": "支出类别", "before": "", "after": "差旅"} in recorded["fields"]
    # Another district's expenditure: refused as absent, as its other reads are.
    other = api.client.get(f"/api/v1/expenditures/{_other_travel(api)}/history", headers=unit)
    assert other.status_code == 404
    assert "支出记录不存在或不在管辖范围内" in other.text
