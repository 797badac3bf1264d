"""API: finance records, corrects and voids grants [Y14][S10]; JSON errors name the field."""

from __future__ import annotations

from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def test_correct_then_void_a_grant_keeps_it_visible_and_counts_it_no_more(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    grant_id = api.own.grant
    corrected = api.client.post(
        f"/api/v1/grants/{grant_id}/correction",
        headers=finance,
        json={"reason": "到账日期录入有误", "paid_on": "2026-10-09", "expected_version": 1},
    )
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert body["grant"]["paid_on"] == "2026-10-09"
    assert body["grant"]["version"] == 2
    assert body["grant"]["correction_reason"] == "到账日期录入有误"
    stale = api.client.post(
        f"/api/v1/grants/{grant_id}/void",
        headers=finance,
        json={"reason": "误录", "expected_version": 1},
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    voided = api.client.post(
        f"/api/v1/grants/{grant_id}/void",
        headers=finance,
        json={"reason": "误录", "expected_version": 2},
    )
    assert voided.status_code == 200, voided.text
    assert voided.json()["grant"]["voided"] is True
    grants = api.client.get(f"/api/v1/designations/{api.own.designation}/grants", headers=finance)
    assert [(g["id"], g["voided"]) for g in grants.json()] == [(grant_id, True)]
    ledger = api.client.get(
        f"/api/v1/designations/{api.own.designation}/fund-ledger", headers=finance
    ).json()
    assert ledger["received_fen"] == 0
    again = api.client.post(
        f"/api/v1/grants/{grant_id}/correction",
        headers=finance,
        json={"reason": "再改", "approval_ref": "新号"},
    )
    assert again.status_code == 422
    assert again.json()["error"]["code"] == "voided"


def test_recording_a_grant_and_refusals_are_json_with_the_field(api: Api) -> None:
    finance = api.callers[Role.FINANCE].headers
    path = f"/api/v1/designations/{api.own.designation}/grants"
    duplicate = api.client.post(
        path,
        headers=finance,
        json={"kind": "one_off", "approval_ref": "杨工〔2026〕8号", "approved_on": "2026-11-01"},
    )
    assert duplicate.status_code == 422
    codes = {p["code"] for p in duplicate.json()["error"]["problems"]}
    assert codes == {"not_named", "duplicate_one_off"}  # the title is under rectification
    bad = api.client.post(
        f"/api/v1/grants/{api.own.grant}/correction",
        headers=finance,
        json={"reason": "改金额", "amount_yuan": "100.005"},
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "amount_yuan"
    contact = api.callers[Role.UNIT_CONTACT].headers
    refused = api.client.post(
        f"/api/v1/grants/{api.own.grant}/void", headers=contact, json={"reason": "无权"}
    )
    assert refused.status_code == 403
    elsewhere = api.client.post(
        f"/api/v1/grants/{api.other.grant}/void", headers=finance, json={"reason": "越界"}
    )
    assert elsewhere.status_code == 404
