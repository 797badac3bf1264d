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


def test_a_typed_name_of_a_team_member_is_recorded_as_that_member(api):
    """The name typed is the leader's (on the team): the entry is theirs, ``person_id`` set, as
    if chosen from the list; a name of nobody on the team stays a typed name [Y10]."""
    url = f"/api/v1/workshops/{api.own.workshop}/ledger/member-developments"
    headers = api.callers[Role.UNIT_CONTACT].headers
    leader = api.client.get(f"/api/v1/persons/{api.own.person}", headers=headers).json()
    body = {"kind": "skill_upgrade", "occurred_on": "2026-07-01", "description": "晋升高级工"}
    linked = api.client.post(
        url, json={**body, "person_name": f" {leader['name']} "}, headers=headers
    )
    assert linked.status_code == 201, linked.text
    assert (linked.json()["person_id"], linked.json()["person_name"]) == (
        api.own.person,
        leader["name"],
    )
    typed = api.client.post(url, json={**body, "person_name": "外单位学徒"}, headers=headers)
    assert typed.status_code == 201, typed.text
    assert (typed.json()["person_id"], typed.json()["person_name"]) == (None, "外单位学徒")
