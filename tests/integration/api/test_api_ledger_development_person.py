"""Over JSON too, a 成员发展 entry names a listed person or a typed name, never both [Y10]."""

from __future__ import annotations

from lifecycle.vocab import Role


def test_the_api_refuses_a_listed_person_with_a_typed_name(api):
    url = f"/api/v1/workshops/{api.own.workshop}/ledger/member-developments"
    body = {
        "kind": "skill_upgrade",
        "occurred_on": "2026-07-01",
        "description": "晋升高级工",
        "person_id": api.own.person,
        "person_name": "赵学徒",
    }
    headers = api.callers[Role.UNIT_CONTACT].headers
    refused = api.client.post(url, json=body, headers=headers)
    assert refused.status_code == 422, refused.text
    assert "name_with_listed_person" in refused.text
    assert "person_name" in refused.text
    done = api.client.post(url, json={**body, "person_name": None}, headers=headers)
    assert done.status_code == 201, done.text
