"""Over /api/v1: the naming decision of a scheme that fixes the one-off grant ([Y14] 1万) refuses
a typed 一次性补贴 that is unreadable or not the scheme's beside ``grant_amount_yuan``, with
every other bad field at once, before anything is named; the scheme's own amount is taken. An
application id not found is said to be so (not 「不在…环节」)."""

from __future__ import annotations

from typing import Any

from lifecycle.accounts.service import issue_token
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api
from tests.integration.api.intake_calls import drafted, yangpu_2027_call


def _sector(api: Api) -> dict[str, str]:
    with api.uow() as u:
        principal, _ = f.user(u, Role.DISTRICT_OFFICER, api.tree.sector.id)
        token = issue_token(u, principal, "初审", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def test_a_typed_grant_other_than_the_schemes_is_refused_beside_it_with_the_rest(
    api: Api,
) -> None:
    c = api.client
    district = api.callers[Role.DISTRICT_OFFICER].headers
    unit = api.callers[Role.UNIT_CONTACT].headers
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    call_id = yangpu_2027_call(api)
    app_id = drafted(api, call_id, shop_id)
    sent = c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={})
    assert sent.status_code == 200, sent.text
    for headers, stage, more in (
        (unit, "unit", {"consent": "党政联席会议同意"}),
        (_sector(api), "sector", {}),
        (district, "panel", {}),
    ):
        body = {"stage": stage, "action": "approve", "decided_on": "2026-11-21", "signer": "签"}
        done = c.post(
            f"/api/v1/intake/applications/{app_id}/steps", headers=headers, json=body | more
        )
        assert done.status_code == 200, done.text

    def name(**typed: Any):  # type: ignore[no-untyped-def]
        body = {
            "application_ids": [app_id],
            "document_ref": "杨工〔2026〕32号",
            "decided_on": "2026-11-21",
            "signer": "主席办公会议",
        }
        return c.post(f"/api/v1/intake/calls/{call_id}/naming", headers=district, json=body | typed)

    before = api.writes()
    both = name(decided_on="2026-11-22", grant_amount_yuan="一万")
    assert both.status_code == 422, both.text
    named = {p["field"]: p["code"] for p in both.json()["error"]["problems"]}
    assert set(named) == {"decided_on", "grant_amount_yuan"}
    other = name(grant_amount_yuan="20000")
    assert other.status_code == 422, other.text
    assert other.json()["error"]["problems"] == [
        {
            "field": "grant_amount_yuan",
            "code": "amount_not_scheme",
            "message": "杨浦区劳模（先进）、技师创新工作室的一次性补贴为 10,000.00 元"
            "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十四条），命名时按此核定，无需填写",
        }
    ]
    assert api.writes() == before
    missing = name(application_ids=[app_id, 999_999], grant_amount_yuan="10000.00")
    assert missing.status_code == 422, missing.text
    assert missing.json()["error"]["problems"] == [
        {
            "field": "application_ids.1",
            "code": "not_found",
            "message": "申报 999999 不存在或不在管辖范围内",
        }
    ]
    assert api.writes() == before
    taken = name(grant_amount_yuan="10000.00")
    assert taken.status_code == 201, taken.text
    (one,) = taken.json()["named"]
    assert one["grant_fen"] == 1_000_000
